"""Study notes: a short summary of the whole section, then per heading its core and key points.

A heading's core is what the book's own section summary keeps: the sentences that name and define its terms
("..., known as a reticulocyte", "This is called repolarization"), state a relation or a step, or are about the
heading's own subject — in reading order, so a process reads as its steps in sequence — within about an eighth
of the heading's words. Asides, analogies, examples and talk about the book are left out. Every pronoun still
points at the right thing: a sentence that leans on the one before comes with it, or with its subject named
("It consists of four folded chains ..." -> "Hemoglobin consists of four folded chains ..."), or without the
opening clause that pointed back ("With the ions distributed ... at these concentrations, the difference ...").
"""

from __future__ import annotations

import math
import re
import weakref

from studybuddy.generation.schemas import NotesSection, StudyNotes

from .analysis import Analysis, Sentence, singular, words_of
from .definitions import definition_of, shown_name, vague
from .enumerations import lists_in
from .number_facts import number_facts
from .relations import opening_subject
from .sentence_choice import (
    as_notes,
    capital,
    heading_groups,
    is_fact,
    points_back,
    readable_sentences,
    related_sentences,
    says_little,
    title_of,
)
from .vocabulary import STOPWORDS

NOTES_SHARE = 0.13  # of each heading's words, for its notes (with the summary: at most ~15 %)
SUMMARY_SENTENCES = 6
SUMMARY_SHARE = 0.05  # of the document's words, for the summary above the notes
# How far back a sentence may lean: "About 23–24 percent of it binds ..." leans on "About 76 percent dissolves
# ...", which leans on "In the capillaries, carbon dioxide enters the bloodstream."
LEAN_DEPTH = 2

# A sentence that names or defines a term: what a student revises first.
_NAMES_A_TERM = re.compile(
    r"\b(?:called|known as|referred to as|termed|is defined as)\s+(?:the\s+|an?\s+)?[\w“\"]"
    r"|^(?:The\s+|An?\s+)?[A-Za-z][\w\-/+]*(?:\s+[\w\-/+]+){0,3}\s+(?:is|are)\s+(?:an?|the)\s+(?!same\b|only\b)",
)
# A step of a process: something opens, enters, is converted or broken down, released, removed.
_STEP = re.compile(
    r"\b(?:opens?|closes?|enters?|leaves?|rush(?:es)?|reach(?:es)?|returns?|initiat\w+|triggers?|stimulat\w+|"
    r"inhibits?|converts?|converted|broken down|degraded|releas\w+|removed|bound to|binds?|carried|transported|"
    r"absorbed|secret\w+|produc\w+|forms?|forming|results? in|causes?)\b",
    re.IGNORECASE,
)
# Asides a teacher strikes from a summary: examples, analogies, talk about the book or the reader, anecdotes.
_ASIDE = re.compile(
    r"\b(?:for example|for instance|e\.g\.|imagine|think about|in perspective|likened to|much as|as in|"
    r"as we have seen|as mentioned|described above|description above|covered in|next section|previous section|"
    r"interactive|link|video|website|visit|obviously|surprising|staggering|interestingly|"
    r"can be (?:described|thought of) as an?|compared to an?)\b"
    r"|^(?:To put|Now|What has been|The question is|As you|Looking at|Similar to)\b",
    re.IGNORECASE,
)
# A leading pronoun the sentence before names: "It consists of ..." after "Hemoglobin is ...".
_PRONOUN_SUBJECT = re.compile(
    r"^(?P<pronoun>It|They)\s+(?!(?:is|are)\s+(?:important|necessary|possible|thought|known|believed|likely|"
    r"essential|then|also|not)\b)(?P<rest>[a-z].*)$"
)
# An opening clause whose only job was to point back: without it the sentence still states its fact.
_POINTING_OPENER = re.compile(
    r"^(?:With|Because of|As a result of|Due to|Given|In this way|For this reason|In doing so)\b[^,]{0,80}?"
    r"\b(?:this|these|those|that|it)\b[^,]{0,40},\s+(?P<rest>[a-z].{20,})$"
)
# "of it", "to them" early in a sentence: the thing it is of was named before.
_POINTS_BACK_INSIDE = re.compile(
    r"^(?:\S+\s+){0,5}(?:of|to|for|from|with|in|on)\s+(?:it|them)\b"
    # "About 76 percent dissolves in the plasma": 76 percent of what the sentence before named.
    r"|^(?:(?:About|Approximately|Nearly|Roughly|Only|Some)\s+)?[\d.,–-]+\s*(?:percent|%)\s+(?!of\b)"
    # "One is the activation gate", "The other gate is ...": one of the things the sentence before counted.
    r"|^(?:One|The other)\s+(?:is|of|gate|type|kind|form)\b"
    r"|\b(?:that|those)\s+(?:voltage|value|level|effect|channel|stage|phase)s?\b",
    re.IGNORECASE,
)


