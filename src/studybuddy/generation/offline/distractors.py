"""Typed distractors: wrong options of the same kind as the key, never the key in disguise.

A distractor is typed when the material lists it with the key ("scaphoid, lunate, triquetrum and pisiform"), when
the vocabulary puts both under one parent (two carpal bones, two heart valves), when both are kinds of the same
thing in the material's own words ("coronoid fossa", "radial fossa"), or when the vocabulary offers a sibling the
material does not name. It is never a synonym, a superset or subset, or an inflection of the key, and never a term
the material states the same fact about (that would be a second right answer).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from studybuddy.generation.lexicon import match_key, word_frequency
from studybuddy.generation.quality import disguises

from .analysis import Analysis, NumberFact, Sentence, Term, normalise_term, singular, words_of
from .vocabulary import (
    CLASS_WORDS,
    COMMON_WORDS,
    DESCRIBING_WORDS,
    GENERIC_HEADS,
    MODIFIERS,
    QUANTIFIERS,
    STOPWORDS,
    STRUCTURE_HEADS,
    VAGUE_HEADS,
    kind_family,
)

# Words a stem and an option may share without naming the option.
_SHARED_WORDS = frozenset("of the and a an in on to for with by at from".split())
# How typed a candidate must be to be offered: a shared list, a shared MeSH parent or a shared head noun.
TYPED = 4.0


@dataclass(frozen=True)
class Option:
    text: str
    kinship: float  # how surely it is of the key's kind
    term: Term | None = None  # None for a vocabulary sibling the material does not name


def content_words(text: str) -> set[str]:
    return {singular(w) for w in words_of(text) if w not in STOPWORDS}


class Distractors:
    def __init__(self, analysis: Analysis, pool: list[Term], *, halves: set[str]) -> None:
        self.analysis = analysis
        self.lexicon = analysis.lexicon
        self.pool = pool
        self.halves = halves
        self._by_key = {t.key: t for t in pool}
        self._kinship: dict[tuple[str, str], float] = {}
        self._ranked_for: dict[tuple[str, str], list[Option]] = {}
        self._class_cache: dict[tuple[str, str], bool] = {}
        self._pool_concepts = {c for t in pool if (c := self.lexicon.concept(t.text)) is not None}
        self.roles: dict[str, set[str]] = {}  # set by the question writer: what the material says each term is
        self._names_cache: dict[str, set[str]] = {}
        self._genera_cache: dict[str, set[str]] = {}
        self._part_cache: dict[tuple[str, str], bool] = {}
        self._kin: set[str] = set()  # names admitted by _material_kin, technical by how they were found
        # How often each option has been offered: the next item of the section prefers one not yet seen, so no
        # one pool of names is recycled through the bank.
        self._offered: Counter[str] = Counter()

    def kinship(self, key: Term, other: Term) -> float:
        pair = (key.key, other.key)
        if pair not in self._kinship:
            self._kinship[pair] = self._kinship_of(key, other)
        return self._kinship[pair]

    def _kinship_of(self, key: Term, other: Term) -> float:
        score = 0.0
        if key.lists & other.lists:
            score += 8
        if self.roles.get(key.key, set()) & self.roles.get(other.key, set()):
            score += 5  # both secreted (or both products) in the material: one kind, whatever the vocabulary says
        if self.lexicon.same_kind(key.text, other.text):
            score += 7
        elif _tree_steps(self.lexicon, key.text, other.text) == 2:
            score += 4.5  # cousins under one grandparent: a neutrophil for a lymphocyte, a metatarsal for the talus
        elif self.lexicon.same_branch(key.text, other.text):
            score += 3  # one organ system or one class of chemicals: loosely typed, the last option at most
        # The material's own kinds, unless the vocabulary knows both terms and files them apart (the "forearm
        # bones" make no bone of the forearm).
        known_apart = (
            self.lexicon.concept(key.text) is not None
            and self.lexicon.concept(other.text) is not None
            and not self.lexicon.same_branch(key.text, other.text)
        )
        if not known_apart:
            if " " in key.key and " " in other.key and other.head == key.head:
                # Sister names ("radial tuberosity" beside the deltoid tuberosity) before other members of the
                # family: one kind by the material's own naming, not by the head's dictionary.
                score += 5.5
            elif (family := kind_family(key.head)) is not None and family == kind_family(other.head):
                if family != "process":
                    # A "metabolic process" is no bony process: a name the vocabulary files under phenomena is
                    # not a structure, whatever its head.
                    apart = family in _STRUCTURE_FAMILIES and self._phenomenon(other.text)
                    score += 0 if apart and not self._phenomenon(key.text) else 4.5
                elif _one_root(key.head, other.head):
                    score += 6  # depolarization, repolarization, hyperpolarization: phases of one change
                elif max(word_frequency(key.head), word_frequency(other.head)) < 3.0:
                    # "-ation" makes a process of "circulation" and "saturation" alike, and of "myelination"
                    # and "depolarization", which a teacher never sets side by side: only technical words
                    # the material discusses in one section are loosely one kind by their ending.
                    score += 2.5 if self._same_section(key, other) else 1.5
            if key.genus and (other.genus == key.genus or other.head == key.genus):
                score += 4
            elif _structure(key.head) and _structure(other.head) and self._same_section(key, other):
                # Two named parts of one organ the material describes together ("fossa ovalis", "moderator band",
                # "interatrial septum"): a teacher's distractors for a structure are its neighbours, the more so
                # when they share a qualifier ("alveolar duct", "alveolar sac").
                score += 2.5
                if " " in key.key and " " in other.key and key.key.split()[0] == other.key.split()[0]:
                    score += 1.5
        if _categories(self.lexicon, key.text) == _categories(self.lexicon, other.text) == {"substance"} and (
            self.kinds_of(key.text, key.head) == self.kinds_of(other.text, other.head)
        ):
            # Two chemicals one part of the material discusses (ATP and creatine phosphate as the fibre's energy):
            # of one kind for a student, though the vocabulary files them in different classes.
            score += 2.0 if self._same_section(key, other) else 0.0
        elif kind_family(key.head) is None and self._same_section(key, other):
            # Of one kind by where the vocabulary files both (two cell parts: the sarcomere and the sarcolemma),
            # and discussed in one part of the material.
            shared = self.kinds_of(key.text, key.head) & self.kinds_of(other.text, other.head) - {"organ part"}
            score += 1.5 if shared else 0.0  # not "organ part": any two parts of the body are that
        steps = self._named_steps
        stage = key.key in steps and bool(steps[key.key] & steps.get(other.key, set()))
        if stage:
            # "This is known as depolarization", "This is called repolarization", "This is what is known as the
            # threshold": the stages a section walks through, each named as it comes, are one kind.
            score += 4.5
        score += min(2.0, 0.5 * self.analysis.together(key.key, other.key))
        if len(key.key.split()) == len(other.key.split()):
            score += 0.5
        if other.key in self.halves:
            score -= 6  # "carpal" is half of "carpal bone": never an option
        if disguises(other.text, key.text, self.lexicon):
            score -= 6  # the adenoid inside the nasopharynx: a part, a whole or another name is never kin
        if not self.lexicon.is_term(other.text) and other.key not in self._kin and not stage:
            score -= 3  # an everyday word; not a name the material's own kin admitted (the "action potential")
        return score + 0.5 * self.analysis.prominence.get(other.key, 0)

    # --- containment and other names: the key in disguise, which the material itself reveals ------------------

    @cached_property
    def _phrases(self) -> Counter[str]:
        """Every run of two to four words the material writes, singular last word, with how often: "resting
        membrane potential" is how the material says the resting potential is a membrane potential."""
        found: Counter[str] = Counter()
        for sentence in self.analysis.sentences:
            words = [w for w in sentence.words if "'" not in w]
            for start in range(len(words)):
                for size in range(2, min(4, len(words) - start) + 1):
                    run = words[start : start + size]
                    found[" ".join((*run[:-1], singular(run[-1])))] += 1
        return found

    @cached_property
    def _singular_text(self) -> dict[int, str]:
        """Each sentence as its words in singular, space-padded: a term is named where " its key " occurs."""
        return {s.index: " " + " ".join(singular(w) for w in s.words) + " " for s in self.analysis.sentences}

    @cached_property
    def _phrases_by_first(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for phrase in self._phrases:
            found.setdefault(phrase.split(" ", 1)[0], []).append(phrase)
        return found

    @cached_property
    def _pairs_by_head(self) -> dict[str, list[str]]:
        """The two-word phrases by their last word: "graded potential", "action potential" under "potential"."""
        found: dict[str, list[str]] = {}
        for phrase in self._phrases:
            if phrase.count(" ") == 1:
                found.setdefault(phrase.rsplit(" ", 1)[1], []).append(phrase)
        return found

    @cached_property
    def _classes(self) -> frozenset[str]:
        """Terms the material names as a class with kinds: "these classes of ion channels", "types of
        channels", "three types of anchoring junctions". A kind of it offered beside it is a second right
        answer."""
        found: set[str] = set()
        for sentence in self.analysis.sentences:
            for match in _CLASS_OF.finditer(sentence.text):
                words = [singular(w) for w in words_of(match.group("what"))]
                if any(w in STOPWORDS or w in COMMON_WORDS for w in words):
                    continue  # "types of channels that is" was never a name
                found.update(" ".join(words[start:]) for start in range(len(words)))
        return frozenset(found)

    def contains_or_within(self, key: Term, text: str) -> bool:
        """Whether the material makes the option a class, a part or a container of the key, or the key one of
        the option: a second right answer or a give-away, whatever the vocabulary says."""
        option_key = match_key(text)
        option_words = option_key.split()
        if not option_words:
            return False
        option_head = singular(option_words[-1])
        key_words = key.key.split()
        # The key is a class the material divides into kinds, and the option is named as one of them (the
        # leakage, voltage-gated and nonspecific channels beside "ion channels"); or the reverse. Not two kinds
        # the material lists side by side ("tight junctions, anchoring junctions, and gap junctions").
        other = self._by_key.get(option_key)
        listed_together = other is not None and bool(key.lists & other.lists)
        if option_head == key.head and not listed_together:
            if len(option_words) > 1 and key.key in self._classes:
                return True
            if len(key_words) > 1 and option_key in self._classes:
                return True
        # One is the other with a qualifier the material adds: "resting membrane potential" makes the membrane
        # potential the genus of the resting potential, "resting transmembrane voltage" the transmembrane voltage.
        if len(key_words) > 1 and " ".join((*key_words[:-1], option_key)) in self._phrases:
            return True
        if len(key_words) > 1 and any(self.lexicon.is_synonym(genus, text) for genus in self._genera(key)):
            return True  # "Transmembrane potential", the vocabulary's other name of the membrane potential
        if len(option_words) > 1 and " ".join((*option_words[:-1], key.key)) in self._phrases:
            return True
        if self._part_of(key.key, option_words) or self._part_of(option_key, key_words):
            return True
        # A body fluid beside a substance it carries ("Gastric juice", "Mucus" beside intrinsic factor): a mixture,
        # not a molecule, and often the very fluid that contains the key.
        return self._fluid(text) and not self._fluid(key.text)

    def _genera(self, key: Term) -> set[str]:
        """What the material's longer names make the key a kind of: "resting membrane potential" → "membrane
        potential" for the resting potential."""
        cached = self._genera_cache.get(key.key)
        if cached is None:
            qualifier, head = " ".join(key.key.split()[:-1]) + " ", " " + key.head
            cached = self._genera_cache[key.key] = {
                p[len(qualifier) :]
                for p in self._phrases_by_first.get(key.key.split()[0], ())
                if p.startswith(qualifier) and p.endswith(head) and len(p) > len(key.key)
            }
        return cached

    def _fluid(self, text: str) -> bool:
        concept = self.lexicon.concept(text)
        if concept is not None:
            return any(t.startswith(_BODY_FLUIDS) for t in concept.tree_numbers)
        return match_key(text).rsplit(" ", 1)[-1] in _FLUID_HEADS

    def _part_of(self, whole: str, part_words: list[str]) -> bool:
        pair = (whole, part_words[-1])
        if pair not in self._part_cache:
            self._part_cache[pair] = self._written_as_part(whole, part_words)
        return self._part_cache[pair]

    def _written_as_part(self, whole: str, part_words: list[str]) -> bool:
        """The material writes the part as the whole's own: "the stomach mucosa's epithelial lining", "the
        epithelial cells of the stomach's mucosa" make the surface epithelium part of the mucosa."""
        root = _root(part_words[-1])
        if len(root) < 5 or root == _root(whole.split()[-1]):
            return False
        with_part = {s.index for s in self._sentences_by_prefix.get(root[:5], ())}
        both = [s for s in self._sentences_naming(whole) if s.index in with_part]
        if not both:
            return False
        whole_pattern = r"\s+".join(_loose(w) for w in whole.split())
        pattern = re.compile(
            rf"\b{whole_pattern}['’]s\s+(?:[a-z]+\s+)?{root}[a-z]*|\b{root}[a-z]*\s+(?:[a-z]+\s+){{0,2}}of\s+"
            rf"(?:the\s+)?(?:[a-z]+['’]s\s+|[a-z]+\s+)?{whole_pattern}\b",
            re.IGNORECASE,
        )
        return any(pattern.search(s.text) for s in both)

    def _sentences_naming(self, key: str) -> list[Sentence]:
        return self._sentences_by_prefix.get(key.split()[0][:5], [])

    @cached_property
    def _sentences_by_prefix(self) -> dict[str, list[Sentence]]:
        """The sentences with a word that begins so, by its first five letters: a quick look-up of where a
        term may be named (plural, adjective or possessive alike)."""
        found: dict[str, list[Sentence]] = {}
        for sentence in self.analysis.sentences:
            for prefix in {w[:5] for w in sentence.words}:
                found.setdefault(prefix, []).append(sentence)
        return found

    def also_named(self, key: Term) -> set[str]:
        """Other names the material gives the key, whatever their head: "A ligand-gated channel opens … This
        type of channel is also known as an ionotropic receptor", "X, also called Y", "Y (X)"."""
        cached = self._names_cache.get(key.key)
        if cached is not None:
            return cached
        names = set(self.analysis.names.get(key.key, set()))
        wanted = f" {key.key} "
        sentences = self.analysis.sentences
        for index in sorted({s.index for s in self._sentences_naming(key.key)}):
            if wanted not in self._singular_text[index]:
                continue
            for match in _ALSO_CALLED.finditer(sentences[index].text):
                first, other = normalise_term(match.group("first")), normalise_term(match.group("other"))
                if first == key.key or first.endswith(" " + key.key):
                    names.add(other)
                elif other == key.key:
                    words = first.split()
                    names |= {" ".join(words[i:]) for i in range(len(words))}  # the name before it, however long
            # "This type of channel is also known as …" right after a sentence that names the key.
            this = _THIS_IS_ALSO.match(sentences[index + 1].text) if index + 1 < len(sentences) else None
            if this and singular(this.group("head")) == key.head:
                names.add(normalise_term(this.group("other")))
        names = {n for n in names if n} - {key.key}
        self._names_cache[key.key] = names
        return names

    @cached_property
    def _named_steps(self) -> dict[str, set[int]]:
        """Names the material gives to what it has just described ("This is called repolarization"), by the
        sections that name them so."""
        found: dict[str, set[int]] = {}
        for sentence in self.analysis.sentences:
            for match in _THIS_IS_CALLED.finditer(sentence.text):
                found.setdefault(normalise_term(match.group("name")), set()).add(sentence.section)
        return found

    def _phenomenon(self, text: str) -> bool:
        concept = self.lexicon.concept(text)
        return concept is not None and all(t[:1] in "FGHIJKLMNVZ" for t in concept.tree_numbers)

    def _same_section(self, key: Term, other: Term) -> bool:
        sections = self._sections_of
        return bool(sections.get(key.key, set()) & sections.get(other.key, set()))

    @cached_property
    def _sections_of(self) -> dict[str, set[int]]:
        found: dict[str, set[int]] = {}
        keys = [t.key for t in self.pool]
        for sentence, present in zip(self.analysis.sentences, self.analysis.mentions(keys), strict=True):
            for key in present:
                found.setdefault(key, set()).add(sentence.section)
        return found

    def _ranked(self, key: Term, answer: str) -> list[Option]:
        """Every candidate for a key, most typed first; the same for each stem the key is asked in."""
        cached = self._ranked_for.get((key.key, answer))
        if cached is not None:
            return cached
        candidates = [
            Option(other.text, self.kinship(key, other), other)
            for other in (*self.pool, *self._material_kin(key))
            if other.key != key.key
        ]
        # Vocabulary siblings the material does not name: typed, but less telling than the material's own terms.
        # Any sibling for anatomy and diseases (other carpal bones, other heart valves); for chemicals and
        # processes only siblings with everyday names, since most are obscure ("Ceroids" beside fatty acids).
        concept = self.lexicon.concept(key.text)
        anatomy = concept is not None and any(t[:1] in "AC" for t in concept.tree_numbers)
        for sibling in self.lexicon.siblings(key.text, limit=12):
            if not anatomy and not all(word_frequency(w) > 0 for w in re.findall(r"[a-z]+", sibling.lower())):
                continue
            # Not the material's own term under another name ("Pulmonic Valve" for the pulmonary valve).
            if match_key(sibling) not in self._by_key and self.lexicon.concept(sibling) not in self._pool_concepts:
                candidates.append(Option(_like(sibling, answer), TYPED + 1.5))
        candidates = [o for o in candidates if o.kinship >= TYPED - 2]
        candidates.sort(key=lambda o: (-o.kinship, o.text))
        self._ranked_for[(key.key, answer)] = candidates
        return candidates

    def _material_kin(self, key: Term) -> list[Term]:
        found = self._sister_names(key) if " " in key.key else self._prefixed_kin(key)
        self._kin.update(t.key for t in found)
        return found

    def _prefixed_kin(self, key: Term) -> list[Term]:
        """Process words the material writes that differ from the key only by a prefix ("hyperpolarization"
        beside depolarization), though it names them too seldom to be terms: the same change in another
        direction is what a teacher offers for a phase of the action potential."""
        if kind_family(key.head) != "process":
            return []
        return [
            Term(text=word, key=word, count=count)
            for word, count in self.analysis.word_counts.items()
            if _one_root(key.head, word)
            and kind_family(word) == "process"
            and word not in self._by_key
            and word_frequency(word) < 3.0
        ]

    def _sister_names(self, key: Term) -> list[Term]:
        """Names the material gives other things of the key's head ("graded potentials", "action potential"
        beside the resting potential; "saltatory conduction" beside continuous conduction) that it uses too
        seldom, or too centrally, to be terms of the bank: the kinds of one thing the chapter itself sets
        side by side."""
        found = []
        for phrase in self._pairs_by_head.get(key.head, ()):
            count = self._phrases[phrase]
            if phrase in self._by_key:
                continue
            qualifier = phrase.split()[0]
            if qualifier in STOPWORDS or qualifier in MODIFIERS or len(qualifier) < 4:
                continue
            known = self.lexicon.concept(phrase) is not None  # "action potential" is a name, "action" everyday
            if known or (count >= 2 and qualifier not in COMMON_WORDS and word_frequency(qualifier) < 4.0):
                found.append(Term(text=phrase, key=phrase, count=count))
        return found

    def _class_of_kin(self, key: Term, option: str) -> bool:
        """The option is the vocabulary's class of a term of the key's own kind in the material ("Heart Valves"
        above the mitral valve, offered for the atrioventricular valves)."""
        cached = self._class_cache.get((key.head, option))
        if cached is None:
            cached = self.lexicon.concept(option) is not None and any(
                self.lexicon.contains(option, t.text) for t in self.pool if t.head == key.head and t.key != key.key
            )
            self._class_cache[(key.head, option)] = cached
        return cached

    def _borrows_well(self, key: Term, sibling: str) -> bool:
        """Whether the vocabulary's siblings of the key make plausible options: organs, tissues and diseases
        (other tonsils for a tonsil, other heart valves for a valve), but not chemicals ("Protein C" beside
        hemoglobin), processes ("Antibody Binding Site" beside phagocytosis), cell parts ("Cellulosomes" beside
        cilia) or body fluids ("Aqueous Humor" beside plasma), whose MeSH parents are too broad."""
        concept, other = self.lexicon.concept(key.text), self.lexicon.concept(sibling)
        if concept is None or other is None:
            return False
        if not self.lexicon.names_as_is(key.text):
            return False
        if "cell" in self.kinds_of(sibling, singular(sibling.lower().split()[-1])):
            return False  # a cell's siblings in the tree run to every cell of every animal ("Hemocytes")  # "blockage" found only as "Nasal Blockage": its siblings are nose diseases, not the key's
        # Siblings in an organ or disease branch of the tree, not in another branch the key is also filed in
        # (goblet cells are epithelium of the airway, and pituitary "Corticotrophs" only cells like them).
        parents = {t.rsplit(".", 1)[0] for t in concept.tree_numbers if _WELL_BORROWED.match(t) and "." in t}
        return any(t.rsplit(".", 1)[0] in parents for t in other.tree_numbers if "." in t)

    def _grounded(self, sibling: str, answer: str) -> bool:
        """A vocabulary sibling the material gives a student some footing for: a word of its name, other than
        the head it shares with the key, is a word of the material ("Lingual tonsils" where the tongue is
        discussed), not "Contact lens solution" beside a hypotonic solution or "Cellulosomes" beside cilia."""
        answer_words = {singular(w) for w in words_of(answer)}
        words = [singular(w) for w in words_of(sibling) if w not in STOPWORDS and len(w) > 2]
        own = [w for w in words if w not in answer_words]
        counts = self.analysis.word_counts
        return bool(own) and all(counts.get(w, 0) + counts.get(w + "s", 0) > 0 for w in own)

    def _outside_class(self, key: Term, option: Option) -> bool:
        """The key names its class ("goblet cells", "nasal bone", "thyroid cartilage") and the option is of
        another class, unless the vocabulary files both under one parent."""
        if " " not in key.key or key.head not in CLASS_WORDS:
            return False
        head = option.term.head if option.term is not None else singular(option.text.lower().split()[-1])
        if head == key.head or kind_family(head) == kind_family(key.head) is not None:
            return False
        return not self.lexicon.same_kind(key.text, option.text)

    def _describing_word(self, text: str) -> bool:
        """One word that describes ("Pharyngeal", "Alveolar", "Maxillary") rather than names a thing; a word the
        vocabulary names by itself ("Capillary", "Molar") is a thing."""
        words = text.split()
        if len(words) != 1 or not words[0].lower().endswith(_ADJECTIVE_ENDINGS):
            return False
        concept = self.lexicon.concept(words[0])
        return concept is None or match_key(concept.name) != match_key(words[0])

    def describes(self, option: Option) -> bool:
        """An everyday describing word before a generic noun ("Elongated shaft", "Bony prominence", "Receiving
        chamber", "Various anemias"): how the text describes something, not the name of a structure. A name the
        vocabulary knows, or one the material defines, is a name whatever its words."""
        words = [w for w in words_of(option.text) if w not in STOPWORDS]
        if len(words) < 2 or self.lexicon.concept(option.text) is not None:
            return False
        if option.term is not None and option.term.definition:
            return False  # "long bone", "flat bone": kinds the material itself defines
        if words[0] in QUANTIFIERS:
            return True
        return singular(words[-1]) in GENERIC_HEADS and all(_describing(w) for w in words[:-1])

    def _body_part(self, text: str) -> bool:
        """A part of the body the vocabulary files as anatomy: "Arm", "Elbow", "Stomach" are everyday words and
        still the right kind beside the forearm or the esophagus."""
        return _categories(self.lexicon, text) == {"body part"}

    def kinds_of(self, text: str, head: str) -> frozenset[str]:
        """What kind of thing a name is: by its head ("tuberosity" a landmark, "-cyte" a cell, "joint"), else by
        where the vocabulary files it (the calcaneus under the bones, gastrin under the hormones)."""
        family = next(
            (f for h in _latin_singulars(head) if (f := kind_family(h) or _HEAD_KINDS.get(h)) is not None), None
        )
        if family is not None:
            return frozenset((family,))
        concept = self.lexicon.concept(text)
        if concept is None:
            return frozenset()
        return frozenset(
            next((kind for prefix, kind in _TREE_KINDS if tree.startswith(prefix)), "") for tree in concept.tree_numbers
        ) - {""}

    def _kinds_apart(self, key: Term, option: Option) -> bool:
        """The key and the option are known to be of different kinds: by their heads or the vocabulary's
        families (a joint and a bone, a chamber and a valve, a cell and a muscle), or one is a body part, another
        a chemical, another a disease."""
        head = _head_of_option(option)
        kinds, other = self.kinds_of(key.text, key.head), self.kinds_of(option.text, head)
        if kinds and other and not kinds & other:
            return True
        if kinds & _ONLY_OWN_KIND and not other and not (option.term is not None and key.lists & option.term.lists):
            return True  # "Fetal heart" for a cardiomyocyte: a cell's options must be known to be cells
        first, second = _categories(self.lexicon, key.text), _categories(self.lexicon, option.text)
        return bool(first and second and not first & second)

    def _crosses_genus(self, key: Term, option: Option) -> bool:
        """The material calls the key a kind of X ("Osmosis is the diffusion of water", "the endothelium, an
        epithelium") and the option is another X named by a qualifier ("simple diffusion", "squamous epithelium"):
        those sort X along another line, and the key may be one of them (osmosis is a simple diffusion of water,
        the endothelium a squamous epithelium), a second right answer."""
        genus = key.genus
        if not genus or key.head == genus or " " not in option.text.strip():
            return False
        if genus in CLASS_WORDS or kind_family(genus) in _NAMED_ONE_BY_ONE:
            return False  # the calcaneus, "the heel bone", is no other bone: named bones never overlap
        return _head_of_option(option) == genus

    def _surely_near(self, key: Term, option: Option, anchors: list[str]) -> bool:
        """Near by the material's list or the vocabulary's tree, not merely unknown to it."""
        return self.lexicon.concept(option.text) is not None or bool(
            option.term is not None and key.lists & option.term.lists
        )

    def _near(self, key: Term, option: Option, anchors: list[str]) -> bool:
        """Listed with the key, or filed by the vocabulary within the grandparent of the key (or of what stands
        for it): the talus or a metatarsal for the calcaneus, a neutrophil for a lymphocyte; not the femur, not an
        erythrocyte. A name the vocabulary lacks cannot be judged so, and passes."""
        if option.term is not None and key.lists & option.term.lists:
            return True
        if self.lexicon.concept(option.text) is None:
            return True
        return not anchors or any(_tree_steps(self.lexicon, anchor, option.text) <= 2 for anchor in anchors)

    def _anchors(self, key: Term, candidates: list[Option]) -> list[str]:
        """Where the key stands in the vocabulary: itself when it is known; else the terms the material lists
        with it; else its most typed known candidate ("cuboid", unknown, stands by the calcaneus, not the fibula)."""
        if self.lexicon.concept(key.text) is not None:
            return [key.text]
        mates = [
            t.text
            for t in self.pool
            if t.key != key.key and key.lists & t.lists and self.lexicon.concept(t.text) is not None
        ]
        if mates:
            return mates
        best = next((o for o in candidates if o.kinship >= TYPED and self.lexicon.concept(o.text) is not None), None)
        return [best.text] if best is not None else []

    def _near_enough(self, key: Term, candidates: list[Option], anchors: list[str]) -> bool:
        """Whether the material names at least three of the key's near kin: then only near kin are offered. Where
        it names fewer, a cousin ("Esophagus" beside the duodenum and jejunum) still completes the item."""
        near = [
            o
            for o in candidates
            if o.term is not None  # named by the material, not lent by the vocabulary
            and o.kinship >= TYPED
            and self._near(key, o, anchors)
            and self._surely_near(key, o, anchors)
            and not self.describes(o)
        ]
        return len(near) >= 3

    def for_term(
        self,
        key: Term,
        answer: str,
        stem: str,
        *,
        count: int = 3,
        also_true: set[str] | None = None,
        stem_terms: tuple[str, ...] = (),
    ) -> list[Option] | None:
        """``count`` options of the key's kind, or None when the material and vocabulary cannot give them."""
        stem_words = content_words(stem) | set(match_key(stem).split())
        # Typed options first, and among options about as typed, the ones the bank has offered least: the same
        # four process names under every item is a pool, not a set of distractors.
        candidates = sorted(
            self._ranked(key, answer),
            key=lambda o: (o.kinship < TYPED, -(o.kinship - _reuse_cost(self._offered[match_key(o.text)]))),
        )
        chosen: list[Option] = []
        borrowed = 0  # vocabulary siblings the material does not name
        anchors = self._anchors(key, candidates)
        near_only = self._near_enough(key, candidates, anchors)
        for option in candidates:
            if option.kinship < TYPED:
                # Fewer, better items: a loosely related word ("Circulation" beside "Percent saturation") teaches
                # nothing, so without three options of the key's kind the item is dropped.
                break
            if self._offered[match_key(option.text)] >= _MOST_OFFERED:
                continue  # "Lactic acids", "Mitochondria" under every item: a recycled pool, not distractors
            if self.describes(option):
                continue  # "Bony prominence", "Elongated shaft": a description, not a landmark a teacher names
            if (
                _everyday_word(option.text)
                and not self._body_part(option.text)
                and not self.lexicon.is_term(option.text)
            ):
                continue  # "Motion" beside diffusion and filtration: a word of everyday English, not a term
            if self._kinds_apart(key, option):
                continue  # a joint for a bone, a valve for a chamber, a protein for an organ
            if near_only and not self._near(key, option, anchors):
                continue  # the femur among foot bones, red cells among white cells, when nearer kin are named
            if _heading(option.text, answer) or _mass_noun_plural(self.lexicon, option.text, answer):
                continue  # "Connective and soft tissue neoplasms"; "ATP" made "ATPs" beside "Sarcomeres"
            if _sorted_another_way(key.key, match_key(option.text)):
                continue  # "Thin filaments" beside actin filaments: by size one, by substance the other, maybe both
            if self._crosses_genus(key, option):
                continue  # "Simple diffusion" for osmosis, "a diffusion": the key may well be one of those too
            if option.term is None and _category_name(option.text, answer):
                continue  # "Plasma cell neoplasms" beside leukemia: the vocabulary's class, named in the plural
            if (content_words(option.text) | set(match_key(option.text).split())) & stem_words - _SHARED_WORDS:
                continue  # the stem names it ("atrium" in the stem, "Atria" offered): no distractor
            if disguises(option.text, answer, self.lexicon):
                continue
            if _same_family(option.text, answer):
                continue  # "Intestinal mucosa" or "Lower gastrointestinal tract" beside "Intestines": part or whole
            if option.text.lower().split()[-1] in _CATEGORY_HEADS and key.head not in _CATEGORY_HEADS:
                continue  # "Bone marrow disease" beside polycythemia: a category, not one of the key's kind
            if self._outside_class(key, option):
                continue  # "Mucus", "Lysozyme enzyme" offered for "Goblet cells": a cell's distractors are cells
            if self._describing_word(option.text) != self._describing_word(answer):
                continue  # "Phagocytic", "Pharyngeal" offered for a thing, or a thing for "Maxillary"
            if option.term is None and (
                borrowed >= _MOST_BORROWED
                or not (self._borrows_well(key, option.text) or self._grounded(option.text, answer))
            ):
                continue
            if option.term is not None and option.term.head in VAGUE_HEADS and key.head not in VAGUE_HEADS:
                continue  # "Passageway" beside the oropharynx: a word for any tube
            if any(disguises(option.text, picked.text, self.lexicon) for picked in chosen):
                continue
            if also_true is not None and option.term is not None and option.term.key in also_true:
                continue
            if self.analysis.one_includes_other(key.key, _key_of(option)):
                continue  # a group and its member: both right
            if self.contains_or_within(key, option.text):
                continue  # "Ion channels" beside the leakage channel, "Gastric juice" beside intrinsic factor
            if _key_of(option) in self.also_named(key):
                continue  # "ionotropic receptor", which the material says is another name of the key
            if any(
                self.lexicon.contains(option.text, named) or self.lexicon.is_synonym(option.text, named)
                for named in stem_terms
            ):
                continue  # "Pharynx" in a question about what borders the oropharynx: the subject's own whole
            if self._class_of_kin(key, option.text):
                continue  # "heart valves" beside "atrioventricular valves": the class the key's kind falls under
            chosen.append(option)
            borrowed += option.term is None
            if len(chosen) == count:
                self._offered.update(match_key(o.text) for o in chosen[:3])
                return chosen
        return None


def _one_root(a: str, b: str) -> bool:
    """Two process words that differ only by a prefix: "depolarization" and "repolarization", "endocytosis" and
    "exocytosis" (the shared ending is a word's worth of letters, not just "-ation")."""
    shared = 0
    while shared < min(len(a), len(b)) and a[-1 - shared] == b[-1 - shared]:
        shared += 1
    return a != b and shared >= 7


def _structure(head: str) -> bool:
    return head in STRUCTURE_HEADS or kind_family(head) in _STRUCTURE_FAMILIES


# What one earlier offer costs an option in the ranking: enough to prefer an unused option of nearly the same
# kinship, never enough to put a loosely typed one before a sibling.
_REUSE_COST = 0.3


def _reuse_cost(offered: int) -> float:
    """A little for each earlier offer: among options about as typed, the one the bank has offered least."""
    return _REUSE_COST * min(2, offered)


# Kinds whose members are named one by one and never overlap (bones, joints, cells), unlike processes and
# fluids, which the material sorts along several lines at once (simple or facilitated; of water or of solutes).
_NAMED_ONE_BY_ONE = frozenset("landmark chamber valve vessel cell joint nerve gland hormone enzyme ion".split())
# Kinds whose options must be known to be of the kind too, not merely not known to differ.
_ONLY_OWN_KIND = frozenset("cell chamber valve joint layer hormone enzyme".split())
_STRUCTURE_FAMILIES = frozenset("landmark chamber valve vessel layer epithelium septum joint".split())


def _key_of(option: Option) -> str:
    return option.term.key if option.term else match_key(option.text)


def _like(name: str, answer: str) -> str:
    """A vocabulary name shaped like the answer: "Hamate Bone" beside "Pisiform" reads "Hamate"."""
    words, answer_words = name.split(), answer.split()
    if len(words) > 1 and len(answer_words) == 1 and words[-1].lower() in {"bone", "bones", "muscle", "nerve"}:
        return " ".join(words[:-1])
    if answer[:1].islower():
        return name.lower() if not any(w.isupper() and len(w) > 1 for w in words) else name
    return name


def nearby_numbers(fact: NumberFact, shown: str = "") -> list[str] | None:
    """Three plausible wrong figures in the key's unit, made by scaling the key (half, double, one and a half
    times …). The material's other figures are not used: a figure of another fact ("24 percent" of the CO2
    beside "25 percent" of the cells) is either a second right answer or a give-away. Never an impossible
    figure: no percentage of 100 or more unless the key is one."""
    like = fact.value.split()[0] if fact.unit else fact.value
    n = fact.number
    ceiling = 100 if fact.unit in ("%", "percent") and n < 100 else math.inf
    whole = "." not in like
    pool: list[float] = []
    for factor in (0.5, 2.0, 1.5, 0.75, 3.0, 0.25, 4.0):
        value = n * factor
        if whole:
            # Round to the key's own precision ("25" → 12 or 50, "300" → 150 or 600), never to a fraction.
            step = 10 ** max(0, int(math.log10(max(1, n))) - 1)
            value = round(value / step) * step
        pool.append(value)
    # A figure the stem itself prints ("12 cm … 8 cm wide, 6 cm thick") is eliminated at sight.
    seen = {_format_like(n, like)} | set(re.findall(r"\d[\d,.]*", shown))
    options = []
    for value in pool:
        if value <= 0 or value >= ceiling:
            continue
        text = _format_like(value, like)
        if text not in seen:
            seen.add(text)
            options.append(text)
        if len(options) == 3:
            return options
    return None


def _format_like(value: float, like: str) -> str:
    decimals = len(like.split(".")[1]) if "." in like else 0
    if decimals:
        return f"{value:.{decimals}f}"
    return f"{int(round(value)):,}" if "," in like else str(int(round(value)))


_WORD = re.compile(r"[a-z]+")
# At most this many options per item from the vocabulary alone: a teacher writes distractors from what the chapter
# teaches beside the key; the vocabulary's siblings of a key ("Cerumen", "Colostrum" beside bile; "Antibody
# binding site" beside phagocytosis) are of its branch but seldom plausible, so they only complete an item.
_MOST_BORROWED = 3
# Not from A10 either, whose siblings of a tissue are the tissues of every organ ("Corneal epithelium", "Pigment
# epithelium of eye" beside the heart's endothelium). Not from C23, MeSH's catch-all of signs and pathological changes: its siblings ("Airway remodeling", "Agenesis
# of corpus callosum" beside hypertrophy) are only offered when the material gives a student some footing for them.
_WELL_BORROWED = re.compile(r"^(?:A0[1-9]|A14|A15|C(?!23))")
# At most this many items of one section offer the same distractor.
_MOST_OFFERED = 99
_ADJECTIVE_ENDINGS = ("ic", "ous", "ive", "eal", "ial", "al", "lar", "ary")


# "these classes of ion channels", "two types of channels", "three types of anchoring junctions".
_CLASS_OF = re.compile(
    r"\b(?:types|classes|kinds|categories)\s+of\s+(?P<what>(?:[A-Za-z][A-Za-z\-]*\s+){0,2}?[A-Za-z][A-Za-z\-]*?s)\b",
    re.IGNORECASE,
)
# "X, also called Y", "X, also known as Y", "X (Y)", "X, or Y,": two names of one thing, whatever their heads.
_ALSO_CALLED = re.compile(
    r"(?P<first>[A-Za-z][A-Za-z\-]*(?:\s+[A-Za-z][A-Za-z\-]*){0,3})\s*(?:,\s*(?:also\s+)?(?:called|known as|"
    r"termed|referred to as)\s+(?:an?\s+|the\s+)?|\()(?P<other>[A-Za-z][A-Za-z\-]*(?:\s+[A-Za-z][A-Za-z\-]*){0,3})"
    r"(?=[.,;)]|$)"
)
# "This type of channel is also known as an ionotropic receptor", after a sentence about the key.
_THIS_IS_ALSO = re.compile(
    r"^(?:This|That)\s+(?:type\s+of\s+|kind\s+of\s+)?(?P<head>[a-z]+)\s+is\s+(?:also\s+)?(?:called|known as|"
    r"termed|referred to as)\s+(?:an?\s+|the\s+)?(?P<other>[A-Za-z][A-Za-z\-]*(?:\s+[A-Za-z][A-Za-z\-]*){0,2}?)"
    r"(?=\s+(?:because|which|that|when|where|and)\b|[.,;(]|$)"
)
# "This is known as depolarization, meaning …", "This is what is known as the threshold.", "That effect is referred
# to as the refractory period."
_THIS_IS_CALLED = re.compile(
    r"\b(?:This|That)(?:\s+[a-z]+)?\s+is\s+(?:what\s+is\s+)?(?:called|known as|referred to as|termed)\s+"
    r"(?:the\s+|an?\s+)?(?P<name>[a-z][a-z\-]*(?:\s+[a-z][a-z\-]*){0,2}?)(?=\s*(?:[.,;:(]|$|\s+(?:and|because|which)\b))"
)
# MeSH's body fluids (A12.200 secretions, A12.207 blood and other fluids).
_BODY_FLUIDS = ("A12.200", "A12.207", "A12.383")
_FLUID_HEADS = frozenset("juice fluid secretion secretions".split())
# Endings stripped to compare two words' roots: "pyloric" and "pylorus", "intestinal" and "intestine".
_ENDINGS = ("ically", "ical", "ous", "ary", "ic", "al", "ar", "ine", "us", "um", "ia", "ae", "a", "e", "i", "y")


def _root(word: str) -> str:
    word = singular(word.lower())
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def _loose(word: str) -> str:
    """A word of a term as a pattern that takes its plural and a hyphen or space inside ("voltage-gated")."""
    return re.escape(word).replace(r"\-", r"[\s-]")


_CATEGORY_HEADS = frozenset(
    "disease diseases disorder disorders condition conditions syndrome syndromes neoplasm neoplasms".split()
)
# Kinds named by a head the families do not cover: a bone for a bone, a muscle for a muscle.
_HEAD_KINDS = {"bone": "bone", "muscle": "muscle"}
# Kinds by where the vocabulary files a name, most specific first: cell parts before cells.
_TREE_KINDS = (
    ("A02.835.232", "bone"),
    ("A11.284", "cell part"),
    ("A11", "cell"),
    ("A15.145.229", "cell"),
    ("A07.541.358", "chamber"),
    ("A07.541.560", "chamber"),
    ("A07.541.510", "valve"),
    ("A07.231", "vessel"),
    ("D06.472", "hormone"),
    ("D08.811", "enzyme"),
    # Classes of chemicals a teacher keeps apart: no protein offered as a fuel, no sugar as a filament.
    ("D01", "inorganic"),
    ("D09", "carbohydrate"),
    ("D10", "lipid"),
    ("D12.776", "protein"),
    # What is left of the organ systems: organs and their parts, never a cell or a chemical.
    ("A0", "organ part"),
    ("A14", "organ part"),
    ("C", "disease"),
)


def _categories(lexicon, text: str) -> frozenset[str]:
    """Body part, substance (a chemical or a body fluid) or disease, by the vocabulary's top branches."""
    concept = lexicon.concept(text)
    if concept is None:
        return frozenset()
    found = set()
    for tree in concept.tree_numbers:
        if tree.startswith(("A12", "D")):
            found.add("substance")
        elif tree.startswith("A"):
            found.add("body part")
        elif tree.startswith("C"):
            found.add("disease")
    return frozenset(found)


def _tree_steps(lexicon, key: str, option: str) -> int:
    """How many steps up from either name the vocabulary's nearest common ancestor of the two lies (1 for
    siblings, 2 for cousins under one grandparent that is itself a specific kind, not an organ system; the femur
    is 3 from the calcaneus's side); 0 when either is unknown, so the check never applies."""
    first, second = lexicon.concept(key), lexicon.concept(option)
    if first is None or second is None:
        return 0
    best = 99
    for tree in first.tree_numbers:
        parts = tree.split(".")
        for other in second.tree_numbers:
            other_parts = other.split(".")
            shared = 0
            for a, b in zip(parts, other_parts, strict=False):
                if a != b:
                    break
                shared += 1
            steps = max(len(parts), len(other_parts)) - shared
            if steps >= 2 and shared < 2:
                continue  # cousins only under a specific grandparent: all of A04 is "the respiratory system"
            if shared:
                best = min(best, steps)
    return best


def _describing(word: str) -> bool:
    """A word that describes rather than names: a shape or size word, or a participle ("elongated", "roughened",
    "receiving"); an anatomical direction ("medial", "greater") is part of a name."""
    if word in MODIFIERS:
        return False
    if word in DESCRIBING_WORDS or (len(word) > 5 and word.endswith(("ed", "ing"))):
        return True
    if word.endswith(("philic", "phobic", "pathic")):
        return True  # "Hydrophilic molecule", "Amphipathic molecule": a property, not a molecule's name
    # "thickest layer", "larger vessel", "outermost layer": a describing word compared is still a description.
    for ending in ("est", "er", "most"):
        stem = word[: -len(ending)]
        if word.endswith(ending) and (stem in DESCRIBING_WORDS or stem + "e" in DESCRIBING_WORDS):
            return True
    return False


def _sorted_another_way(key: str, option: str) -> bool:
    """Two names of one head, one qualified by a describing word and the other not ("thin filaments", "actin
    filaments"): they sort the head along different lines, so one thing may carry both names."""
    key_words, option_words = key.split(), option.split()
    if len(key_words) != 2 or len(option_words) != 2 or singular(key_words[1]) != singular(option_words[1]):
        return False
    return (key_words[0] in DESCRIBING_WORDS) != (option_words[0] in DESCRIBING_WORDS)


def _everyday_word(text: str) -> bool:
    """One word a reader meets every day ("Motion", "Membrane"): no term of the key's kind."""
    words = text.split()
    return len(words) == 1 and word_frequency(words[0].lower()) >= 4.0


def _latin_singulars(head: str) -> tuple[str, ...]:
    """The head as written and as the Latin singular a plural may hide: "septa" is the septum's kind, "atria"
    the atrium's, "fossae" the fossa's."""
    if head.endswith("ae"):
        return head, head[:-1]
    if head.endswith("a") and len(head) > 4:
        return head, head[:-1] + "um"
    return (head,)


def _head_of_option(option: Option) -> str:
    return option.term.head if option.term is not None else singular(option.text.lower().split()[-1])


def _category_name(option: str, answer: str) -> bool:
    """A vocabulary name that stays plural beside a singular key ("Plasma cell neoplasms", "Odontogenic tumors"
    beside leukemia): the vocabulary names its classes in the plural and its members in the singular."""
    return _is_plural_word(option.split()[-1]) and not _is_plural_word(answer.split()[-1])


def _is_plural_word(word: str) -> bool:
    word = word.lower()
    return singular(word) != word and not word.endswith(("is", "us", "ss"))


def _heading(option: str, answer: str) -> bool:
    """A vocabulary heading that joins two classes ("Connective and soft tissue neoplasms"): a chapter of a
    classification, never one thing of the key's kind."""
    return " and " in option.lower() and " and " not in answer.lower()


def _mass_noun_plural(lexicon, option: str, answer: str) -> bool:
    """A chemical offered beside a plural key would be made plural ("ATPs", "Lactic acids"): a substance is no
    countable thing, so it is left out rather than pluralised."""
    plural = _is_plural_word(answer.split()[-1])
    return (
        plural
        and _categories(lexicon, option) == {"substance"}
        and singular(option.split()[-1]) == option.split()[-1].lower()
    )


def _same_family(option: str, answer: str) -> bool:
    """The option and the key share a word stem of five letters or more ("intestinal", "gastrointestinal"
    beside "intestine"): a part, a whole or a synonym of the key, never a clean wrong answer."""
    option_words, answer_words = _WORD.findall(option.lower()), _WORD.findall(answer.lower())
    if not option_words or not answer_words:
        return False
    for i, word in enumerate(option_words):
        for j, key_word in enumerate(answer_words):
            if i == len(option_words) - 1 and j == len(answer_words) - 1:
                continue  # the heads: "basement membrane" and "plasma membrane", "bronchi" and "bronchioles"
            if min(len(word), len(key_word)) >= 5 and (key_word[:6] in word or word[:6] in key_word):
                return True
            if len(_root(word)) >= 5 and _root(word) == _root(key_word):
                return True  # "pyloric antrum" beside "pylorus": a part named by the key's adjective
    return False
