"""How good the offline engine's material is on a textbook section, measured against the book's own answer key
(``studybuddy quality``). Each measure tracks a criterion of the teacher's rubric (``shared/QUALITY.md``):

- keys that are terms: a glossary term, a vocabulary entry that is not everyday English, or a number;
- glossary tested: the share of the book's key terms that are the key of some question;
- strict review coverage: the book's review answer is the *key* of some question (a word inside a stem is not
  a test of it);
- same-kind distractors: a distractor shares a parent or grandparent in MeSH with its key, is listed with it
  in the material, is a sister name the material uses (same head noun, other qualifier: "chief cells" for
  "parietal cells"), or is a number with the same unit;
- mnemonics: how many, whether every list the section states has one, whether each expands exactly and in order;
- cheat sheet: key terms (and how many are the book's glossary terms), duplicate lines, figure/reference stubs;
- notes: length against the section, the share of the book summary's key terms they keep, and the share of the
  book summary's sentences whose key facts one place of the notes states (half its content words, any inflection);
- near-duplicate stems.

None of these replaces reading the items: grade a sample by hand with the rubric.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from pathlib import Path

from studybuddy.extract.document import StudyDocument

from .lexicon import Lexicon, match_key, medical_lexicon
from .offline.engine import generate_offline
from .offline.enumerations import stated_lists
from .quality import SourceText, near_duplicate, question_problems
from .schemas import StudyMaterial

# The targets on the shared corpus.
TARGETS = {
    "keys_are_terms": 90.0,
    "glossary_tested": 60.0,
    "review_coverage": 50.0,
    "same_kind_distractors": 80.0,
    "near_duplicate_pairs": 0,
}
_NUMBER = re.compile(r"^[~≈]?\s*(?:about |approximately )?(\d[\d,]*(?:\.\d+)?)(?:\s?[-–]\s?\d[\d,.]*)?\s*(.*)$")
_STUB = re.compile(r"\(\s*(?:see\s*)?\)|\bas seen in\s*\.|\b(?:figure|fig\.|table)\s*\d|\bet al\b", re.IGNORECASE)


@dataclass
class SectionQuality:
    file: str
    words: int
    questions: int
    valid_percent: float  # pass the quality gate's checks
    grounded_percent: float  # source excerpt found in the material
    keys_are_terms: float  # percent
    glossary_tested: float | None  # percent of the glossary's key terms
    review_covered: int | None
    review_questions: int | None
    same_kind_distractors: float  # percent
    near_duplicate_pairs: int
    lists_stated: int
    mnemonics: int
    mnemonics_exact: float  # percent expanding to terms found in the text, in order
    cheat_sheet_key_terms: int
    cheat_sheet_glossary_terms: int
    cheat_sheet_duplicates: int
    cheat_sheet_stubs: int
    notes_length_ratio: float  # notes words / section words
    summary_terms_kept: float | None  # percent of the book summary's glossary terms the notes mention
    summary_facts_kept: float | None  # percent of the book summary's sentences whose key facts the notes carry
    warnings: list[str]
    seconds: float

    @property
    def review_answers_covered(self) -> int | None:
        return self.review_covered

    @property
    def review_coverage(self) -> float | None:
        if not self.review_questions:
            return None
        return 100 * (self.review_covered or 0) / self.review_questions

    @property
    def mnemonic_for_every_list(self) -> bool:
        return self.lists_stated == 0 or self.mnemonics > 0


@dataclass(frozen=True)
class Gold:
    """What the book gives to judge by (``NAME.gold.json`` beside the section)."""

    key_terms: list[str]
    review_answers: list[str]
    summary: str

    @classmethod
    def read(cls, path: Path) -> Gold:
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, list):  # a NAME.review.json: the review questions alone
            data = {"multiple_choice": data}
        answers = []
        for item in data.get("multiple_choice", []):
            answer = item.get("answer_text") or item["options"][ord(item["answer"].upper()) - ord("A")]
            answers.append(answer)
        return cls(
            key_terms=[t["term"] for t in data.get("key_terms", [])],
            review_answers=answers,
            summary=data.get("summary", ""),
        )


def _number(text: str) -> tuple[float, str] | None:
    match = _NUMBER.match(text.strip())
    if not match:
        return None
    unit = match.group(2).strip().lower()
    if len(unit.split()) > 2:
        return None
    return float(match.group(1).replace(",", "")), unit


def is_term_key(key: str, glossary: set[str], lexicon: Lexicon) -> bool:
    """A key worth testing: the book's glossary term, a technical vocabulary entry, or a number."""
    return match_key(key) in glossary or _number(key) is not None or lexicon.is_term(key)


