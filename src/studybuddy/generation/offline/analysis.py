"""Reading study material the classical way: sentences, key terms, definitions, stated lists and numeric facts.

No models and no network: regular expressions, frequency statistics and a few patterns that textbooks use
("X is called Y", "Y, known as X", "X is a type of Y", "X include A, B and C"). Deterministic for the same input.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from studybuddy.extract.document import Section, StudyDocument
from studybuddy.generation.lexicon import Lexicon, medical_lexicon, word_frequency

from .context import is_back_matter, read_sentences, remove_figure_stubs
from .vocabulary import CLASS_WORDS, COMMON_WORDS, MODIFIERS, STOPWORDS, kind_family

_DETERMINERS = frozenset({"the", "a", "an", "this", "each", "its", "their", "every", "these", "those"})
_PHRASE_BREAK = re.compile(r"[,;:()\[\]“”\"]|\s[-–—]\s")
# Verbs a textbook puts right after a noun ("the ventricles contract", "blood flows"): never a term's last word.
_VERBS = frozenset(
    "contract contracts relax relaxes rise rises fall falls flow flows open opens close closes form forms contain "
    "contains articulate articulates secrete secretes produce produces release releases supply supplies receive "
    "receives join joins pass passes lie lies run runs enter enters exit exits leave leaves carry carries".split()
)
_ORDINALS = frozenset("first second third fourth fifth sixth word year human".split())
_NUMBER_WORDS = frozenset("one two three four five six seven eight nine ten eleven twelve".split())
_WORD = re.compile(r"[A-Za-z][A-Za-z\-']*[A-Za-z]|[A-Za-z]")
_NUMBER = re.compile(
    r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s?(%|percent|mL|ml|L|mm|cm|µm|μm|nm|m|kg|g|mg|mmHg|mV|ms|s|"
    r"seconds|minutes|hours|days|years|bpm|beats|million|billion|times|bones|chambers|layers|cells|pairs|types))?\b"
)
_RANGE_START = re.compile(r"(?<![\w.])(\d[\d,.]*)\s*(?:[–\-]|to)\s*$")
_TERM_TEXT = r"[A-Za-z][A-Za-z0-9\-]*(?:\s+[A-Za-z][A-Za-z0-9\-]*){0,4}"
_CALLED = re.compile(
    rf"\b(?:is|are|was|were)?\s*(?:called|known as|termed|referred to as|named)\s+(?:the\s+|an?\s+)?(?P<term>{_TERM_TEXT})",
    re.IGNORECASE,
)
_COPULA = re.compile(
    rf"^(?:(?:The|An?|Each)\s+)?(?P<term>{_TERM_TEXT}?)\s+(?:\([^)]*\)\s+)?(?:is|are)\s+(?P<definition>(?:the|an?|one)\s+.+)$"
)
_TYPE_OF = re.compile(
    r"^(?:the|an?|one)\s+(?:type|kind|form|group|class)\s+of\s+(?P<genus>[A-Za-z\- ]+?)\b(?:\s+(?:that|which|with|in|of)|$)"
)
_LIST_INTRO = re.compile(
    r"\b(?P<topic>[A-Za-z][A-Za-z0-9 ,\-()]{2,160}?)\s+(?:include|includes|including|are|consist of|consists of|"
    r"comprise|comprises|is composed of|are composed of|are the)\s*:?\s+(?P<items>[^.;:]+?)(?:[.;]|$)"
)
# "A, also called B or C", "A, also known as B", "A, or B": one thing, several names.
_ALSO_NAMED = re.compile(
    r"\b(?:the\s+)?(?P<first>[A-Za-z][A-Za-z\-]*(?:\s+[A-Za-z][A-Za-z\-]*){0,3}),\s+(?:(?:also\s+)?(?:called|known as|"
    r"termed|referred to as)\s+|or\s+)(?:the\s+)?(?P<others>[A-Za-z][A-Za-z\- ]*?(?:,?\s+or\s+(?:the\s+)?[A-Za-z][A-Za-z\- ]*?)*)"
    r"(?=[.,;)]|$)"
)
# Latin anatomical names put the adjective after the noun: "ovalis", "ovale", "primum", "carneae", "cava".
_LATIN_ADJECTIVE = re.compile(r"(?:alis|ale|aris|ae|osum|osus|atum|ica|icum|ior|ius|primum|secundum|magnum|cava)$")
_TRAILING_CLAUSE = re.compile(r"\s+(?:which|that|who|where|when|because|while|from|to|in|on|at|by|with|for|of)\b.*$")


@dataclass(frozen=True)
class Sentence:
    text: str  # repaired (see context.py): stands alone unless ``leans``
    index: int  # position in the whole document
    section: int  # index of the Section it came from
    words: tuple[str, ...]
    excerpt: str = ""  # as the material wrote it, for quoting as the source
    leans: bool = False  # needs the sentence before it
    lead: str | None = None  # that sentence, when it can be quoted with this one
    bullet: bool = False
    label: str | None = None  # the bullet's own label ("Iron" in "- Iron. We have said …")

    @property
    def quoted(self) -> str:
        return self.excerpt or self.text

    @property
    def with_context(self) -> str | None:
        """The sentence as a reader needs it: alone, or after the sentence it leans on; None when it cannot
        be understood at all."""
        if not self.leans:
            return self.text
        return f"{self.lead} {self.text}" if self.lead else None

    @property
    def word_count(self) -> int:
        return len(self.words)


@dataclass
class Term:
    text: str  # as most often written
    key: str  # normalised form for matching
    count: int = 0
    in_heading: bool = False
    definition: str | None = None
    definition_sentence: Sentence | None = None
    genus: str | None = None  # "epithelium" for "a type of epithelium"
    lists: set[int] = field(default_factory=set)  # ids of the stated lists it belongs to

    @property
    def head(self) -> str:
        """The noun that says what kind of thing it is: "tubercle" for "lesser tubercle", "head" for "head of the
        radius"."""
        return _head_of(self.key)


