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
import weakref
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

from .analysis import Analysis, Sentence, Term, singular
from .enumerations import lists_in
from .relations import Relation, opening_subject, relations, stands_with_subject
from .vocabulary import COMMON_WORDS, STOPWORDS

NOTES_SHARE = 0.12  # of each heading's words, for its notes (with the summary: at most ~15 %)
SUMMARY_SENTENCES = 6
SUMMARY_SHARE = 0.05  # of the document's words, for the summary above the notes
POINT_WORDS = 32
MAX_KEY_TERMS = 25
MAX_NUMBERS = 15
MAX_COUNTED = 6
MAX_RELATIONS = 12
POINTS_PER_HEADING = 2
MAX_CLINICAL = 4
# Sentences that talk to the reader or about the book rather than state a fact.
_NOT_A_FACT = re.compile(
    r"\b(?:you|your|we|our|us|recall|figure|fig\.|in this (?:figure|section|chapter)|this (?:section|chapter)|"
    r"let us|imagine|consider|understanding|it is (?:important|necessary|helpful|critical)|in this case|"
    r"illustrated|[a-d] shows|is obvious|can be seen|elegant)\b|^(?:And|But|So|Or|Although only)\b",
    re.IGNORECASE,
)
_CLINICAL = re.compile(
    r"\b(?:disease|disorder|syndrome|deficien\w*|fracture\w*|injur\w*|anemi\w*|anaemi\w*|infect\w*|"
    r"patient\w*|diagnos\w*|treat\w*|surgery|surgical removal|failure|defect\w*|ulcer\w*|symptom\w*|"
    r"\w+itis|\w+emia|\w+aemia|\w+oma|cancer\w*|carcinoma\w*|transplant\w*|injection\w*|therapy|"
    r"physician\w*|obstruct\w*)\b",
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
    r"|^the\s+(?:(?:most|least)\s+)?[a-z]+\s+(?:form|type|kind|variety|variant)s?\b(?!\s+of\b)"
    # "The narrower end is called the pyloric canal": narrower than what the sentence before described.
    r"|^the\s+(?:narrower|wider|broader|larger|smaller|thicker|thinner|longer|shorter|bigger|deeper|shallower|"
    r"higher|later|earlier|other|remaining|rest)\b(?!.*\bthan\b)"
    # "... perform other functions as well": as well as what the sentence before said.
    r"|\bas well\.?$"
    # "resulting in another form of anemia": other than the one the sentence before named.
    r"|\banother\s+(?:form|type|kind|example|cause|variety)\b",
    re.IGNORECASE,
)
# Openers that tie a sentence to the one before without changing what it states: dropped from a revision line.
_CONNECTIVE = re.compile(
    r"^(?:However|In addition|Additionally|Also|Functionally|Thus|Therefore|Hence|Finally|First|Second|Third|"
    r"Similarly|Moreover|Furthermore|Specifically|Generally|Typically|Instead|Likewise|Importantly|For example|"
    r"For instance|In fact|Indeed|As a result|Consequently|Overall|In general|Again|Still|Of course),\s+"
)
# A parenthesis that is an aside ("(remember, the lipid tails of the membrane are nonpolar)"), not a synonym or
# an abbreviation ("(windpipe)", "(HCl)").
_ASIDE = re.compile(
    r"\s*\((?:(?:remember|see|e\.g\.|i\.e\.|for example|as in|which|that)\b[^()]*|[^()]*(?:\s[^()\s]+){5,})\)"
)
# A definition this short that says only "the narrower end" names nothing without the sentence before it.
_COMPARATIVES = frozenset(
    "narrower wider broader larger smaller thicker thinner longer shorter bigger deeper shallower higher lower "
    "other remaining".split()
)
_PART_NOUNS = frozenset("end part portion region area side surface section segment piece one half edge".split())


def _stands_alone(sentence: Sentence) -> bool:
    return not sentence.leans and not _points_back(sentence.text)


def _is_fact(sentence: Sentence) -> bool:
    return _states_a_fact(sentence.text)


_READABLE: weakref.WeakKeyDictionary[Analysis, dict[int, str]] = weakref.WeakKeyDictionary()


