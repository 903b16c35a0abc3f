"""A typed medical vocabulary: what kind of thing a term is, its synonyms and its siblings.

Built on a compact copy of NLM's MeSH (``mesh/medical.tsv.gz``, derived by ``scripts/derive_mesh_lexicon.py`` from
``shared/lexicon/mesh-tree.tsv``; attribution in ``mesh/NOTICE``). Tree numbers are paths: a term's parent is its
kind (Scaphoid Bone → Carpal Bones) and the parent's other children are its siblings, which is what distractors of
the same kind are made of.

Matching forgives what textbooks vary and MeSH fixes: case, plurals ("carpal bones"), inverted names
("Nerve, Vagus"), parentheticals and British spelling ("haemoglobin"). ``is_term`` adds general-English word
frequency (``wordfreq``), because MeSH also holds everyday words (Water, Pain, Blood).

Loaded once per process and cached (``medical_lexicon()``): it is read in worker processes, so the file is stored
pre-normalised and concepts are parsed only when asked for.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from importlib import resources

DATA_FILE = "medical.tsv.gz"

# Everyday English starts here on wordfreq's Zipf scale (log10 of uses per billion words): "heart" 5.3,
# "birth" 4.8, "bone" 4.6 are everyday; "radius" 3.9, "atrium" 3.1, "ulna" 2.4 are not.
EVERYDAY_ZIPF = 4.0
# A word rarer than this in general English is technical even when MeSH lacks it ("olecranon", "atrium", "gland").
RARE_ZIPF = 3.5
# Parents with more children than this are catch-alls, not kinds (carpal bones 8, cranial nerves 12, arteries 33).
MAX_FAMILY = 40
# wordfreq's small English list (quick to load in every worker) stops near Zipf 3: rarer words read as 0.
WORDLIST = "small"

# Forms textbooks use that MeSH 2019 lacks (lexicon README caveat 7: abbreviations are patchy), mapped to the
# MeSH descriptor they name. Added in code, not to the data file, so the shipped data stays NLM's.
EXTRA_FORMS = {
    "suprarenal gland": "Adrenal Glands",
    "sa node": "Sinoatrial Node",
    "sinus node": "Sinoatrial Node",
    "av node": "Atrioventricular Node",
    "av bundle": "Bundle of His",
    "atrioventricular bundle": "Bundle of His",
    "atrium": "Heart Atria",
    "ventricle": "Heart Ventricles",
    "rbc": "Erythrocytes",
    "red blood cell": "Erythrocytes",
    "wbc": "Leukocytes",
    "white blood cell": "Leukocytes",
    "adh": "Vasopressins",
    "antidiuretic hormone": "Vasopressins",
    "tsh": "Thyrotropin",
    "gfr": "Glomerular Filtration Rate",
    "mri": "Magnetic Resonance Imaging",
    "collar bone": "Clavicle",
    "collarbone": "Clavicle",
    "shoulder blade": "Scapula",
    "breastbone": "Sternum",
    "kneecap": "Patella",
}

_UNITS = (
    r"%|percent|per cent|mL|ml|L|dL|dl|mm|cm|µm|μm|um|nm|m|kg|g|mg|µg|μg|mcg|ng|mmHg|mm Hg|cmH2O|mV|V|ms|s|sec|"
    r"seconds?|minutes?|min|hours?|h|days?|weeks?|months?|years?|bpm|beats|mEq|mmol|mol|M|mM|IU|U|kcal|cal|°C|°F|"
    r"L/min|mL/min|g/dL|pH|million|billion|times|bones|pairs|chambers|layers|lobes|segments"
)
_NUMBER_WITH_UNIT = re.compile(
    rf"^(?:about |approximately |~)?\d[\d,]*(?:\.\d+)?(?:\s?[-–]\s?\d[\d,]*(?:\.\d+)?)?\s?(?:{_UNITS})$"
)
_PARENTHETICAL = re.compile(r"\([^)]*\)|\[[^]]*\]")
_WORDS = re.compile(r"[a-z0-9]+")
_INNER_AE_OE = re.compile(r"[ao]e(?=[a-z])")
# The suffixes tried for a bare word: "scaphoid" is MeSH's "Scaphoid Bone", "deltoid" its "Deltoid Muscle".
_KIND_SUFFIXES = ("bone", "muscle", "nerve", "gland", "artery", "vein", "cell")
# The organ MeSH names a part by when the textbook does not: "fundus" is MeSH's "Gastric Fundus".
_ORGAN_PREFIXES = ("gastric", "heart", "cardiac", "renal", "pulmonary", "nasal", "cell")
# Parents whose children are not one kind, and words a sibling may not add (README caveat 4).
_ODD_SIBLING_WORDS = frozenset({"system", "systems", "interface", "phenomena", "physiological", "structures"})


def _spell_us(word: str) -> str:
    """British to US spelling, applied to both sides of every match: "haemoglobin", "oesophagus", "tumour",
    "fibre", "leucocyte". Harmless collisions ("four"/"for") cannot matter for medical terms."""
    if len(word) > 3:
        word = _INNER_AE_OE.sub("e", word)  # not a final -ae, which is a Latin plural ("venae cavae")
    if word.endswith("our") and len(word) > 5:
        word = word[:-3] + "or"
    if word.endswith("re") and len(word) > 4 and word[-3] not in "aeiou":
        word = word[:-2] + "er"
    if word.startswith("leuc"):
        word = "leuk" + word[4:]
    return word.replace("isation", "ization")


def _singular(word: str) -> str:
    """One form for singular and plural, per word (the rules of the lexicon README, plus Latin -ices/-ina)."""
    if len(word) <= 3 or word.isdigit():
        return word
    for plural, single in (
        ("ices", "ic"),  # cortices/cortex, apices/apex, appendices/appendix: all map to one stem
        ("ies", "y"),
        ("sses", "ss"),
        ("ches", "ch"),
        ("shes", "sh"),
        ("xes", "x"),
        ("uses", "us"),
        ("oses", "osis"),
        ("yses", "ysis"),
        ("nges", "nx"),
        ("mina", "men"),
        ("ae", "a"),
        ("ia", "ium"),
        ("ta", "tum"),
    ):
        if word.endswith(plural):
            return word[: -len(plural)] + single
    if word.endswith(("ex", "ix")):
        return word[:-2] + "ic"
    if word.endswith("i") and len(word) > 4:
        return word[:-1] + "us"
    if word.endswith("s") and not word.endswith(("ss", "us", "is", "as", "os")):
        return word[:-1]
    return word


@lru_cache(maxsize=65536)
def match_key(phrase: str) -> str:
    """The form two names are compared in: "Nerves, Vagus", "the vagus nerve" and "Vagus Nerves" agree."""
    text = _PARENTHETICAL.sub(" ", phrase.lower()).replace("'s ", " ").replace("’s ", " ")
    parts = [p.strip() for p in text.split(",")]
    if len(parts) == 2 and parts[1]:
        text = f"{parts[1]} {parts[0]}"  # "nerve, vagus" -> "vagus nerve"
    words = _WORDS.findall(text.replace(",", " "))
    while words and words[0] in ("the", "a", "an"):
        words = words[1:]
    return " ".join(_singular(_spell_us(w)) for w in words)


@dataclass(frozen=True)
class Concept:
    name: str  # display name, natural order ("Superior Vena Cava", not "Vena Cava, Superior")
    tree_numbers: tuple[str, ...]
    synonyms: tuple[str, ...]

    @property
    def parents(self) -> set[str]:
        return {t.rsplit(".", 1)[0] for t in self.tree_numbers if "." in t}

    @property
    def branches(self) -> set[str]:
        """The top-level categories ("A02" musculoskeletal, "D06" hormones) the concept sits in."""
        return {t[:3] for t in self.tree_numbers}


class Lexicon:
    """Lookup over MeSH concepts. Lines are ``name<TAB>tree|tree<TAB>synonym|synonym<TAB>key|key``."""

    def __init__(self, lines: list[str]) -> None:
        self._lines = lines
        self._found: dict[str, int | None] = {}  # lookups already made: worker processes ask the same terms often
        self._terms: dict[str, bool] = {}
        self._by_key: dict[str, int] = {}
        for index, line in enumerate(lines):
            for key in line.rsplit("\t", 1)[1].split("|"):
                # The first concept to claim a form keeps it: the derivation puts anatomy before diseases and drugs.
                self._by_key.setdefault(key, index)
        for form, descriptor in EXTRA_FORMS.items():
            claimed = self._by_key.get(match_key(descriptor))
            if claimed is not None:
                self._by_key.setdefault(match_key(form), claimed)

    @classmethod
    def from_package(cls) -> Lexicon:
        data = resources.files("studybuddy.generation").joinpath("mesh", DATA_FILE).read_bytes()
        return cls(gzip.decompress(data).decode("utf-8").splitlines())

    def __len__(self) -> int:
        return len(self._lines)

    @cache  # noqa: B019 - one Lexicon per process; concepts are few and immutable
    def _concept_at(self, index: int) -> Concept:
        name, trees, synonyms, _ = self._lines[index].split("\t")
        return Concept(name, tuple(trees.split("|")), tuple(s for s in synonyms.split("|") if s))

    def _index_of(self, phrase: str) -> int | None:
        try:
            return self._found[phrase]
        except KeyError:
            found = self._found[phrase] = self._lookup(phrase)
            return found

    def _lookup(self, phrase: str) -> int | None:
        key = match_key(phrase)
        if not key:
            return None
        found = self._by_key.get(key)
        if found is None and " " not in key:
            for suffix in _KIND_SUFFIXES:
                found = self._by_key.get(f"{key} {suffix}")
                if found is not None:
                    return found
            for prefix in _ORGAN_PREFIXES:
                found = self._by_key.get(f"{prefix} {key}")
                if found is not None:
                    return found
        return found

    def names_as_is(self, phrase: str) -> bool:
        """Whether the vocabulary lists the phrase itself, not only a longer name with a class word or an organ
        before it ("blockage" is found as "Nasal Blockage", a nose disease, not as blockage in general). A class
        word after it is the same thing ("scaphoid", "Scaphoid Bone")."""
        key = match_key(phrase)
        return key in self._by_key or any(f"{key} {suffix}" in self._by_key for suffix in _KIND_SUFFIXES)

    def concept(self, phrase: str) -> Concept | None:
        index = self._index_of(phrase)
        return None if index is None else self._concept_at(index)

    def is_synonym(self, a: str, b: str) -> bool:
        """The same concept under two names (Adrenal / Suprarenal glands), or the same name in two forms."""
        if match_key(a) == match_key(b):
            return True
        first, second = self._index_of(a), self._index_of(b)
        return first is not None and first == second

    def contains(self, whole: str, part: str) -> bool:
        """Whether the vocabulary files one under the other ("Blood Vessels" above the aorta, "Hand Bones" above
        the carpal bones): the class and its member, which are both right answers."""
        first, second = self.concept(whole), self.concept(part)
        if first is None or second is None or first == second:
            return False
        return any(p.startswith(w + ".") for w in first.tree_numbers for p in second.tree_numbers)

    def same_branch(self, a: str, b: str) -> bool:
        """Two concepts in one second-level branch (A03 digestive system, D12 proteins): loosely of a kind."""
        first, second = self.concept(a), self.concept(b)
        if first is None or second is None or first == second:
            return False
        return bool({t[:7] for t in first.tree_numbers} & {t[:7] for t in second.tree_numbers})

    def same_kind(self, a: str, b: str) -> bool:
        """Two different concepts that share a parent in the tree (two carpal bones, two cranial nerves)."""
        first, second = self.concept(a), self.concept(b)
        if first is None or second is None or first == second:
            return False
        return bool(first.parents & second.parents)

    @cached_property
    def _by_tree(self) -> dict[str, int]:
        return {tree: index for index, line in enumerate(self._lines) for tree in line.split("\t", 2)[1].split("|")}

    @cached_property
    def _children(self) -> dict[str, list[str]]:
        children: dict[str, list[str]] = {}
        for tree in sorted(self._by_tree):
            if "." in tree:
                children.setdefault(tree.rsplit(".", 1)[0], []).append(tree)
        return children

    def _placement(self, concept: Concept) -> list[str]:
        """The concept's tree numbers, the most telling kind first: a parent named like the concept ("Vagus
        Nerve" under "Cranial Nerves" before "Parasympathetic Nervous System"), then the one with most siblings."""
        head = match_key(concept.name).rsplit(" ", 1)[-1]

        def rank(tree: str) -> tuple[int, int, str]:
            parent = tree.rsplit(".", 1)[0]
            parent_index = self._by_tree.get(parent)
            parent_head = (
                match_key(self._concept_at(parent_index).name).rsplit(" ", 1)[-1] if parent_index is not None else ""
            )
            return (parent_head != head, -len(self._children.get(parent, ())), tree)

        return sorted((t for t in concept.tree_numbers if "." in t), key=rank)

    def kind(self, phrase: str) -> str | None:
        """The name of the concept's kind: "Carpal Bones" for "scaphoid"."""
        concept = self.concept(phrase)
        if concept is None:
            return None
        placements = self._placement(concept)
        if not placements:
            return None
        parent = self._by_tree.get(placements[0].rsplit(".", 1)[0])
        return None if parent is None else self._concept_at(parent).name

    def siblings(self, phrase: str, limit: int = 10) -> list[str]:
        """Other concepts of the phrase's kind, by display name, in the number (singular/plural) of the phrase.

        Leaves first when the phrase is a leaf, never a synonym, parent or child of the phrase, and never a
        grouping node that adds "System" or "Interface". Only true siblings: a cousin ("Amniotic Fluid" beside
        the ectoderm) is seldom of the same kind.
        """
        index = self._index_of(phrase)
        if index is None:
            return []
        concept = self._concept_at(index)
        own_trees = set(concept.tree_numbers)
        is_leaf = not any(self._children.get(t) for t in own_trees)
        own_words = set(match_key(concept.name).split())
        plural = _is_plural(phrase)
        found: list[str] = []
        seen = {index}

        def take(trees: list[str]) -> None:
            # Leaves first when the phrase is a leaf; then the names a student knows best (MeSH orders children
            # alphabetically, which would offer "Aluminum, Beryllium, Cesium" for sodium).
            ranked = sorted(
                trees,
                key=lambda t: (
                    bool(self._children.get(t)) if is_leaf else False,
                    -self._importance(self._by_tree[t]),
                    t,
                ),
            )
            for tree in ranked:
                other = self._by_tree[tree]
                if other in seen or any(tree.startswith(t + ".") or t.startswith(tree + ".") for t in own_trees):
                    continue
                seen.add(other)
                sibling = self._concept_at(other)
                name = _display_in_number(sibling, plural)
                if set(match_key(name).split()) - own_words & _ODD_SIBLING_WORDS:
                    continue
                if _NON_HUMAN.search(name) or "," in name or any(c.isdigit() for c in name):
                    continue  # not something a medical student is asked about, or not a readable name
                found.append(name)
                if len(found) >= limit:
                    return

        for tree in self._placement(concept):
            parent = tree.rsplit(".", 1)[0]
            family = self._children.get(parent, [])
            if len(family) > MAX_FAMILY:
                continue  # a catch-all parent ("Pathological Conditions, Anatomical"): its children are no kind
            take([t for t in family if t != tree])
            if len(found) >= limit:
                return found
        return found[:limit]

    def _importance(self, index: int) -> float:
        """How central a concept is, as far as the vocabulary shows: concepts filed in many places of the tree
        (potassium, leukocytes) before rare ones (beryllium, buffy coats); plant, animal and microbial
        variants last, since a medical student is not asked about them."""
        name, trees, _ = self._lines[index].split("\t", 2)
        if _NON_HUMAN.search(name):
            return -1.0
        words = re.findall(r"[A-Za-z]+", name)
        familiar = sum(word_frequency(w.lower()) for w in words) / len(words) if words else 0.0
        return trees.count("|") + 1 + familiar / 10

    def is_term(self, phrase: str) -> bool:
        """An examinable term: a vocabulary entry that is not everyday English, a word rare in general English,
        or a number with its unit ("70 mL", "120 days")."""
        try:
            return self._terms[phrase]
        except KeyError:
            answer = self._terms[phrase] = self._is_term(phrase.strip())
            return answer

    def _is_term(self, phrase: str) -> bool:
        if not phrase:
            return False
        if _NUMBER_WITH_UNIT.match(phrase):
            return True
        words = [w for w in re.findall(r"[A-Za-z][A-Za-z\-']*", phrase)]
        if not words:
            return False
        frequencies = [_zipf(w) for w in words]
        if len(words) == 1 and words[0].isupper() and 2 <= len(words[0]) <= 6:
            return self.concept(phrase) is not None  # an abbreviation MeSH knows (ACTH, ATP, ECG)
        content = [f for w, f in zip(words, frequencies, strict=True) if w.lower() not in _FUNCTION_WORDS]
        if not content:
            return False
        rarest = min(content)
        if self.concept(phrase) is not None:
            # A vocabulary entry, unless it is everyday English ("Water", "Pain", "Blood", "Heart").
            return rarest < EVERYDAY_ZIPF if len(content) == 1 else rarest < EVERYDAY_ZIPF + 1
        # Not in the vocabulary: technical only if some word is rare in general English yet a real word.
        return rarest < RARE_ZIPF


