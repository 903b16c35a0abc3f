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
from dataclasses import dataclass
from functools import cached_property

from studybuddy.generation.lexicon import match_key, word_frequency
from studybuddy.generation.quality import disguises

from .analysis import Analysis, NumberFact, Term, singular, words_of
from .vocabulary import CLASS_WORDS, STOPWORDS, STRUCTURE_HEADS, VAGUE_HEADS, kind_family

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
                score += 5
            elif (family := kind_family(key.head)) is not None and family == kind_family(other.head):
                # "-ation" makes a process of "circulation" and "saturation" alike: only technical words
                # (depolarization, repolarization) are one kind by their ending.
                if family != "process" or max(word_frequency(key.head), word_frequency(other.head)) < 3.0:
                    score += 4.5
            if key.genus and (other.genus == key.genus or other.head == key.genus):
                score += 4
            elif _structure(key.head) and _structure(other.head) and self._same_section(key, other):
                # Two named parts of one organ the material describes together ("fossa ovalis", "moderator band",
                # "interatrial septum"): a teacher's distractors for a structure are its neighbours, the more so
                # when they share a qualifier ("alveolar duct", "alveolar sac").
                score += 2.5
                if " " in key.key and " " in other.key and key.key.split()[0] == other.key.split()[0]:
                    score += 1.5
        score += min(2.0, 0.5 * self.analysis.together(key.key, other.key))
        if len(key.key.split()) == len(other.key.split()):
            score += 0.5
        if other.key in self.halves:
            score -= 6  # "carpal" is half of "carpal bone": never an option
        if not self.lexicon.is_term(other.text):
            score -= 3
        return score + 0.5 * self.analysis.prominence.get(other.key, 0)

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
            Option(other.text, self.kinship(key, other), other) for other in self.pool if other.key != key.key
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
        candidates = self._ranked(key, answer)
        chosen: list[Option] = []
        borrowed = 0  # vocabulary siblings the material does not name
        for option in candidates:
            if option.kinship < TYPED:
                # Fewer, better items: a loosely related word ("Circulation" beside "Percent saturation") teaches
                # nothing, so without three options of the key's kind the item is dropped.
                break
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
            if any(self.lexicon.contains(option.text, named) for named in stem_terms):
                continue  # "Pharynx" in a question about what borders the oropharynx: the subject's own whole
            if self._class_of_kin(key, option.text):
                continue  # "heart valves" beside "atrioventricular valves": the class the key's kind falls under
            chosen.append(option)
            borrowed += option.term is None
            if len(chosen) == count:
                return chosen
        return None


def _structure(head: str) -> bool:
    return head in STRUCTURE_HEADS or kind_family(head) in _STRUCTURE_FAMILIES


_STRUCTURE_FAMILIES = frozenset("landmark chamber valve vessel layer septum joint".split())


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
_WELL_BORROWED = re.compile(r"^(?:A0[1-9]|A10|A14|C)")
_ADJECTIVE_ENDINGS = ("ic", "ous", "ive", "eal", "ial", "al", "lar", "ary")



_CATEGORY_HEADS = frozenset("disease diseases disorder disorders condition conditions syndrome syndromes".split())


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
    return False
