"""Which sentences of the material a revision page can use, and in what words: sentences that state a fact,
read on their own (or with their demonstrative subject named), grouped under their headings, and the most
central of them within a word budget. Shared by the notes and the cheat sheet."""

from __future__ import annotations

import re
import weakref
from functools import lru_cache

from studybuddy.generation.lexicon import medical_lexicon

from .analysis import Analysis, Sentence
from .relations import Relation, relations, stands_with_subject

POINT_WORDS = 32
# Sentences that talk to the reader or about the book rather than state a fact.
_NOT_A_FACT = re.compile(
    r"\b(?:you|your|we|our|us|recall|figure|fig\.|in this (?:figure|section|chapter)|this (?:section|chapter)|"
    r"let us|imagine|consider|understanding|it is (?:important|necessary|helpful|critical)|in this case|"
    r"illustrated|[a-d] shows|is obvious|can be seen|elegant)\b|^(?:And|But|So|Or|Although only)\b",
    re.IGNORECASE,
)


def title_of(analysis: Analysis) -> str:
    if analysis.document.title:
        return analysis.document.title
    files = {s.source.file for s in analysis.sections}
    return next(iter(files)) if len(files) == 1 else "Study notes"


def heading_groups(analysis: Analysis) -> list[tuple[str, list[Sentence]]]:
    """Sections under their headings; headingless runs (PDF pages) are named by their source."""
    grouped: list[tuple[str, list[Sentence]]] = []
    for index, sentences in sorted(analysis.section_sentences().items()):
        section = analysis.sections[index]
        if section.heading:
            heading = section.heading
        elif section.source.page:
            heading = f"{section.source.file}, {section.source.unit or 'page'} {section.source.page}"
        else:
            heading = title_of(analysis)
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
    # "To compensate, muscles store ... myoglobin": compensating for what the sentence before said.
    r"|^to (?:compensate|counteract|offset)\b"
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
# "Note that each thick filament ...": the book addressing the reader; the fact stands without it.
_NOTE_THAT = re.compile(r"^(?:Note|Notice|Remember) that\s+")
# A parenthesis that is an aside ("(remember, the lipid tails of the membrane are nonpolar)"), not a synonym or
# an abbreviation ("(windpipe)", "(HCl)").
_ASIDE = re.compile(
    r"\s*\((?:(?:remember|see|e\.g\.|i\.e\.|for example|as in|which|that)\b[^()]*|[^()]*(?:\s[^()\s]+){5,})\)"
)


def stands_alone(sentence: Sentence) -> bool:
    return not sentence.leans and not points_back(sentence.text)


def is_fact(sentence: Sentence) -> bool:
    return states_a_fact(sentence.text)


_READABLE: weakref.WeakKeyDictionary[Analysis, dict[int, str]] = weakref.WeakKeyDictionary()


def readable_sentences(analysis: Analysis) -> dict[int, str]:
    """Per sentence index, the text that reads on its own: the sentence itself when it stands alone, or with its
    demonstrative subject named ("These relatively large cells produce ..." -> "Parietal cells produce ...");
    sentences that cannot be made to stand are absent."""
    found = _READABLE.get(analysis)
    if found is not None:
        return found
    found = {}
    previous: Sentence | None = None
    for sentence in analysis.sentences:
        if is_fact(sentence):
            if stands_alone(sentence):
                found[sentence.index] = sentence.text
            elif previous is not None and previous.section == sentence.section:
                named = stands_with_subject(sentence.text, previous.text)
                if named and not points_back(named):
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
        readable = readable_sentences(analysis)
        standing = [(s, readable[s.index]) for s in analysis.sentences if s.index in readable]
        leaning = [s for s in analysis.sentences if s.index not in readable and is_fact(s)]
        found = _RELATED[analysis] = relations(standing, leaning)
    return found


def related_sentences(analysis: Analysis) -> set[int]:
    return {r.sentence.index for r in relations_of(analysis)}


def _unlabelled(text: str) -> str:
    """ "Chief cells—Located primarily in … are chief cells, …" -> "Located primarily in … are chief cells, …": a
    bullet's label that the sentence goes on to name is not part of the sentence."""
    # "… G cells. describes the digestive functions of …": a table caption whose subject was dropped, run on.
    text = re.sub(r"(?<=[a-z]{2}[.!?])\s+[a-z][^.!?]*[.!?]?$", "", text)
    labelled = re.match(r"^(?P<label>[A-Z][^—.]{1,40})—\s*(?P<rest>.+)$", text)
    if labelled and labelled.group("label").lower() in labelled.group("rest").lower():
        return capital(_CONNECTIVE.sub("", labelled.group("rest")))
    return text


def as_notes(text: str) -> str:
    """A sentence for the notes: whole, but without the connective and the "for example" that tied it to
    sentences the notes left out."""
    text = re.sub(
        r",\s*(?:for example|for instance|in other words|however|therefore|thus),",
        "",
        _CONNECTIVE.sub("", _NOTE_THAT.sub("", _unlabelled(text))),
    )
    return capital(text)


