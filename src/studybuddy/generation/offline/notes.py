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
from .enumerations import counted_sets, lists_in
from .number_facts import number_facts
from .relations import opening_subject
from .sentence_choice import (
    as_notes,
    capital,
    heading_groups,
    is_clinical,
    is_fact,
    points_back,
    readable_sentences,
    related_sentences,
    says_little,
    states_a_fact,
    title_of,
)
from .vocabulary import STOPWORDS

NOTES_SHARE = 0.14  # of each heading's words, for its notes (with the summary: at most ~17 %)
# A process a heading describes step by step is kept whole, in order, up to this share of the heading's words.
PROCESS_SHARE = 0.25
PROCESS_WORDS = 70  # a short heading that is all process ("Relaxation of a Skeletal Muscle") keeps its steps
STEP_WORDS = 52
MIN_HEADING_WORDS = 26  # a short heading still gets one or two whole sentences
MAX_SHARE = 0.15  # of the document's words, for the whole notes (summary and headings)
SUMMARY_SENTENCES = 6
SUMMARY_SHARE = 0.04  # of the document's words, for the summary above the notes
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
    r"can be (?:described|thought of) as an?|compared to an?|similar to the)\b"
    r"|^(?:To put|Now|What has been|The question is|As you|Looking at|Similar to|See|Note that)\b",
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
    # "After entering the circulation, approximately one-third migrate to the spleen": a third of what?
    r"|(?:^|,\s+)(?:(?:about|approximately|nearly|roughly)\s+)?(?:one|two|three)-(?:thirds?|half|quarters?)\s+(?!of\b)"
    r"|\b(?:that|those)\s+(?:voltage|value|level|effect|channel|stage|phase)s?\b",
    re.IGNORECASE,
)


# A paragraph that walks through a process: "The sequence of events ...", "The first step ...", "... is then ...".
_SEQUENCE_CUE = re.compile(
    r"\b(?:sequence of|series of steps|(?:first|next|final|last) step|then|begins? with|followed by|after which|"
    r"after this|in turn|subsequently|cycle|starts? with|once)\b",
    re.IGNORECASE,
)
# What a step of a physiological process does (narrower than _STEP: "forms" and "produces" also describe anatomy).
_PROCESS_VERB = re.compile(
    r"\b(?:trigger\w*|initiat\w+|stimulat\w+|releas\w+|enter\w*|open\w*|clos\w+|bind\w*|depolariz\w+|rush\w*|"
    r"repolariz\w+|pump\w*|detach\w*|attach\w*|causes?|causing|results? in|activat\w+|convert\w*|"
    r"hydroly\w+|diffus\w+|squeez\w+|migrat\w+|pulled|pulls?|slides?|stops?)\b",
    re.IGNORECASE,
)
# "The bones are the medial cuneiform ...", "The large cells are 10–14 µm": a class word for things the sentence
# before named; alone it says "bones" without saying which.
_CLASS_SUBJECT = re.compile(
    r"^The\s+(?:(?:large|larger|small|smaller|two|three|four|five|individual|remaining)\s+)?"
    r"(?:bones?|cells?|structures?|regions?|parts?|layers?|muscles?|vessels?|organs?|tissues?|proteins?|"
    r"molecules?|fibers?|fibres?|ones?|ligaments?|tendons?|arter(?:y|ies)|veins?|nerves?|glands?|ducts?|"
    r"granules?|channels?)\s+(?:is|are|was|were|has|have|spans?|runs?|lies?|lie)\b"
)


# "They include neutrophils, eosinophils, and basophils (you can view their lineage from myeloid stem cells in
# )": the book talking to the reader in brackets; the sentence around it states a fact.
_READER_ASIDE = re.compile(r"\s*\([^()]*\b(?:you|your|we|our)\b[^()]*\)", re.IGNORECASE)


def _fact(sentence: Sentence) -> bool:
    return is_fact(sentence) or states_a_fact(_READER_ASIDE.sub("", sentence.text))


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


# "As shown in , they leave ...": what is left of a pointer to a figure the text extraction dropped.
_FIGURE_OPENER = re.compile(r"^(?:As (?:shown|seen|illustrated) in|(?:As )?(?:See|Shown in))\s*(?:\([^)]*\))?\s*,\s*")