def same_kind(key: str, distractor: str, lexicon: Lexicon, listed_together: list[set[str]], material: str = "") -> bool:
    """Of the key's kind: a sibling or cousin in MeSH, listed with it in the material, a sister name the material
    itself uses (same head noun: "chief cells" beside "parietal cells", "mitral valve" beside "tricuspid
    valve"), or a number in its unit."""
    key_number, other_number = _number(key), _number(distractor)
    if key_number is not None or other_number is not None:
        return key_number is not None and other_number is not None and key_number[1] == other_number[1]
    a, b = match_key(key), match_key(distractor)
    if any(a in group and b in group for group in listed_together):
        return True
    if material and _sister_names(a, b) and f" {b} " in material:
        return True
    first, second = lexicon.concept(key), lexicon.concept(distractor)
    if first is None or second is None or first == second:
        return False
    grandparents = {p.rsplit(".", 1)[0] for p in first.parents if "." in p}
    return bool(first.parents & second.parents) or bool(
        grandparents & {p.rsplit(".", 1)[0] for p in second.parents if "." in p}
    )


def _sister_names(a: str, b: str) -> bool:
    """Two names of two words or more with one head noun and different qualifiers: "parietal cell" and "chief
    cell" are two kinds of cell; "cell" and "cell membrane" are not."""
    first, second = a.split(), b.split()
    return len(first) > 1 and len(second) > 1 and first[-1] == second[-1] and not set(first[:-1]) & set(second[:-1])


def _mentions(text: str, term: str) -> bool:
    return f" {match_key(term)} " in f" {match_key(text)} "


# Words of a summary sentence that carry no fact of their own.
_FILLER = frozenset(
    "about also another area areas because been being both called cannot case cell cells does each either even "
    "from given have into known made makes many more most much must once only other over same shape several "
    "since some such than that their them then there these they this those through thus type types under until "
    "upon very well were what when where whether which while will with within without would".split()
)


def _fact_words(text: str) -> set[str]:
    """A sentence's content words, cut to their first six letters so "depolarization" meets "depolarize"."""
    return {w[:6] for w in re.findall(r"[a-z0-9+]+", text.lower()) if len(w) > 3 and w not in _FILLER}


def summary_facts_carried(summary: str, notes_lines: list[str]) -> float | None:
    """The percent of the book summary's sentences whose key facts the notes carry: some sentence of the notes
    (with the one after it) holds at least half of the summary sentence's content words. Terms named in
    passing across the page do not count: the notes must state the fact where a student would read it."""
    sentences = [s for s in _sentences(summary) if len(_fact_words(s)) >= 3]
    if not sentences:
        return None
    units = [_sentences(line) for line in notes_lines]
    said = [_fact_words(" ".join(unit[i : i + 2])) for unit in units for i in range(len(unit))]
    carried = sum(
        any(len(words & facts) >= 0.5 * len(words) for facts in said) for words in (_fact_words(s) for s in sentences)
    )
    return 100 * carried / len(sentences)


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]


def _in_order(terms: list[str], text: str) -> bool:
    """Every term occurs in the text, each after the one before (plural or not)."""
    position = 0
    lowered = text.lower()
    for term in terms:
        words = r"\s+".join(re.escape(w) for w in term.lower().split())
        found = re.compile(rf"\b{words}(?:s|es)?\b").search(lowered, position)
        if found is None:
            return False
        position = found.end()
    return True


def evaluate(document: StudyDocument, name: str, question_count: int, gold_file: Path | None) -> SectionQuality:
    started = time.perf_counter()
    material = StudyMaterial.model_validate_json(
        generate_offline(document.model_dump_json(), "quality", question_count)
    )
    seconds = time.perf_counter() - started
    return measure(
        material, document, name, Gold.read(gold_file) if gold_file and gold_file.exists() else None, seconds
    )


