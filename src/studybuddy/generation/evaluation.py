"""How good the offline engine's questions are on a file: validity, grounding, near-duplicates, and how many of
a book's own review-question answers the generated bank covers (``studybuddy quality``)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from studybuddy.extract.document import StudyDocument

from .offline.engine import generate_offline
from .quality import SourceText, near_duplicate, question_problems
from .schemas import StudyMaterial


@dataclass
class FileQuality:
    file: str
    questions: int
    valid_percent: float
    grounded_percent: float
    near_duplicate_pairs: int
    review_answers_covered: int | None
    review_questions: int | None
    seconds: float


def _normalise(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def review_coverage(material: StudyMaterial, review_file: Path) -> tuple[int, int]:
    """How many review questions' correct answers are the correct answer of some generated question."""
    review = json.loads(review_file.read_text())
    answers = {_normalise(q.option_text(q.correct_answer)) for q in material.questions}
    covered = 0
    for item in review:
        expected = _normalise(item["options"][ord(item["answer"].upper()) - ord("A")])
        if any(expected == a or (len(expected) > 3 and (expected in a or a in expected) and a) for a in answers):
            covered += 1
    return covered, len(review)


def evaluate(document: StudyDocument, name: str, question_count: int, review_file: Path | None) -> FileQuality:
    import time

    started = time.perf_counter()
    material = StudyMaterial.model_validate_json(
        generate_offline(document.model_dump_json(), "quality", question_count)
    )
    seconds = time.perf_counter() - started
    source = SourceText(document.full_text)
    questions = material.questions
    valid = sum(not question_problems(q, None) for q in questions)
    grounded = sum(source.contains(q.source.excerpt) for q in questions)
    pairs = sum(
        near_duplicate(a.question_text, b.question_text) for i, a in enumerate(questions) for b in questions[i + 1 :]
    )
    covered, total = review_coverage(material, review_file) if review_file and review_file.exists() else (None, None)
    count = max(1, len(questions))
    return FileQuality(
        file=name,
        questions=len(questions),
        valid_percent=100 * valid / count,
        grounded_percent=100 * grounded / count,
        near_duplicate_pairs=pairs,
        review_answers_covered=covered,
        review_questions=total,
        seconds=seconds,
    )