def _readable(analysis: Analysis) -> dict[int, str]:
    """Per sentence index, the text that reads on its own: the sentence itself when it stands alone, or with its
    demonstrative subject named ("These relatively large cells produce ..." -> "Parietal cells produce ...");
    sentences that cannot be made to stand are absent."""
    found = _READABLE.get(analysis)
    if found is not None:
        return found
    found = {}
    previous: Sentence | None = None
    for sentence in analysis.sentences:
        if _is_fact(sentence):
            if _stands_alone(sentence):
                found[sentence.index] = sentence.text
            elif previous is not None and previous.section == sentence.section:
                named = stands_with_subject(sentence.text, previous.text)
                if named and not _points_back(named):
                    found[sentence.index] = named
        previous = sentence
    _READABLE[analysis] = found
    return found


_RELATED: weakref.WeakKeyDictionary[Analysis, list[Relation]] = weakref.WeakKeyDictionary()


def relations_of(analysis: Analysis) -> list[Relation]:
    """The material's relations ("Chief cells → secrete pepsinogen"), found once per analysis: the cheat sheet
    lists them and the question writer asks about them."""
    found = _RELATED.get(analysis)
    if found is None:
        readable = _readable(analysis)
        standing = [(s, readable[s.index]) for s in analysis.sentences if s.index in readable]
        leaning = [s for s in analysis.sentences if s.index not in readable and _is_fact(s)]
        found = _RELATED[analysis] = relations(standing, leaning)
    return found


def _related(analysis: Analysis) -> set[int]:
    return {r.sentence.index for r in relations_of(analysis)}


def _unlabelled(text: str) -> str:
    """ "Chief cells—Located primarily in … are chief cells, …" -> "Located primarily in … are chief cells, …": a
    bullet's label that the sentence goes on to name is not part of the sentence."""
    # "… G cells. describes the digestive functions of …": a table caption whose subject was dropped, run on.
    text = re.sub(r"(?<=[a-z]{2}[.!?])\s+[a-z][^.!?]*[.!?]?$", "", text)
    labelled = re.match(r"^(?P<label>[A-Z][^—.]{1,40})—\s*(?P<rest>.+)$", text)
    if labelled and labelled.group("label").lower() in labelled.group("rest").lower():
        return _capital(_CONNECTIVE.sub("", labelled.group("rest")))
    return text


def _as_notes(text: str) -> str:
    """A sentence for the notes: whole, but without the connective and the "for example" that tied it to
    sentences the notes left out."""
    text = re.sub(
        r",\s*(?:for example|for instance|in other words|however|therefore|thus),",
        "",
        _CONNECTIVE.sub("", _unlabelled(text)),
    )
    return _capital(text)


def _compress(text: str) -> str:
    """A revision line from a sentence: no connective opener, no aside, no "for example", no full stop."""
    text = _ASIDE.sub("", _CONNECTIVE.sub("", _unlabelled(text)))
    text = re.sub(r",\s*(?:for example|for instance|in other words),", "", text)
    return _capital(text.strip().rstrip("."))


# Asked of the same sentences by notes, key terms, numbers, contrasts and points: answered once per text.
@lru_cache(maxsize=8192)
def _points_back(text: str) -> bool:
    return _POINTS_BACK.search(text) is not None


# "The barrier has several components.": says there is something without saying what.
_SAYS_NOTHING = re.compile(r"\b(?:several|various|many|some|a number of|a variety of)\b", re.IGNORECASE)


