"""The cheat sheet: the one-page version of the section. A key-term table with one-line definitions, numbers to
remember, the relations, lists and contrasts the text states, clinical correlations, and a few high-yield points
per heading, each line once."""

from __future__ import annotations

import re

from studybuddy.generation.lexicon import medical_lexicon
from studybuddy.generation.quality import near_duplicate
from studybuddy.generation.schemas import CheatSheet, CheatSheetSection, KeyTerm

from .analysis import Analysis, Sentence, Term, singular
from .definitions import PLURAL_VERBS, definition_of, described, shown_name, vague
from .enumerations import counted_sets, lists_in
from .notes import CLASS_SUBJECT, process_steps, standing_sentences, told_steps
from .number_facts import numbers_to_remember
from .relations import opening_subject
from .sentence_choice import (
    POINT_WORDS,
    capital,
    compress,
    heading_groups,
    is_clinical,
    is_fact,
    readable_sentences,
    relations_of,
    says_little,
    stands_alone,
    summarise,
    title_of,
)

MAX_KEY_TERMS = 25
MAX_RELATIONS = 12
POINTS_PER_HEADING = 2
MAX_CLINICAL = 4
# "whereas" and "in contrast" set two things against each other; "while" and "but" mostly do not.
_CONTRAST = re.compile(r",?\s*whereas\s+|;\s*(?:in contrast|by contrast),?\s*", re.IGNORECASE)
_UNLIKE = re.compile(r"^(?:Unlike|In contrast to|Compared (?:with|to))\s+(?P<other>[^,]{3,60}),\s*(?P<rest>.+)$")
# "Agranular leukocytes contain smaller ... granules than do granular leukocytes": a comparison of two things.
_THAN = re.compile(
    r"^(?P<first>.+?\b(?:\w{3,}er|more|less|fewer)\b.*?)\s+than\s+(?:do|does|is|are|that of|those of|in)?\s*"
    r"(?P<second>(?:the\s+)?[\w-]+(?:\s+[\w-]+){0,3})\s*[.;,]?$"
)


def _key_terms(analysis: Analysis) -> list[KeyTerm]:
    lexicon = medical_lexicon()
    rows: list[KeyTerm] = []
    standing = [(text, text.lower()) for text in readable_sentences(analysis).values()]
    for position, term in enumerate(analysis.ranked_terms):
        definition = definition_of(term)
        if definition is None and position < 80:
            definition = described(term, standing)
        if definition is None or vague(definition):
            continue
        if not (term.in_heading or term.lists or " " in term.key or lexicon.is_term(term.text)):
            continue  # an everyday word with a definition is not a key term of the subject
        definition = re.sub(r"^(?:is|are)\s+(?=located|found|situated)", "", definition)  # "located at the base ..."
        if not _defines(definition):
            continue
        if re.search(r"\btheir\b", definition) and not term.text.endswith("s"):
            continue  # "between their cell membranes": whose, for one cell junction?
        shown = shown_name(term)
        if definition.split()[0] in PLURAL_VERBS and not shown.endswith(("s", "x", "a", "ae")):
            shown += "s"  # "Carpal bones: form the base of the hand"
        rows.append(KeyTerm(term=shown, definition=capital(definition)))
        if len(rows) >= MAX_KEY_TERMS:
            break
    return rows


def _defines(definition: str) -> bool:
    """A table row says what the term is or does, whole. Not what it touches or holds ("Capitulum: articulates
    with the radius", "Lower limb: contains 30 bones": facts about it, listed elsewhere), not a sentence cut
    short ("Goblet cells: one of the specialized"), and not a clause about something else ("Electrochemical
    exclusion: the channel pore is charge-specific")."""
    words = definition.split()
    if re.match(r"^(?:contains?|has|have|includes?|articulates?|joins?|attach(?:es)?)\b", definition, re.I):
        return False
    if re.search(r"\b(?:the|a|an|of|and|or|to|with|by|in)$", definition.rstrip(" .").lower()):
        return False
    if len(words) <= 4 and words[-1].lower().endswith("ed"):
        return False  # "One of the specialized"
    opening = " ".join(words[:5]).lower()
    relative = re.search(r"\b(?:that|which|where|who|whose|when|in which)\b", opening)
    verb = re.search(r"\b(?:is|are|was|were)\b", opening)
    return not (words[0].lower() == "the" and verb and not (relative and relative.start() < verb.start()))