def _named_by_heading(text: str, heading: str, recent: list[Sentence]) -> str | None:
    """ "As shown in , they leave the capillaries ... through a process known as emigration ..." under the heading
    "Characteristics of Leukocytes" -> "Leukocytes leave the capillaries ...": with the figure pointer gone, the
    pronoun is the heading's subject (its last noun, of the pronoun's number) when the sentence before was about
    it too (one of the three before names it)."""
    if not _FIGURE_OPENER.match(text) or not recent:
        return None
    text = _FIGURE_OPENER.sub("", text)
    match = re.match(r"^(?P<pronoun>[Tt]hey|[Ii]t)\s+(?P<rest>[a-z].*)$", text)
    words = re.findall(r"[A-Za-z][\w-]*", heading)
    if match is None or not words or len(words) > 5:
        return None
    subject = words[-1]
    if singular(subject.lower()) not in {singular(w) for s in recent for w in s.words}:
        return None
    plural = singular(subject.lower()) != subject.lower()
    if plural != (match.group("pronoun").lower() == "they"):
        return None
    named = f"{capital(subject.lower()) if plural else 'The ' + subject.lower()} {match.group('rest')}"
    return None if _leans(named) else named


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
    return points_back(text) or bool(_POINTS_BACK_INSIDE.search(text) or _CLASS_SUBJECT.match(text))


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
    for position, sentence in enumerate(analysis.sentences):
        before = previous if previous is not None and previous.section == sentence.section else None
        previous = sentence
        if not _fact(sentence):
            continue
        text = readable.get(sentence.index)
        plain = _READER_ASIDE.sub("", sentence.text)
        if text is not None and (_POINTS_BACK_INSIDE.search(text) or _CLASS_SUBJECT.match(text)):
            text = None
        if text is None and _restates_itself(sentence.text):
            text = sentence.text
        if text is None:
            text = _without_pointing_opener(plain) or _named_pronoun(plain, before)
        if text is None:
            recent = [s for s in analysis.sentences[max(0, position - 3) : position] if s.section == sentence.section]
            text = _named_by_heading(sentence.text, analysis.sections[sentence.section].heading or "", recent)
        if text is not None:
            found[sentence.index] = text
    _STANDING[analysis] = found
    return found


_STEPS: weakref.WeakKeyDictionary[Analysis, list[int]] = weakref.WeakKeyDictionary()


def _is_step(sentence: Sentence) -> bool:
    """A sentence saying what happens, or naming what just happened ("This is known as depolarization")."""
    return (
        is_fact(sentence)
        and bool(_PROCESS_VERB.search(sentence.text) or _named(sentence.text))
        and not _ASIDE.search(sentence.text)
    )


def process_steps(analysis: Analysis) -> list[int]:
    """The sentences that state a step of a process the material walks through, in reading order: a run of at
    least three sentences under one heading that each say what happens (triggers, releases, binds, pumps ...),
    one of which says it is a sequence ("begins with", "the first step", "then"). A summary keeps every step,
    in order; a step too long for a revision line (over STEP_WORDS words) is left to the rest of the notes."""
    found = _STEPS.get(analysis)
    if found is not None:
        return found
    found = []
    run: list[Sentence] = []
    gap = 0  # one sentence that states no step ("Because sodium is positively charged, ...") does not end a run
    for sentence in [*analysis.sentences, None]:
        if sentence is not None and (not run or run[-1].section == sentence.section):
            if _is_step(sentence):
                run.append(sentence)
                gap = 0
                continue
            if run and gap == 0:
                gap = 1
                continue
        if len(run) >= 3 and any(_SEQUENCE_CUE.search(s.text) for s in run):
            found += [s.index for s in run if s.word_count <= STEP_WORDS]
        run = [sentence] if sentence is not None and _is_step(sentence) else []
        gap = 0
    _STEPS[analysis] = found
    return found


CLASS_SUBJECT = _CLASS_SUBJECT


def told_as_step(sentence: Sentence, standing: dict[int, str]) -> bool:
    """A step the text tells as one: it says where it stands in the sequence ("The first step ...", "... is then
    released"), names what just happened ("This is called the power stroke") or goes on from the sentence
    before ("This triggers ...")."""
    return bool(_SEQUENCE_CUE.search(sentence.text) or _named(sentence.text)) or sentence.index not in standing


