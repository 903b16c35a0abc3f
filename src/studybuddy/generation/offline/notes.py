"""Study notes: a short summary of the whole section, then per heading its core sentences and key points."""

from __future__ import annotations

import re

from studybuddy.generation.schemas import NotesSection, StudyNotes

from .analysis import Analysis, Sentence
from .definitions import definition_of, shown_name, vague
from .enumerations import lists_in
from .number_facts import number_facts
from .sentence_choice import as_notes, capital, heading_groups, readable_sentences, summarise, title_of

NOTES_SHARE = 0.12  # of each heading's words, for its notes (with the summary: at most ~15 %)
SUMMARY_SENTENCES = 6
SUMMARY_SHARE = 0.05  # of the document's words, for the summary above the notes


def _overview(analysis: Analysis) -> list[Sentence]:
    """The summary: the most central standing sentence of each of the few most central headings, in reading
    order, always opening with the first heading's overview — a tour of the section, as the book's own summaries
    are, not five sentences on one detail."""
    scores = analysis.sentence_scores
    readable = readable_sentences(analysis)
    best = []
    for _, sentences in heading_groups(analysis):
        candidates = [s for s in sentences if s.index in readable and s.word_count <= 40]
        if candidates:
            best.append(max(candidates, key=lambda s: (scores[s.index], -s.index)))
    if len(best) < 3:
        # Few or no headings (a PDF page, a pasted text): the stretches are of its sentences instead.
        best = [s for s in analysis.sentences if s.index in readable and s.word_count <= 40]
    if not best:
        return []
    budget = max(60, round(sum(s.word_count for s in analysis.sentences) * SUMMARY_SHARE))
    # The headings in a few consecutive stretches, the best sentence of each stretch: the tour covers the whole
    # section in its order (location, coverings, layers, chambers, vessels) rather than its densest part.
    stretches = max(1, min(SUMMARY_SENTENCES, len(best)))
    size = len(best) / stretches
    picks = [best[0]] + [
        max(best[round(i * size) : round((i + 1) * size)] or best[-1:], key=lambda s: scores[s.index] / s.word_count)
        for i in range(1, stretches)
    ]
    chosen: list[Sentence] = []
    for sentence in picks:
        if sentence in chosen or sum(s.word_count for s in chosen) + sentence.word_count > budget:
            continue
        chosen.append(sentence)
    return sorted(chosen, key=lambda s: s.index)


def _said_in(point: str, text: str) -> bool:
    """Whether a key point only repeats what the notes' paragraph already says."""
    body = re.sub(r"[^a-z0-9 ]", "", point.split(": ", 1)[-1].lower())
    return bool(body) and body in re.sub(r"[^a-z0-9 ]", "", text.lower())


def write_notes(analysis: Analysis) -> StudyNotes:
    """A summary, then per heading its central sentences (about a tenth of its words, none repeating the
    summary) and its key points: defined terms, the lists it states, its numbers — each said once."""
    lists = lists_in(analysis)
    numbers = number_facts(analysis)
    readable = readable_sentences(analysis)
    overview = _overview(analysis)
    in_summary = frozenset(s.index for s in overview)
    summary = " ".join(as_notes(readable[s.index]) for s in overview)
    sections = []
    for heading, sentences in heading_groups(analysis):
        words = sum(s.word_count for s in sentences)
        # The summary's sentence from this heading counts against its share, so the notes stay within it.
        budget = max(18, round(words * NOTES_SHARE)) - sum(s.word_count for s in overview if s in sentences)
        # At least one sentence of its own, so no heading is left as a bare list of points.
        kept = summarise(analysis, sentences, max(1, budget), exclude=in_summary)
        in_group = {s.section for s in sentences}
        content = " ".join(as_notes(readable.get(s.index, s.text)) for s in kept)
        key_points = [
            f"{shown_name(t)}: {definition}"
            for t in analysis.ranked_terms
            if t.definition_sentence in sentences and (definition := definition_of(t)) and not vague(definition)
        ][:3]
        key_points += [f"{capital(e.topic)}: {', '.join(e.items)}" for e in lists if e.section in in_group]
        key_points += [
            f"{fact.value}: {fact.context}"
            for sentence, fact in numbers
            if sentence in sentences and fact.value not in content
        ][:2]
        key_points = [p for p in dict.fromkeys(key_points) if not _said_in(p, f"{content} {summary}")]
        if content or key_points:
            sections.append(NotesSection(heading=heading, content=content, key_points=key_points))
    return StudyNotes(title=title_of(analysis), summary=summary, sections=sections)
