"""Study notes and a cheat sheet from the document's own structure: headings, central sentences,
definitions, numbers and stated lists."""

from __future__ import annotations

from studybuddy.generation.schemas import (
    CheatSheet,
    CheatSheetSection,
    KeyTerm,
    NotesSection,
    NumberFact,
    StudyNotes,
)

from .analysis import Analysis, Sentence

_POINT_WORDS = 30


def _title(analysis: Analysis) -> str:
    if analysis.document.title:
        return analysis.document.title
    files = {s.source.file for s in analysis.sections}
    return next(iter(files)) if len(files) == 1 else "Study notes"


def _groups(analysis: Analysis) -> list[tuple[str, list[Sentence]]]:
    """Sections under their headings; headingless runs (PDF pages) are named by their source."""
    grouped: list[tuple[str, list[Sentence]]] = []
    for index, sentences in sorted(analysis.section_sentences().items()):
        section = analysis.sections[index]
        if section.heading:
            heading = section.heading
        elif section.source.page:
            heading = f"{section.source.file}, {section.source.unit or 'page'} {section.source.page}"
        else:
            heading = _title(analysis)
        if grouped and grouped[-1][0] == heading:
            grouped[-1][1].extend(sentences)
        else:
            grouped.append((heading, list(sentences)))
    return grouped


def _top(analysis: Analysis, sentences: list[Sentence], share: float, most: int) -> list[Sentence]:
    count = max(1, min(most, round(len(sentences) * share)))
    best = sorted(sentences, key=lambda s: (-analysis.sentence_scores[s.index], s.index))[:count]
    return sorted(best, key=lambda s: s.index)


def _shorten(text: str) -> str:
    words = text.split()
    return text if len(words) <= _POINT_WORDS else " ".join(words[:_POINT_WORDS]).rstrip(",;") + "…"


def write_notes(analysis: Analysis) -> StudyNotes:
    sections = []
    for heading, sentences in _groups(analysis):
        content = " ".join(s.text for s in _top(analysis, sentences, 0.4, 8))
        defined = [t for t in analysis.ranked_terms if t.definition_sentence in sentences]
        key_points = [f"{t.text[:1].upper() + t.text[1:]}: {t.definition}" for t in defined[:4]]
        key_points += [f.sentence.text for f in analysis.numbers if f.sentence in sentences][:2]
        sections.append(NotesSection(heading=heading, content=content, key_points=list(dict.fromkeys(key_points))))
    summary = " ".join(s.text for s in _top(analysis, analysis.sentences, 0.05, 5))
    return StudyNotes(title=_title(analysis), summary=summary, sections=sections)


def write_cheat_sheet(analysis: Analysis) -> CheatSheet:
    sections = []
    for heading, sentences in _groups(analysis):
        points = [_shorten(s.text) for s in _top(analysis, sentences, 0.25, 5)]
        sections.append(CheatSheetSection(heading=heading, points=points))
    key_terms = [
        KeyTerm(term=t.text[:1].upper() + t.text[1:], definition=t.definition)
        for t in analysis.ranked_terms
        if t.definition
    ][:25]
    numbers = []
    seen: set[str] = set()
    for fact in analysis.numbers:
        if fact.value not in seen:
            seen.add(fact.value)
            numbers.append(NumberFact(value=fact.value, context=_shorten(fact.sentence.text)))
    return CheatSheet(
        title=f"{_title(analysis)} — cheat sheet",
        sections=sections,
        key_terms=key_terms,
        numbers_to_remember=numbers[:20],
    )
