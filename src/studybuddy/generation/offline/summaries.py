"""Study notes and a cheat sheet from the document's own structure: headings, central sentences, definitions,
numbers, stated lists and contrasts.

Notes summarise each heading in about a tenth of its words (the book's own section summaries run 10-15 %),
keeping sentences whole and in order, and never a sentence whose "it" or "these" would point at something the
notes left out. The cheat sheet is the one-page version: a key-term table with one-line definitions, numbers
to remember, the lists and contrasts the text states, clinical correlations, and a few high-yield points per
heading, each line once.
"""

from __future__ import annotations

import re
from functools import lru_cache

from studybuddy.generation.lexicon import medical_lexicon
from studybuddy.generation.quality import near_duplicate
from studybuddy.generation.schemas import (
    CheatSheet,
    CheatSheetSection,
    KeyTerm,
    NotesSection,
    NumberFact,
    StudyNotes,
)

from .analysis import Analysis, Sentence, Term
from .enumerations import lists_in
from .vocabulary import COMMON_WORDS, STOPWORDS

NOTES_SHARE = 0.10  # of each heading's words, for its notes
SUMMARY_SENTENCES = 6
SUMMARY_SHARE = 0.04  # of the document's words, for the summary above the notes
POINT_WORDS = 32
MAX_KEY_TERMS = 25
MAX_NUMBERS = 15
MAX_COUNTED = 6
# Sentences that talk to the reader or about the book rather than state a fact.
_NOT_A_FACT = re.compile(
    r"\b(?:you|your|we|our|us|recall|figure|fig\.|in this (?:figure|section|chapter)|this (?:section|chapter)|"
    r"let us|imagine|consider|understanding|it is (?:important|necessary|helpful|critical)|in this case|"
    r"illustrated|[a-d] shows|is obvious|can be seen|elegant)\b|^(?:And|But|So|Or|Although only)\b",
    re.IGNORECASE,
)
_CLINICAL = re.compile(
    r"\b(?:disease|disorder|syndrome|deficien\w*|fracture\w*|injur\w*|damage\w*|anemi\w*|infect\w*|inflamm\w*|"
    r"patient\w*|diagnos\w*|treat\w*|surgery|failure|defect\w*|\w+itis|\w+emia|\w+oma)\b",
    re.IGNORECASE,
)
# "whereas" and "in contrast" set two things against each other; "while" and "but" mostly do not.
_CONTRAST = re.compile(r",?\s*whereas\s+|;\s*(?:in contrast|by contrast),?\s*", re.IGNORECASE)
_UNLIKE = re.compile(r"^(?:Unlike|In contrast to|Compared (?:with|to))\s+(?P<other>[^,]{3,60}),\s*(?P<rest>.+)$")
# A "definition" that is really a clause ("the anterior surface demonstrates prominent ridges of muscle").
_FINITE_VERB = re.compile(
    r"\b(?:is|are|was|were|has|have|had|bears?|demonstrates?|shows?|forms?|contains?|receives?|gives?|lies|sits|"
    r"runs?|becomes?|allows?|provides?|makes?|produces?|causes?|results?|leads?|appears?|occurs?|involves?|"
    r"requires?|includes?|consists?|can|may|will|would)\b"
)
_LOCATED = re.compile(
    r"^(?:Located|Found|Situated)?\s*(?P<where>(?:on|at|in|along|near|between|within|inside|below|above|just "
    r"below|just above)\s+[^,]{4,80}?)\s+(?:is|are)\s+(?P<what>(?:an?|the)\s+[^,]{3,60}?)\s+(?:called|known as|"
    r"termed|named)\s+(?:the\s+)?(?P<term>[^,.;]+)",
    re.IGNORECASE,
)


_OWNED = re.compile(
    r"^(?:The\s+)?(?P<where>[a-z][^,]{3,60}?)\s+(?P<verb>has|have|bears|forms|is formed by)\s+(?P<what>an?\s+[^,]{3,50}?)"
    r"\s+(?:called|known as|termed|named)\s+(?:the\s+)?(?P<term>[^,.;]+)",
    re.IGNORECASE,
)


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