@dataclass
class StatedList:
    topic: str
    items: list[str]
    sentence: Sentence


@dataclass
class NumberFact:
    value: str  # as written, e.g. "108,000" or "70 mL"
    number: float
    unit: str
    sentence: Sentence


@lru_cache(maxsize=65536)
def singular(word: str) -> str:
    word = word.lower()
    if len(word) > 6 and word.endswith("oses"):
        return word[:-2] + "is"  # "endocytoses", "anastomoses"
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ses", "xes", "ches", "shes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@lru_cache(maxsize=65536)
def _head_of(key: str) -> str:
    words = key.split(" of ")[0].split()
    if len(words) == 2 and _LATIN_ADJECTIVE.search(words[1]) and not _LATIN_ADJECTIVE.search(words[0]):
        return singular(words[0])  # "fossa ovalis", "septum primum", "trabeculae carneae": noun first
    return singular(words[-1])


def normalise_term(text: str) -> str:
    words = [w.lower() for w in _WORD.findall(text)]
    while words and words[0] in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words[:-1] + [singular(words[-1])]) if words else ""


def clean_text(text: str) -> str:
    """Remove artefacts of dropped figures and tables ("(see )", "()", "as seen in .") and normalise spaces."""
    return remove_figure_stubs(text)


def words_of(text: str) -> tuple[str, ...]:
    return tuple(w.lower() for w in _WORD.findall(text))


