"""Writing MCQs that test what the book teaches, from an Analysis of repaired sentences.

The key is always a specific, examinable term or number: a vocabulary entry that is not everyday English, a term
the material defines, lists or names in a heading, never a common word, half of a term, the section's own topic or
an abbreviation the stem spells out. Stems stand alone and read as NEET-style questions:

- definition → term: "Which of the following is the medial bone of the forearm?"
- relation, with the key as subject: "Which of the following articulates with the radius bone of the forearm?";
  as a part: "Which part of the radius is the narrowed region immediately below the expanded head?"; as object:
  "The capitulum articulates with which bone of the forearm?"; cause → effect ("… resulting in which of the
  following?")
- exception from a stated list: "Which of the following is NOT one of the bones in the proximal row?"
- numeric facts: "How many bones are there in each upper limb?"
- a cloze only when none of those shapes fits and the blank is a whole term.

Difficulty follows cognitive demand: recall (definitions) < relation < exception or cause → effect. Distractors
are typed (distractors.py). Explanations quote the source, name the key's kind and, where the material says
something about a tempting distractor, quote that too. Every question carries its source sentence.
"""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass
from functools import cached_property

from studybuddy.generation.quality import near_duplicate, question_problems, repeats_root
from studybuddy.generation.schemas import LABELS, Question, QuestionOption, QuestionSource

from .analysis import Analysis, NumberFact, Sentence, StatedList, Term, singular, words_of
from .distractors import TYPED, Distractors, Option, content_words, nearby_numbers
from .relations import Relation
from .sentence_choice import relations_of
from .vocabulary import CLASS_WORDS, COMMON_WORDS, MODIFIERS, STOPWORDS, VAGUE_HEADS

# Below this, wordfreq's small list reads 0: the word is rare in general English.
RARE_ZIPF_SMALL = 3.0
# At or above this every word of a name is everyday English ("blood vessels" 5.1 / 4.2, "lungs" 4.0; "endocrine"
# is 3.1).
EVERYDAY_ZIPF = 3.9

BLANK = "_____"
_MIN_WORDS, _MAX_WORDS = 6, 40
# Finite verbs that can follow a subject term ("The capitulum articulates with …").
_VERB_START = re.compile(
    r"^(?:is|are|was|were|has|have|forms?|articulates?|contains?|receives?|secretes?|produces?|supplies|supply|"
    r"drains?|carries|carry|lines?|covers?|separates?|connects?|joins?|unites?|lies|lie|runs?|extends?|"
    r"consists?|provides?|allows?|prevents?|transports?|stimulates?|inhibits?|regulates?|controls?|releases?|"
    r"serves?|acts?|attaches?|surrounds?|encloses?|passes|pass|opens?|empties|empty|originates?|arises?|"
    r"projects?|spans?|makes?|gives?|binds?|converts?|stores?|causes?|leads?|results?|increases?|decreases?|"
    r"helps?|enables?|functions?|protects?|anchors?|holds?|reinforces?|delivers?|returns?|sends?|divides?|"
    r"appears?|becomes?|resembles?|can|may|must|will|also)\b"
)
_NAMING = re.compile(r"\b(?:called|known as|termed|referred to as|named)\s+(?:the\s+|an?\s+)?$", re.IGNORECASE)
_CAUSING = re.compile(
    r"\b(?:resulting in|results in|leads? to|leading to|causes?|causing|produces?|producing|triggers?)\s+(?:the\s+|an?\s+)?$",
    re.IGNORECASE,
)
# What one thing does to another: a cause → effect item is harder than recall of a name or a place.
_CAUSE_VERB = re.compile(
    r"^\s*(?:causes?|triggers?|stimulates?|inhibits?|activates?|blocks?|prevents?|increases?|decreases?|"
    r"opens?|closes?|depolarizes?|hyperpolarizes?|results? in|leads? to|allows?|enables?)\b",
    re.IGNORECASE,
)
_ENDS_WITH_MODIFIER = re.compile(
    r"\b(?:proximal|distal|lateral|medial|anterior|posterior|superior|inferior|left|right|upper|lower|inner|outer|"
    r"greater|lesser|\w+er|two|three|four|five|several|both|these|this|its|their)\s*$",
    re.IGNORECASE,
)
_ADJECTIVE_BEFORE = re.compile(
    r"(?:\b[a-z]{3,}(?:ic|al|ous|ive|ary|ble|ent|ant)|\b(?:third|fourth|fifth|sixth)|,\s*(?:thin|thick|small|large|"
    r"long|short|flat|smooth|rough|wide|narrow|deep|soft|hard|dense|loose|tough|elastic|flexible))\s*$"
)
# ", and the Na+/K+ pump restores them", ", so the sodium cation entering the cell will …": a clause of its own.
_SECOND_CLAUSE = re.compile(r",\s+(?:and\s+(?:so\s+)?|so\s+)(?:the|a|an|this|these|it|they)\b.*$")
# "the resting transmembrane voltage of the ": a named thing whose owner follows.
_OWNER_BEFORE = re.compile(r"(?P<owner>[A-Za-z][\w\-+/]*)\s+of\s+(?:the\s+)?$")
# "three Na+ ions", "two adjacent layers of phospholipids", "two gates": a count in words before what it counts.
_COUNT_WORDS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
_COUNT = re.compile(
    rf"\b(?P<count>{'|'.join(_COUNT_WORDS)})\s+(?P<noun>(?:[A-Za-z+/\-]+\s+){{0,2}}?[a-z]{{3,}}(?<!s)s)\b",
    re.IGNORECASE,
)
# "one of two general methods", "one or two orders of magnitude", "the same four layers", "all three phases":
# a count that is no fact of its own, or repeats one the text stated before.
_HEDGED_COUNT = re.compile(
    rf"\b(?:one (?:of|or)|same|all|both|these|those|the) (?:{'|'.join(_COUNT_WORDS)})\b", re.IGNORECASE
)
# "some authorities recognizing two size classes and others three": a disagreement, not a figure to learn.
_OTHERS_COUNT = re.compile(rf"\bothers?\s+(?:{'|'.join(_COUNT_WORDS)})\b|\bsome authorities\b", re.IGNORECASE)
_NUMBER_WORD = rf"(?:\d|(?:one|{'|'.join(_COUNT_WORDS)})\b)"
_RANGE_AFTER = re.compile(rf"^\s*(?:[–\-]\s*|(?:to|or)\s+){_NUMBER_WORD}", re.IGNORECASE)
_RANGE_BEFORE = re.compile(rf"{_NUMBER_WORD}\s*(?:[–\-]|\s(?:to|or))\s*$", re.IGNORECASE)
_VAGUE_COUNTED = frozenset("solution substance thing way method type kind part end side order time".split())
# The adjective a whole's parts are named with: "gastric mucosa" is of the stomach, "cardiac muscle" of the heart.
_STEM_OF_WHOLE = {
    "stomach": ("gastric",),
    "heart": ("cardiac", "coronary"),
    "lung": ("pulmonary",),
    "kidney": ("renal",),
    "liver": ("hepatic",),
    "skin": ("cutaneous", "dermal"),
}
_ARTICLE_BEFORE = re.compile(r"\b(a|an|A|An)\s+$")
_CLASS_AFTER = re.compile(r"^\s+(bones?|muscles?|nerves?|arter(?:y|ies)|veins?|glands?|cells?|valves?)\b(?P<rest>.*)$")


@dataclass
class Candidate:
    question: Question
    score: float
    answer_key: str
    sentence: int
    section: int
    kind: str  # definition | relation | part | object | cause | exception | number | describe | cloze
    lead: int = -1  # the sentence before, when the stem carries it: no other item may blank it
    typed: int = 3  # distractors of the key's own kind (kinship ≥ 6)


def _stable_id(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:24]


def _display(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:] if text else text


def _question_mark(text: str) -> str:
    return re.sub(r"[\s.;:,]+$", "", text) + "?"