# Words that point at something said before: alone, a sentence holding one reads wrongly ("Just below this on
# the anterior ulna is ...", "swelling within this space", "More distal is the shaft").
_POINTS_BACK = re.compile(
    r"\b(?:this|these|those|such|the former|the latter|the same|here|that would)\b|^(?:it|its|they|their|more|less|further|"
    r"similarly|likewise|both)\b"
    # "Lacking mitochondria, for example, they rely on …": the pronoun subject after opening clauses.
    r"|^(?:[^,.]{1,50},\s+)+(?:it|they|he|she)\b"
    # "The most severe form is called Cooley's anemia": the form of what the sentence before named.
    r"|^the\s+(?:(?:most|least)\s+)?[a-z]+\s+(?:form|type|kind|variety|variant)s?\b(?!\s+of\b)",
    re.IGNORECASE,
)


def _stands_alone(sentence: Sentence) -> bool:
    return not sentence.leans and not _points_back(sentence.text)


def _is_fact(sentence: Sentence) -> bool:
    return _states_a_fact(sentence.text)


# Asked of the same sentences by notes, key terms, numbers, contrasts and points: answered once per text.
@lru_cache(maxsize=8192)
def _points_back(text: str) -> bool:
    return _POINTS_BACK.search(text) is not None


@lru_cache(maxsize=8192)
def _states_a_fact(text: str) -> bool:
    return not _NOT_A_FACT.search(text) and not text.rstrip().endswith("?")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _summarise(analysis: Analysis, sentences: list[Sentence], budget: int) -> list[Sentence]:
    """The most central sentences within ``budget`` words, in reading order. A sentence leaning on the one
    before it ("It is ...") comes only with that sentence, so every pronoun still points at the right thing."""
    scores = analysis.sentence_scores
    by_index = {s.index: s for s in sentences}
    chosen: dict[int, Sentence] = {}
    used = 0
    for sentence in sorted(sentences, key=lambda s: (-scores[s.index], s.index)):
        if not _is_fact(sentence) or sentence.index in chosen:
            continue
        needed = [sentence]
        if not _stands_alone(sentence):
            before = by_index.get(sentence.index - 1)
            if before is None or not _stands_alone(before) or not _is_fact(before):
                continue  # cannot be made to stand: leave it out
            if before.index not in chosen:
                needed.insert(0, before)
        cost = sum(s.word_count for s in needed)
        if used + cost > budget and chosen:
            continue
        for s in needed:
            chosen[s.index] = s
        used += cost
        if used >= budget:
            break
    return [chosen[i] for i in sorted(chosen)]


def _overview(analysis: Analysis) -> list[Sentence]:
    """The summary: the most central standing-alone sentence of each of the few most central headings, in
    reading order — a tour of the section, as the book's own summaries are, not five sentences on one detail."""
    scores = analysis.sentence_scores
    best = []
    for _, sentences in _groups(analysis):
        candidates = [s for s in sentences if _stands_alone(s) and _is_fact(s) and s.word_count <= 40]
        if candidates:
            best.append(max(candidates, key=lambda s: (scores[s.index], -s.index)))
    budget = max(60, round(sum(s.word_count for s in analysis.sentences) * SUMMARY_SHARE))
    chosen: list[Sentence] = []
    for sentence in sorted(best, key=lambda s: -scores[s.index]):
        if len(chosen) >= SUMMARY_SENTENCES or sum(s.word_count for s in chosen) + sentence.word_count > budget:
            continue
        chosen.append(sentence)
    return sorted(chosen, key=lambda s: s.index)


def write_notes(analysis: Analysis) -> StudyNotes:
    """Per heading, its central sentences (about a tenth of its words) and its key points: defined terms, the
    lists it states, its numbers."""
    lists = lists_in(analysis)
    numbers = _number_facts(analysis)
    sections = []
    for heading, sentences in _groups(analysis):
        words = sum(s.word_count for s in sentences)
        kept = _summarise(analysis, sentences, max(18, round(words * NOTES_SHARE)))
        if not kept:
            continue
        in_group = {s.section for s in sentences}
        key_points = [
            f"{_capital(_full_name(t))}: {definition}"
            for t in analysis.ranked_terms
            if t.definition_sentence in sentences and (definition := _definition(t))
        ][:3]
        key_points += [f"{_capital(e.topic)}: {', '.join(e.items)}" for e in lists if e.section in in_group]
        kept_text = " ".join(s.text for s in kept)
        key_points += [
            f"{fact.value}: {fact.context}"
            for sentence, fact in numbers
            if sentence in sentences and fact.value not in kept_text
        ][:2]
        sections.append(
            NotesSection(
                heading=heading, content=" ".join(s.text for s in kept), key_points=list(dict.fromkeys(key_points))
            )
        )
    summary = " ".join(s.text for s in _overview(analysis))
    return StudyNotes(title=_title(analysis), summary=summary, sections=sections)