@lru_cache(maxsize=8192)
def _states_a_fact(text: str) -> bool:
    words = text.split()
    if text[:1].islower():
        return False  # "describes the digestive functions of …": a table caption whose subject was dropped
    if len(words) < 5 or text.rstrip().endswith((":", "?")):
        return False  # "The hematocrit rises.", a lead-in to a list, a question
    if len(words) <= 10 and _SAYS_NOTHING.search(text):
        return False
    return not _NOT_A_FACT.search(text)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _summarise(
    analysis: Analysis, sentences: list[Sentence], budget: int, exclude: frozenset[int] = frozenset()
) -> list[Sentence]:
    """The most central sentences within ``budget`` words, in reading order. A sentence leaning on the one
    before it ("It is ...") comes only with that sentence, or with its subject named (see ``_readable``), so
    every pronoun still points at the right thing."""
    readable = _readable(analysis)
    related = _related(analysis)
    # A sentence stating what a cell secretes or a vessel supplies is what a student revises: it ranks higher.
    scores = {s.index: analysis.sentence_scores[s.index] + 0.4 * (s.index in related) for s in sentences}
    by_index = {s.index: s for s in sentences}
    chosen: dict[int, Sentence] = {}
    used = 0
    for sentence in sorted(sentences, key=lambda s: (-scores[s.index], s.index)):
        if not _is_fact(sentence) or sentence.index in chosen or sentence.index in exclude:
            continue
        needed = [sentence]
        if sentence.index not in readable:
            before = by_index.get(sentence.index - 1)
            if before is None or before.index not in readable or before.index in exclude:
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
    """The summary: the most central standing sentence of each of the few most central headings, in reading
    order, always opening with the first heading's overview — a tour of the section, as the book's own summaries
    are, not five sentences on one detail."""
    scores = analysis.sentence_scores
    readable = _readable(analysis)
    best = []
    for _, sentences in _groups(analysis):
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
    numbers = _number_facts(analysis)
    readable = _readable(analysis)
    overview = _overview(analysis)
    in_summary = frozenset(s.index for s in overview)
    summary = " ".join(_as_notes(readable[s.index]) for s in overview)
    sections = []
    for heading, sentences in _groups(analysis):
        words = sum(s.word_count for s in sentences)
        # The summary's sentence from this heading counts against its share, so the notes stay within it.
        budget = max(18, round(words * NOTES_SHARE)) - sum(s.word_count for s in overview if s in sentences)
        # At least one sentence of its own, so no heading is left as a bare list of points.
        kept = _summarise(analysis, sentences, max(1, budget), exclude=in_summary)
        in_group = {s.section for s in sentences}
        content = " ".join(_as_notes(readable.get(s.index, s.text)) for s in kept)
        key_points = [
            f"{_shown_name(t)}: {definition}"
            for t in analysis.ranked_terms
            if t.definition_sentence in sentences and (definition := _definition(t)) and not _vague(definition)
        ][:3]
        key_points += [f"{_capital(e.topic)}: {', '.join(e.items)}" for e in lists if e.section in in_group]
        key_points += [
            f"{fact.value}: {fact.context}"
            for sentence, fact in numbers
            if sentence in sentences and fact.value not in content
        ][:2]
        key_points = [p for p in dict.fromkeys(key_points) if not _said_in(p, f"{content} {summary}")]
        if content or key_points:
            sections.append(NotesSection(heading=heading, content=content, key_points=key_points))
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
    # "a second septum between the two ventricles": "second" counts septa in the sentence before, not here.
    ordinal = re.match(r"^an?\s+(?:second|third|fourth|another|additional|further)\s+(?P<rest>\w.*)$", definition, re.I)
    if ordinal:
        rest = ordinal.group("rest")
        definition = f"{'an' if rest[:1].lower() in 'aeiou' else 'a'} {rest}"
    content = [w.lower() for w in re.findall(r"[A-Za-z\-]+", definition) if w.lower() not in STOPWORDS]
    own = set(term.key.split()) | {w.rstrip("s") for w in term.key.split()}
    if all(w in own or w.rstrip("s") in own or w in COMMON_WORDS for w in content):
        return None
    return definition


def _vague(definition: str) -> bool:
    """ "the narrower end", "the other one": a definition that names nothing without the sentence before it."""
    words = [w.lower() for w in re.findall(r"[A-Za-z\-]+", definition)]
    content = [w for w in words if w not in STOPWORDS]
    if any(w in _COMPARATIVES for w in words) and "than" not in words and len(content) <= 3:
        return True
    anchored = any(
        w in ("of", "in", "on", "at", "between", "that", "which", "from", "to", "with", "for", "by") for w in words
    )
    return not anchored and len(content) <= 3 and bool(content) and singular(content[-1]) in _PART_NOUNS


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