def _restates_itself(text: str) -> bool:
    """ "Erythrocytes are biconcave disks; that is, they are plump ...": the pronoun is the clause's own subject."""
    return bool(re.match(r"^[^,;]{8,80};\s+that is,\s+(?:they|it)\b", text)) and not points_back(text.split(";")[0])


def _named_pronoun(text: str, previous: Sentence | None) -> str | None:
    """ "It consists of four folded chains ..." after "Hemoglobin is a large molecule ..." -> "Hemoglobin consists
    of four folded chains ..."; None unless the sentence before opens with a name of the pronoun's number."""
    match = _PRONOUN_SUBJECT.match(text)
    if match is None or previous is None:
        return None
    subject = opening_subject(previous.text)
    if not subject or previous.text.find(subject) > 4:
        return None
    last = subject.split()[-1].lower()
    plural = singular(last) != last
    if plural != (match.group("pronoun") == "They"):
        return None
    named = f"The {subject}" if previous.text.startswith("The ") else subject
    named_text = f"{capital(named)} {match.group('rest')}"
    return None if _leans(named_text) else named_text


def _without_pointing_opener(text: str) -> str | None:
    """ "With the ions distributed across the membrane at these concentrations, the difference in charge is
    measured at -70 mV ..." -> "The difference in charge is measured at -70 mV ...": the fact stands without
    the clause that pointed back."""
    match = _POINTING_OPENER.match(text)
    if match is None:
        return None
    rest = capital(match.group("rest"))
    return None if _leans(rest) else rest


def _leans(text: str) -> bool:
    return points_back(text) or bool(_POINTS_BACK_INSIDE.search(text))


_STANDING: weakref.WeakKeyDictionary[Analysis, dict[int, str]] = weakref.WeakKeyDictionary()


def _standing(analysis: Analysis) -> dict[int, str]:
    """Per sentence index, the words it can stand in the notes with on its own (see the module's docstring);
    sentences that need the one before are absent."""
    found = _STANDING.get(analysis)
    if found is not None:
        return found
    found = {}
    readable = readable_sentences(analysis)
    previous: Sentence | None = None
    for sentence in analysis.sentences:
        before = previous if previous is not None and previous.section == sentence.section else None
        previous = sentence
        if not is_fact(sentence):
            continue
        text = readable.get(sentence.index)
        if text is not None and _POINTS_BACK_INSIDE.search(text):
            text = None
        if text is None and _restates_itself(sentence.text):
            text = sentence.text
        if text is None:
            text = _without_pointing_opener(sentence.text) or _named_pronoun(sentence.text, before)
        if text is not None:
            found[sentence.index] = text
    _STANDING[analysis] = found
    return found


_SCORES: weakref.WeakKeyDictionary[Analysis, dict[int, float]] = weakref.WeakKeyDictionary()


def _core_scores(analysis: Analysis) -> dict[int, float]:
    """How much of a heading's core each sentence holds: its centrality, raised where it names or defines a term,
    states a relation or a step, or is about the heading's own subject; lowered for asides and questions."""
    found = _SCORES.get(analysis)
    if found is not None:
        return found
    related = related_sentences(analysis)
    defining = {t.definition_sentence.index for t in analysis.ranked_terms[:80] if t.definition_sentence is not None}
    found = {}
    for sentence in analysis.sentences:
        heading = analysis.sections[sentence.section].heading or ""
        subject = {singular(w) for w in words_of(heading) if w not in STOPWORDS}
        score = analysis.sentence_scores[sentence.index]
        if sentence.index in defining or _NAMES_A_TERM.search(sentence.text):
            score += 0.6
            if sentence.word_count <= 15 and _leans(sentence.text):
                score += 0.5  # "This is called repolarization": the book naming the step it has just described
        if sentence.index in related:
            score += 0.4
        if subject & {singular(w) for w in sentence.words[:5]}:
            score += 0.3
        if _STEP.search(sentence.text):
            score += 0.2
        if _ASIDE.search(sentence.text) or "?" in sentence.text:
            score -= 1.0
        if re.search(r"\bagain\b", sentence.text):
            score -= 0.8  # "... passes -55 mV again": a step that repeats one the notes may not hold
        if sentence.word_count > 30:
            score -= 0.3  # a long sentence is rarely one point; the summary's are short
        if says_little(sentence.text):
            score -= 1.0
        found[sentence.index] = score
    _SCORES[analysis] = found
    return found