# --- cheat sheet --------------------------------------------------------------------------------------------


def _definition(term: Term) -> str | None:
    """The term's definition as one clean line, or None when what the text gave is a clause, a fragment or
    says nothing beyond the term ("a second septum" for the interventricular septum)."""
    definition = term.definition
    sentence = term.definition_sentence
    if not definition or sentence is None:
        return None
    located = _LOCATED.match(sentence.text)
    owned = _OWNED.match(sentence.text)
    if located and located.group("term").lower().startswith(term.text.lower()):
        where = located.group("where")
        definition = f"{located.group('what')} {where[:1].lower() + where[1:]}"  # "an expanded bony area on ..."
    elif owned and owned.group("term").lower().startswith(term.text.lower()):
        # "The lateral end of the radius has a pointed projection called the styloid process" -> "a pointed
        # projection on the lateral end of the radius"; "... is formed by a lip of bone called X" -> "a lip of
        # bone forming the ..."
        where = owned.group("where")
        link = "forming the" if owned.group("verb").lower().startswith("is formed") else "on the"
        definition = f"{owned.group('what')} {link} {where}"
    else:
        # The text must say it of this term: "X is/are (the|a) ..." or "... called X", not of a longer name that
        # merely contains it ("The sodium/potassium pump is the carrier protein ...").
        name = re.escape(term.text)
        says = re.search(rf"\b{name}(?:s|es)?\s*(?:\([^)]*\)\s*)?(?:is|are|,)\s+", sentence.text, re.I)
        names = re.search(
            rf"\b(?:called|known as|termed|named|referred to as)\s+(?:the\s+|an?\s+)?{name}", sentence.text, re.I
        )
        if not (says or names) or re.search(rf"[/\-]{name}|{name}[/\-]", sentence.text, re.I):
            return None
        if names and not says:
            definition = _nearest_named(definition)
            # "... a depression in the medial surface of the superior lobe of the left lung, called the cardiac
            # notch": "the left lung" is the tail of a longer phrase, not what is named.
            at = sentence.text.lower().find(definition.lower())
            if at > 0 and re.search(r"\b(?:of|in|on|at|to|from|with|by)\s*$", sentence.text[:at], re.I):
                return None
    definition = re.split(
        r";|,\s*(?:which|and|but|whereas|while|so|including|such as)\s|\s+\(|\s+and\s+(?=(?:results|is|are|has|"
        r"causes|leads)\b)",
        definition,
    )[0]
    definition = definition.strip(" ,.")
    if len(definition.split()) > 20:
        # "an area where vessels unite to form interconnections that normally allow ...": the head is enough
        definition = re.split(r"\s+(?:that|which|who|because|so that|allowing|enabling)\s+", definition)[0]
    words = definition.split()
    if not 3 <= len(words) <= 25 or words[-1].lower() in STOPWORDS:
        return None
    if definition.count("(") != definition.count(")") or re.search(
        r"^(?:it|this|these|they)\b|\b(?:this|these)\b", definition, re.I
    ):
        return None
    called = re.search(
        rf"\b(?:called|known as|termed|named)\s+(?:the\s+|an?\s+)?{re.escape(term.text)}", sentence.text, re.I
    )
    if called and _FINITE_VERB.search(definition):
        return None  # "the interatrial septum bears an oval-shaped depression": not a definition
    content = [w.lower() for w in re.findall(r"[A-Za-z\-]+", definition) if w.lower() not in STOPWORDS]
    own = set(term.key.split()) | {w.rstrip("s") for w in term.key.split()}
    if all(w in own or w.rstrip("s") in own or w in COMMON_WORDS for w in content):
        return None
    return definition