def told_steps(steps: list[Sentence], standing: dict[int, str]) -> set[int]:
    """The steps told as steps (``told_as_step``), with the step each "then" or "This ..." goes on from: "Pi is
    then released" needs "Cross-bridge formation occurs when the myosin head attaches ..." before it."""
    present = {s.index for s in steps}
    told = {s.index for s in steps if told_as_step(s, standing)}
    return told | {
        s.index - 1
        for s in steps
        if s.index in told and (s.index not in standing or re.search(r"\bthen\b", s.text)) and s.index - 1 in present
    }


def standing_sentences(analysis: Analysis) -> dict[int, str]:
    """Per sentence index, the words it can stand on a revision page with on its own (the cheat sheet's steps)."""
    return _standing(analysis)


_SCORES: weakref.WeakKeyDictionary[Analysis, dict[int, float]] = weakref.WeakKeyDictionary()


def _own_definitions(analysis: Analysis) -> set[int]:
    """Per heading, the first sentence that names all of the heading's subject and says what it is, is made of or
    has: "The patella (kneecap) is the largest sesamoid bone", "The posterior half of the foot is formed by seven
    tarsal bones" — what a student revising the heading needs first."""
    found: set[int] = set()
    for heading, sentences in heading_groups(analysis):
        subject = {singular(w) for w in words_of(heading) if w not in STOPWORDS and len(w) > 2}
        if not subject or len(subject) > 3:
            continue
        for sentence in sentences:
            if subject <= {singular(w) for w in sentence.words} and _SAYS_WHAT.search(sentence.text):
                if is_fact(sentence) and not says_little(sentence.text) and not points_back(sentence.text):
                    found.add(sentence.index)
                break
    return found


_SAYS_WHAT = re.compile(r"\b(?:is|are|has|have|consists? of|contains?|(?:is|are) formed by)\b")


def _core_scores(analysis: Analysis) -> dict[int, float]:
    """How much of a heading's core each sentence holds: its centrality, raised where it names or defines a term,
    states a relation or a step, or is about the heading's own subject; lowered for asides and questions."""
    found = _SCORES.get(analysis)
    if found is not None:
        return found
    related = related_sentences(analysis)
    defining = {t.definition_sentence.index for t in analysis.ranked_terms[:80] if t.definition_sentence is not None}
    key_terms = analysis.mentions([t.key for t in analysis.ranked_terms[:60]])
    steps = set(process_steps(analysis))
    own = _own_definitions(analysis)
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
            if subject & {singular(w) for w in sentence.words[:3]} and re.search(r"\b(?:is|are)\s", sentence.text):
                score += 0.3  # "The patella (kneecap) is the largest sesamoid bone": the heading's own subject
        if sentence.index in own:
            score += 0.8  # the heading's own subject said for what it is: "The fibula is the slender bone ..."
        if is_clinical(sentence.text) and sentence.word_count <= 36:
            score += 0.6  # the section's clinical line, which a revision note keeps
        if _STEP.search(sentence.text):
            score += 0.2
        # A sentence naming several of the section's key terms carries more of it: "Between the tibial condyles
        # is the intercondylar eminence" over "The tibia does not have epicondyles".
        score += 0.12 * min(4, len(key_terms[sentence.index]))
        if _NAMES_A_PLACE.search(sentence.text) or _NAMES_PARTS.search(sentence.text):
            score += 0.3
        if sentence.index in steps:
            score += 0.5
        if _ASIDE.search(sentence.text) or "?" in sentence.text:
            score -= 1.0
        if re.search(r"\bagain\b", sentence.text):
            score -= 0.8  # "... passes -55 mV again": a step that repeats one the notes may not hold
        if sentence.word_count > 30:
            score -= 0.3  # a long sentence is rarely one point; the summary's are short
        if says_little(sentence.text) or _PROMISES.search(sentence.text):
            score -= 1.0
        found[sentence.index] = score
    _SCORES[analysis] = found
    return found


# "On the anterior side of the proximal tibia is the tibial tuberosity", "The expanded distal end of the fibula is
# the lateral malleolus": a structure named with where it lies, what an anatomy summary lists.
_NAMES_A_PLACE = re.compile(
    r"^(?:On|At|Between|Along|Anterior to|Posterior to|Inferior to|Superior to|Medial to|Lateral to|Near)\b[^.]{3,80}?"
    r"\b(?:is|are|lies|lie)\s+(?:the|an?)\s+"
    r"|\b(?:medial|lateral|anterior|posterior|proximal|distal|superior|inferior)\b[^.]{0,60}?\b(?:is|are)\s+the\s+"
    r"[a-z]",
    re.IGNORECASE,
)