def compress(text: str) -> str:
    """A revision line from a sentence: no connective opener, no aside, no "for example", no full stop."""
    text = _ASIDE.sub("", _CONNECTIVE.sub("", _NOTE_THAT.sub("", _unlabelled(text))))
    text = re.sub(r",\s*(?:for example|for instance|in other words),", "", text)
    return capital(text.strip().rstrip("."))


# Asked of the same sentences by notes, key terms, numbers, contrasts and points: answered once per text.
@lru_cache(maxsize=8192)
def points_back(text: str) -> bool:
    return _POINTS_BACK.search(text) is not None


# "The barrier has several components.": says there is something without saying what.
_SAYS_NOTHING = re.compile(r"\b(?:several|various|many|some|a number of|a variety of)\b", re.IGNORECASE)


@lru_cache(maxsize=8192)
def states_a_fact(text: str) -> bool:
    words = text.split()
    if text[:1].islower():
        return False  # "describes the digestive functions of …": a table caption whose subject was dropped
    if len(words) < 5 or text.rstrip().endswith((":", "?")):
        return False  # "The hematocrit rises.", a lead-in to a list, a question
    if len(words) <= 10 and _SAYS_NOTHING.search(text):
        return False
    return not _NOT_A_FACT.search(text)


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def summarise(
    analysis: Analysis, sentences: list[Sentence], budget: int, exclude: frozenset[int] = frozenset()
) -> list[Sentence]:
    """The most central sentences within ``budget`` words, in reading order. A sentence leaning on the one
    before it ("It is ...") comes only with that sentence, or with its subject named (see ``readable_sentences``), so
    every pronoun still points at the right thing."""
    readable = readable_sentences(analysis)
    related = related_sentences(analysis)
    # A sentence stating what a cell secretes or a vessel supplies is what a student revises: it ranks higher.
    scores = {s.index: analysis.sentence_scores[s.index] + 0.4 * (s.index in related) for s in sentences}
    by_index = {s.index: s for s in sentences}
    chosen: dict[int, Sentence] = {}
    used = 0
    for sentence in sorted(sentences, key=lambda s: (-scores[s.index], s.index)):
        if not is_fact(sentence) or sentence.index in chosen or sentence.index in exclude:
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


# "Blood loss anemias are fairly straightforward.", "Reticulocyte counts are also important ...": a judgement
# about a topic that states nothing about it.
_JUDGEMENT_ONLY = re.compile(
    r"\b(?:is|are)\s+(?:also\s+)?(?:fairly\s+|very\s+|quite\s+|relatively\s+|extremely\s+)?"
    r"(?:straightforward|important|interesting|complex|complicated|simple|varied|fascinating)\b"
)


def says_little(text: str) -> bool:
    """A judgement about a topic that states nothing about it: no revision line, no notes sentence."""
    return _JUDGEMENT_ONLY.search(text) is not None


# Words that make a line clinical on their own: a patient, a diagnosis, a treatment, an injury.
_CLINICAL = re.compile(
    r"\b(?:disorder|syndrome|deficien\w*|fracture\w*|injur\w*|patient\w*|diagnos\w*|treat\w*|surgery|"
    r"surgical removal|failure|defect\w*|ulcer\w*|symptom\w*|cancer\w*|transplant\w*|injection\w*|therapy|"
    r"physician\w*|obstruct\w*)\b",
    re.IGNORECASE,
)
# A disease word counts only when the lexicon files it under diseases ("capitis" of the fovea capitis is no
# arthritis), and "disease" or "infection" only with a sign of something gone wrong: "defenses against disease"
# and "rapid responders to the site of infection" are physiology, "high counts ... indicate infection" is not.
_DISEASE_WORD = re.compile(r"\b\w+(?:itis|emia|aemia|oma|penia|cytosis|osis)\b", re.IGNORECASE)
_DISEASE = re.compile(r"(?<![\w-])(?:diseases?|infect\w*)(?![\w-])", re.IGNORECASE)
_GONE_WRONG = re.compile(
    r"\b(?:abnormal\w*|indicat\w*|elevated|excess\w*|insufficient|too (?:few|many|much|little)|caus\w*|"
    r"result\w* in|lead\w* to)\b",
    re.IGNORECASE,
)


def is_clinical(text: str) -> bool:
    """A clinical correlation: a patient, a diagnosis, a treatment, a disease the lexicon knows, or disease and
    infection with a sign of something gone wrong."""
    if _CLINICAL.search(text):
        return True
    lexicon = medical_lexicon()
    for word in _DISEASE_WORD.findall(text):
        concept = lexicon.concept(word)
        if concept is not None and any(tree.startswith("C") for tree in concept.tree_numbers):
            return True
    return bool(_DISEASE.search(text) and _GONE_WRONG.search(text))