def measure(
    material: StudyMaterial, document: StudyDocument, name: str, gold: Gold | None, seconds: float = 0.0
) -> SectionQuality:
    """The measures for material already generated (by any engine) from ``document``."""
    lexicon = medical_lexicon()
    glossary = {match_key(t) for t in gold.key_terms} if gold else set()
    questions = material.questions
    keys = [q.option_text(q.correct_answer) for q in questions]
    key_set = {match_key(k) for k in keys}
    lists = stated_lists(document.sections)
    listed_together = [{match_key(i) for i in e.items} for e in lists]

    distractors = [
        (q.option_text(q.correct_answer), o.text) for q in questions for o in q.options if o.label != q.correct_answer
    ]
    material_key = f" {match_key(re.sub(r'[,;:.()]', ' ', document.full_text))} "
    same = sum(same_kind(k, d, lexicon, listed_together, material_key) for k, d in distractors)
    pairs = sum(
        near_duplicate(a.question_text, b.question_text) for i, a in enumerate(questions) for b in questions[i + 1 :]
    )

    text = document.full_text
    source = SourceText(text)
    exact = sum(_in_order([e.term for e in m.expansion], text) for m in material.mnemonics)

    sheet = material.cheat_sheet
    lines: list[str] = []
    sheet_terms: list[str] = []
    if sheet is not None:
        sheet_terms = [k.term for k in sheet.key_terms]
        lines = [p for s in sheet.sections for p in s.points]
        lines += [f"{k.term}: {k.definition}" for k in sheet.key_terms]
        lines += [f"{n.value}: {n.context}" for n in sheet.numbers_to_remember]
    normalised_lines = [" ".join(re.findall(r"[a-z0-9]+", line.lower())) for line in lines]

    notes = material.notes
    notes_text = ""
    notes_lines: list[str] = []
    if notes is not None:
        notes_text = " ".join([notes.summary, *(s.content for s in notes.sections)])
        notes_lines = [notes.summary, *(s.content for s in notes.sections)]
        notes_lines += [p for s in notes.sections for p in s.key_points]
    words = document.word_count
    summary_terms = [t for t in (gold.key_terms if gold else []) if _mentions(gold.summary, t)] if gold else []

    def percent(part: int, whole: int) -> float:
        return 100 * part / whole if whole else 0.0

    return SectionQuality(
        file=name,
        words=words,
        questions=len(questions),
        valid_percent=percent(sum(not question_problems(q, None) for q in questions), len(questions)),
        grounded_percent=percent(sum(source.contains(q.source.excerpt) for q in questions), len(questions)),
        keys_are_terms=percent(sum(is_term_key(k, glossary, lexicon) for k in keys), len(keys)),
        glossary_tested=percent(len(glossary & key_set), len(glossary)) if gold and glossary else None,
        review_covered=sum(match_key(a) in key_set for a in gold.review_answers) if gold else None,
        review_questions=len(gold.review_answers) if gold else None,
        same_kind_distractors=percent(same, len(distractors)),
        near_duplicate_pairs=pairs,
        lists_stated=len(lists),
        mnemonics=len(material.mnemonics),
        mnemonics_exact=percent(exact, len(material.mnemonics)),
        cheat_sheet_key_terms=len(sheet_terms),
        cheat_sheet_glossary_terms=sum(match_key(t) in glossary for t in sheet_terms),
        cheat_sheet_duplicates=len(normalised_lines) - len(set(normalised_lines)),
        cheat_sheet_stubs=sum(bool(_STUB.search(line)) for line in lines),
        notes_length_ratio=len(notes_text.split()) / words if words else 0.0,
        summary_terms_kept=percent(sum(_mentions(notes_text, t) for t in summary_terms), len(summary_terms))
        if summary_terms
        else None,
        summary_facts_kept=summary_facts_carried(gold.summary, notes_lines) if gold and gold.summary else None,
        warnings=list(material.warnings),
        seconds=seconds,
    )