class QuestionWriter:
    def __init__(self, analysis: Analysis, session_id: str = "") -> None:
        self.analysis = analysis
        self.lexicon = analysis.lexicon
        self.session_id = session_id
        terms = analysis.ranked_terms
        self.halves = {t.key for t in terms if self._is_half(t)}
        # "ulna bone" is the ulna: one term, matched as "ulna" followed by its class word (but "carpal bone" is
        # the term, "carpal" only half of it).
        terms = [t for t in terms if not _class_variant(t, analysis.terms, self.halves)]
        heads = [t.head for t in terms if " " in t.key and t.key.split()[0] not in MODIFIERS]
        # Class words ("bone" with several kinds of bone, "fossa" with three fossae): poor answers.
        # A class word the material defines ("diffusion is the movement of …") is still a term to ask for.
        self.class_words = {
            h for h in set(heads) if heads.count(h) >= 2 and not (h in analysis.terms and analysis.terms[h].definition)
        }
        self.topics = self._section_topics()
        title = analysis.document.title or (analysis.sections[0].heading if analysis.sections else "") or ""
        title_words = {singular(w) for w in words_of(title)}
        # The document's own subject ("upper limb" in "Bones of the Upper Limb") is never the answer.
        self.title_topic = {t.key for t in terms if len(t.key.split()) > 1 and set(t.key.split()) <= title_words}
        self.named_by_book = _named_by_book(analysis)
        self.pool = [t for t in terms if t.key not in self.class_words and singular(t.key) not in self.class_words]
        self.keys = {t.key: t for t in self.pool if self._is_key(t)}
        self.distractors = Distractors(analysis, self.pool, halves=self.halves)
        ordered = sorted(self.pool, key=lambda t: (-len(t.key), t.key))
        self._term_pattern = (
            re.compile(
                r"\b(?:" + "|".join(_term_regex(t.key) for t in ordered) + r")\b",
                re.IGNORECASE,
            )
            if ordered
            else None
        )
        self._term_by_match = {t.key: t for t in ordered}
        self._mentions: dict[str, set[int]] = {}
        self._sentence_keys: dict[int, set[str]] = {}
        for sentence in analysis.sentences:
            keys = self._sentence_keys[sentence.index] = {term.key for term, _ in self.spans(sentence.text)}
            for key in keys:
                self._mentions.setdefault(key, set()).add(sentence.index)
        self._sentence_words = [frozenset(singular(w) for w in s.words) for s in analysis.sentences]
        self.distractors.roles = self._roles()

    def _roles(self) -> dict[str, set[str]]:
        """What the material says each term is: the object of "secretes", "produces", "releases" (a
        secretion), of "converts … into" (a product) … Terms in one role are of one kind for distractors even
        when the vocabulary files them apart (pepsinogen, gastrin, intrinsic factor: all secreted)."""
        roles: dict[str, set[str]] = {}
        for sentence in self.analysis.sentences:
            for term, match in self.spans(sentence.text):
                role = _ROLE_BEFORE.search(sentence.text[: match.start()])
                if role:
                    roles.setdefault(term.key, set()).add(_ROLE_OF[role.group(1).lower()[:5]])
        return roles

    # --- which terms may be keys ------------------------------------------------------------------

    def _is_half(self, term: Term) -> bool:
        """ "carpal" when the material nearly always writes "carpal bone(s)"."""
        if " " in term.key:
            return False
        longer = [t for t in self.analysis.terms.values() if t.key.startswith(term.key + " ")]
        return bool(longer) and sum(t.count for t in longer) >= 0.6 * term.count

    def _section_topics(self) -> set[str]:
        topics = set()
        for section in self.analysis.sections:
            if section.heading:
                topics.add(" ".join(singular(w) for w in words_of(section.heading)))
        if self.analysis.document.title:
            topics.add(" ".join(singular(w) for w in words_of(self.analysis.document.title)))
        return topics

    def _is_key(self, term: Term) -> bool:
        if term.key in self.halves or term.key in self.class_words:
            return False
        words = term.key.split()
        # A term of the vocabulary or rare in English; or a name of several words the material itself marks
        # (defines it, lists it or uses it often: "integral proteins").
        named = term.key in self.named_by_book  # "This is called size exclusion": the book's own name for it
        marked_name = len(words) > 1 and (term.definition or term.lists or term.count >= 3 or named)
        if not self.lexicon.is_term(term.text) and not marked_name and not named:
            return False
        concept = self.lexicon.concept(term.text)
        if (
            concept is not None
            and any(t[:1] == "A" and t.count(".") <= 1 for t in concept.tree_numbers)
            and all(_zipf(w) >= EVERYDAY_ZIPF for w in words)
        ):
            return False  # "lungs", "blood vessels", "heart": an organ or whole class in everyday words
        if (
            concept is not None
            and (not (term.definition or named) or _fluid(concept.tree_numbers))
            and _trivial(concept.tree_numbers, words)
        ):
            return False  # a body fluid is never the answer, even where the material names it "called …"
        if words[0] in MODIFIERS and len(words) > 1:
            # "distal humerus" is a place on a term, "right atrium" a term of its own.
            rest = " ".join(words[1:])
            established = term.count >= 3 or term.definition or self.lexicon.concept(term.text) is not None
            if rest in self.analysis.terms and not established:
                return False
        if (
            len(words) == 2
            and (words[1] in COMMON_WORDS or words[1] in VAGUE_HEADS)
            and (self.lexicon.concept(term.text) is None and not term.definition)
        ):
            return False  # "roughened area", "bony projection", "wider pelvis"
        if len(words) == 2 and not named and not self._names_a_thing(term):
            return False
        if len(words) == 1:
            # A single word is a key when it is rare in general English or a vocabulary entry, or the material
            # itself marks it (defines it, lists it, heads a section with it).
            marked = term.definition or term.lists or term.in_heading or named
            rare = _zipf(words[0]) < RARE_ZIPF_SMALL
            concept = self.lexicon.concept(term.text)
            # A vocabulary word the material keeps using (hemoglobin, iron), but not an everyday body region
            # ("elbow", "hand": MeSH A01), which a student answers from daily life.
            known = (
                concept is not None
                and term.count >= 2
                and (_zipf(words[0]) < 3.5 or (term.count >= 4 and concept.branches != {"A01"}))
            )
            if not (rare or known or marked):
                return False  # "junction", "deviation": words of everyday English named once
        return True

    def _names_a_thing(self, term: Term) -> bool:
        """Two words that are one name, not an adjective or verb before a term ("acidic chyme", "larger gland",
        "enzyme pepsin", "activates receptor", "deflates inward")."""
        first, last = term.key.split()
        if first in CLASS_WORDS or first.endswith(("ates", "izes", "ises", "ifies")) or first in _VERB_FORMS:
            return False
        if last.endswith(("ly", "ward", "wards")):
            return False
        if first.endswith("ed") and not term.definition and self.lexicon.concept(term.text) is None:
            return False  # "depolarized membrane": a membrane in a state, not the name of a thing
        if term.definition or term.count >= 3 or self.lexicon.concept(term.text) is not None:
            return True
        if first in MODIFIERS:
            return True
        # "slight deviation", "larger gland": an everyday adjective before a noun is a description, not a name.
        return _zipf(first) < 3.5 and not (_zipf(first) >= RARE_ZIPF_SMALL and last in self.analysis.terms)

    # --- finding terms in sentences -----------------------------------------------------------------

    def spans(self, text: str) -> list[tuple[Term, re.Match[str]]]:
        """Whole terms in a sentence, longest first: "lesser tubercle", never "tubercle" inside it."""
        if self._term_pattern is None:
            return []
        found = []
        for match in self._term_pattern.finditer(text):
            key = _match_key_of(match.group(0), self._term_by_match)
            if key is not None:
                found.append((self._term_by_match[key], match))
        return found

    def _whole(self, text: str, match: re.Match[str]) -> bool:
        """The match is a whole term: not glued to a rare word that makes a longer name ("zona reticularis"),
        not inside parentheses, not an abbreviation spelled out beside it."""
        before, after = text[: match.start()], text[match.end() :]
        next_word = re.match(r"^[\s-]*([A-Za-z]+)", after)
        if next_word and next_word.group(1).lower() not in STOPWORDS and after[:1] in (" ", "-"):
            word = next_word.group(1).lower()
            if word not in COMMON_WORDS and self.lexicon.is_term(word) and word not in self.analysis.terms:
                return False
        previous_word = re.search(r"([A-Za-z]+)[\s-]*$", before)
        if previous_word and before[-1:] in (" ", "-"):
            word = previous_word.group(1).lower()
            if word not in STOPWORDS and word not in COMMON_WORDS and word not in MODIFIERS:
                if self.lexicon.is_term(word) and before[-1:] == "-":
                    return False
        if before.count("(") > before.count(")"):
            return False  # a parenthetical gloss: "(pollex)", "atrioventricular (AV)"
        return True

    def _also_true(self, stem: str, key: Term) -> set[str]:
        """Terms the material states the same thing about, so that offering them would make two right answers."""
        wanted = content_words(stem) - content_words(key.text) - _GENERIC
        if len(wanted) < 2:
            return set()
        found: set[str] = set()
        for sentence, words in zip(self.analysis.sentences, self._sentence_words, strict=True):
            if len(wanted & words) < 0.7 * len(wanted):
                continue
            keys = self._sentence_keys[sentence.index]
            if key.key in keys:
                # A sentence that names the key relates the others to it ("Ca++ binds to troponin so that
                # tropomyosin can slide away"); only a term listed beside the key shares what is said of it.
                found.update(self._listed_with(sentence.text, key))
            else:
                found.update(k for k in keys if k != key.key and self._said_of(k, sentence.text, wanted))
        return found

    def _said_of(self, other: str, text: str, wanted: set[str]) -> bool:
        """The stem's words fall in the clause that names the other term: "Ca++ ions are pumped back into the SR,
        which causes the tropomyosin to reshield the binding sites" says nothing of tropomyosin binding Ca++."""
        for clause in _CLAUSE_BREAK.split(text):
            if other in self._keys_in_text(clause):
                words = {singular(w) for w in words_of(clause)}
                if len(wanted & words) >= 0.7 * len(wanted):
                    return True
        return False

    def _listed_with(self, text: str, key: Term) -> set[str]:
        """Terms joined to the key by "and", "or" or a comma: "neutrophils, eosinophils, and basophils"."""
        spans = sorted(self.spans(text), key=lambda found: found[1].start())
        groups: list[set[str]] = []
        previous = None
        for term, match in spans:
            joined = previous is not None and _COORDINATED.fullmatch(text[previous.end() : match.start()])
            if joined:
                groups[-1].add(term.key)
            else:
                groups.append({term.key})
            previous = match
        return {k for group in groups if key.key in group for k in group if k != key.key}

    # --- building a question -----------------------------------------------------------------------

    def _question(
        self,
        stem: str,
        answer: str,
        wrong: list[str],
        explanation: str,
        sentence: Sentence,
        difficulty: str,
        tags: list[str],
    ) -> Question:
        stem = _INTERJECTION.sub("", stem)
        # "Which of the following also remove …", "… acts on K+, as well?": a leftover pointing at the sentence
        # before, which the stem does not carry.
        stem = _AS_WELL_IN_STEM.sub(r"\1", _ALSO.sub("", stem))
        texts = [answer] + wrong
        rng = random.Random(_stable_id(stem))
        order = list(range(4))
        rng.shuffle(order)
        options = [QuestionOption(label=LABELS[i], text=_display(texts[j])) for i, j in enumerate(order)]
        section = self.analysis.sections[sentence.section]
        excerpt = f"{sentence.lead} {sentence.quoted}" if sentence.leans and sentence.lead else sentence.quoted
        return Question(
            id=_stable_id(self.session_id, stem),
            session_id=self.session_id,
            question_text=stem,
            options=options,
            correct_answer=LABELS[order.index(0)],
            explanation=explanation,
            difficulty=difficulty,
            subject=self.analysis.subject,
            tags=tags,
            source=QuestionSource(file=section.source.file, page=section.source.page, excerpt=excerpt),
        )

    def _tags(self, sentence: Sentence, *extra: str) -> list[str]:
        heading = self.analysis.sections[sentence.section].heading
        return [t for t in (heading, *extra) if t]

    def _explain(self, key: Term, answer: str, sentence: Sentence, wrong: list[Option], relation: str = "") -> str:
        """Why the key is right (the relation and the source passage), its kind, and why one tempting distractor
        is wrong, in the material's own words where it has them."""
        quoted = sentence.with_context or sentence.text
        parts = [f"{_display(answer)} is correct{relation}. The material states: “{quoted}”"]
        kind = self.lexicon.kind(key.text)
        # Only a kind that is a class of things ("carpal bones", "heart valves"), not a whole the key is part of
        # ("scapula", "upper extremity").
        # Nor one that only repeats the key ("Transferrin is one of the transferrins").
        if (
            kind
            and _plural(kind)
            and not any(w in kind.lower() for w in ("system", "phenomena", "structures"))
            and not _names_itself(kind, key.text)
            and self._material_classes(key, kind)
        ):
            parts.append(f"{_display(key.text)} is one of the {kind.lower()}.")
        asked = content_words(sentence.text) - content_words(answer) - _GENERIC
        for option in wrong:
            if option.term is None:
                continue
            about = self._statement_about(option.term, key)
            # Only a statement on the same point tells a student why the option is wrong ("a submuscular bursa is
            # found between a muscle and an underlying bone" beside "… between the skin and an underlying bone");
            # any other sentence about it read to graders as an irrelevant quotation.
            if about and len((content_words(about) - content_words(option.text)) & asked) >= 2:
                parts.append(f"{_display(option.text)} is not the answer: “{about}”")
                break
        return " ".join(parts)

    def _material_classes(self, key: Term, kind: str) -> bool:
        """The material itself puts the key in the class, in one sentence ("the calcaneus … the largest tarsal
        bone"): the vocabulary's "leg bones" for the patella contradicts a section where the leg runs from knee
        to ankle, so a class the text does not state is never asserted."""
        words = [singular(w) for w in words_of(kind.lower())]
        if not words:
            return False
        # The class as the material writes it, one word after another ("tarsal bone", "carpal bones"): the same
        # words scattered over a sentence ("chordae tendineae … the heart … valves") state no membership.
        phrase = re.compile(r"\b" + r"\s+".join(rf"{re.escape(w)}(?:s|es)?" for w in words) + r"\b", re.IGNORECASE)
        stated = any(phrase.search(self.analysis.sentences[i].text) for i in self._mentions.get(key.key, ()))
        # And as a class with members somewhere ("the seven tarsal bones"), not one organ ("the small intestine").
        plural = re.compile(
            r"\b" + r"\s+".join([*map(re.escape, words[:-1]), rf"{re.escape(words[-1])}(?:s|es)"]) + r"\b", re.I
        )
        return stated and any(plural.search(sentence.text) for sentence in self.analysis.sentences)

    def _statement_about(self, term: Term, not_about: Term) -> str | None:
        if term.definition and term.definition_sentence is not None:
            return term.definition_sentence.text
        for index in sorted(self._mentions.get(term.key, ())):
            sentence = self.analysis.sentences[index]
            # A sentence about the distractor: it is the subject ("The capitulum articulates with …").
            about = re.match(rf"^(?:The|An?)?\s*{_term_regex(term.key)}\b", sentence.text, re.IGNORECASE)
            if not about or sentence.leans or not_about.key in self._keys_in(sentence):
                continue
            if 6 <= sentence.word_count <= 30:
                return sentence.text
        return None

    def _keys_in(self, sentence: Sentence) -> set[str]:
        return self._sentence_keys[sentence.index]

    def _options(self, key: Term, answer: str, stem: str) -> list[Option] | None:
        also_true = self._also_true(stem, key) | self._members.get(key.key, set())
        stem_terms = tuple(t.text for t, _ in self.spans(stem) if t.key != key.key)
        return self.distractors.for_term(key, answer, stem, also_true=also_true, stem_terms=stem_terms)

    @cached_property
    def _members(self) -> dict[str, set[str]]:
        """The items of each list the material states, by the key its topic names ("Each paranasal sinus is named
        for its associated bone: frontal sinus, maxillary sinus …"): each is a right answer for the whole."""
        members: dict[str, set[str]] = {}
        for stated in self._stated:
            topic = {singular(w) for w in words_of(stated.topic)}
            for key in self.keys:
                if set(key.split()) <= topic:
                    members.setdefault(key, set()).update(_key(i) for i in stated.items)
        return members

    def _inflect(self, option: Option, answer: str) -> str:
        """A distractor in the answer's number, so grammar gives nothing away; only into forms the material or
        the vocabulary uses."""
        text = option.text
        words = text.split()
        answer_plural = _plural(answer)
        if answer_plural == _plural(text):
            return text
        last = words[-1]
        if answer_plural:
            candidates = [last[:-1] + "ies"] if last.endswith("y") else [last + "s", last + "es"]
        else:
            candidates = [singular(last), last[:-1] if last.endswith("s") else ""]
        for form in candidates:
            # Only a form the material itself writes: no invented plurals ("arterys", "stomaches").
            if form and self.analysis.word_counts.get(form.lower(), 0) > 0:
                return " ".join(words[:-1] + [form])
        return text

    def _candidate(
        self,
        kind: str,
        stem: str,
        key: Term,
        answer: str,
        sentence: Sentence,
        difficulty: str,
        relation: str = "",
        score: float = 0.0,
    ) -> Candidate | None:
        if kind != "describe" and repeats_root(stem.replace(BLANK, " "), key.text):
            return None  # "the stomach does absorb …" → "absorption": the stem says the key
        if self._gives_away(stem, key, sentence):
            return None
        led = sentence.leans and sentence.lead and sentence.lead in stem
        if not led and _POINTS_BACK_INSIDE.search(stem):
            return None  # "eliminate these bacteria": which bacteria, the stem alone does not say
        if led and _POINTS_BACK_INSIDE.search(sentence.lead or ""):
            return None  # the sentence it leans on leans itself ("… to maintain this homeostasis.")
        if _ELSEWHERE.search(stem):
            return None  # "In both cases, …", "… in this way.", "discussed earlier": context the stem lacks
        if kind == "definition" and sum(_zipf(w) < _SPECIFIC_ZIPF for w in content_words(stem) - _GENERIC) < 2:
            return None  # "Which of the following is an extremely important process in the body?"
        # Distractors come from one place; a name without three of its kind there is not asked.
        options = self._options(key, answer, stem)
        if options is None:
            return None
        wrong = [self._inflect(o, answer) for o in options]
        if len({w.lower() for w in wrong} | {answer.lower()}) < 4:
            return None
        explanation = self._explain(key, answer, sentence, options, relation)
        question = self._question(
            stem, answer, wrong, explanation, sentence, difficulty, self._tags(sentence, key.text)
        )
        if question_problems(question, None):
            return None  # the gate every engine's questions pass (a cue, a disguised key, a leaning stem)
        typed = sum(o.kinship >= 6 for o in options)
        value = score + self._informative(key) + 0.3 * typed + self.analysis.sentence_scores[sentence.index]
        lead_index = sentence.index - 1 if led else -1
        return Candidate(question, value, key.key, sentence.index, sentence.section, kind, lead_index, typed)

    def _gives_away(self, stem: str, key: Term, sentence: Sentence) -> bool:
        """Stems a teacher rejects whatever the options: the joint named by its two bones, the section's own
        topic, a leftover pointer to the sentence before, the effect asked where the sentence's fact is its
        cause."""
        own_stem = re.sub(r"^Fill in the blank:\s*", "", stem)
        if self._is_title_word(key):
            return True  # "The _____, commonly known as a white blood cell" in a section on leukocytes
        if self._joint_named_by_its_bones(own_stem, key):
            return True
        if _PAIRED_BLANK.search(own_stem) and _opposite_named(own_stem, key):
            return True  # "The lateral and _____ articulate …" → medial condyle: the pair names the other half
        if _SHARED_BY_BOTH.search(own_stem):
            return True  # many things share it, or differ from the subject
        if BLANK in own_stem and self._owned_by_a_region(own_stem.split(BLANK, 1)[1]):
            return True  # "… and the _____ of the toes" → phalanges: the everyday region names the bones
        if BLANK in own_stem and _NAMED_AFTER_BLANK.match(own_stem.split(BLANK, 1)[1]):
            return True  # "regions of _____ known as germinal centers": the name the book gives is the fact
        led = sentence.leans and sentence.lead and sentence.lead in stem
        if not led and _NO_ANTECEDENT.match(own_stem):
            return True  # "More inferiorly, the _____ …", "Low counts are associated with …": after what?
        return self._effect_of_a_named_cause(own_stem, key)

    def _owned_by_a_region(self, after: str) -> bool:
        """The blank is followed by "of the toes", "of the fingers": body regions in everyday words (MeSH A01), a
        stock phrase ("the phalanges of the toes") that names the bones by the digits they make up."""
        owner = re.match(r"^\s+of\s+the\s+([a-z]+s)\b(?!\s+(?:of|and)\b)", after)
        if owner is None or _zipf(owner.group(1)) < RARE_ZIPF_SMALL:
            return False
        concept = self.lexicon.concept(owner.group(1))
        return concept is not None and all(t.startswith("A01") for t in concept.tree_numbers)

    def _is_title_word(self, key: Term) -> bool:
        """A one-word key that is a word of the document's title ("leukocyte" in "Leukocytes and Platelets")."""
        title = self.analysis.document.title or (self.analysis.sections[0].heading if self.analysis.sections else "")
        title_words = {singular(w) for w in words_of(title or "")} - STOPWORDS
        return " " not in key.key and singular(key.key) in title_words

    def _joint_named_by_its_bones(self, stem: str, key: Term) -> bool:
        """ "The lateral and medial condyles articulate with the tibia to form the _____" → knee joint: naming
        what articulates names the joint; the structure is the fact to ask, not the joint."""
        if key.key.split()[-1] not in ("joint", "articulation"):
            return False
        return bool(_ARTICULATES.search(stem))

    def _effect_of_a_named_cause(self, stem: str, key: Term) -> bool:
        """ "ATP binding causes the myosin head to detach from _____" → actin, "In the absence of ATP, the myosin
        head will not detach from _____": the cause (ATP) is the examinable fact; the thing acted on is not."""
        at = stem.find(BLANK)
        if at < 0:
            at = stem.lower().find("which of the following")
        if at < 0:
            return False
        before = re.split(r"(?<=[.;])\s+", stem[:at])[-1]  # the blank's own sentence
        if _NAMING.search(before):
            return False  # "… can result in a collapse of the arches. This condition is called _____"
        cause = _CAUSE_BEFORE.search(before)
        if cause is None or re.fullmatch(r"\s*(?:(?:the|an?)\s+)?", before[cause.end() :]):
            return False  # "… results in _____": the effect itself, a named phenomenon (atrophy), is the blank
        return any(t.key != key.key and t.key in self.keys for t, _ in self.spans(before[: cause.end()]))

    def _informative(self, key: Term) -> float:
        """How much a key is worth testing: the material's own signals and the vocabulary's."""
        return (
            1.0 * bool(key.definition)
            + 0.6 * key.in_heading
            + 0.6 * bool(key.lists)
            + 0.8 * (self.lexicon.concept(key.text) is not None)
            + 0.4 * (" " in key.key)
            + self.analysis.prominence.get(key.key, 0)
        )

    def _is_topic(self, key: Term, sentence: Sentence) -> bool:
        if key.key in self.topics and key.key in " ".join(
            singular(w) for w in words_of(self.analysis.sections[sentence.section].heading or "")
        ):
            return True
        # "RBCs" in a section on erythrocytes: the topic under another name is as obvious a blank.
        concept = self.lexicon.concept(key.text)
        return concept is not None and any(self.lexicon.concept(topic) == concept for topic in self.topics)

    # --- the shapes of question ---------------------------------------------------------------------

    def from_sentence(self, sentence: Sentence) -> list[Candidate]:
        context = sentence.with_context
        if context is None or not _MIN_WORDS <= sentence.word_count <= _MAX_WORDS:
            return []
        text = sentence.text
        if text.endswith(":") or "?" in text:
            return []
        lead = f"{sentence.lead} " if sentence.leans and sentence.lead else ""
        found: list[Candidate] = []
        spans = [(t, m) for t, m in self.spans(text) if t.key in self.keys and self._whole(text, m)]
        keyed: dict[str, list[re.Match[str]]] = {}
        for term, match in spans:
            keyed.setdefault(term.key, []).append(match)
        # "Osmosis is the diffusion of water through a semipermeable membrane", "… a brief time—the absolute
        # refractory period": the sentence teaches what the defined term is, so that term is the only fair blank.
        defined_here = {t.key for t in self.pool if t.definition_sentence is sentence and t.key in self.keys}
        dashed = _DASH_NAMED_END.search(text)
        if dashed:
            defined_here |= {t.key for t, _ in self.spans(dashed.group("name")) if t.key in self.keys}
        for term, match in spans:
            if len(keyed[term.key]) != 1 or (lead and term.key in self._keys_in_text(sentence.lead or "")):
                continue
            if defined_here and term.key not in defined_here and self._outranked_by(defined_here, term):
                continue
            if self._is_topic(term, sentence) or term.key in self.title_topic:
                continue
            before, after = text[: match.start()], text[match.end() :]
            if self._owner_of_a_term(before):
                continue
            answer = match.group(0)
            candidate = (
                self._placed(term, answer, before, after, sentence, lead)
                or self._subject(term, answer, before, after, sentence, lead)
                or self._object(term, answer, before, after, sentence, lead)
                or self._appositive(term, answer, before, after, sentence, lead)
                or self._cloze(term, answer, before, after, sentence, lead)
            )
            if candidate is not None:
                found.append(candidate)
        return found

    def _owner_of_a_term(self, before: str) -> bool:
        """The blank would own a term the sentence names: "… contribute to the resting transmembrane voltage of
        the excitable membrane" — the fact is the voltage the channels set, not whose membrane it is."""
        owner = _OWNER_BEFORE.search(before)
        return owner is not None and any(
            m.end() == owner.end("owner") and t.key in self.keys for t, m in self.spans(before)
        )

    def _outranked_by(self, defined: set[str], other: Term) -> bool:
        """A term the sentence defines is worth more than the other term ("osmosis" beside "semipermeable
        membrane"); a relation to a term as telling ("the coronary sinus … empties into the right atrium") stays."""
        return max(self._informative(self.analysis.terms[k]) for k in defined) > self._informative(other)

    def _list_mates(self, term: Term) -> set[str]:
        return {t.key for t in self.analysis.terms.values() if t.lists & term.lists and t.key != term.key}

    def _keys_in_text(self, text: str) -> set[str]:
        return {t.key for t, _ in self.spans(text)}

    def _subject(self, term, answer, before, after, sentence, lead) -> Candidate | None:
        """ "The capitulum articulates with …" → "Which of the following articulates with …?";
        "The neck of the radius is …" → "Which part of the radius is …?"."""
        if lead or not re.fullmatch(r"\s*(?:The|An?|Each)?\s*", before):
            # "The deep coronary sulcus is …": a describing word before the term is no part of its name.
            adjective = re.fullmatch(r"\s*(?:The|An?)\s+([a-z]+)\s+", before)
            if lead or not adjective or not self._describing(adjective.group(1)):
                return None
        part = re.match(r"^\s+of\s+the\s+([A-Za-z]+(?:\s+[A-Za-z]+)?)\s+(?=\w)", after)
        rest = after
        owner = ""
        if part and part.group(1).lower() in self.analysis.terms.keys() | {singular(part.group(1).lower())}:
            owner = part.group(1)
            rest = after[part.end() - 1 :]
        rest = rest.strip()
        # "Parietal cells, located primarily in …, produce …": where it lies is said on the way to what it does.
        rest = re.sub(r"^,\s+(?:located|found|situated|lying)\b[^,;]*,\s+", "", rest)
        # "…, and the Na+/K+ pump restores them.", "…, so the sodium cation entering the cell will …": a second
        # clause with its own subject is another fact, and its pronoun points back into the question.
        rest = _SECOND_CLAUSE.sub("", rest)
        if re.match(r"^(?:is|are)\s+ones?\s+(?:that|which|who)\b", rest):
            # "An amphipathic molecule is one that contains …": "Which of the following is one that …" is no
            # English, and the class word "one" stands for would name half the key.
            return None
        if not _VERB_START.match(rest):
            return None
        if len(content_words(rest)) < 3:
            return None
        if owner:
            stem = _question_mark(f"Which part of the {owner} {rest}")
            kind, difficulty = "part", "medium"
        else:
            defining = re.match(r"^(?:is|are)\s+(?:the|an?|one)\b", rest)
            stem = _question_mark(f"Which of the following {rest}")
            kind, difficulty = (
                ("definition", "easy")
                if defining
                else ("cause", "hard")
                if _CAUSE_VERB.match(rest)
                else ("relation", "medium")
            )
        if content_words(term.text) & content_words(stem):
            return None
        if _ALSO.search(rest):
            return None  # "… can also be specified by the diameter of the pore": true of another thing too
        return self._candidate(kind, stem, term, answer, sentence, difficulty, score=1.2 if owner else 1.0)

    def _describing(self, word: str) -> bool:
        """ "deep", "small", "large": an everyday describing word, neither a direction that makes a place on a
        term ("proximal radius") nor a word of the material's own terms ("left ventricle")."""
        return (
            word not in MODIFIERS
            and word not in STOPWORDS
            and word not in _COUNTING  # "The four distal carpal bones": a count belongs to the fact
            # "The larger lymphocytes are typically NK cells": a comparison picks out some of them; without it the
            # stem says all lymphocytes are.
            and not re.fullmatch(r"[a-z]{2,}(?:er|est)", word)
            and not any(word in t.key.split() for t in self.pool)
            and not self.lexicon.is_term(word)
            and _zipf(word) >= RARE_ZIPF_SMALL
        )

    def _placed(self, term, answer, before, after, sentence, lead) -> Candidate | None:
        """The book's "where is it" sentence, place first: "Located between the two atria is the interatrial
        septum." → "Which of the following is located between the two atria?"; "Superior to the trochlea is the
        coronoid fossa, which receives …" → "Which of the following is located superior to the trochlea and
        receives …?"."""
        if lead:
            return None
        placed = _PLACE_FIRST.fullmatch(before)
        if not placed:
            return None
        place = placed.group("place").strip()
        if "," in place or len(content_words(place)) < 2:
            return None
        clause = ""
        rest = after.strip()
        relative = re.match(r"^,\s*which\s+(?P<clause>[^,;]+?)\s*(?:[,;.]|$)", rest)
        if relative and _VERB_START.match(relative.group("clause")):
            clause = f" and {relative.group('clause')}"
        elif rest not in ("", ".") and not rest.startswith((",", ";")):
            return None  # the term goes on ("the interatrial septum of …"): not the whole subject
        first = place.split()[0].lower()
        place = first + place[len(first) :]
        if first.endswith("ing") or first in ("located", "found", "situated"):
            stem = f"Which of the following is {place}{clause}?"
        else:
            stem = f"Which of the following is located {place}{clause}?"
        if content_words(term.text) & content_words(stem):
            return None
        return self._candidate("relation", stem, term, answer, sentence, "medium", score=1.1)

    def _appositive(self, term, answer, before, after, sentence, lead) -> Candidate | None:
        """The term glossed where it is named: "… is the trochlea, a spindle- or pulley-shaped region, which
        articulates with the ulna bone." → "Which of the following is a spindle- or pulley-shaped region, which
        articulates with the ulna bone?"; "trabeculae carneae, ridges of cardiac muscle covered by endocardium"."""
        if lead:
            return None
        gloss = re.match(r"^,\s+(?P<gloss>(?:an?|one)\s+[^;]+?|[a-z]+s\s+of\s+[^;]+?)\s*\.?$", after)
        if not gloss:
            return None
        if not gloss.group("gloss").startswith(("a ", "an ", "one ")) and not _plural(answer):
            return None  # "ridges of cardiac muscle" glosses a plural term only
        description = re.sub(r"\s*\([^)]*\)", "", gloss.group("gloss")).strip(" ,")
        if not 5 <= len(description.split()) <= 30 or re.search(r"\b(?:this|these|it|its)\b", description):
            return None
        verb = "are" if _plural(answer) else "is"
        stem = f"Which of the following {verb} {description}?"
        if content_words(term.text) & content_words(stem):
            return None
        return self._candidate("definition", stem, term, answer, sentence, "easy", score=1.1)

    def _object(self, term, answer, before, after, sentence, lead) -> Candidate | None:
        """The key ends the sentence: "… articulates with the radius bone of the forearm." → "… articulates with
        which bone of the forearm?"; "… a roughened area called the ulnar tuberosity." → "… called which of the
        following?"."""
        trailing = after.strip()
        class_after = _CLASS_AFTER.match(after)
        if trailing in ("", ".", ")."):
            which = "which of the following"
        elif _NAMING.search(before) and re.match(r"^,\s+(?:an?|the|which|one)\b", trailing):
            # "… an oval-shaped depression known as the fossa ovalis, a remnant of …": the naming is the fact,
            # what follows the comma a second one.
            which = "which of the following"
        elif class_after and re.fullmatch(r"(?:\s+of\s+the\s+[A-Za-z ]{2,30})?\s*\.?", class_after.group("rest")):
            noun = class_after.group(1)
            which = f"which {noun}{class_after.group('rest').rstrip('.')}"
        else:
            return None
        prefix = re.sub(r"\b(?:the|a|an)\s+$", "", before, flags=re.IGNORECASE)
        if re.search(r"\b(?:the|a|an)\s+[a-z]+\s+$", before, re.IGNORECASE):
            # "in response to an existing _____", "attract the sodium _____" → Ion: the word between the article
            # and the key belongs to the name, which "an existing which of the following" would cut in two.
            return None
        if _ADJECTIVE_BEFORE.search(prefix):
            return None  # "… attached to a thin, elastic which of the following?": the describing word dangles
        if re.search(r"\w[’']s\s*$|\w-(?:shaped|like)\s*$", prefix):
            return None  # "the fiber’s which of the following?", "its large, C-shaped which …": a word needs its noun
        if re.search(r"\bwhich\b", prefix, re.IGNORECASE) or _ENDS_WITH_MODIFIER.search(prefix):
            return None  # "… which articulates with which bone?", "… form the distal which of the following?"
        if len(content_words(prefix)) < 3 or prefix.rstrip().endswith(("(", ",")) and not _NAMING.search(before):
            return None
        if re.search(r"\b(?:and|or)\s*$", prefix) or re.search(r",\s*$", prefix):
            return None  # the last item of a list: the others in the stem would give it away
        naming = _NAMING.search(before)
        causing = _CAUSING.search(before)
        stem = _question_mark(f"{lead}{prefix.rstrip()} {which}")
        if content_words(term.text) & content_words(stem):
            return None
        kind, difficulty = (
            ("definition", "easy")
            if naming and not lead
            else ("cause", "hard")
            if causing or lead
            else ("object", "medium")
        )
        return self._candidate(kind, stem, term, answer, sentence, difficulty, score=0.9)

    def _cloze(self, term, answer, before, after, sentence, lead) -> Candidate | None:
        """A fill-in-the-blank, only when the sentence has no other shape and the blank is a whole term."""
        if sentence.word_count > 32:
            return None
        if re.search(r"\b(?:proximal|distal|lateral|medial|anterior|posterior|superior|inferior)\s+$", before, re.I):
            return None  # the whole term is longer: "distal _____" would blank half of "distal radioulnar joint"
        if re.search(
            r"\b(?:left|right|proximal|distal|upper|lower|anterior|posterior|superior|inferior)\s+and\s+$", before, re.I
        ):
            return None  # "between the left and _____": the other half of a pair the stem already names
        if _COMPOUND_BEFORE.search(before) and not _NAMING.search(before):
            # "conditioned _____", "the large _____": the blank is the head of a set phrase; "pseudostratified
            # ciliated _____" → columnar epithelium: the rest of a longer name
            return None
        if re.search(r"\b(?:this|these|that|those|such|its|their)\s+$", before, re.I):
            return None  # "maintain this _____": the stem points back at what it blanks
        noun_before = re.search(r"\b(?:the|a|an)\s+([a-z]+)\s+$", before, re.IGNORECASE)
        if " " not in term.key and noun_before and self.lexicon.is_term(noun_before.group(1)):
            return None  # "attract the sodium _____" → Ion: the head of "sodium ions", not a fact on its own
        if " " not in term.key and self._modifies_next(after, term):
            return None  # "_____ sinus" → Maxillary, "_____ lipase" → Lingual: half of a name
        if not self._worth_a_blank(term):
            return None
        if re.match(r"^['’]s\b", after):
            return None  # "The stomach _____'s epithelial lining …": the blank's owner, not the fact about it
        article = _ARTICLE_BEFORE.search(before)
        if article:
            before = before[: article.start()] + ("A/an " if article.group(1)[0].isupper() else "a/an ")
        stem_sentence = f"{before}{BLANK}{after}"
        if content_words(term.text) & content_words(stem_sentence):
            return None
        if len(content_words(stem_sentence)) < 5:
            return None
        stem = f"Fill in the blank: {lead}{stem_sentence}"
        # Recall of a defined term or of one member of a list the stem spells out is easy; recall that needs a
        # second sentence is hard; anything else is a relation.
        listed = term.lists and sum(k in self._sentence_keys[sentence.index] for k in self._list_mates(term)) >= 2
        difficulty = (
            "easy"
            if term.definition_sentence is sentence or listed
            else "hard"
            if lead or _CAUSING.search(before) or _CAUSE_VERB.search(after[:40])
            else "medium"
        )
        return self._candidate("cloze", stem, term, answer, sentence, difficulty, score=0.0)

    def fair_blank(self, term: Term, text: str) -> bool:
        """Whether blanking the term where the text first names it tests the term, by the rules the questions
        follow (flashcards use it too): a key, whole, not the topic, not a set phrase, not pointed at."""
        if term.key not in self.keys or term.key in self.title_topic or not self._worth_a_blank(term):
            return False
        match = next((m for t, m in self.spans(text) if t.key == term.key), None)
        if match is None or not self._whole(text, match):
            return False
        before, after = text[: match.start()], text[match.end() :]
        if re.search(r"\b(?:this|these|that|those|such|its|their)\s+$", before, re.I):
            return False
        if " " not in term.key and (_COMPOUND_BEFORE.search(before) or self._modifies_next(after, term)):
            return False
        return not re.search(r"\b(?:proximal|distal|lateral|medial|anterior|posterior|left|right)\s+$", before, re.I)

    def _modifies_next(self, after: str, term: Term) -> bool:
        """The blank's word is glued to a noun that follows it ("_____ sinus", "_____ secretion"): the blank is
        the first half of a longer name. A name before its class word is whole ("the trapezium and _____
        bones" → Scaphoid), unless the word only describes ("Maxillary", "Apocrine")."""
        following = re.match(r"^[ -]([A-Za-z]+)\b", after)
        if not following:
            return False
        word = following.group(1).lower()
        if word in STOPWORDS or word.endswith(("ly", "ed")) or word in _VERB_WORDS:
            return False
        if singular(word) == term.genus and singular(word) in CLASS_WORDS:
            return self.distractors._describing_word(term.text)
        return singular(word) in self._heads or singular(word) in CLASS_WORDS

    @property
    def _heads(self) -> set[str]:
        heads = getattr(self, "_heads_cache", None)
        if heads is None:
            heads = self._heads_cache = {t.head for t in self.analysis.terms.values()} | {
                w for t in self.analysis.terms.values() if " " not in t.key for w in (t.key,)
            }
        return heads

    def _worth_a_blank(self, term: Term) -> bool:
        """A fill-in-the-blank tests recall of a term, so the term must be one a student learns from this
        material: not an everyday word or name ("bladder", "water molecules", "oral cavity", "carbohydrates")
        unless the material defines it."""
        if term.definition:
            return True
        words = [w for w in term.key.split() if w not in STOPWORDS]
        return not all(_zipf(w) >= RARE_ZIPF_SMALL for w in words)

    def definition(self, term: Term) -> list[Candidate]:
        """ "Which of the following is <definition>?" from "X is …" and "… called X" sentences."""
        sentence = term.definition_sentence
        if not term.definition or sentence is None or term.key not in self.keys:
            return []
        definition = _SECOND_CLAUSE.sub("", term.definition.rstrip(". "))
        # "A hydrophilic molecule is one that is attracted to water": "one" stands for the key's class word.
        definition = re.sub(r"^one\s+(?=that|which|who)", f"a {term.head} " if " " in term.key else "one ", definition)
        if (content_words(term.key) - {term.head}) & content_words(definition) or len(definition.split()) < 5:
            return []
        if sum(_zipf(w) < _SPECIFIC_ZIPF for w in content_words(definition)) < 2:
            return []  # "an extremely important process in the body": true of too much to name one thing
        stem = f"Which of the following is {definition}?"
        candidate = self._candidate("definition", stem, term, term.text, sentence, "easy", score=1.1)
        return [candidate] if candidate else []

    def describe(self, term: Term) -> list[Candidate]:
        """Term → description: "Which of the following best describes the trochlea?" with the other terms'
        definitions as distractors (each true of something else in the material)."""
        sentence = term.definition_sentence
        if not term.definition or sentence is None or term.key not in self.keys:
            return []
        definition = term.definition.rstrip(". ")
        if content_words(term.key) & content_words(definition) or len(definition.split()) < 5:
            return []  # "a flap of tissue" describes too many things
        # The other descriptions are of things of the key's kind (other cells for a cell, other regions for a
        # region): a hormone's and a wave's definitions beside a region's are eliminated at sight.
        others = [
            t
            for t in self.pool
            if t.definition
            and t.key != term.key
            and not content_words(t.definition) & content_words(term.key)
            and 4 <= len(t.definition.split()) <= 25
            and not _POINTS_BACK.search(t.definition)
            and self.distractors.kinship(term, t) >= TYPED - 2
            and not self.analysis.one_includes_other(term.key, t.key)
        ]
        others.sort(key=lambda t: (-self.distractors.kinship(term, t), t.key))
        # Two of the three at least of the key's kind; the third may be a neighbour in the material.
        if len(others) < 3 or _POINTS_BACK.search(definition) or self.distractors.kinship(term, others[1]) < TYPED:
            return []
        stem = f"Which of the following best describes the {term.text}?"
        wrong = [_display((t.definition or "").rstrip(". ")) for t in others[:3]]  # `others` all have one
        explanation = (
            f"The {term.text} is {definition}. The material states: “{sentence.with_context or sentence.text}” "
            f"The other descriptions fit {', '.join(_display(t.text) for t in others[:3])}."
        )
        question = self._question(
            stem, _display(definition), wrong, explanation, sentence, "hard", self._tags(sentence, term.text)
        )
        return [
            Candidate(
                question,
                0.6 + self._informative(term),
                term.key + "#describe",
                sentence.index,
                sentence.section,
                "describe",
            )
        ]

    def agent(self, sentence: Sentence) -> list[Candidate]:
        """Cause → effect asked from the cause, the fact a teacher examines: "ATP binding causes the myosin head
        to detach from the actin." → "Binding of which of the following causes the myosin head to detach from the
        actin?"; "In the absence of ATP, the myosin head will not detach from actin." → "In the absence of _____,
        …"."""
        if sentence.leans or not _MIN_WORDS <= sentence.word_count <= _MAX_WORDS:
            return []
        text = sentence.text.rstrip(".")
        found = self._agent_span(text)
        if found is None:
            return []
        term, match = found
        after = text[match.end() :]
        absent = _WITHOUT.match(text[: match.start()])
        if absent and after.startswith(","):
            stem = f"Fill in the blank: {text[: match.start()]}{BLANK}{after}."
        else:
            causing = _AGENT_VERB.match(after)
            if causing is None or match.start() > 4:
                return []
            gerund = causing.group("gerund")
            asked = f"{_display(gerund)} of which of the following" if gerund else "Which of the following"
            stem = f"{asked} {causing.group('verb')} {causing.group('rest')}?"
        candidate = self._candidate("cause", stem, term, match.group(0), sentence, "hard", score=2.0)
        return [candidate] if candidate else []

    def _agent_span(self, text: str) -> tuple[Term, re.Match[str]] | None:
        """The key term that opens the sentence ("ATP binding causes …") or follows "In the absence of"."""
        for term, match in self.spans(text):
            if term.key not in self.keys or not self._whole(text, match) or self._is_title_word(term):
                continue
            before = text[: match.start()]
            if re.fullmatch(r"(?:The\s+)?", before) or _WITHOUT.fullmatch(before):
                return term, match
            return None
        return None

    def naming(self, sentence: Sentence) -> list[Candidate]:
        """Definition → term where the book names what the sentence before describes: "Channels for anions will
        have positively charged side chains in the pore. This is called electrochemical exclusion, meaning that the
        channel pore is charge-specific." → "Which of the following terms means that the channel pore is
        charge-specific?" (from the meaning the book gives) or the description before it, then "This is called
        which of the following?"."""
        dashed = _DASH_NAMED_END.search(sentence.text)
        if dashed and not sentence.leans:
            return self._dash_named(sentence, dashed)
        named = _THIS_IS_CALLED.match(sentence.text)
        if not named:
            return []
        rest = named.group("rest")
        found = next(
            ((t, m) for t, m in self.spans(rest) if m.start() == 0 and t.key in self.keys and self._whole(rest, m)),
            None,
        )
        if found is None:
            return []
        term, match = found
        if term.key in self.title_topic:
            return []
        answer = match.group(0)
        after = rest[match.end() :].strip()
        if re.match(r"^,\s*(?:as|because|since)\s", after):
            after = ""  # "This movement is called the power stroke, as movement … occurs at this step": a reason
        meaning = re.match(r"^,\s*meaning(?:\s+that)?\s+(?P<meaning>[^;]+?)\.?$", after)
        stems: list[str] = []
        if meaning and len(content_words(meaning.group("meaning"))) >= 3:
            stems.append(f"Which of the following terms means that {meaning.group('meaning')}?")
        lead = sentence.lead or ""
        if (
            after in ("", ".")
            and lead
            and 8 <= len(words_of(lead)) <= 40
            and not _POINTS_BACK_INSIDE.search(lead)
            and not _POINTS_AT_THAT.search(lead)
            and not lead.endswith(("?", ":"))
        ):
            subject = f"{named.group('subject')}{' ' + named.group('noun') if named.group('noun') else ''}"
            stems.append(f"{lead} {subject} {named.group('verb')} {named.group('naming')} which of the following?")
        found_candidates = []
        for stem in stems:
            candidate = self._naming_candidate(stem, term, answer, sentence)
            if candidate is not None:
                found_candidates.append(candidate)
                break  # one question per sentence: the first shape that reads well
        return found_candidates

    def _dash_named(self, sentence: Sentence, dashed: re.Match[str]) -> list[Candidate]:
        """ "… they cannot be opened again for a brief time—the absolute refractory period." → "… for a brief
        time, known as which of the following?": the name the book gives after a dash, asked from its account."""
        name = dashed.group("name")
        found = next(
            (
                (t, m)
                for t, m in self.spans(name)
                if m.start() == 0 and m.end() == len(name) and t.key in self.keys and t.key not in self.title_topic
            ),
            None,
        )
        before = sentence.text[: dashed.start()].rstrip(" ,")
        if found is None or len(content_words(before)) < 5:
            return []
        term, match = found
        candidate = self._naming_candidate(
            f"{before}, known as which of the following?", term, match.group(0), sentence
        )
        return [candidate] if candidate else []

    def _naming_candidate(self, stem: str, term: Term, answer: str, sentence: Sentence) -> Candidate | None:
        if repeats_root(stem, term.text) or content_words(term.text) & content_words(stem):
            return None  # the description says the name ("depolarized" beside "depolarization")
        options = self._options(term, answer, stem)
        if options is None:
            return None
        wrong = [self._inflect(o, answer) for o in options]
        if len({w.lower() for w in wrong} | {answer.lower()}) < 4:
            return None
        explanation = self._explain(term, answer, sentence, options, " (the material names it so)")
        question = self._question(stem, answer, wrong, explanation, sentence, "easy", self._tags(sentence, term.text))
        if question_problems(question, None):
            return None
        value = 1.6 + self._informative(term) + self.analysis.sentence_scores[sentence.index]
        return Candidate(question, value, term.key, sentence.index, sentence.section, "definition")

    def exception(self, stated: StatedList) -> list[Candidate]:
        """ "Which of the following is NOT one of the bones in the proximal row?" from a list the material states,
        keyed with a term of the same kind that the list leaves out."""
        topic = stated.topic.strip()
        words = topic.split()
        if not 1 <= len(words) <= 7 or not _plural(re.split(r"\s+(?:of|in|on)\s+", topic)[0]):
            return []
        if not 3 <= len(stated.items) <= 8:
            return []
        # "the cardia, fundus, body, and pylorus": the members the material names as terms are the options; an
        # everyday member ("body") is left out of them, never offered as the exception.
        items = [t for i in stated.items if (t := self.analysis.terms.get(_key(i))) is not None]
        if len(items) < 3 or len(items) < len(stated.items) - 1:
            return []
        members = {i.key for i in items}
        sentence = stated.sentence
        # A name sharing a root with a member or with the whole ("pyloric antrum" beside the pylorus, "gastric
        # mucosa" for the regions of the stomach) may be one of them too: no fair exception.
        roots = (
            {w[:5] for i in items for w in i.key.split()}
            | {w[:5] for w in words_of(topic.lower()) if w not in STOPWORDS}
            | {w[:5] for w in _STEM_OF_WHOLE.get(singular(words_of(topic.lower())[-1]), ())}
        )
        outsiders: list[tuple[float, Term]] = []
        for other in self.pool:
            if other.key in members or other.key in self.halves or other.key not in self.keys:
                continue
            if other.key in sentence.text.lower() or {w[:5] for w in other.key.split()} & roots:
                continue
            if any(self.analysis.one_includes_other(other.key, m) for m in members):
                continue
            kin = max(self.distractors.kinship(i, other) for i in items)
            if kin >= 6:
                outsiders.append((kin, other))
        if not outsiders:
            return []
        outsiders.sort(key=lambda p: (-p[0], p[1].key))
        outsider = outsiders[0][1]
        shown = [i.text for i in items[:3]]
        the = "" if words[0].lower() in ("the", "these") else "the "
        stem = f"Which of the following is NOT one of {the}{topic[:1].lower() + topic[1:]}?"
        explanation = (
            f"The material lists {', '.join(stated.items)}: “{sentence.text}” "
            f"{_display(outsider.text)} is not among them."
        )
        question = self._question(
            stem, outsider.text, shown, explanation, sentence, "hard", self._tags(sentence, topic)
        )
        return [Candidate(question, 2.0, f"#not:{topic}", sentence.index, sentence.section, "exception")]

    def numeric(self, fact: NumberFact) -> list[Candidate]:
        sentence = fact.sentence
        if sentence.leans or not _MIN_WORDS <= sentence.word_count <= _MAX_WORDS:
            return []
        if _RANGE.search(fact.value):
            return []  # "95–100 percent": a range makes no single right figure among scaled ones
        raw = fact.value[: len(fact.value) - len(fact.unit)].strip() if fact.unit else fact.value
        # "180 liters (~380 pints)", "30 mL (1 fluid ounce)": an equivalent in brackets gives the figure away.
        text = _EQUIVALENT.sub("", sentence.text)
        if text.count(raw) != 1 or _POPULATION.search(text):
            return []
        at = text.index(raw)
        if re.search(r"[–\-]\s*$|\bto\s+$|\bbetween\s+$", text[:at]) or _RANGE_AFTER.match(text[at + len(raw) :]):
            return []  # half of a range ("5–15 degrees") is no fact on its own
        options = nearby_numbers(fact, shown=text)
        if options is None:
            return []
        there = re.match(
            rf"^There (?:are|is) (?:a total of |about |approximately )?{re.escape(raw)}\s+(\w+)\s+(.+?)\.?$", text
        )
        if there:
            stem = f"How many {there.group(1)} are there {there.group(2)}?"
        else:
            stem = f"Fill in the blank: {text[:at]}{BLANK}{text[at + len(raw) :]}"
        explanation = f"The material states: “{text}” The figure is {fact.value}."
        question = self._question(stem, raw, options, explanation, sentence, "medium", self._tags(sentence, "numbers"))
        score = 0.8 + self.analysis.sentence_scores[sentence.index]
        return [Candidate(question, score, f"#{fact.number}{fact.unit}", sentence.index, sentence.section, "number")]

    def counted(self, sentence: Sentence) -> list[Candidate]:
        """A count the book spells out in words: "each Na+/K+ pump moves three Na+ ions out of the cell and two K+
        ions into the cell" → "Fill in the blank: … moves _____ Na+ ions out of the cell …" (3), "The voltage-gated
        Na+ channel actually has two gates." (2) — figures a teacher examines that no digit marks."""
        if sentence.leans or not _MIN_WORDS <= sentence.word_count <= _MAX_WORDS or "?" in sentence.text:
            return []
        text = _EQUIVALENT.sub("", re.sub(r"\s*\(\s*\)", "", sentence.text))
        found = _COUNT.search(text)
        if found is None or _HEDGED_COUNT.search(text) or _OTHERS_COUNT.search(text):
            return []
        if _RANGE_AFTER.match(text[found.end("count") :]) or _RANGE_BEFORE.search(text[: found.start("count")]):
            return []  # "two to three lobes": one end of a spoken range is no figure on its own
        after = text[found.end() :]
        if re.search(
            r":|\bare\s+(?:the|called)\b|\bcalled\b|\(|,\s+(?:namely\s+)?(?:the\s+)?[\w\- ]+\s(?:and|or)\s", after
        ):
            # "two types of channels (the voltage-gated Na+ … and …)", "two distinct sets of tonsils, the palatine
            # and lingual tonsils": the list that follows counts itself.
            return []
        counted = found.group("noun")
        words = {singular(w) for w in content_words(text)}
        if not self._sentence_keys[sentence.index] or singular(counted.split()[-1].lower()) in _VAGUE_COUNTED:
            return []  # "two solutions", "two substances" with no term: nothing examinable is counted
        if not words - {singular(w) for w in content_words(counted)}:
            return []
        number = _COUNT_WORDS.index(found.group("count").lower()) + 2
        fact = NumberFact(value=str(number), number=float(number), unit="", sentence=sentence)
        options = nearby_numbers(fact, shown=text)
        if options is None:
            return []
        before = text[: found.start("count")]
        if before.count("(") > before.count(")"):
            return []  # "(the rectangular battery with two posts on one end)": an aside, not the fact
        stem = f"Fill in the blank: {before}{BLANK}{text[found.end('count') :]}"
        explanation = f"The material states: “{sentence.text}” The count is {found.group('count').lower()} ({number})."
        question = self._question(
            stem, str(number), options, explanation, sentence, "medium", self._tags(sentence, "numbers")
        )
        if question_problems(question, None):
            return []
        score = 1.0 + self.analysis.sentence_scores[sentence.index]
        key = f"#{number} {singular(counted.split()[-1].lower())}"
        return [Candidate(question, score, key, sentence.index, sentence.section, "number")]

    @cached_property
    def _stated(self) -> list[StatedList]:
        return self._all_lists()

    def _all_lists(self) -> list[StatedList]:
        """The lists the analysis found, and those the mnemonics are built on ("the four regions of the
        pharynx: …", bullets under a lead-in), each tied to the sentence that states it."""
        from .enumerations import stated_lists

        lists = list(self.analysis.lists)
        seen = {tuple(_key(i) for i in s.items) for s in lists}
        for enumeration in stated_lists(self.analysis.sections):
            items = [i for i in enumeration.items]
            signature = tuple(_key(i) for i in items)
            if signature in seen:
                continue
            seen.add(signature)
            lowered = [i.lower() for i in items]
            sentence = next(
                (
                    s
                    for s in self.analysis.sentences
                    if s.section == enumeration.section and sum(i in s.text.lower() for i in lowered) >= len(items) - 1
                ),
                None,
            )
            # "the cartilage pieces", "the parts": a topic that does not say which whole would make the
            # exception ambiguous (the arytenoids are cartilages of the larynx too).
            vague = set(words_of(enumeration.topic)) & _VAGUE_TOPIC
            if sentence is not None and not sentence.leans and not vague:
                lists.append(StatedList(topic=enumeration.topic, items=items, sentence=sentence))
        return lists

    def _named(self, phrase: str) -> tuple[Term, str] | None:
        """The key term a relation's end is, whole ("Type II alveolar cell", "pulmonary surfactant"), with the
        words the material uses for it; None when the end is a phrase rather than a name ("a fluid that …")."""
        text = re.sub(r"^(?:the|an?)\s+", "", phrase.strip(), flags=re.IGNORECASE)
        for term, match in self.spans(text):
            if match.start() == 0 and match.end() == len(text) and term.key in self.keys:
                return term, match.group(0)
        return None

    def relation(self, relation: Relation, others: list[Relation]) -> list[Candidate]:
        """The book's review question both ways: "Which of the following secretes pulmonary surfactant?" (the
        maker) and "Chief cells secrete which of the following?" (the product), from a relation the material
        states. Whatever else the material says stands in the same relation is never offered as wrong."""
        found: list[Candidate] = []
        sentence = relation.sentence
        maker = self._named(relation.subject)
        verb = relation.verb
        same = [r for r in others if _verb_family(r.verb) == _verb_family(verb)]
        if maker is not None and not self._is_topic(maker[0], sentence):
            term, answer = maker
            # Others the material says make the same thing are right answers too.
            also = {
                k
                for r in same
                if r.object.lower() == relation.object.lower() and (named := self._named(r.subject))
                for k in (named[0].key,)
            }
            also |= self._named_with(relation.object)
            stem = f"Which of the following {verb} {relation.object}?"
            candidate = self._relation_candidate(stem, term, answer, sentence, also)
            if candidate:
                found.append(candidate)
        # "the lysozyme enzyme and proteins called defensins": each thing made is a question, the others right too.
        items = [self._named(i) for i in _items(relation.object)]
        named_items = [i for i in items if i is not None]
        for item in named_items:
            term, answer = item
            if self._is_topic(term, sentence):
                continue
            subject = relation.subject
            also = {other[0].key for other in named_items} | {
                k
                for r in same
                if r.subject.lower() == subject.lower()
                for i in _items(r.object)
                if (named := self._named(i))
                for k in (named[0].key,)
            }
            also |= self._named_with(subject)
            stem = f"{_display(subject)} {verb} which of the following?"
            candidate = self._relation_candidate(stem, term, answer, sentence, also - {term.key})
            if candidate:
                found.append(candidate)
        return found

    def _named_with(self, phrase: str) -> set[str]:
        """The terms in any sentence that names ``phrase`` too: "Apocrine sweat glands …", "sweat … secretions
        from exocrine glands" — the material may be saying they stand in the relation as well."""
        phrase = re.sub(r"^and\s+\w+\s+", "", phrase)  # "produce and secrete sweat": the relation's object is sweat
        wanted = {singular(w) for w in content_words(phrase)} - _GENERIC
        if not wanted:
            return set()
        found: set[str] = set()
        for sentence, words in zip(self.analysis.sentences, self._sentence_words, strict=True):
            if wanted <= words:
                found |= self._sentence_keys[sentence.index]
                # "Apocrine sweat glands": the apocrine gland, though no term matched those words together
                found |= {t.key for t in self.pool if {singular(w) for w in t.key.split()} <= words}
        return found

    def _relation_candidate(
        self, stem: str, term: Term, answer: str, sentence: Sentence, also: set[str]
    ) -> Candidate | None:
        if sentence.leans or _ALSO.search(sentence.text):
            # "Both enable the oxidation of iron …": the relation's subject is in the sentence before; "Ion
            # channels can also be specified by …": the material says it of something else too, a second answer.
            return None
        if _POINTS_BACK_INSIDE.search(stem) or _ELSEWHERE.search(stem) or repeats_root(stem, term.text):
            return None
        if self._gives_away(stem, term, sentence):
            return None
        also_true = self._also_true(stem, term) | self._members.get(term.key, set()) | also
        if term.definition_sentence is not None:
            # "lined by a simple squamous epithelium called the mesothelium": what the key is called is no distractor
            named = self._keys_in(term.definition_sentence) - {term.key}
            also_true |= named | {t.key for t in self.pool if any(set(t.key.split()) < set(k.split()) for k in named)}
        stem_terms = tuple(t.text for t, _ in self.spans(stem) if t.key != term.key)
        offered = self.distractors.for_term(term, answer, stem, count=6, also_true=also_true, stem_terms=stem_terms)
        # A vocabulary sibling has no term of the material behind it: judged by its words ("Apocrine glands").
        options = [o for o in offered or [] if " ".join(singular(w) for w in o.text.lower().split()) not in also_true][
            :3
        ]
        if len(options) < 3:
            return None
        wrong = [self._inflect(o, answer) for o in options]
        if len({w.lower() for w in wrong} | {answer.lower()}) < 4:
            return None
        explanation = self._explain(term, answer, sentence, options)
        question = self._question(stem, answer, wrong, explanation, sentence, "medium", self._tags(sentence, term.text))
        if question_problems(question, None):
            return None
        value = 1.2 + self._informative(term) + self.analysis.sentence_scores[sentence.index]
        typed = sum(o.kinship >= 6 for o in options)
        key = term.key + "#relation"
        return Candidate(question, value, key, sentence.index, sentence.section, "relation", typed=typed)

    # --- the bank ---------------------------------------------------------------------------------

    def candidates(self) -> list[Candidate]:
        found: list[Candidate] = []

        related = relations_of(self.analysis)
        for relation in related:
            found.extend(self.relation(relation, related))
        for term in self.analysis.ranked_terms:
            found.extend(self.definition(term))
            found.extend(self.describe(term))
        for stated in self._stated:
            found.extend(self.exception(stated))
        for fact in self.analysis.numbers:
            found.extend(self.numeric(fact))
        for sentence in self.analysis.sentences:
            found.extend(self.agent(sentence))
            found.extend(self.counted(sentence))
            found.extend(self.naming(sentence))
            found.extend(self.from_sentence(sentence))
        return found