def _with_lead(
    sentence: Sentence, by_index: dict[int, Sentence], standing: dict[int, str], exclude: frozenset[int]
) -> list[tuple[Sentence, str]] | None:
    """The sentence with the sentences it leans on (at most LEAN_DEPTH back), each with the words it is shown
    in; None when the chain does not reach a sentence that stands on its own."""
    chain = [sentence]
    for _ in range(LEAN_DEPTH + 1):
        first = chain[0]
        if first.index in standing:
            return [(first, standing[first.index])] + [(s, s.text) for s in chain[1:]]
        before = by_index.get(first.index - 1)
        if before is None or before.index in exclude or not is_fact(before):
            return None
        chain.insert(0, before)
    return None


_NAMED = re.compile(
    r"\b(?:called|known as|referred to as|termed)\s+(?:the\s+|an?\s+)?(?P<name>[\w\-+/ ]{3,40}?)(?=[,.;:(]|$)"
)


def _named(text: str) -> str | None:
    """The term a sentence names ("... is called repolarization" -> "repolarization")."""
    match = _NAMED.search(text)
    return match.group("name").lower() if match else None


def _content_words(text: str) -> set[str]:
    return {singular(w) for w in words_of(text) if len(w) > 3 and w not in STOPWORDS}


def _cost(needed: list[tuple[Sentence, str]], chosen: dict[int, tuple[Sentence, str]]) -> int:
    return sum(s.word_count for s, _ in needed if s.index not in chosen)


def _core(
    analysis: Analysis, sentences: list[Sentence], budget: int, exclude: frozenset[int] = frozenset()
) -> list[tuple[Sentence, str]]:
    """A heading's core within ``budget`` words, in reading order, each sentence with the words it is shown in.
    Each pick is the sentence that adds most to what is already picked: one that says again what the notes hold
    ranks lower, one that names a term the notes do not yet name ranks higher — so a process section keeps
    each of its named steps rather than five sentences on its first one."""
    scores = _core_scores(analysis)
    standing = _standing(analysis)
    by_index = {s.index: s for s in sentences}
    leads = {}
    for sentence in sentences:
        if sentence.index in exclude or scores[sentence.index] <= 0 or not is_fact(sentence):
            continue
        needed = _with_lead(sentence, by_index, standing, exclude)
        if needed is not None:
            leads[sentence.index] = needed
    chosen: dict[int, tuple[Sentence, str]] = {}
    said: set[str] = set()
    named: str = ""
    used = 0

    words_of_sentence = {i: _content_words(by_index[i].text) for i in leads}
    names = {i: _named(by_index[i].text) for i in leads}

    def gain(index: int) -> float:
        words = words_of_sentence[index]
        repeated = len(words & said) / len(words) if words else 1.0
        name = names[index]
        return scores[index] - 0.5 * repeated + (0.4 if name and name not in named else 0.0)

    while leads and used < budget:
        # Per word spent, with the sentences it leans on: two short core facts before one long sentence.
        index = max(leads, key=lambda i: (gain(i) / math.sqrt(max(12, _cost(leads[i], chosen)) / 20), -i))
        needed = leads.pop(index)
        new = [(s, text) for s, text in needed if s.index not in chosen]
        cost = sum(s.word_count for s, _ in new)
        if not new or (used + cost > budget and chosen):
            continue
        for s, text in new:
            chosen[s.index] = (s, text)
            said |= _content_words(text)
            named += " " + text.lower()
        used += cost
    return [chosen[i] for i in sorted(chosen)]


