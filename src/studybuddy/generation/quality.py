"""The quality gate every engine's output passes before it is kept."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

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

    def contains(self, excerpt: str) -> bool:
        words = _normalise(excerpt).split()
        if len(words) < 3:
            return bool(words) and " ".join(words) in self.normalised
        if " ".join(words) in self.normalised:
            return True
        grams = [" ".join(words[i : i + 3]) for i in range(len(words) - 2)]
        return sum(g in self.trigrams for g in grams) / len(grams) >= _GROUNDED


def question_problems(question: Question, source: SourceText | None) -> list[str]:
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
    answer = _content(question.option_text(question.correct_answer))
    if answer and answer <= _content(question.question_text) and len(question.question_text) > 0:
        problems.append("the stem gives the answer away")
    if source is not None and not source.contains(question.source.excerpt):
        problems.append("source excerpt not found in the material")
    return problems


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