# "Located between the two atria is the …", "Superior to the trochlea is the …", "Projecting from … is the …".
_PLACE_FIRST = re.compile(
    r"^\s*(?P<place>(?:(?:Immediately|Just|Directly)\s+)?(?:Located|Found|Situated|Lying|Projecting|Running|Passing|"
    r"Between|Within|Above|Below|Beneath|Behind|Along|Near|Adjacent to|Inside|Superior to|Inferior to|Lateral to|"
    r"Medial to|Anterior to|Posterior to|Proximal to|Distal to)\b[^.;:]*?)\s+(?:is|are|lies|lie)\s+(?:the|an?)\s+$"
)
_VERB_WORDS = frozenset("is are was were has have fills fill can may will does do".split())
_VAGUE_TOPIC = frozenset(
    "piece pieces part parts type types kind kinds structure structures thing things component components".split()
)
_COUNTING = frozenset("one two three four five six seven eight nine ten both several many few other same".split())
_VERB_FORMS = frozenset("activates contains forms produces secretes charge makes".split())
_GENERIC = frozenset(
    "structure structures region part parts area side end surface portion bone bones called known which following".split()
)
# At most this share of a bank is one shape, so the bank mixes recall, relations, exceptions and numbers.
_MOST_CLOZE = 0.65
ONE_TEST = 25  # QUESTIONS_PER_TEST's default: a mock test's worth
# A key asked twice must be asked in two shapes that test different facts, never two blanks in sentences.
_BLANK_KINDS = frozenset({"cloze", "object", "cause"})
_SHARE = {"cloze": 0.5, "describe": 0.15, "number": 0.2, "exception": 0.15}