# "It consists of four folded chains of a protein called globin": a structure with its parts.
_NAMES_PARTS = re.compile(r"\b(?:consists? of|(?:is|are) composed of|(?:is|are) made up of|comprises?)\b")
# "They are very different from each other in many significant ways": a promise the sentence does not keep.
_PROMISES = re.compile(r"\bin (?:many|several|various|a number of) (?:\w+ )?ways\b", re.IGNORECASE)


def _with_lead(
    sentence: Sentence, by_index: dict[int, Sentence], standing: dict[int, str], exclude: frozenset[int]
) -> list[tuple[Sentence, str]] | None:
    """The sentence with the sentences it leans on (at most LEAN_DEPTH back), each with the words it is shown
    in; None when the chain does not reach a sentence that stands on its own."""
    chain = [sentence]
    for _ in range(LEAN_DEPTH + 1):
        first = chain[0]
        if first.index in standing:
            if len(chain) > 1 and standing[first.index] != first.text:
                return None  # "It might take ..." after a sentence shown in other words points at the wrong thing
            return [(first, standing[first.index])] + [(s, s.text) for s in chain[1:]]
        before = by_index.get(first.index - 1)
        if before is None or before.index in exclude or not _fact(before):
            return None
        chain.insert(0, before)
    return None


_NAMED = re.compile(
    r"\b(?:called|known as|referred to as|termed)\s+(?:the\s+|an?\s+)?(?P<name>[\w\-+/ ]{3,60}?)(?=[,.;:(]|$)"
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
    analysis: Analysis,
    sentences: list[Sentence],
    budget: int,
    exclude: frozenset[int] = frozenset(),
    steps: list[int] | None = None,
    step_budget: int = 0,
    ordered: bool = False,
    known: frozenset[str] = frozenset(),
) -> list[tuple[Sentence, str]]:
    """A heading's core within ``budget`` words, in reading order, each sentence with the words it is shown in.
    Each pick is the sentence that adds most to what is already picked: one that says again what the notes hold
    ranks lower, one that names a term the notes do not yet name ranks higher — so a process section keeps
    each of its named steps rather than five sentences on its first one."""
    scores = _core_scores(analysis)
    standing = _standing(analysis)
    by_index = {s.index: s for s in sentences}
    steps = steps or []
    leads = {}
    for sentence in sentences:
        if sentence.index in exclude or scores[sentence.index] <= 0 or not _fact(sentence):
            continue
        needed = _with_lead(sentence, by_index, standing, exclude)
        if needed is not None:
            leads[sentence.index] = needed
    chosen: dict[int, tuple[Sentence, str]] = {}
    said: set[str] = set(known)  # what the summary already says: a sentence repeating it gains little
    named: list[str] = []
    used = 0

    def take(new: list[tuple[Sentence, str]]) -> None:
        for s, text in new:
            chosen[s.index] = (s, text)
            said.update(_content_words(text))
            named.append(text.lower())

    # The steps of a process come first and all together, in order: a summary without one of them is wrong.
    # When they do not all fit ("The action potential" walks through thirty), the central ones and those that
    # say where they stand in the sequence ("The first step ...", "... is then released") go first.
    here = [i for i in steps if i in by_index and i not in exclude]
    if not ordered:
        # The steps that say where they stand in the sequence ("The first step ...", "... is then pulled"), go on
        # from the one before ("This allows ...") or name it ("This is called the power stroke") come first, in
        # order; sentences that describe a part the process uses ("Tropomyosin winds around ...") after them.
        told = told_steps([by_index[i] for i in here], standing)
        here.sort(key=lambda i: (0, i) if i in told else (1, -scores[i]))
    for index in here:
        if index in chosen:
            continue
        needed = _with_lead(by_index[index], by_index, standing, exclude)
        if needed is None:
            continue
        new = [(s, text) for s, text in needed if s.index not in chosen]
        cost = sum(s.word_count for s, _ in new)
        if used + cost > step_budget:
            continue
        take(new)
        used += cost
    budget = max(budget, used)

    words_of_sentence = {i: _content_words(by_index[i].text) for i in leads}
    names = {i: _named(by_index[i].text) for i in leads}

    def gain(index: int) -> float:
        words = words_of_sentence[index]
        repeated = len(words & said) / len(words) if words else 1.0
        name = names[index]
        return scores[index] - 0.5 * repeated + (0.4 if name and not any(name in text for text in named) else 0.0)

    while leads and used < budget:
        # Per word spent, with the sentences it leans on: two short core facts before one long sentence.
        index = max(leads, key=lambda i: (gain(i) / math.sqrt(max(12, _cost(leads[i], chosen)) / 20), -i))
        needed = leads.pop(index)
        new = [(s, text) for s, text in needed if s.index not in chosen]
        cost = sum(s.word_count for s, _ in new)
        if not new or (used + cost > budget and chosen):
            continue
        take(new)
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