# Where a name ends in "... called the septum primum, ...": so "septum" is not taken for "septum primum".
_NAME_ENDS = r"(?=\s*(?:[,.;:)]|$)|\s+(?:of|that|which|and|or|in|on|at|is|are|to)\b)"
_RELATION = (
    r"(?:is|are)\s+(?:located|found|situated)|supplies|supply|drains|drain|receives|receive|pumps|pump|secretes|"
    r"secrete|produces|produce|lines|line|covers|cover|connects|connect|separates|separate|surrounds|surround|"
    r"protects|protect|articulates with|articulate with|prevents|prevent|carries|carry|transports|transport|"
    r"stores|store|forms|form|contains|contain|conducts|conduct|guards|guard|attaches|attach"
)


_PLURAL_VERBS = {
    "supply", "drain", "receive", "pump", "secrete", "produce", "line", "cover", "connect", "separate", "surround",
    "protect", "articulate", "prevent", "carry", "transport", "store", "form", "contain", "conduct", "guard", "attach",
}  # fmt: skip


def _described(term: Term, sentences: list[tuple[Sentence, str]]) -> str | None:
    """A one-line description of a term the text never defines, from a sentence that opens with it and states
    where it is or what it does: "The coronary arteries supply blood to the myocardium ..." ->
    "supply blood to the myocardium and other components of the heart"."""
    mentioning = [sentence for sentence, lowered in sentences if term.text.lower() in lowered]
    if not mentioning:
        return None  # the common case, settled before compiling three patterns for the term
    name = re.escape(term.text)
    opening = re.compile(rf"^(?:The\s+|An?\s+)?{name}s?\s+(?P<what>(?:{_RELATION})\b[^;]+)", re.I)
    # "the pyloric sphincter, a strong ring of smooth muscle, ..." (not "the ulna, the radius, and ...")
    apposed = re.compile(
        rf"\b{name}s?,\s+(?P<what>(?:an?|one)\s+[^,;.()]{{6,90}}?)(?:,(?!\s+(?:and|or|known as|called)\b)|\.|;)", re.I
    )
    # "folds called rugae": the noun phrase right before "called"
    called = re.compile(
        rf"(?P<what>\b(?:an?)\s+[a-z][a-z\-]*(?:\s+[a-z][a-z\-]*){{0,5}})\s+(?:called|known as|termed)\s+"
        rf"(?:the\s+)?{name}{_NAME_ENDS}"
    )
    for sentence in mentioning:
        for pattern in (opening, apposed, called):
            match = pattern.search(sentence.text) if pattern is not opening else pattern.match(sentence.text)
            if not match:
                continue
            what = re.split(r",\s*(?:which|and|but|whereas|while)\s|;|\s+\(", match.group("what"))[0].strip(" ,.")
            words = what.split()
            if (
                3 <= len(words) <= 20
                and words[-1].lower() not in STOPWORDS
                and not _FINITE_VERB.search(" ".join(words[1:]) if pattern is opening else what)
            ):
                return what
    return None


def _nearest_named(description: str) -> str:
    """What a "known as"/"called" names is the nearest noun phrase: in "a remnant of an opening in the fetal
    heart known as the foramen ovale" the foramen ovale is the opening, not the remnant."""
    inner = re.search(r"\bof\s+(?P<inner>(?:an?)\s+.+)$", description)
    return inner.group("inner") if inner else description


def _full_name(term: Term) -> str:
    """The name as the defining sentence gives it, owner included: "styloid process of the radius", not
    "styloid process" (the ulna has one too)."""
    sentence = term.definition_sentence
    if sentence is None:
        return term.text
    named = re.search(
        rf"\b(?:called|known as|termed|named)\s+(?:the\s+)?(?P<name>{re.escape(term.text)}\s+of\s+the\s+[a-z]+)\b",
        sentence.text,
        re.IGNORECASE,
    )
    return named.group("name") if named else term.text


