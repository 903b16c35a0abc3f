"""The quality gate every engine's output passes before it is kept: offline, Gemini and OpenAI-compatible alike.

A question is dropped (and an LLM engine asks again for the shortfall) when it is malformed, when its key is not
in the material, when an option is the key in disguise (a synonym, superset or subset: "Adrenal" keyed and
"Suprarenal" offered), when the stem gives the key away (a/an before the blank, a plural verb only the key agrees
with, a word of the key), when the stem leans on a sentence it does not quote ("It …", "However, …", a figure),
or when it nearly repeats a question already kept.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from .lexicon import Lexicon, match_key, medical_lexicon
from .schemas import LABELS, Mnemonic, Question

_STOP = frozenset(
    "a an the of and or to in on at by for with is are was were be as that which this these it its from".split()
)
_NEAR_DUPLICATE = 0.6
_GROUNDED = 0.8


def _normalise(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def _content(text: str) -> set[str]:
    return {w.rstrip("s") for w in _normalise(text).split() if w not in _STOP}


class SourceText:
    """The extracted text, prepared for fast fuzzy "is this excerpt in there?" checks."""

    def __init__(self, text: str) -> None:
        self.normalised = _normalise(text)
        words = self.normalised.split()
        self.trigrams = {" ".join(words[i : i + 3]) for i in range(len(words) - 2)}
        self._stems: set[str] | None = None

    def mentions(self, answer: str) -> bool:
        """Whether the material names the answer: a term in any number ("carpal bone" for "Carpal bones"), a
        figure, or for a statement most of its content words."""
        words = _normalise(answer).split()
        if not words:
            return False
        if len(words) <= 4:
            forms = {" ".join(words), " ".join(words[:-1] + [words[-1].rstrip("s")]), " ".join(words) + "s"}
            padded = f" {self.normalised} "
            return any(f" {form}" in padded for form in forms if form)
        content = _content(answer)
        return bool(content) and sum(w in self.stems for w in content) >= 0.6 * len(content)

    @property
    def stems(self) -> set[str]:
        if self._stems is None:
            self._stems = {w.rstrip("s") for w in self.normalised.split()}
        return self._stems

    def contains(self, excerpt: str) -> bool:
        words = _normalise(excerpt).split()
        if len(words) < 3:
            return bool(words) and " ".join(words) in self.normalised
        if " ".join(words) in self.normalised:
            return True
        grams = [" ".join(words[i : i + 3]) for i in range(len(words) - 2)]
        return sum(g in self.trigrams for g in grams) / len(grams) >= _GROUNDED


def question_problems(question: Question, source: SourceText | None, lexicon: Lexicon | None = None) -> list[str]:
    problems = []
    labels = [o.label for o in question.options]
    texts = [_normalise(o.text) for o in question.options]
    if len(question.options) != 4 or sorted(labels) != list(LABELS):
        problems.append("needs exactly four options labelled A-D")
    if len(set(texts)) != len(texts) or any(not t for t in texts):
        problems.append("options must be distinct and non-empty")
    if question.correct_answer not in labels:
        problems.append("correct answer is not one of the options")
    if not question.question_text.strip():
        problems.append("empty question")
    if not question.explanation.strip():
        problems.append("empty explanation")
    if problems:
        return problems
    stem = question.question_text
    key = question.option_text(question.correct_answer)
    others = [o.text for o in question.options if o.label != question.correct_answer]
    answer = _content(key)
    if answer and answer <= _content(stem):
        problems.append("the stem gives the answer away")
    if any(_ABOVE.search(text) for text in texts):
        problems.append("an option is “all/none of the above”")
    lexicon = lexicon or medical_lexicon()
    for other in others:
        if disguises(other, key, lexicon):
            problems.append(f"option “{other}” is the answer in another form (synonym, superset or subset)")
            break
    cue = _cue(stem, key, others)
    if cue:
        problems.append(cue)
    if not stands_alone(stem):
        problems.append("the stem leans on a sentence or figure it does not show")
    if source is not None and not source.contains(question.source.excerpt):
        problems.append("source excerpt not found in the material")
    if source is not None and not source.mentions(key):
        problems.append("the answer is not in the material")
    return problems


def disguises(a: str, b: str, lexicon: Lexicon) -> bool:
    """Whether two option texts are one answer: the same word in another form, one inside the other ("neck" and
    "surgical neck", "distal bones" and "distal carpal bones"), synonyms ("adrenal" and "suprarenal"), or a class
    and its member in the vocabulary ("blood vessels" and "aorta")."""
    key_a, key_b = match_key(a), match_key(b)
    if not key_a or not key_b or key_a == key_b:
        return True
    padded_a, padded_b = f" {key_a} ", f" {key_b} "
    if padded_a in padded_b or padded_b in padded_a:
        return True
    words_a, words_b = set(key_a.split()), set(key_b.split())
    if len(words_a) > 1 and len(words_b) > 1 and (words_a <= words_b or words_b <= words_a):
        return True
    if len(key_a) > 40 or len(key_b) > 40:
        return False  # statements, not names: no vocabulary lookup
    return lexicon.is_synonym(a, b) or lexicon.contains(a, b) or lexicon.contains(b, a)


# A stem that only makes sense after the sentence before it, or beside a figure the student cannot see.
_LEANS = re.compile(
    r"^(?:It|Its|They|Their|Them|This|These|That|Those|Such|He|She|Here|The latter|The former|Both of these|"
    r"Each of these|One of these|All of these|In this way|In this case)\b"
    r"|^(?:However|In addition|Additionally|Also|Thus|Therefore|Furthermore|Moreover|Similarly|Likewise|"
    r"Consequently|As a result|In contrast|Instead|Hence)\b,?"
)
# Pointing back from inside the stem: "each of these openings", "Only three of these bones", "in this case",
# "Unlike these other cardiac veins" name something only the sentence before says.
# "Along the way it gives rise to …": a pronoun subject in the opening words names what the stem does not.
_PRONOUN_SUBJECT = re.compile(r"^(?:[A-Za-z]+,?\s+){1,3}(?:it|they)\s+(?!is\b|are\b)[a-z]+s?\b")
_POINTS_BACK = re.compile(
    r"\b(?:of|in|from|between|like|unlike|among) these\b|\bin this case\b|\bthe (?:latter|former)\b", re.I
)
_EXPLETIVE = re.compile(r"^It\s+(?:is|was)\s+(?:\w+\s+){1,2}(?:to|that)\b")
_FIGURE = re.compile(
    r"\b(?:in|see|shown in|as in)\s+(?:the\s+)?(?:figure|fig\.|table|diagram|image)\b|^\s*shows\b", re.I
)
_STEM_PREFIX = re.compile(r"^(?:Fill in the blank|Complete the sentence|Choose the correct option)\s*:\s*", re.I)
_ABOVE = re.compile(r"\b(?:all|none|both) of the above\b")
_BLANK = re.compile(r"_{3,}")


def stands_alone(stem: str) -> bool:
    """Whether a stem can be answered as it stands: it does not open by pointing back ("It …", "These cells …",
    "However, …") or at a figure."""
    text = _STEM_PREFIX.sub("", stem.strip())
    if _POINTS_BACK.search(text) or _PRONOUN_SUBJECT.match(text):
        return False
    if _EXPLETIVE.match(text):
        return not _FIGURE.search(text)
    return not _LEANS.match(text) and not _FIGURE.search(text)


def _cue(stem: str, key: str, others: list[str]) -> str | None:
    """A give-away in the stem's grammar or words: "an" before a blank only the key starts with a vowel, "_____
    are" when only the key is plural, or a word of the key that no distractor shares."""
    blank = _BLANK.search(stem)
    if blank:
        before = stem[: blank.start()].rstrip().lower()
        vowel = key.strip()[:1].lower() in "aeiou"
        if before.endswith(" an") or before == "an":
            if vowel and not all(o.strip()[:1].lower() in "aeiou" for o in others):
                return "“an” before the blank fits only the key"
        elif before.endswith(" a") or before == "a":
            if not vowel and any(o.strip()[:1].lower() in "aeiou" for o in others):
                return "“a” before the blank fits only the key"
        after = stem[blank.end() :].lstrip().lower()
        verb = re.match(r"^(is|are|was|were|has|have)\b", after)
        if verb:
            plural_verb = verb.group(1) in ("are", "were", "have")
            agreeing = [_looks_plural(o) == plural_verb for o in others]
            if _looks_plural(key) == plural_verb and not any(agreeing):
                return "the verb after the blank agrees only with the key"
    stem_words = {w.rstrip("s") for w in _content(_BLANK.sub(" ", stem))}
    shared = set().union(*(_content(o) for o in others)) if others else set()
    for word in _content(key) - shared:
        if len(word) >= 4 and word in stem_words and word not in _GENERIC_WORDS:
            return f"the stem names “{word}”, a word of the key"
    other_words = set().union(*(_normalise(o).split() for o in others)) if others else set()
    for word in _content(key) - shared:
        for stem_word in stem_words - _GENERIC_WORDS:
            # A distractor of the same root takes the cue away: the student must still know which of the two.
            if same_root(stem_word, word) and not any(same_root(stem_word, o) for o in other_words):
                return f"the stem's “{stem_word}” gives away the key"
    return None