def _contrasts(analysis: Analysis) -> list[str]:
    """ "X vs Y" lines from sentences that set two siblings against each other ("..., whereas ...", "Unlike X,
    ...", "... smaller ... than do Y"), labelled with the siblings' own names; a contrast between things of
    different kinds ("Maturation process vs T cells") cannot be labelled cleanly and is left out."""
    lexicon = medical_lexicon()
    keys = [t for t in analysis.ranked_terms[:80] if " " in t.key or lexicon.is_term(t.text)]
    lines = []
    for sentence in analysis.sentences:
        if not stands_alone(sentence) or not is_fact(sentence) or sentence.word_count > 45:
            continue
        halves = _contrasted_halves(sentence.text)
        if halves is None:
            continue
        first, second, whole = halves
        pair = _sibling_pair(_named_in(first, keys, whole), _named_in(second, keys, True), lexicon)
        if pair:
            lines.append(f"{capital(pair[0])} vs {pair[1]}: {compress(sentence.text)}")  # both halves, whole
    return lines[:8]


# "... articulates with the acetabulum of the hip bone to form the hip joint": what each joint is made of.
_FORMS_JOINT = re.compile(r"\b(?:to form|forms?|as part of)\s+the\s+((?:[\w-]+\s+){0,2}joint)\b", re.I)


def _joints(analysis: Analysis) -> list[str]:
    """One line per joint the text says is formed by named parts ("Hip joint: femur, acetabulum"), when it
    names two or more such joints: the hip, knee and ankle side by side are the contrast a teacher draws."""
    lexicon = medical_lexicon()
    keys = [t for t in analysis.ranked_terms[:120] if " " in t.key or lexicon.is_term(t.text)]
    parts: dict[str, list[str]] = {}
    for sentence in analysis.sentences:
        formed = _FORMS_JOINT.search(sentence.text)
        if not formed:
            continue
        before = sentence.text[: formed.start()]
        named = sorted(
            (match.start(), match.group().lower())
            for term in keys
            for match in re.finditer(rf"\b{re.escape(term.text)}\b", before, re.I)
        )
        names = [n for _, n in named if not any(n != o and _within(n, o) for _, o in named)]
        joint = formed.group(1).lower()
        parts.setdefault(joint, [])
        parts[joint] += [n for n in names if n not in parts[joint] and n not in joint]
    lines = [f"{capital(joint)}: {', '.join(names)}" for joint, names in parts.items() if len(names) >= 2]
    return lines if len(lines) >= 2 else []


def _contrasted_halves(text: str) -> tuple[str, str, bool] | None:
    """The two halves a sentence sets against each other, and whether the first is read whole (after
    "Unlike X," the thing compared may stand anywhere in the clause)."""
    unlike = _UNLIKE.match(text)
    if unlike:
        return unlike.group("rest"), unlike.group("other"), True
    parts = _CONTRAST.split(text, maxsplit=1)
    if len(parts) == 2:
        return parts[0], parts[1], False
    than = _THAN.match(text)
    if than:
        return than.group("first"), than.group("second"), False
    return None


def _named_in(clause: str, terms: list[Term], whole: bool) -> list[str]:
    """The names a clause opens with (or holds anywhere, when read whole), as written: each term found, also
    with the noun that follows it ("agranular" + "leukocytes"); a name inside a longer one found ("radius" in
    "styloid process of the radius") is not the thing compared."""
    opening = clause if whole else " ".join(clause.split()[:8])
    nouns = {t.key.split()[-1] for t in terms} | {singular(t.key.split()[-1]) for t in terms}
    found = []
    for term in terms:
        for match in re.finditer(rf"\b{re.escape(term.text)}\b(?:\s+([a-z][\w-]+))?", opening, re.I):
            following = match.group(1) or ""
            # "the styloid process of the radius": the process is compared, not the radius.
            owner = re.search(r"([a-z][\w-]+\s+[a-z][\w-]+\s+of\s+(?:the\s+)?)$", opening[: match.start()], re.I)
            start = owner.start(1) if owner else match.start()
            found.append(opening[start : match.end() - len(following)].strip())
            if following.lower() in nouns or singular(following.lower()) in nouns:
                found.append(opening[match.start() : match.end()])
    # "B cells" opens the clause but may be no ranked term: a short name of cells or bones opening it counts too.
    named = re.match(
        r"^(?:the\s+)?((?:[\w-]+\s+and\s+)?[\w-]+(?:\s+[\w-]+)?\s+(?:cells?|bones?))\b", clause.strip(), re.I
    )
    if named:
        found.append(named.group(1))
    return [n for n in found if not any(n != other and _within(n, other) for other in found)]