@lru_cache(maxsize=4096)
def _description_pattern(kind: str, term: str) -> re.Pattern[str]:
    """The pattern of one kind of description for one term, compiled once (compiling is most of the cost)."""
    name = re.escape(term)
    if kind == "opening":
        return re.compile(rf"^(?:The\s+|An?\s+)?{name}s?\s+(?P<what>(?:{_RELATION})\b[^;]+)", re.I)
    if kind == "apposed":
        # "the pyloric sphincter, a strong ring of smooth muscle, ..." (not "the ulna, the radius, and ...")
        return re.compile(
            rf"\b{name}s?,\s+(?P<what>(?:an?|one)\s+[^,;.()]{{6,90}}?)(?:,(?!\s+(?:and|or|known as|called)\b)|\.|;)",
            re.I,
        )
    if kind == "called":
        # "folds called rugae": the noun phrase right before "called"
        return re.compile(
            rf"(?P<what>\b(?:an?)\s+[a-z][a-z\-]*(?:\s+[a-z][a-z\-]*){{0,5}})\s+(?:called|known as|termed)\s+"
            rf"(?:the\s+)?{name}{_NAME_ENDS}"
        )
    # "Chief cells—Located primarily in the basal regions of gastric glands are chief cells, which ...": where
    # the text puts it, as the bullet label's description.
    return re.compile(
        rf"^(?:[^—]{{2,40}}—\s*)?(?P<what>Located\s+(?:(?:primarily|mainly|mostly)\s+)?(?:in|at|on|along|within|"
        rf"near|between)\s+[^,]{{4,80}}?)\s+(?:is|are)\s+(?:the\s+)?{name}s?{_NAME_ENDS}",
        re.I,
    )


def _description_kinds(term: str, lowered: str) -> list[str]:
    """The kinds of description a sentence could hold for the term, by cheap tests, before any pattern."""
    kinds = []
    if re.match(rf"(?:the |an? )?{re.escape(term)}", lowered):
        kinds.append("opening")
    if lowered.startswith("located", lowered.find("—") + 1 if "—" in lowered[:42] else 0):
        kinds.append("located")
    if f"{term}," in lowered or f"{term}s," in lowered:
        kinds.append("apposed")
    if any(word in lowered for word in ("called", "known as", "termed")):
        kinds.append("called")
    return kinds