# Anatomical prefixes that build a new name on a root: the root alone cues the name.
_PREFIXES = ("inter", "intra", "epi", "supra", "infra", "sub", "peri", "para", "post", "pre", "retro", "trans")


def _roots(word: str) -> list[str]:
    """The word and, when it opens with a prefix, the root it builds on (of five letters or more)."""
    return [word] + [word[len(p) :] for p in _PREFIXES if word.startswith(p) and len(word) - len(p) >= 5]


def same_root(word: str, other: str) -> bool:
    """One family of words ("absorb" and "absorption", "digest" and "digestion"), or a root and the name a prefix
    builds on it ("condyle" and "intercondylar", "epicondyle" and "condyle", "trochanters" and
    "intertrochanteric"). A student matches the letters, not the anatomy."""
    for a in _roots(word):
        for b in _roots(other):
            shared = len(os.path.commonprefix([a, b]))
            if shared >= 5 and shared >= min(len(a), len(b)) - 2:
                return True
    return False


def repeats_root(stem: str, key: str) -> bool:
    """Whether a word of the stem is of the family of a word of the key (words of five letters or more)."""
    key_words = [w for w in re.findall(r"[a-z]+", key.lower()) if len(w) >= 5]
    stem_words = [w for w in re.findall(r"[a-z]+", stem.lower()) if len(w) >= 5]
    return any(same_root(w, k) for w in stem_words for k in key_words)