def _key_terms(analysis: Analysis) -> list[KeyTerm]:
    lexicon = medical_lexicon()
    rows: list[KeyTerm] = []
    standing = [(s, s.text.lower()) for s in analysis.sentences if _stands_alone(s) and _is_fact(s)]
    for position, term in enumerate(analysis.ranked_terms):
        definition = _definition(term)
        if definition is None and position < 80:
            definition = _described(term, standing)
        if definition is None:
            continue
        if not (term.in_heading or term.lists or " " in term.key or lexicon.is_term(term.text)):
            continue  # an everyday word with a definition is not a key term of the subject
        definition = re.sub(r"^(?:is|are)\s+(?=located|found|situated)", "", definition)  # "located at the base ..."
        if re.search(r"\btheir\b", definition) and not term.text.endswith("s"):
            continue  # "between their cell membranes": whose, for one cell junction?
        shown = re.sub(
            r"\b(type|class|grade) (i{1,3}|iv|v)\b", lambda m: f"{m.group(1)} {m.group(2).upper()}", _full_name(term)
        )
        if definition.split()[0] in _PLURAL_VERBS and not shown.endswith(("s", "x", "a", "ae")):
            shown += "s"  # "Carpal bones: form the base of the hand"
        rows.append(KeyTerm(term=_capital(shown), definition=_capital(definition)))
        if len(rows) >= MAX_KEY_TERMS:
            break
    return rows


def _clause_with(value: str, sentence: str) -> str:
    """The clause of ``sentence`` that states ``value``, widened until it says something (6+ words)."""
    clauses = re.split(r"(?<=[,;:])\s+", sentence.rstrip("."))
    for position, clause in enumerate(clauses):
        if value in clause:
            start, end = position, position + 1
            while len(" ".join(clauses[start:end]).split()) < 6 and (start > 0 or end < len(clauses)):
                if start > 0:
                    start -= 1
                else:
                    end += 1
            return _short(" ".join(clauses[start:end]).strip(" ,;:"))
    return _short(sentence)