def select(candidates: list[Candidate], limit: int) -> list[Question]:
    """The best candidates, spread over the sections: one question per sentence, shapes mixed, no two stems
    alike, and each key once — a second time only when the material has too few keys for the count."""
    ranked = sorted(candidates, key=lambda c: (-c.score, c.question.id))
    ranked_all = list(ranked)
    chosen: list[Candidate] = []
    used_sentences: set[int] = set()
    answers: dict[str, int] = {}
    kinds: dict[str, int] = {}
    key_kinds: dict[str, set[str]] = {}  # the shapes each key is already asked in
    used_leads: set[int] = set()  # sentences a chosen stem carries as its lead
    stems: list[str] = []
    # Each key once with the shares held; then a key twice; then, for material with little but cloze in it, a
    # little more cloze (never more than 60 %).
    for repeats, slack in ((1, 0.0), (2, 0.0), (2, 0.05)):
        by_section: dict[int, list[Candidate]] = {}
        for candidate in ranked:
            by_section.setdefault(candidate.section, []).append(candidate)
        queues = [by_section[s] for s in sorted(by_section)]
        while len(chosen) < limit and any(queues):
            for queue in queues:
                while queue:
                    candidate = queue.pop(0)
                    stem = candidate.question.question_text
                    key = candidate.answer_key
                    base_key = _figure(key) if key.startswith("#") else key.split("#")[0]
                    # A figure is asked once: "14 bones" twice is one fact twice.
                    allowed = 1 if base_key.startswith("#") else repeats
                    if candidate.sentence in used_sentences or answers.get(base_key, 0) >= allowed:
                        continue
                    if candidate.lead in used_sentences or candidate.sentence in used_leads:
                        continue  # one stem would show what the other blanks
                    if base_key in key_kinds and not _another_shape(candidate.kind, key_kinds[base_key]):
                        continue  # a second blank on the same key, or the same shape twice, is one fact twice
                    if candidate.kind == "exception" and answers.get(candidate.answer_key, 0):
                        continue
                    share = _SHARE.get(candidate.kind)
                    if share is not None and kinds.get(candidate.kind, 0) >= max(2, (share + slack) * limit):
                        continue
                    if any(near_duplicate(stem, other) for other in stems):
                        continue
                    chosen.append(candidate)
                    used_sentences.add(candidate.sentence)
                    used_leads.add(candidate.lead)
                    answers[base_key] = answers.get(base_key, 0) + 1
                    if candidate.answer_key != base_key:
                        answers[candidate.answer_key] = answers.get(candidate.answer_key, 0) + 1
                    kinds[candidate.kind] = kinds.get(candidate.kind, 0) + 1
                    key_kinds.setdefault(base_key, set()).add(candidate.kind)
                    stems.append(stem)
                    break
                if len(chosen) >= limit:
                    break
    _best_per_key(chosen, ranked_all, used_sentences)
    _mix_difficulties(chosen, ranked_all, used_sentences, answers)
    # When the material gave few other shapes, the bank ends up mostly fill-in-the-blank: the weakest go, since a
    # bank of two thirds blanks is a reading test, not an exam; but never below a mock test's worth
    # (QUESTIONS_PER_TEST's default) for that reason alone.
    floor = min(ONE_TEST, int(0.8 * limit))
    if len(chosen) <= floor:
        floor = min(len(chosen), 15)  # already short (and warned about): the share still holds, down to 15
    while sum(_is_blank(c) for c in chosen) > _MOST_CLOZE * len(chosen) and len(chosen) > floor:
        chosen.remove(min((c for c in chosen if _is_blank(c)), key=lambda c: c.score))
    chosen.sort(key=lambda c: (c.sentence, c.question.id))
    return [c.question for c in chosen]