def _within(short: str, long: str) -> bool:
    """One name part of another: "radius" of "styloid process of the radius" (words, so "granular leukocytes"
    is not part of "agranular leukocytes")."""
    return re.search(rf"(?<![\w-]){re.escape(short.lower())}(?![\w-])", long.lower()) is not None


def _sibling_pair(firsts: list[str], seconds: list[str], lexicon) -> tuple[str, str] | None:
    """The longest pair, one from each half, that are siblings: the same head noun ("granular leukocytes",
    "agranular leukocytes"), the same kind in the vocabulary (scaphoid, triquetrum), or the same word ending
    that names a kind (polycythemia, anemia)."""
    pairs = [
        (a, b) for a in firsts for b in seconds if not _within(a, b) and not _within(b, a) and _siblings(a, b, lexicon)
    ]
    return max(pairs, key=lambda p: len(p[0]) + len(p[1])) if pairs else None


def _siblings(a: str, b: str, lexicon) -> bool:
    head_a, head_b = (singular(re.split(r"\s+of\s+", x.lower())[0].split()[-1]) for x in (a, b))
    if head_a == head_b and len(a.split()) + len(b.split()) > 2:
        return True
    if lexicon.same_kind(a, b):
        return True
    ending = re.compile(r"(?:emia|aemia|cytes?|penia|cytosis|itis|blasts?|oma)$")
    end_a, end_b = ending.search(head_a), ending.search(head_b)
    return bool(end_a and end_b and end_a.group() == end_b.group())


def _clinical(analysis: Analysis) -> list[str]:
    readable = readable_sentences(analysis)
    return [
        compress(readable[s.index])
        for s in analysis.sentences
        if s.index in readable and is_clinical(s.text) and s.word_count <= 36
    ][:MAX_CLINICAL]


def _as_point(text: str) -> str:
    """A revision line: "The apex is the tip of the nose." -> "Apex: the tip of the nose"; other sentences
    compressed (see ``compress``)."""
    line = compress(text)
    subject = opening_subject(line)
    if subject and line.find(subject) <= 4:
        rest = line[line.find(subject) + len(subject) :]
        copula = re.match(r"^\s+(?:is|are)\s+(?=(?:the|an?|one|located|found|made|composed|formed)\b)", rest)
        if copula and "," not in rest[: copula.end() + 20]:
            return f"{capital(subject)}: {rest[copula.end() :]}"
    return line


def _same_name(a: str, b: str) -> bool:
    return " ".join(singular(w) for w in a.lower().split()) == " ".join(singular(w) for w in b.lower().split())


# "This is known as depolarization, meaning the membrane potential moves toward zero.", "That effect is referred
# to as the refractory period.": the book naming what the sentence before described.
_NAMES_WHAT_CAME_BEFORE = re.compile(
    r"^(?:This|That|These|Such)\b(?![^.]*\bwhy\b)[^.]{0,30}?\b(?:is|are)\s+(?:also\s+)?(?:what is\s+)?"
    r"(?:called|known as|referred to as|termed)\s+(?:the\s+|an?\s+)?(?P<term>[a-z][\w\-+ ]{2,40}?)"
    r"(?:,\s*meaning(?:\s+that)?\s+(?P<meaning>[^.]+?))?\.?$"
)
# "Once the membrane reaches that voltage, ...": the value the sentence before gave.
_THAT_VALUE = re.compile(r"\bthat (?:voltage|value|level|concentration|pressure|temperature)\b")
STEPS_FOR_A_PROCESS = 3  # named steps under one heading: a process, listed in order