class Analysis:
    """Everything the offline engine knows about one document, computed once."""

    def __init__(self, document: StudyDocument, lexicon: Lexicon | None = None) -> None:
        self.document = document
        self.lexicon = lexicon or medical_lexicon()
        self.sections: list[Section] = [
            Section(heading=s.heading, text=clean_text(s.text), source=s.source) for s in document.sections
        ]
        self.sentences: list[Sentence] = []
        for section_index, section in enumerate(self.sections):
            if is_back_matter(section.heading):
                continue  # a references list is not material to test
            for read in read_sentences(section.text):
                words = words_of(read.text)
                if len(words) >= 3:
                    self.sentences.append(
                        Sentence(
                            read.text,
                            len(self.sentences),
                            section_index,
                            words,
                            excerpt=read.excerpt,
                            leans=read.leans,
                            lead=read.lead,
                            bullet=read.bullet,
                            label=read.label,
                        )
                    )
        self.word_counts = Counter(w for s in self.sentences for w in s.words)
        self.terms: dict[str, Term] = {}
        self.lists: list[StatedList] = []
        self._find_definitions()
        self._find_frequent_terms()
        self._find_lists()
        self._count_terms()
        self._find_classes()

    # --- terms ---------------------------------------------------------------------------------------

    def _add_term(self, text: str) -> Term | None:
        text = text.strip(" ,;:()-")
        key = normalise_term(text)
        words = key.split()
        if not words or len(words) > 5 or len(key) < 3:
            return None
        if all(w in STOPWORDS or w in COMMON_WORDS for w in words) or words[-1] in STOPWORDS:
            return None
        if words[0] in STOPWORDS or (len(words) == 1 and words[0] in MODIFIERS):
            return None
        term = self.terms.get(key)
        if term is None:
            display = " ".join(text.split()[-len(words) :]) if len(text.split()) > len(words) else text
            display = " ".join(self._acronyms.get(w, w) if w.islower() else w for w in display.split())
            if not display.isupper():
                display = (
                    display
                    if display[:1].isupper() and len(display) > 1 and display[1:2].isupper()
                    else display.lower()
                )
            term = self.terms[key] = Term(text=display, key=key)
        return term

    @cached_property
    def _acronyms(self) -> dict[str, str]:
        """How the material writes its abbreviations ("RBCs", "ATP", "mRNA"), by their lower-case form: a name
        found in lower case is shown as written, never "Rbcs"."""
        forms: dict[str, Counter[str]] = defaultdict(Counter)
        for sentence in self.sentences:
            for word in _WORD.findall(sentence.text):
                if sum(c.isupper() for c in word) >= 2:
                    forms[word.lower()][word] += 1
        return {lower: counts.most_common(1)[0][0] for lower, counts in forms.items()}

    def _find_definitions(self) -> None:
        for sentence in self.sentences:
            text = sentence.text.rstrip(".")
            for match in _CALLED.finditer(text):
                candidate = _TRAILING_CLAUSE.sub("", re.split(r"[,;()]| and | or ", match.group("term"))[0])
                term = self._add_term(candidate)
                if term is None or term.definition is not None:
                    continue
                description = _described_by(
                    text[: match.start()], passive=bool(re.match(r"\s*(?:is|are|was|were)\b", match.group(0)))
                )
                if description:
                    term.definition = description
                    term.definition_sentence = sentence
            copula = _COPULA.match(text)
            if copula and len(copula.group("term").split()) <= 4:
                term = self._add_term(copula.group("term"))
                if term is not None and term.definition is None:
                    definition = re.split(r";|,\s*(?:and|but|whereas|while)\s", copula.group("definition"))[0].strip()
                    if 4 <= len(definition.split()) <= 40 and definition.count(",") < 2:
                        term.definition = definition
                        term.definition_sentence = sentence
                        term.genus = _genus_of(definition)

    def _find_frequent_terms(self) -> None:
        """Technical words and short phrases: not common English, repeated, or in headings."""
        phrase_counts: Counter[str] = Counter()
        for sentence in self.sentences:
            # Runs never cross punctuation: "scaphoid, lunate" is two names, "ulna (medially)" one.
            for chunk in _PHRASE_BREAK.split(sentence.text):
                run: list[str] = []
                for word in words_of(chunk) + ("",):
                    if word and word not in STOPWORDS and word not in _NUMBER_WORDS and len(word) > 2:
                        run.append(word)
                        continue
                    for size in (1, 2, 3):
                        for start in range(len(run) - size + 1):
                            phrase_counts[" ".join(run[start : start + size])] += 1
                    run = []
        heading_words = {w for s in self.sections if s.heading for w in words_of(s.heading)}
        for phrase, count in phrase_counts.items():
            words = phrase.split()
            technical = [w for w in words if w not in COMMON_WORDS]
            if (not technical and not (len(words) > 1 and self._examinable(phrase))) or (
                words[-1] in COMMON_WORDS and len(words) == 1
            ):
                continue
            enough = count >= (2 if len(words) == 1 else 3) or self._examinable(phrase)
            if len(words) == 1 and (
                phrase in MODIFIERS
                or (phrase not in heading_words and not self._used_as_noun(phrase) and not self._named_thing(phrase))
            ):
                continue
            if len(words) > 1 and (
                (words[-1] in COMMON_WORDS and not self._examinable(phrase))
                or not (self._used_as_noun(phrase) or self._vocabulary_name(phrase))
                or not (self._noun_word(words[-1]) or self._latin_name(phrase))
            ):
                continue
            if enough or (len(words) == 1 and phrase in heading_words):
                term = self._add_term(phrase)
                if term is not None and phrase in heading_words:
                    term.in_heading = True
        # A shorter phrase counted only as part of one longer phrase is not a term of its own.
        phrase_sentences = Counter(k for present in self.mentions([k for k in self.terms if " " in k]) for k in present)
        for key in list(self.terms):
            term = self.terms[key]
            if term.definition is None and " " not in key:
                longer = [k for k in self.terms if k != key and key in k.split()]
                # Counted as written: "bronchioles" is the term "bronchiole" too.
                written = self.word_counts[key] + self.word_counts[key + "s"] + self.word_counts[key + "es"]
                if longer and all(written <= phrase_sentences[k] for k in longer[:1]):
                    del self.terms[key]

    @cached_property
    def _noun_endings(self) -> set[str]:
        """Words and two-word phrases seen ending a noun phrase after a determiner ("the ulna and",
        "the elbow joint."), not only as modifiers ("the distal end")."""
        endings: set[str] = set()
        for sentence in self.sentences:
            words = sentence.words
            for i, word in enumerate(words):
                if word not in _DETERMINERS:
                    continue
                for size in (1, 2, 3):
                    end = i + 1 + size  # the phrase is words[i + 1 : end]
                    if end <= len(words) and (end == len(words) or words[end] in STOPWORDS):
                        endings.add(" ".join(words[i + 1 : end]))
        return endings

    def _examinable(self, phrase: str) -> bool:
        """A phrase worth testing even when the material names it once ("medial epicondyle", "olecranon
        process", "pollex"): a technical term whose rarity is not only a direction ("proximal end" is none)."""
        words = phrase.split()
        if words[-1] in MODIFIERS or words[0] in _ORDINALS:
            return False
        if len(words) > 1 and self.lexicon.concept(phrase) is not None and self.lexicon.is_term(phrase):
            return True  # "active transport", "facilitated diffusion": a vocabulary name in common words
        descriptive = [w for w in words[:-1] if w not in MODIFIERS and w not in COMMON_WORDS]
        if words[-1] in COMMON_WORDS:
            # "olecranon process": the common head is fine when what qualifies it is technical.
            return bool(descriptive) and self.lexicon.is_term(" ".join(descriptive))
        if not descriptive and not self.lexicon.is_term(words[-1]):
            return self.lexicon.concept(phrase) is not None and self.lexicon.is_term(phrase)
        return self.lexicon.is_term(phrase)

    def _noun_word(self, word: str) -> bool:
        """Whether a phrase's last word is a noun, not a verb ("the head articulates with" is no term): it ends
        noun phrases the material writes, and is no verb form."""
        if singular(word) in CLASS_WORDS or word in self._noun_endings:
            return True
        if (
            word in _VERBS
            or word.endswith(("ing", "ed"))
            or (word.endswith("s") and singular(word) not in self._noun_heads and word[-2:] != "ss")
        ):
            return False
        return word in self._noun_heads or self.lexicon.concept(word) is not None

    @cached_property
    def _noun_heads(self) -> set[str]:
        return {ending.rsplit(" ", 1)[-1] for ending in self._noun_endings}

    def _named_thing(self, word: str) -> bool:
        """A rare word the vocabulary names as a substance, structure or disease ("bilirubin", "ferritin",
        "transferrin"): a noun even when the material never writes it after "the"."""
        concept = self.lexicon.concept(word)
        return (
            concept is not None
            and word_frequency(word) < 2.5
            and (
                any(t[:1] in "ACD" for t in concept.tree_numbers)
                # a cell process with a name of its own ("pinocytosis", "exocytosis"), not "oxidation"
                or (word.endswith(("cytosis", "ysis")) and any(t[:1] == "G" for t in concept.tree_numbers))
            )
            and not word.endswith(("ed", "ing", "ly"))
        )

    def _used_as_noun(self, phrase: str) -> bool:
        return (
            phrase in self._noun_endings
            or (" " in phrase and phrase in self._noun_ending_tails)
            # "peripheral proteins" beside "the integral proteins": a sister name of a noun the material uses.
            or (" " in phrase and singular(phrase.rsplit(" ", 1)[1]) in self._plural_heads and self._rare_first(phrase))
        )

    def _latin_name(self, phrase: str) -> bool:
        """ "rigor mortis", "fovea capitis": a vocabulary name whose last word is a Latin genitive, no English verb."""
        last = phrase.rsplit(" ", 1)[-1]
        return " " in phrase and last.endswith(("is", "ae", "i")) and self._vocabulary_name(phrase)

    def _vocabulary_name(self, phrase: str) -> bool:
        """ "active transport", "facilitated diffusion": the vocabulary's own name for it, in common words."""
        return self.lexicon.concept(phrase) is not None and self.lexicon.is_term(phrase)

    def _rare_first(self, phrase: str) -> bool:
        """The first word qualifies a name ("peripheral", "integral"), not a verb before its object
        ("propelling blood", "distributes blood")."""
        first = phrase.split()[0]
        if first in _VERBS or first.endswith(("ing", "ed", "s")):
            return False
        return first in MODIFIERS or self.lexicon.is_term(first) or word_frequency(first) < 3.5

    @cached_property
    def _plural_heads(self) -> set[str]:
        """Class words the material writes kinds of ("the integral proteins", "the chief cells")."""
        return {
            head
            for e in self._noun_endings
            if " " in e and ((head := singular(e.rsplit(" ", 1)[1])) in CLASS_WORDS or kind_family(head) is not None)
        }

    @cached_property
    def _noun_ending_tails(self) -> set[str]:
        """The shorter ends of noun phrases: "lesser tubercle" in "the smaller lesser tubercle"."""
        return {ending.split(" ", 1)[1] for ending in self._noun_endings if " " in ending}

    def _find_lists(self) -> None:
        for sentence in self.sentences:
            for match in _LIST_INTRO.finditer(sentence.text):
                items = _split_list(match.group("items"))
                if not 3 <= len(items) <= 10 or any(len(i.split()) > 4 for i in items):
                    continue
                # Items are names: letters only, no verbs or clauses ("are hydrophobic", "such as Ca++").
                if any(not i[:1].isalpha() or any(w in STOPWORDS - {"of"} for w in words_of(i)) for i in items):
                    continue
                topic = _topic_of(match.group("topic"))
                if not topic:
                    # "These include A, B and C": no topic to name a mnemonic by, but A, B and C are still
                    # terms of one kind, which is what good distractors are made of.
                    group = len(self.lists) + 10_000 + sentence.index
                    for item in items:
                        term = self._add_term(item)
                        if term is not None:
                            term.lists.add(group)
                    continue
                head = singular(topic.split()[0] if " in " in topic or " of " in topic else topic.split()[-1])
                last_words = items[-1].split()
                if len(last_words) > 1 and singular(last_words[-1]) == head:
                    items[-1] = " ".join(last_words[:-1])
                stated = StatedList(topic=topic, items=items, sentence=sentence)
                self.lists.append(stated)
                for item in items:
                    term = self._add_term(item)
                    if term is not None:
                        term.lists.add(len(self.lists) - 1)

    def mentions(self, keys: list[str]) -> list[set[str]]:
        """Per sentence, which of these term keys it mentions (plurals too, and "bone" inside "carpal bone"): a
        look-up of every run of up to five words, no pattern to compile."""
        known = set(keys)
        longest = max((k.count(" ") + 1 for k in known), default=0)
        found = []
        for sentence in self.sentences:
            words = sentence.words
            present = set()
            for start in range(len(words)):
                for size in range(1, min(longest, len(words) - start) + 1):
                    run = words[start : start + size]
                    phrase = " ".join(run)
                    if phrase in known:
                        present.add(phrase)
                        continue
                    single = " ".join((*run[:-1], singular(run[-1])))
                    if single in known:
                        present.add(single)
            found.append(present)
        return found

    def _count_terms(self) -> None:
        counts = Counter(key for present in self.mentions(list(self.terms)) for key in present)
        for key, term in list(self.terms.items()):
            term.count = counts[key]
            if term.count == 0 or (len(key.split()) >= 3 and term.count < 2):
                del self.terms[key]

    def _find_classes(self) -> None:
        """A one-word term written just before a class word ("radius bones", "triquetrum bone", "chief cells")
        belongs to that class, which is what makes other members good distractors for it."""
        heads = Counter(t.head for t in self.terms.values() if " " in t.key)
        classes = CLASS_WORDS | {h for h, n in heads.items() if n >= 2}
        followers: dict[str, Counter[str]] = defaultdict(Counter)
        for sentence in self.sentences:
            words = sentence.words
            for i in range(len(words) - 1):
                follower = singular(words[i + 1])
                if follower in classes:
                    followers[singular(words[i])][follower] += 1
        for term in self.terms.values():
            if term.genus is None and " " not in term.key and followers.get(term.key):
                term.genus = followers[term.key].most_common(1)[0][0]

    # --- derived views --------------------------------------------------------------------------------

    @cached_property
    def ranked_terms(self) -> list[Term]:
        """Terms by prominence: mentions, with a bonus for definitions, headings and stated lists."""

        def weight(term: Term) -> float:
            return (
                term.count * (1 + 0.4 * len(term.key.split()))
                + 3 * bool(term.definition)
                + 2 * term.in_heading
                + bool(term.lists)
            )

        return sorted(self.terms.values(), key=lambda t: (-weight(t), t.key))

    @cached_property
    def cooccurrence(self) -> dict[tuple[str, str], int]:
        """How many sentences mention both terms: terms named together are usually of a kind (radius and ulna)."""
        counts: Counter[tuple[str, str]] = Counter()
        for mentioned in self.mentions([t.key for t in self.ranked_terms[:120]]):
            present = sorted(mentioned)
            for i, a in enumerate(present):
                for b in present[i + 1 :]:
                    counts[(a, b)] += 1
        return dict(counts)

    @cached_property
    def names(self) -> dict[str, set[str]]:
        """Every name the material gives one thing: "the mitral valve, also called the bicuspid valve or the left
        atrioventricular valve", "the right atrioventricular valve, or tricuspid valve"; each name keyed by each."""
        names: dict[str, set[str]] = {}
        for sentence in self.sentences:
            for match in _ALSO_NAMED.finditer(sentence.text):
                found = [match.group("first")] + re.split(r",?\s+or\s+(?:the\s+)?", match.group("others"))
                keys = set()
                for name in found:
                    words = normalise_term(_TRAILING_CLAUSE.sub("", name)).split()
                    # "… is the mitral valve": the name is what follows the last small word.
                    while any(w in STOPWORDS for w in words):
                        words = words[next(i for i, w in enumerate(words) if w in STOPWORDS) + 1 :]
                    if 1 <= len(words) <= 4:
                        keys.add(" ".join(words))
                # Names of one thing share their head ("tricuspid valve", "right atrioventricular valve"); a comma
                # before "or" between other words is a list ("surface, or base"), not a second name.
                if len(keys) > 1 and len({k.split()[-1] for k in keys}) == 1:
                    for key in keys:
                        names.setdefault(key, {key}).update(keys)
        return names

    def one_includes_other(self, a: str, b: str) -> bool:
        """Whether one term names a group the other belongs to, by any of their names: the "atrioventricular
        valves" and the mitral valve (also "the left atrioventricular valve"). Both offered, the question has two
        right answers."""
        a_names, b_names = self.names.get(a, {a}), self.names.get(b, {b})
        for x in a_names:
            for y in b_names:
                if x != y and (f" {x} " in f" {y} " or f" {y} " in f" {x} "):
                    return True
        return False

    def together(self, a: str, b: str) -> int:
        return self.cooccurrence.get((a, b) if a < b else (b, a), 0)

    @cached_property
    def prominence(self) -> dict[str, float]:
        """0 (rarest) .. 1 (most prominent) per term key."""
        ranked = self.ranked_terms
        return {t.key: 1 - i / max(1, len(ranked) - 1) for i, t in enumerate(ranked)}

    @cached_property
    def numbers(self) -> list[NumberFact]:
        facts = []
        for sentence in self.sentences:
            for match in _NUMBER.finditer(sentence.text):
                raw, unit = match.group(1), match.group(2) or ""
                number = float(raw.replace(",", ""))
                if not unit:
                    continue  # a bare number ("digits 2 through 5", a year) is rarely a fact to remember
                value = match.group(0).strip()
                # "95–100 percent", "3 to 4 hours": a range is one value, never its upper end alone.
                start = _RANGE_START.search(sentence.text[: match.start()])
                if start:
                    value = sentence.text[start.start(1) : match.end()].strip()
                facts.append(NumberFact(value=value, number=number, unit=unit, sentence=sentence))
        return facts

    @cached_property
    def sentence_scores(self) -> dict[int, float]:
        """How central each sentence is: the prominence of the terms it mentions, per word, plus definitions."""
        scores = {}
        top = self.ranked_terms[:60]
        for sentence, present in zip(self.sentences, self.mentions([t.key for t in top]), strict=True):
            mentioned = [t for t in top if t.key in present]
            score = sum(self.prominence[t.key] for t in mentioned) / math.sqrt(max(6, sentence.word_count))
            if any(t.definition_sentence is sentence for t in mentioned):
                score += 0.5
            if any(f.sentence is sentence for f in self.numbers):
                score += 0.2
            scores[sentence.index] = score
        return scores

    def section_sentences(self) -> dict[int, list[Sentence]]:
        grouped: dict[int, list[Sentence]] = defaultdict(list)
        for sentence in self.sentences:
            grouped[sentence.section].append(sentence)
        return grouped

    @cached_property
    def subject(self) -> str:
        """The medical subject the material most looks like, for tagging questions."""
        from .vocabulary import SUBJECT_KEYWORDS

        votes = {
            subject: sum(self.word_counts.get(k, 0) for k in keywords) for subject, keywords in SUBJECT_KEYWORDS.items()
        }
        best = max(votes, key=lambda s: (votes[s], s))
        return best if votes[best] >= 3 else "General"