def _short(text: str) -> str:
    """At most POINT_WORDS words, cut at a clause boundary rather than mid-phrase."""
    words = text.split()
    if len(words) <= POINT_WORDS:
        return text
    cut = " ".join(words[:POINT_WORDS])
    boundary = max(cut.rfind(", "), cut.rfind("; "))
    return (cut[:boundary] if boundary > len(cut) // 2 else cut).rstrip(",;") + " …"


def _number_facts(analysis: Analysis) -> list[tuple[Sentence, NumberFact]]:
    """Each number once, with the clause that states it, from sentences that stand alone."""
    facts: list[tuple[Sentence, NumberFact]] = []
    seen: set[str] = set()
    for fact in analysis.numbers:
        if fact.value in seen or not _stands_alone(fact.sentence) or not _is_fact(fact.sentence):
            continue
        seen.add(fact.value)
        stated = NumberFact(value=fact.value, context=_clause_with(fact.value, fact.sentence.text))
        facts.append((fact.sentence, stated))
    return facts


# Counts a textbook writes in words ("eight small carpal bones", "three papillary muscles"): examinable numbers
# that the digit reader misses.
_COUNTED = re.compile(
    r"\b(?P<value>(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen)\s+(?:[a-z\-]+\s+){0,2}"
    r"(?:bones|chambers|layers|regions|valves|lobes|cusps|phalanges|muscles|zones|phases|sulci|cartilages|sinuses|"
    r"pairs|rows|flaps|leaflets|septa|branches|types|glands|cells|sections))\b",
    re.IGNORECASE,
)


def _counted_facts(analysis: Analysis, taken: set[str]) -> list[NumberFact]:
    """One line per count of a kind ("eight small carpal bones" over "eight bones"); pairs ("two layers") are
    left out, being rarely what is asked."""
    best: dict[tuple[str, str], NumberFact] = {}
    for sentence in analysis.sentences:
        if not _stands_alone(sentence) or not _is_fact(sentence):
            continue
        for match in _COUNTED.finditer(sentence.text):
            value = match.group("value")
            words = value.lower().split()
            key = (words[0], words[-1])
            if words[0] == "two" or value.lower() in taken:
                continue
            if key not in best or len(words) > len(best[key].value.split()):
                best[key] = NumberFact(value=value, context=_clause_with(value, sentence.text))
    return list(best.values())[:MAX_COUNTED]


def _numbers(analysis: Analysis) -> list[NumberFact]:
    written = [fact for _, fact in _number_facts(analysis)]
    counted = _counted_facts(analysis, {f.value.lower() for f in written})
    return (written + counted)[:MAX_NUMBERS]


def _contrasts(analysis: Analysis) -> list[str]:
    """ "X vs Y" lines from sentences that set two terms against each other ("..., whereas ...", "Unlike X, ...")."""
    lexicon = medical_lexicon()
    keys = [t for t in analysis.ranked_terms[:80] if " " in t.key or lexicon.is_term(t.text)]
    lines = []
    for sentence in analysis.sentences:
        if not _stands_alone(sentence) or not _is_fact(sentence) or sentence.word_count > 45:
            continue
        unlike = _UNLIKE.match(sentence.text)
        if unlike:
            first, second = unlike.group("rest"), unlike.group("other")
        else:
            parts = _CONTRAST.split(sentence.text, maxsplit=1)
            if len(parts) != 2:
                continue
            first, second = parts
        b = _opening_term(second, keys)
        a = _opening_term(first, keys, like=b if unlike else None)
        if a and b and a.lower() != b.lower() and a.lower() not in b.lower() and b.lower() not in a.lower():
            lines.append(f"{_capital(a)} vs {b}: {_short(sentence.text)}")
    return lines[:8]


def _opening_term(clause: str, terms: list[Term], like: str | None = None) -> str | None:
    """The term a clause is about: one named in its first eight words; after "Unlike the atrioventricular
    valves, ..." the one of the same kind ("the pulmonary valve") wherever it is in the clause."""
    if like:
        head = like.lower().split()[-1].rstrip("s")
        same = [
            t
            for t in terms
            if t.key.split()[-1].rstrip("s") == head and re.search(rf"\b{re.escape(t.text)}", clause, re.I)
        ]
        if same:
            return max(same, key=lambda t: len(t.text)).text
    opening = " ".join(clause.split()[:8])
    found = [t for t in terms if re.search(rf"\b{re.escape(t.text)}", opening, re.I)]
    return max(found, key=lambda t: len(t.text)).text if found else None


def _clinical(analysis: Analysis) -> list[str]:
    return [
        _short(s.text)
        for s in analysis.sentences
        if _stands_alone(s) and _is_fact(s) and _CLINICAL.search(s.text) and s.word_count <= 40
    ][:6]


def write_cheat_sheet(analysis: Analysis) -> CheatSheet:
    key_terms = _key_terms(analysis)
    numbers = _numbers(analysis)
    lists = lists_in(analysis)
    said = [f"{k.term} {k.definition}".lower() for k in key_terms] + [n.context.lower() for n in numbers]

    def new(line: str) -> bool:
        """Not a line already on the sheet, nor one saying the same thing ("The ulna is the medial bone of the
        forearm." beside the key term "Ulna: the medial bone of the forearm")."""
        body = re.sub(r"[^a-z0-9 ]", "", line.lower())
        for other in said:
            other_body = re.sub(r"[^a-z0-9 ]", "", other)
            if body in other_body or other_body in body or near_duplicate(line, other):
                return False
        said.append(line.lower())
        return True

    # The structured lines first, so a heading's points never repeat a list, contrast or clinical line.
    lines = [f"{_capital(e.topic)}: {', '.join(e.items)}" for e in lists]
    listed = [line for line in lines if new(line)]
    contrasts = [line for line in _contrasts(analysis) if new(line)]
    clinical = [line for line in _clinical(analysis) if new(line)]
    top = {t.key for t in analysis.ranked_terms[:80]}
    sections: list[CheatSheetSection] = []
    for heading, sentences in _groups(analysis):
        eligible = [
            s
            for s in sentences
            if _stands_alone(s) and 8 <= s.word_count <= 40 and any(k in " ".join(s.words) for k in top)
        ]
        candidates = _summarise(analysis, eligible, 60)
        points = [p for p in (_short(s.text) for s in candidates[:3]) if new(p)]
        sections.append(CheatSheetSection(heading=heading, points=points))
    sections.append(CheatSheetSection(heading="Lists to remember", points=listed))
    sections.append(CheatSheetSection(heading="Contrasts", points=contrasts))
    sections.append(CheatSheetSection(heading="Clinical correlations", points=clinical))
    return CheatSheet(
        title=f"{_title(analysis)} — cheat sheet",
        sections=[s for s in sections if s.points],
        key_terms=key_terms,
        numbers_to_remember=numbers,
    )