def _named_steps(analysis: Analysis) -> list[tuple[str, list[tuple[str, str]]]]:
    """Per heading, the terms the material names for what it has just described, in reading order, each with a
    one-line description: the "meaning ..." clause, or the sentence before (its "that voltage" given as the value
    the sentence before it states). For a process section these are its steps: depolarization, threshold,
    repolarization, the refractory period."""
    readable = readable_sentences(analysis)
    values: dict[int, str] = {}
    for fact in analysis.numbers:
        # The last value a sentence states ("... from -70 mV to -55 mV"), with its sign.
        at = fact.sentence.text.rfind(fact.value)
        sign = fact.sentence.text[at - 1] if at > 0 and fact.sentence.text[at - 1] in "-−+" else ""
        values[fact.sentence.index] = sign + fact.value
    by_index = {s.index: s for s in analysis.sentences}
    found = []
    for heading, sentences in heading_groups(analysis):
        steps: list[tuple[str, str]] = []
        for sentence in sentences:
            match = _NAMES_WHAT_CAME_BEFORE.match(sentence.text)
            if match is None:
                continue
            term = match.group("term")
            description = match.group("meaning")
            before = by_index.get(sentence.index - 1)
            if description is None and before is not None and before.section == sentence.section:
                description = readable.get(before.index)
                earlier = by_index.get(before.index - 1)
                if _THAT_VALUE.search(before.text) and earlier is not None and earlier.section == before.section:
                    value = values.get(earlier.index)
                    description = _THAT_VALUE.sub(value, before.text) if value else None
            if description and len(description.split()) <= POINT_WORDS and term not in (t for t, _ in steps):
                steps.append((term, compress(description)))
        if steps:
            found.append((heading, steps))
    return found


MAX_STEPS = 8
# "See for a summary of leukocytes and platelets": a pointer to a figure the text extraction dropped.
_FIGURE_STUB = re.compile(r"^(?:See|As (?:shown|seen) in)\b")


def _whole_numbers(numbers: list) -> list:
    """Numbers whose line reads on its own: "Whereas the mid-foot contains five elongated bones" loses its
    "Whereas"; "The large cells are 10–14 µm" (which cells?) goes."""
    kept = []
    for number in numbers:
        number.context = capital(re.sub(r"^(?:Whereas|While|Although)\s+", "", number.context))
        if not CLASS_SUBJECT.match(number.context):
            kept.append(number)
    return kept


STEP_LINE_WORDS = 40


def _told_steps(steps: list[Sentence], standing: dict[int, str]) -> list[Sentence]:
    """The steps a sequence line keeps: those the text tells as steps ("The first step ...", "... is then
    released", "This triggers ..."), with the step each of them goes on from; all of a heading's steps when it
    tells fewer than three. A step leaning on one left out is dropped: "Triggers the release of Ca++" must follow
    what triggers it."""
    by_index = {s.index: s for s in steps}
    told = told_steps(steps, standing)
    if len(told) < STEPS_FOR_A_PROCESS:
        told = set(by_index)
    kept: list[Sentence] = []
    for step in steps:
        if step.index in told and (step.index in standing or (kept and kept[-1].index == step.index - 1)):
            kept.append(step)
    return kept


def _process_sections(analysis: Analysis, named: set[str]) -> list[CheatSheetSection]:
    """Per heading that walks through a process (see ``notes.process_steps``), its steps as numbered lines in the
    book's order: "ACh from the motor neuron → the membrane depolarizes → Ca++ released from the SR → ...". A
    heading whose steps are already listed by name (``_named_steps``) is left to that list."""
    steps = set(process_steps(analysis))
    standing = standing_sentences(analysis)
    found = []
    for heading, sentences in heading_groups(analysis):
        here = _told_steps([s for s in sentences if s.index in steps and s.word_count <= STEP_LINE_WORDS], standing)
        if len(here) < STEPS_FOR_A_PROCESS or heading in named:
            continue
        # A step that leans on the one before ("This triggers the release of Ca++") follows it on the sheet.
        lines = [compress(standing.get(s.index) or s.text) for s in here]
        found.append(
            CheatSheetSection(
                heading=f"{heading}: the steps, in order",
                points=[f"{i}. {line}" for i, line in enumerate(lines[:MAX_STEPS], 1)],
            )
        )
    return found