def _lower_first(text: str) -> str:
    if len(text) > 1 and text[1:2].isupper():
        return text  # an acronym
    return text[:1].lower() + text[1:]


def _genus_of(definition: str) -> str | None:
    """The class a definition puts its term in: "a type of epithelium ..." -> epithelium;
    "the medial bone of the forearm" -> bone."""
    typed = _TYPE_OF.match(definition)
    if typed:
        return singular(typed.group("genus").split()[-1])
    head = re.split(r"\s+(?:of|that|which|in|on|at|with|for|between|from|where|located)\b|,", definition)[0].split()
    if len(head) >= 2 and head[0].lower() in ("the", "a", "an", "one") and head[-1].isalpha():
        return singular(head[-1])
    return None


def _described_by(before: str, *, passive: bool) -> str | None:
    """What a "called" clause names: "an expanded bony area called X" -> "an expanded bony area";
    "The secretions of endocrine glands are called X" -> "the secretions of endocrine glands"."""
    comma = before.rstrip().endswith(",")
    before = before.strip(" ,")
    if passive:
        subject = before
        if "," in subject or not 3 <= len(subject.split()) <= 14:
            return None
        if re.match(r"^(?:This|These|It|They|That|Those|Such)\b", subject):
            return None
        return _lower_first(subject)
    if comma:
        # "… a depression in the medial surface of the superior lobe of the left lung, called the cardiac
        # notch": after a comma the name belongs to the whole noun phrase, not to "the left lung".
        clause = re.split(r";|\b(?:is|are|was|were|which|that|has|have|forms?|contains?)\b", before.rstrip(" ,"))[-1]
        start = re.search(r"\b(?:an?|the)\s+\w+", clause, re.IGNORECASE)
        if start and "," not in clause[start.start() :] and 2 <= len(clause[start.start() :].split()) <= 16:
            return _lower_first(clause[start.start() :].strip())
        return None
    clause = re.split(
        r",|;|\b(?:is|are|was|were|and|which|that|has|have|with|forms?|contains?|bears?|shows?|demonstrates?|"
        r"displays?|exhibits?|possess(?:es)?|includes?|gives?|creates?|produces?|develops?)\b",
        before,
    )[-1].strip()
    # The name belongs to the last noun phrase with an article that is not inside a place phrase: "a remnant of
    # an opening in the fetal heart known as the foramen ovale" → "an opening in the fetal heart"; "the
    # interatrial septum bears an oval-shaped depression known as …" → "an oval-shaped depression".
    starts = [
        m.start()
        for m in re.finditer(r"(?:^|(?<=\s))(?:an?|the)\s", clause, re.IGNORECASE)
        if not re.search(
            r"\b(?:in|on|at|to|from|with|by|into|onto|within|near|between|across)\s+$", clause[: m.start()]
        )
    ]
    if starts:
        clause = clause[starts[-1] :]
    if re.search(r"\b(?:in|of|into|within|from|by)\s+(?!the\b|an?\b)[a-z\-]+s\s*$", clause):
        # "a small amount of excess oxygen in proteins called myoglobin": the name is the proteins', not the
        # oxygen's, and "proteins" alone defines nothing.
        return None
    if re.match(r"^(?:an?|the)\s+\w+", clause, re.IGNORECASE) and 2 <= len(clause.split()) <= 12:
        return _lower_first(clause)
    return None


def _split_list(items_text: str) -> list[str]:
    items_text = re.sub(r"\([^)]*\)", "", items_text)
    parts = re.split(r",\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+", items_text)
    items = []
    for part in parts:
        part = re.sub(r"^(?:the|a|an)\s+", "", part.strip(), flags=re.IGNORECASE).strip(" .")
        if part:
            items.append(part)
    return items


def _topic_of(text: str) -> str:
    text = re.sub(r"\([^)]*\)", "", text).strip(" ,")
    clauses = re.split(r",\s*", text)
    text = clauses[0] if len(clauses[0].split()) <= 8 else clauses[-1]
    text = re.sub(
        r"^(?:These|Those|They|The|A few|Some|Several|Examples of|examples of|A few examples of)\s+", "", text
    )
    text = re.sub(r"^(?:examples|types|kinds) of\s+", "", text)
    words = text.split()
    if not words or len(words) > 8 or words[0].lower() in STOPWORDS | {"it", "this", "these", "they", "there"}:
        return ""
    return text