_FIGURES = re.compile(r"\b\d[\d,.]*\b")
_HYPOTHESIS = re.compile(r"^(?:If|Suppose|Imagine|Assuming)\b")


def _lead(analysis: Analysis, steps: list[int]) -> list[tuple[Sentence, str]]:
    """The summary: the core of the section's opening (what the topic is, its parts, the process it walks
    through), as the book's own summaries open; empty when the opening holds fewer than two such sentences."""
    groups = heading_groups(analysis)
    if len(groups) < 3:
        return []
    _, sentences = groups[0]
    words = sum(s.word_count for s in analysis.sentences)
    opening = sum(s.word_count for s in sentences)
    budget = max(30, round(words * SUMMARY_SHARE))
    # "... would contract approximately 108,000 times in one day, more than 39 million times in one year": a
    # string of figures is the opening's hook, not its summary (the heading's notes may still keep it).
    hooks = frozenset(s.index for s in sentences if len(_FIGURES.findall(s.text)) >= 2 or _HYPOTHESIS.match(s.text))
    kept = _core(
        analysis,
        sentences,
        budget,
        exclude=hooks,
        steps=steps,
        step_budget=max(budget, round(opening * 0.3)),
        ordered=True,
    )
    # One sentence is not a summary: the tour of the headings does better then.
    return kept if len(kept) >= 2 and sum(s.word_count for s, _ in kept) >= 25 else []


# "also" after a sentence the notes left out: "Macrophages also release defensins" with no other cell named.
_ALSO = re.compile(r"\s+also\b(?!\s+(?:called|known|referred|termed|named))")
# What is left of a figure reference: "(see )", "()", "(a,b)"; and a word's etymology, which a revision page drops:
# "(from the Latin for “removal”)", "(dia- = “through”; -pedan = “to leap”)", "(literally “movement in ...”)".
_FIGURE_LEFTOVER = re.compile(
    r"\s*\((?:see\s*)?(?:[a-e](?:\s*[,–-]\s*[a-e])*)?\s*\)"
    r"|\s*\((?:from the (?:Latin|Greek)|literally|[^()]*\s=\s)[^()]*\)"
)


def _shown(kept: list[tuple[Sentence, str]], chosen: frozenset[int]) -> str:
    """The notes' words for sentences picked in reading order: "also" only after the sentence it adds to."""
    shown = []
    for sentence, text in kept:
        if sentence.index - 1 not in chosen:
            text = _ALSO.sub("", text)
        shown.append(_as_notes(_FIGURE_LEFTOVER.sub("", _READER_ASIDE.sub("", text))))
    return " ".join(shown)


def _said_in(point: str, text: str) -> bool:
    """Whether a key point only repeats what the notes' paragraph already says: word for word, or its term with
    most of its definition's words ("Fibular notch: a wide groove on the lateral side of the distal tibia" after
    "On the lateral side of the distal tibia is a wide groove called the fibular notch")."""
    term, _, definition = point.rpartition(": ")
    body = re.sub(r"[^a-z0-9 ]", "", definition.lower())
    if body and body in re.sub(r"[^a-z0-9 ]", "", text.lower()):
        return True
    wanted = _content_words(definition)
    return (
        bool(term and wanted)
        and term.lower() in text.lower()
        and len(wanted & _content_words(text)) >= 0.7 * len(wanted)
    )