def write_cheat_sheet(analysis: Analysis) -> CheatSheet:
    key_terms = _key_terms(analysis)
    numbers = numbers_to_remember(analysis)
    steps: list[CheatSheetSection] = []
    for heading, named in _named_steps(analysis):
        if len(named) >= STEPS_FOR_A_PROCESS:
            # A process: its steps in the book's order are the high-yield content.
            steps.append(
                CheatSheetSection(
                    heading=f"{heading}: its steps, in the order the material names them",
                    points=[
                        f"{i}. {capital(term)}: {description[:1].lower()}{description[1:]}"
                        for i, (term, description) in enumerate(named, 1)
                    ],
                )
            )
        else:
            known = {k.term.lower() for k in key_terms}
            # A one-line definition: a long "because ..." sentence is an explanation, not a table row.
            key_terms += [
                KeyTerm(term=capital(t), definition=capital(d))
                for t, d in named
                if t not in known and len(d.split()) <= 25 and _defines(d)
            ]
        named_terms = [k.term.lower() for k in key_terms]
        for term, description in named:
            # "-55 mV: ... help the cell to depolarize from -70 mV to -55 mV" says less than "threshold"; "-70 mV:
            # the resting potential ..." says what it measures already.
            for number in numbers:
                context = number.context.lower()
                if number.value in description and not any(t in context for t in [term, *named_terms]):
                    number.context = f"{capital(term)}: {description[:1].lower()}{description[1:]}"
    steps += _process_sections(analysis, {heading for heading, named in _named_steps(analysis) if len(named) >= 3})
    counted = counted_sets(analysis)
    lists = counted + [e for e in lists_in(analysis) if not any(set(e.items) <= set(c.items) for c in counted)]
    numbers = _whole_numbers(numbers)
    said = [f"{k.term} {k.definition}".lower() for k in key_terms] + [n.context.lower() for n in numbers]
    said += [point.lower() for section in steps for point in section.points]

    def new(line: str) -> bool:
        """Not a line already on the sheet, nor one saying the same thing ("The ulna is the medial bone of the
        forearm." beside the key term "Ulna: the medial bone of the forearm")."""
        body = " ".join(re.findall(r"[a-z0-9]+", line.lower()))  # "Inferior vena cava → drains ..." as words
        for other in said:
            other_body = " ".join(re.findall(r"[a-z0-9]+", other))
            if body in other_body or other_body in body or near_duplicate(line, other):
                return False
        said.append(line.lower())
        return True

    # The structured lines first, so a heading's points never repeat a relation, list, contrast or clinical line.
    readable = readable_sentences(analysis)
    related = []
    for relation in relations_of(analysis):
        row = next((k for k in key_terms if _same_name(k.term, relation.subject)), None)
        if row is not None and row.definition.startswith("Located") and ";" not in row.definition:
            # "Chief cells: located primarily in the basal regions of gastric glands; secrete pepsinogen"
            row.definition = f"{row.definition}; {relation.verb} {relation.object}"
        else:
            related.append(relation.line)
    related = [line for line in related if new(line)][:MAX_RELATIONS]
    # A heading's point must not be the sentence a relation line already gives.
    said += [compress(readable.get(r.sentence.index, r.sentence.text)).lower() for r in relations_of(analysis)]
    lines = [f"{capital(e.topic)}: {', '.join(e.items)}" for e in lists]
    listed = [line for line in lines if new(line)]
    contrasts = [line for line in _contrasts(analysis) if new(line)]
    joints = [line for line in _joints(analysis) if new(line)]
    clinical = [line for line in _clinical(analysis) if new(line)]
    top = {t.key for t in analysis.ranked_terms[:80]}
    sections: list[CheatSheetSection] = [
        *steps,
        CheatSheetSection(heading="Relations", points=related),
        CheatSheetSection(heading="Lists to remember", points=listed),
        CheatSheetSection(heading="Contrasts", points=contrasts),
        CheatSheetSection(heading="Joints and the parts that form them", points=joints),
        CheatSheetSection(heading="Clinical correlations", points=clinical),
    ]
    for heading, sentences in heading_groups(analysis):
        # Only short points, compressed: a heading's two most central facts, not its paragraphs.
        eligible = [
            s
            for s in sentences
            if s.index in readable
            and not _FIGURE_STUB.match(readable[s.index])
            and 6 <= len(compress(readable[s.index]).split()) <= POINT_WORDS - 6
            and not says_little(s.text)
            and any(k in " ".join(s.words) for k in top)
        ]
        candidates = summarise(analysis, eligible, 40)
        points = [p for p in (_as_point(readable[s.index]) for s in candidates[:POINTS_PER_HEADING]) if new(p)]
        sections.append(CheatSheetSection(heading=heading, points=points))
    return CheatSheet(
        title=f"{title_of(analysis)} — cheat sheet",
        sections=[s for s in sections if s.points],
        key_terms=key_terms,
        numbers_to_remember=numbers,
    )