_GENERIC_WORDS = frozenset("following which structure part region bone cell type".split())


def _looks_plural(text: str) -> bool:
    last = _normalise(text).split()[-1] if _normalise(text) else ""
    return last.endswith("s") and not last.endswith(("ss", "us", "is"))


def mnemonic_problems(mnemonic: Mnemonic) -> list[str]:
    problems = []
    if not mnemonic.expansion:
        problems.append("no expansion")
    for entry in mnemonic.expansion:
        if not entry.term.strip() or entry.letter.upper() != entry.term.strip()[0].upper():
            problems.append(f"letter {entry.letter!r} does not start {entry.term!r}")
    if not mnemonic.mnemonic.strip():
        problems.append("empty mnemonic")
    return problems


def near_duplicate(a: str, b: str) -> bool:
    first, second = _content(a), _content(b)
    return bool(first and second) and len(first & second) / len(first | second) >= _NEAR_DUPLICATE


@dataclass
class QualityReport:
    generated: int = 0
    valid: int = 0
    grounded: int = 0
    near_duplicates: int = 0
    dropped: list[str] = field(default_factory=list)


def gate_questions(questions: list[Question], source: SourceText | None) -> tuple[list[Question], QualityReport]:
    """Keep the questions that pass every check and are not near-duplicates of one already kept."""
    report = QualityReport(generated=len(questions))
    kept: list[Question] = []
    for question in questions:
        problems = question_problems(question, source)
        grounded = source is None or "source excerpt not found in the material" not in problems
        report.grounded += grounded
        if not problems:
            report.valid += 1
        if any(near_duplicate(question.question_text, k.question_text) for k in kept):
            report.near_duplicates += 1
            problems.append("near-duplicate of another question")
        if problems:
            report.dropped.append(f"{question.question_text[:60]}: {'; '.join(problems)}")
        else:
            kept.append(question)
    return kept, report