def _overview(analysis: Analysis) -> list[tuple[Sentence, str]]:
    """The summary: the core sentence of each of a few stretches of headings, in reading order, always opening
    with the first heading's — a tour of the section, as the book's own summaries are, not five sentences on
    one detail."""
    scores = _core_scores(analysis)
    standing = _standing(analysis)
    # "This is known as depolarization" needs the sentence before it in its heading's notes: not in the summary.
    leaned_on = {s.index - 1 for s in analysis.sentences if s.index not in standing and _NAMES_A_TERM.search(s.text)}
    best = []
    for _, sentences in heading_groups(analysis):
        candidates = [
            s
            for s in sentences
            if s.index in standing and s.word_count <= 35 and scores[s.index] > 0 and s.index not in leaned_on
        ]
        if candidates:
            best.append(max(candidates, key=lambda s: (scores[s.index], -s.index)))
    if len(best) < 3:
        # Few or no headings (a PDF page, a pasted text): the stretches are of its sentences instead.
        best = [
            s
            for s in analysis.sentences
            if s.index in standing and s.word_count <= 35 and scores[s.index] > 0 and s.index not in leaned_on
        ]
    if not best:
        return []
    budget = max(60, round(sum(s.word_count for s in analysis.sentences) * SUMMARY_SHARE))
    stretches = max(1, min(SUMMARY_SENTENCES, len(best)))
    size = len(best) / stretches
    picks = [best[0]] + [
        max(best[round(i * size) : round((i + 1) * size)] or best[-1:], key=lambda s: scores[s.index])
        for i in range(1, stretches)
    ]
    chosen: list[Sentence] = []
    for sentence in picks:
        if sentence in chosen or sum(s.word_count for s in chosen) + sentence.word_count > budget:
            continue
        chosen.append(sentence)
    return [(s, standing[s.index]) for s in sorted(chosen, key=lambda s: s.index)]


def _as_notes(text: str) -> str:
    """ "Action potentials are “all or none.": a quotation the sentence splitter cut before its closing mark."""
    text = as_notes(text)
    if text.count("“") > text.count("”"):
        text = re.sub(r"([.!?]?)$", r"”\1", text, count=1)
    return text


def _said_in(point: str, text: str) -> bool:
    """Whether a key point only repeats what the notes' paragraph already says."""
    body = re.sub(r"[^a-z0-9 ]", "", point.split(": ", 1)[-1].lower())
    return bool(body) and body in re.sub(r"[^a-z0-9 ]", "", text.lower())


def write_notes(analysis: Analysis) -> StudyNotes:
    """A summary, then per heading its core (about an eighth of its words, none repeating the summary) and its
    key points: defined terms, the lists it states, its numbers — each said once."""
    lists = lists_in(analysis)
    numbers = number_facts(analysis)
    overview = _overview(analysis)
    in_summary = frozenset(s.index for s, _ in overview)
    summary = " ".join(_as_notes(text) for _, text in overview)
    sections = []
    for heading, sentences in heading_groups(analysis):
        words = sum(s.word_count for s in sentences)
        # The summary's sentence from this heading counts against its share, so the notes stay within it.
        budget = max(18, round(words * NOTES_SHARE)) - sum(
            s.word_count for s, _ in overview if s.index in {x.index for x in sentences}
        )
        kept = _core(analysis, sentences, max(1, budget), exclude=in_summary)
        in_group = {s.section for s in sentences}
        indices = {s.index for s in sentences}
        content = " ".join(_as_notes(text) for _, text in kept)
        key_points = [
            f"{shown_name(t)}: {definition}"
            for t in analysis.ranked_terms
            if t.definition_sentence is not None
            and t.definition_sentence.index in indices
            and (definition := definition_of(t))
            and not vague(definition)
        ][:3]
        key_points += [f"{capital(e.topic)}: {', '.join(e.items)}" for e in lists if e.section in in_group]
        key_points += [
            f"{fact.value}: {fact.context}"
            for sentence, fact in numbers
            if sentence.index in indices and fact.value not in content
        ][:2]
        key_points = [p for p in dict.fromkeys(key_points) if not _said_in(p, f"{content} {summary}")]
        if content or key_points:
            sections.append(NotesSection(heading=heading, content=content, key_points=key_points))
    return StudyNotes(title=title_of(analysis), summary=summary, sections=sections)