_OPPOSITES = {"medial": "lateral", "lateral": "medial", "superior": "inferior", "inferior": "superior",
              "anterior": "posterior", "posterior": "anterior", "left": "right", "right": "left",
              "greater": "lesser", "lesser": "greater", "proximal": "distal", "distal": "proximal",
              "upper": "lower", "lower": "upper"}  # fmt: skip
_PAIRED_BLANK = re.compile(rf"\b(?P<a>\w+)\s+(?:and|or)\s+{BLANK}|{BLANK}\s+(?:and|or)\s+(?:the\s+)?(?P<b>\w+)")


def _opposite_named(stem: str, key: Term) -> bool:
    """The word beside "and _____" is the opposite of the key's first word ("lateral and _____" → medial …)."""
    first = key.key.split()[0]
    paired = _PAIRED_BLANK.search(stem)
    word = (paired.group("a") or paired.group("b") or "").lower() if paired else ""
    return _OPPOSITES.get(first) == word


def _best_per_key(chosen: list[Candidate], ranked: list[Candidate], used_sentences: set[int]) -> None:
    """Sections take turns, so a key may be spent on a section's weaker sentence while a better question on it
    waits in another: the better one, from an unused sentence and in a shape the key is not asked in elsewhere,
    takes its place."""
    for at, candidate in enumerate(list(chosen)):
        stems = [c.question.question_text for c in chosen if c is not candidate]
        other_kinds = {c.kind for c in chosen if c is not candidate and c.answer_key == candidate.answer_key}
        better = next(
            (
                c
                for c in ranked
                if c.answer_key == candidate.answer_key
                and (c.kind == candidate.kind or _another_shape(c.kind, other_kinds))
                and c.score > candidate.score
                and c.sentence not in used_sentences
                and c.lead not in used_sentences
                and c.sentence not in {other.lead for other in chosen}
                and not any(near_duplicate(c.question.question_text, s) for s in stems)
            ),
            None,
        )
        if better is not None:
            chosen[at] = better
            used_sentences.discard(candidate.sentence)
            used_sentences.add(better.sentence)