_NON_HUMAN = re.compile(
    r"\b(?:Plant|Plants|Bacterial|Viral|Fungal|Insect|Avian|Fish|HIV|Yeast|Drosophila|Animal|Veterinary|Nipple|"
    r"Mammary|Amputation|Libraries|Reagents|Indicators|Probes?)\b"
)
# Entry terms that are mechanical plurals no textbook writes ("Pharynxs", "Arterys").
_BAD_PLURAL = re.compile(r"(?:xs|chs|shs|[^aeiou]ys)$", re.IGNORECASE)
_FUNCTION_WORDS = frozenset("of the a an and or in on to for with by at from".split())


@lru_cache(maxsize=65536)
def word_frequency(word: str) -> float:
    """A word's frequency in general English on wordfreq's Zipf scale (0 for words rarer than about 3)."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en", wordlist=WORDLIST)


_zipf = word_frequency


def _is_plural(phrase: str) -> bool:
    last = phrase.strip().rsplit(" ", 1)[-1].lower()
    return _singular(last) != last and not last.endswith(("is", "us", "ss"))


def _display_in_number(concept: Concept, plural: bool) -> str:
    """A natural-order name for display, singular or plural to match the answer ("Lunate Bone" beside
    "Scaphoid Bone", not MeSH's "Carpal Bones")."""
    names = [concept.name, *concept.synonyms]
    key = match_key(concept.name)
    same = [n for n in names if match_key(n) == key and "," not in n and "(" not in n and not _BAD_PLURAL.search(n)]
    wanted = [n for n in same if _is_plural(n) == plural]
    return (wanted or same or [concept.name])[0]


@cache
def medical_lexicon() -> Lexicon:
    """The shipped MeSH-derived lexicon, loaded once per process."""
    return Lexicon.from_package()