def _trim(
    analysis: Analysis,
    groups: list[tuple[str, list[Sentence]]],
    picked: list[list[tuple[Sentence, str]]],
    budget: int,
    steps: set[int],
) -> None:
    """Shortens the headings' notes until they fit ``budget`` words: always from the heading whose notes are the
    largest share of its words (a process's steps count a quarter, so a heading that walks through one keeps more),
    its least central sentence first — never its most central one, nor a sentence the next one leans on."""
    scores = _core_scores(analysis)
    standing = _standing(analysis)
    # A short heading is measured as if longer: its one or two core sentences are a large share of few words.
    sizes = [max(150, sum(s.word_count for s in sentences)) for _, sentences in groups]
    used = sum(s.word_count for kept in picked for s, _ in kept)
    # "Pi is then released" keeps the step it follows ("Cross-bridge formation occurs when ...").
    then_steps = {i for i in steps if re.search(r"\bthen\b", analysis.sentences[i].text)}
    while used > budget:
        kept_indices = {s.index for kept in picked for s, _ in kept}

        def removable(n: int, kept_indices: set[int] = kept_indices) -> list[int]:
            kept = picked[n]
            if len(kept) < 2:
                return []
            best = max(kept, key=lambda pair: scores[pair[0].index])[0].index
            return [
                k
                for k, (sentence, _) in enumerate(kept)
                if sentence.index != best
                and (
                    sentence.index + 1 not in kept_indices
                    or (sentence.index + 1 in standing and sentence.index + 1 not in then_steps)
                )
            ]

        def share(n: int) -> float:
            return sum(s.word_count * (0.25 if s.index in steps else 1) for s, _ in picked[n]) / sizes[n]

        fullest = [n for n in range(len(picked)) if removable(n)]
        if not fullest:
            return
        n = max(fullest, key=share)
        # A sentence that names a term ("... a protein called globin") is what a student revises first: last out.
        k = min(removable(n), key=lambda k: scores[picked[n][k][0].index] + 0.6 * bool(_named(picked[n][k][1])))
        used -= picked[n].pop(k)[0].word_count


def write_notes(analysis: Analysis) -> StudyNotes:
    """A summary, then per heading its core (about an eighth of its words, none repeating the summary) and its
    key points: defined terms, the lists it states, its numbers — each said once."""
    # A set the text counts and names over several sentences (the seven tarsal bones) is a key point in full.
    counted = counted_sets(analysis)
    lists = counted + [e for e in lists_in(analysis) if not any(set(e.items) <= set(c.items) for c in counted)]
    numbers = number_facts(analysis)
    steps = process_steps(analysis)
    overview = _lead(analysis, steps) or _overview(analysis)
    in_summary = frozenset(s.index for s, _ in overview)
    summary = _shown(overview, in_summary)
    groups = heading_groups(analysis)
    picked = []
    for _, sentences in groups:
        words = sum(s.word_count for s in sentences)
        # The summary's sentences from this heading count against its share, so the notes stay within it.
        indices = {s.index for s in sentences}
        in_heading = sum(s.word_count for s, _ in overview if s.index in indices)
        budget = max(MIN_HEADING_WORDS, round(words * NOTES_SHARE)) - in_heading
        step_budget = max(round(words * PROCESS_SHARE), PROCESS_WORDS) - in_heading
        picked.append(
            _core(
                analysis,
                sentences,
                max(1, budget),
                exclude=in_summary,
                steps=steps,
                step_budget=step_budget,
                known=frozenset(_content_words(summary)),
            )
        )
    total = sum(s.word_count for s in analysis.sentences)
    _trim(analysis, groups, picked, round(total * MAX_SHARE) - sum(s.word_count for s, _ in overview), set(steps))
    sections = []
    for (heading, sentences), kept in zip(groups, picked, strict=True):
        indices = {s.index for s in sentences}
        in_group = {s.section for s in sentences}
        content = _shown(kept, frozenset(s.index for s, _ in kept))
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
            if sentence.index in indices and fact.value not in content and not _CLASS_SUBJECT.match(fact.context)
        ][:2]
        key_points = [p for p in dict.fromkeys(key_points) if not _said_in(p, f"{content} {summary}")]
        if content or key_points:
            sections.append(NotesSection(heading=heading, content=content, key_points=key_points))
    return StudyNotes(title=title_of(analysis), summary=summary, sections=sections)