def _another_shape(kind: str, asked: set[str]) -> bool:
    """A second question on a key is another fact only in a shape not yet asked, and never a second blank."""
    return kind not in asked and not (kind in _BLANK_KINDS and asked & _BLANK_KINDS)


def _figure(key: str) -> str:
    """ "#3 region" and "#3.0groups": the same figure, "3", asked twice in one bank gives one answer twice."""
    number = re.match(r"#(\d+(?:\.\d+)?)", key)
    return f"#{float(number.group(1)):g}" if number else key


def _items(phrase: str) -> list[str]:
    """ "the lysozyme enzyme and proteins called defensins" -> ["the lysozyme enzyme", "defensins"]."""
    parts = re.split(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", phrase)
    return [re.sub(r"^.*\b(?:called|known as|termed)\s+", "", p) for p in parts if p.strip()]


def _verb_family(verb: str) -> str:
    """Secretes, produces, releases, synthesizes: one relation (what a cell makes); the others by their stem."""
    last = verb.split()[-1].lower()
    if re.match(r"(?:secret|produc|releas|synthesi)", last):
        return "makes"
    return re.sub(r"e?s$", "", last)


def _is_blank(candidate: Candidate) -> bool:
    return candidate.question.question_text.startswith("Fill in the blank")


def _mix_difficulties(
    chosen: list[Candidate], ranked: list[Candidate], used_sentences: set[int], answers: dict[str, int]
) -> None:
    """A test of recall only is no test: when a difficulty is missing, its best unused candidate takes the place
    of the weakest question of the most common difficulty."""
    for wanted in ("hard", "easy", "medium"):
        if len(chosen) < 3 or any(c.question.difficulty == wanted for c in chosen):
            continue
        stems = [c.question.question_text for c in chosen]
        # A key not yet asked first; else a key asked once, in another sentence (a second fact about it).
        spare = next(
            (
                c
                for repeats in (0, 1)
                for c in ranked
                if c.question.difficulty == wanted
                and c.sentence not in used_sentences
                and c.lead not in used_sentences
                and c.sentence not in {chosen_one.lead for chosen_one in chosen}
                and answers.get(c.answer_key.split("#")[0], 0) <= repeats
                and not any(near_duplicate(c.question.question_text, s) for s in stems)
            ),
            None,
        )
        if spare is None:
            continue
        counts: dict[str, int] = {}
        for c in chosen:
            counts[c.question.difficulty] = counts.get(c.question.difficulty, 0) + 1
        common = max(counts, key=lambda d: counts[d])
        # A sentence blank goes first: figures and named relations are what teachers keep, whatever their score.
        weakest = min(
            (c for c in chosen if c.question.difficulty == common), key=lambda c: (c.kind not in _BLANK_KINDS, c.score)
        )
        if spare.kind in _BLANK_KINDS and spare.score < weakest.score:
            continue  # a weaker sentence blank is no better for being labelled another difficulty
        chosen[chosen.index(weakest)] = spare
        used_sentences.add(spare.sentence)
        answers[spare.answer_key.split("#")[0]] = 1


# "secrete pepsinogen", "release of gastrin", "converts it to urobilinogen": the role a term plays.
_ROLE_BEFORE = re.compile(
    r"\b(secret\w*|produc\w*|releas\w*|synthesi[sz]\w*|convert\w*|degrad\w*|broken down)\s+"
    r"(?:(?:of|into|to|the|a|an|and|then|it|them|some|large amounts of)\s+)*$",
    re.IGNORECASE,
)
_ROLE_OF = {"secre": "secreted", "produ": "secreted", "relea": "secreted", "synth": "secreted", "conve": "product",
            "degra": "product", "broke": "product"}  # fmt: skip
_RANGE = re.compile(r"\d\s*(?:[–\-]|to)\s*\d")
# A bracketed figure or abbreviation beside the figure asked: "(~380 pints)", "(1 fluid ounce)", "(µL)".
_EQUIVALENT = re.compile(r"\s*\((?=[^()]*(?:\d|µ|\b[a-zA-Z]{1,3}\b))[^()]{1,30}\)")
# How many people in a country suffer from something: survey trivia, not an examinable fact.
_POPULATION = re.compile(
    r"\b(?:million|billion|thousand)\s+(?:Americans|Indians|Britons|Europeans|people|persons|adults|children|"
    r"individuals|patients|cases|deaths|women|men)\b|\b(?:in|of)\s+the\s+(?:United States|U\.S\.|US|UK|world)\b"
)
# "This is called electrochemical exclusion, meaning …", "That effect is referred to as the refractory period.",
# "This is what is known as the threshold.": the name of what the sentence before describes.
_THIS_IS_CALLED = re.compile(
    r"^(?P<subject>This|That|These|Such)(?:\s+(?P<noun>[a-z]+(?:\s+of\s+[a-z]+)?))?\s+(?P<verb>is|are)\s+"
    r"(?:also\s+)?(?:what\s+is\s+)?(?P<naming>called|known as|referred to as|termed)\s+(?:the\s+|an?\s+)?(?P<rest>.+)$"
)
# "… for a brief time—the absolute refractory period.": a name given after a dash, ending the sentence.
_DASH_NAMED_END = re.compile(r"\s*[—–]\s*(?:the|an?)\s+(?P<name>[A-Za-z][\w\-]*(?:\s+[\w\-]+){0,3})\.?$")
# "Once the membrane reaches that voltage, …": "that" pointing at a figure of the passage before.
_POINTS_AT_THAT = re.compile(r"\b(?:reach(?:es|ed)?|at|of|in|on|to|by|from|with|past|below|above)\s+that\s+[a-z]+\b")
# Below this a word says something specific ("semipermeable", "charge-specific"); "important", "process", "body"
# and "water" are said of everything.
_SPECIFIC_ZIPF = 4.6
# "also" without "not only … but" before it, and "as well" closing a clause, once the stem stands alone.
_ALSO = re.compile(r"(?<!\bbut)\s+also\b(?=\s)", re.IGNORECASE)
_AS_WELL_IN_STEM = re.compile(r",?\s+as well\s*([?.])")
# "the collective term used for these multiple-branched bronchi": a description that needs its sentence.
_POINTS_BACK = re.compile(r"\b(?:this|these|those|it|its|they|their|such)\b", re.IGNORECASE)
# "eliminate these bacteria", "the effects of this reflex": a pointer back inside the sentence.
_POINTS_BACK_INSIDE = re.compile(r"\b(?:this|these|those)\s+(?!is\b|are\b|was\b|were\b|way\b)[a-z]+", re.IGNORECASE)
# Asides a question does not need: "are large in children, but interestingly, tend to regress".
_INTERJECTION = re.compile(
    r"(?:(?<=,)|(?<=\bbut)|(?<=\band))\s*(?:interestingly|surprisingly|importantly|notably|remarkably|of course),(?=\s)",
    re.I,
)
# "In the absence of ATP, …", "Without calcium, …": the cause named as a condition opening the sentence.
_WITHOUT = re.compile(r"^(?:In the absence of|Without|In the presence of)\s+(?:the\s+)?", re.IGNORECASE)
# "binding causes the myosin head to detach …": the verb of a cause, after the agent (and what it does).
_AGENT_VERB = re.compile(
    r"^\s+(?:(?P<gerund>[a-z]+ing)\s+)?(?P<verb>causes|triggers|initiates|results in|leads to)\s+(?P<rest>.{12,})$"
)
_CLAUSE_BREAK = re.compile(r";|,\s*(?:which|so|but|whereas|while|causing|allowing)\b|\s(?:so that|because|whereas)\s")
_COORDINATED = re.compile(r"\s*(?:,\s*)?(?:(?:and|or)\s+)?(?:the\s+)?")
# "articulates with", "spans the femur and acetabulum": the stem names the bones of the joint it asks for.
_ARTICULATES = re.compile(r"\barticulat\w*|\bspans?\b|\b(?:connects?|joins?|unites?)\s+the\b", re.IGNORECASE)
# A stem that opens on a comparison or sequel to a sentence it does not carry.
_NO_ANTECEDENT = re.compile(
    r"^(?:More|Further|Farther|Also|Similarly|Likewise|However|Instead|Thus|Hence|Therefore|Then|Again|"
    r"In contrast|By contrast|In addition|Otherwise|Conversely|As (?:in|with))\b"
    r"|^(?:Low|High|Lower|Higher|Increased|Decreased|Elevated|Reduced)\s+(?:counts?|levels?|numbers?)\s+(?!of\b)"
    r"|^The\s+(?:bones|cells|structures|areas|fibers|two|three)\s+(?:are|is)\b",
)
# "Although leukocytes and _____ both …", "Whereas _____ spend their days circulating …, leukocytes …", "… far
# less numerous than _____": the blank is only "another thing than the subject", which more than one option is.
_SHARED_BY_BOTH = re.compile(
    rf"\band\s+{BLANK}\s+both\b|{BLANK}\s+and\s+(?:the\s+)?[\w\-]+\s+both\b"
    rf"|^(?:Whereas|While|Unlike|Although|In contrast to)\s+(?:the\s+)?{BLANK}"
    rf"|\bthan\s+(?:the\s+)?(?:{BLANK}|which of the following)"  # "far less numerous than _____": platelets outnumber them too
)
# "_____ known as germinal centers", "_____, called the …": the sentence names something else after the blank.
_NAMED_AFTER_BLANK = re.compile(r"^,?\s*(?:(?:is|are)\s+)?(?:known as|called|termed|referred to as)\s", re.IGNORECASE)
# A cause named before the blank: "ATP binding causes …", "In the absence of ATP, …", "…, causing the …".
_CAUSE_BEFORE = re.compile(
    r"\b(?:causes?|causing|caused|triggers?|triggering|results? in|resulting in|leads? to|leading to)\b"
    r"|\b(?:in the absence of|without|no further|there is no)\s+[^,]+,",
    re.IGNORECASE,
)
# Phrases that send the reader to another passage.
_ELSEWHERE = re.compile(
    r"\b(?:in (?:both|either|each|this|that|these|such) (?:cases?|ways?|instances?|manners?)|"
    r"(?:discussed|mentioned|described|noted|explained|shown|seen) (?:earlier|above|previously|before|below|later)|"
    r"for reasons|as shown|as seen|see (?:figure|table)|chapters?|"
    r"(?:this|next|previous|following|later|earlier) (?:section|module|unit)|will be (?:covered|discussed|described))\b",
    re.IGNORECASE,
)
# A describing word glued before a one-word blank: "conditioned _____", "the large _____", "decreased _____".
_COMPOUND_BEFORE = re.compile(
    r"\b(?:[a-z]+(?:ed|al|ic|ous|ive|ary|ar)|large|small|great|little|big|long|short|high|low)\s+$"
)


def _named_by_book(analysis: Analysis) -> set[str]:
    """Terms a sentence names for what the one before describes ("This is called size exclusion.", "That effect
    is referred to as the refractory period."): words of everyday English the material makes into terms."""
    named: set[str] = set()
    for sentence in analysis.sentences:
        called = _THIS_IS_CALLED.match(sentence.text) or _DASH_NAMED_END.search(sentence.text)
        if not called:
            continue
        words = words_of(called.group("rest" if "rest" in called.re.groupindex else "name"))
        for length in range(min(4, len(words)), 0, -1):
            key = " ".join(words[:length])
            for form in (key, " ".join(words[: length - 1] + (singular(words[length - 1]),))):
                if form in analysis.terms:
                    named.add(form)
                    break
            else:
                continue
            break
    return named


def _trivial(tree_numbers: tuple[str, ...], words: list[str]) -> bool:
    """A body fluid ("plasma", "mucus", "gastric juice": MeSH A12), an everyday name of a process
    ("circulation", "absorption", "reflex": MeSH G) or of a general condition ("rare disease": C23): the
    sentence's fact lies elsewhere, so the blank tests reading, not knowing."""
    if any(t.startswith("A12") for t in tree_numbers):
        return True
    everyday = all(_zipf(w) >= 3.3 for w in words)
    return everyday and any(t[:1] == "G" or t.startswith("C23") for t in tree_numbers)


def _fluid(tree_numbers: tuple[str, ...]) -> bool:
    return any(t.startswith("A12") for t in tree_numbers)


def _zipf(word: str) -> float:
    from studybuddy.generation.lexicon import word_frequency

    return word_frequency(word)


def _class_variant(term: Term, terms: dict[str, Term], halves: set[str]) -> bool:
    """ "ulna bone" beside "ulna", "hamate bone" beside "hamate": the same thing with its class word."""
    words = term.key.split()
    shorter = " ".join(words[:-1])
    return len(words) > 1 and words[-1] in ("bone", "muscle", "nerve") and shorter in terms and shorter not in halves


def _names_itself(kind: str, key: str) -> bool:
    """True when the kind's name is the key's own word ("transferrins" for transferrin): no information."""
    kind_words = {singular(word) for word in words_of(kind.lower())}
    return any(singular(word) in kind_words for word in words_of(key.lower()) if word not in STOPWORDS)


def _plural(text: str) -> bool:
    last = text.strip().split()[-1].lower() if text.strip() else ""
    return singular(last) != last and not last.endswith(("is", "us", "ss"))


def _key(text: str) -> str:
    from .analysis import normalise_term

    return normalise_term(text)


def _term_regex(key: str) -> str:
    words = [re.escape(w) for w in key.split()]
    last = words[-1]
    return r"\s+".join(words[:-1] + [rf"{last}(?:s|es)?"]) if words else ""


def _match_key_of(text: str, terms: dict[str, Term]) -> str | None:
    words = [w.lower() for w in re.findall(r"[A-Za-z][A-Za-z0-9\-']*", text)]
    if not words:
        return None
    for candidate in (" ".join(words), " ".join(words[:-1] + [singular(words[-1])])):
        if candidate in terms:
            return candidate
    return None