def _described(term: Term, sentences: list[tuple[str, str]]) -> str | None:
    """A one-line description of a term the text never defines, from a sentence that opens with it and states
    where it is or what it does: "The coronary arteries supply blood to the myocardium ..." ->
    "supply blood to the myocardium and other components of the heart"."""
    key = term.text.lower()
    for text, lowered in sentences:
        if key not in lowered:
            continue
        for kind in _description_kinds(key, lowered):
            pattern = _description_pattern(kind, term.text)
            match = pattern.search(text) if kind in ("apposed", "called") else pattern.match(text)
            if not match:
                continue
            # "drains blood from regions superior to the diaphragm: the head, neck, upper limbs, and the thoracic
            # region": after a colon, ", and" closes the list rather than starting a new clause.
            cut = (
                r",\s*(?:which|but|whereas|while)\s|;|\s+\("
                if ":" in match.group("what")
                else (r",\s*(?:which|and|but|whereas|while)\s|;|\s+\(")
            )
            what = re.split(cut, match.group("what"))[0].strip(" ,.")
            words = what.split()
            if (
                3 <= len(words) <= 20
                and words[-1].lower() not in STOPWORDS
                and not _FINITE_VERB.search(" ".join(words[1:]) if kind == "opening" else what)
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


def _shown_name(term: Term) -> str:
    """The term as a heading of its row: "Type I alveolar cell", not "Type i alveolar cell"."""
    name = re.sub(
        r"\b(type|class|grade) (i{1,3}|iv|v)\b", lambda m: f"{m.group(1)} {m.group(2).upper()}", _full_name(term)
    )
    return _capital(name)


def _key_terms(analysis: Analysis) -> list[KeyTerm]:
    lexicon = medical_lexicon()
    rows: list[KeyTerm] = []
    standing = [(text, text.lower()) for text in _readable(analysis).values()]
    for position, term in enumerate(analysis.ranked_terms):
        definition = _definition(term)
        if definition is None and position < 80:
            definition = _described(term, standing)
        if definition is None or _vague(definition):
            continue
        if not (term.in_heading or term.lists or " " in term.key or lexicon.is_term(term.text)):
            continue  # an everyday word with a definition is not a key term of the subject
        definition = re.sub(r"^(?:is|are)\s+(?=located|found|situated)", "", definition)  # "located at the base ..."
        if re.search(r"\btheir\b", definition) and not term.text.endswith("s"):
            continue  # "between their cell membranes": whose, for one cell junction?
        shown = _shown_name(term)
        if definition.split()[0] in _PLURAL_VERBS and not shown.endswith(("s", "x", "a", "ae")):
            shown += "s"  # "Carpal bones: form the base of the hand"
        rows.append(KeyTerm(term=shown, definition=_capital(definition)))
        if len(rows) >= MAX_KEY_TERMS:
            break
    return rows


# A clause that opens like this leans on the clause before it ("which holds around 30 mL", "with the inside
# being negatively-charged"): alone, it does not say what the number measures.
_DEPENDENT_CLAUSE = re.compile(
    r"^(?:which|that|who|whom|whose|where|when|while|with|and|but|or|although|as|because|so|since|then|"
    r"more|less|nearly|almost|over|under|[a-z]+ing|[a-z]+ed)\b"
)


def _clause_with(value: str, sentence: str) -> str | None:
    """The clause of ``sentence`` that states ``value``, widened until it says something (6+ words); the whole
    sentence where that clause leans on the one before; None where the sentence is too long to serve whole."""
    sentence = _compress(sentence)
    clauses = re.split(r"(?<=[,;:])\s+", sentence)
    for position, clause in enumerate(clauses):
        if value in clause:
            start, end = position, position + 1
            while len(" ".join(clauses[start:end]).split()) < 6 and (start > 0 or end < len(clauses)):
                if start > 0:
                    start -= 1
                else:
                    end += 1
            stated = " ".join(clauses[start:end]).strip(" ,;:")
            if start == 0 or not _DEPENDENT_CLAUSE.match(stated):
                return _capital(_short(stated)) if len(stated.split()) <= POINT_WORDS else None
            return sentence if len(sentence.split()) <= POINT_WORDS + 8 else None
    return None


def _short(text: str) -> str:
    """At most POINT_WORDS words, cut at a clause boundary rather than mid-phrase."""
    words = text.split()
    if len(words) <= POINT_WORDS:
        return text
    cut = " ".join(words[:POINT_WORDS])
    boundary = max(cut.rfind(", "), cut.rfind("; "))
    return (cut[:boundary] if boundary > len(cut) // 2 else cut).rstrip(",;") + " …"


def _says_what_it_measures(context: str, value: str) -> bool:
    """ "About 23–24 percent of it binds ...", "About 76 percent dissolves in the plasma": of what? A number
    line must name what it measures."""
    at = context.find(value)
    # What the number is of: the words before it and the few after it ("of it binds").
    window = context[: at + len(value)] + " " + " ".join(context[at + len(value) :].split()[:3])
    if re.search(r"\b(?:it|its|they|them|their|this|these|those)\b", window, re.IGNORECASE):
        return False
    after = context[at + len(value) :].split()[:2]
    opening = not re.search(
        r"[A-Za-z]{3,}",
        re.sub(r"^(?:about|approximately|nearly|some|only|up to|over)\b", "", context[:at].strip(), flags=re.I),
    )
    return not (opening and value.endswith(("percent", "%")) and "of" not in after)


def _number_facts(analysis: Analysis) -> list[tuple[Sentence, NumberFact]]:
    """Each number once, with the clause that states it, from sentences that stand alone."""
    facts: list[tuple[Sentence, NumberFact]] = []
    seen: set[str] = set()
    for fact in analysis.numbers:
        if fact.value in seen or not _stands_alone(fact.sentence) or not _is_fact(fact.sentence):
            continue
        context = _clause_with(fact.value, fact.sentence.text)
        if context is None or not _says_what_it_measures(context, fact.value):
            continue
        seen.add(fact.value)
        same = next(
            (
                i
                for i, (s, f) in enumerate(facts)
                if s is fact.sentence and (fact.value in f.context or f.value in context)
            ),
            None,
        )
        if same is not None:
            # "Males have about 5.4 million ..., and females have approximately 4.8 million per µL": one line.
            earlier = facts[same][1]
            longer = context if len(context) > len(earlier.context) else earlier.context
            facts[same] = (fact.sentence, NumberFact(value=f"{earlier.value}; {fact.value}", context=longer))
            continue
        at = fact.sentence.text.find(fact.value)
        # "(at around -70 mV)": the sign is part of the value, though the number reader leaves it out.
        value = (
            f"{fact.sentence.text[at - 1]}{fact.value}"
            if at > 0 and fact.sentence.text[at - 1] in "-−+" and (at == 1 or not fact.sentence.text[at - 2].isalnum())
            else fact.value
        )
        facts.append((fact.sentence, NumberFact(value=value, context=context)))
    return facts


# Counts a textbook writes in words ("eight small carpal bones", "three papillary muscles"): examinable numbers
# that the digit reader misses.
_COUNTED = re.compile(
    r"\b(?P<value>(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen)\s+(?:[a-z\-]+\s+){0,2}"
    r"(?:bones|chambers|layers|regions|valves|lobes|cusps|phalanges|muscles|zones|phases|sulci|cartilages|sinuses|"
    r"pairs|rows|flaps|leaflets|septa|branches|types|glands|cells|sections))\b",
    re.IGNORECASE,
)


_COUNT_VALUES = {
    "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
    "twelve": 12, "fourteen": 14,
}  # fmt: skip


def _counted_facts(analysis: Analysis, taken: set[str]) -> list[NumberFact]:
    """One line per count of a kind ("eight small carpal bones" over "eight bones"); pairs ("two layers") are
    left out, being rarely what is asked, and so is the count of a list the sheet gives ("four main regions" is
    the regions list's length)."""
    listed = {(e.section, len(e.items)) for e in lists_in(analysis)}
    best: dict[tuple[str, str], NumberFact] = {}
    for sentence in analysis.sentences:
        if not _stands_alone(sentence) or not _is_fact(sentence):
            continue
        for match in _COUNTED.finditer(sentence.text):
            value = match.group("value")
            words = value.lower().split()
            key = (words[0], words[-1])
            if words[0] == "two" or value.lower() in taken or (sentence.section, _COUNT_VALUES[words[0]]) in listed:
                continue
            context = _clause_with(value, sentence.text)
            if context and (key not in best or len(words) > len(best[key].value.split())):
                best[key] = NumberFact(value=value, context=context)
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
            lines.append(f"{_capital(a)} vs {b}: {_compress(sentence.text)}")  # both halves, whole
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
    readable = _readable(analysis)
    return [
        _compress(readable[s.index])
        for s in analysis.sentences
        if s.index in readable and _CLINICAL.search(s.text) and s.word_count <= 36
    ][:MAX_CLINICAL]


def _as_point(text: str) -> str:
    """A revision line: "The apex is the tip of the nose." -> "Apex: the tip of the nose"; other sentences
    compressed (see ``_compress``)."""
    line = _compress(text)
    subject = opening_subject(line)
    if subject and line.find(subject) <= 4:
        rest = line[line.find(subject) + len(subject) :]
        copula = re.match(r"^\s+(?:is|are)\s+(?=(?:the|an?|one|located|found|made|composed|formed)\b)", rest)
        if copula and "," not in rest[: copula.end() + 20]:
            return f"{_capital(subject)}: {rest[copula.end() :]}"
    return line


def _same_name(a: str, b: str) -> bool:
    return " ".join(singular(w) for w in a.lower().split()) == " ".join(singular(w) for w in b.lower().split())


def write_cheat_sheet(analysis: Analysis) -> CheatSheet:
    key_terms = _key_terms(analysis)
    numbers = _numbers(analysis)
    lists = lists_in(analysis)
    said = [f"{k.term} {k.definition}".lower() for k in key_terms] + [n.context.lower() for n in numbers]

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
    readable = _readable(analysis)
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
    said += [_compress(readable.get(r.sentence.index, r.sentence.text)).lower() for r in relations_of(analysis)]
    lines = [f"{_capital(e.topic)}: {', '.join(e.items)}" for e in lists]
    listed = [line for line in lines if new(line)]
    contrasts = [line for line in _contrasts(analysis) if new(line)]
    clinical = [line for line in _clinical(analysis) if new(line)]
    top = {t.key for t in analysis.ranked_terms[:80]}
    sections: list[CheatSheetSection] = [
        CheatSheetSection(heading="Relations", points=related),
        CheatSheetSection(heading="Lists to remember", points=listed),
        CheatSheetSection(heading="Contrasts", points=contrasts),
        CheatSheetSection(heading="Clinical correlations", points=clinical),
    ]
    for heading, sentences in _groups(analysis):
        # Only short points, compressed: a heading's two most central facts, not its paragraphs.
        eligible = [
            s
            for s in sentences
            if s.index in readable
            and 6 <= len(_compress(readable[s.index]).split()) <= POINT_WORDS - 6
            and any(k in " ".join(s.words) for k in top)
        ]
        candidates = _summarise(analysis, eligible, 40)
        points = [p for p in (_as_point(readable[s.index]) for s in candidates[:POINTS_PER_HEADING]) if new(p)]
        sections.append(CheatSheetSection(heading=heading, points=points))
    return CheatSheet(
        title=f"{_title(analysis)} — cheat sheet",
        sections=[s for s in sections if s.points],
        key_terms=key_terms,
        numbers_to_remember=numbers,
    )
