"""Numbers to remember: each value once, with the clause that says what it measures ("-70 mV: the resting
membrane potential"), and the counts a textbook writes in words ("eight small carpal bones")."""

from __future__ import annotations

import re

from studybuddy.generation.schemas import NumberFact

from .analysis import Analysis, Sentence
from .enumerations import lists_in
from .sentence_choice import POINT_WORDS, capital, compress, is_fact, stands_alone

MAX_NUMBERS = 15
MAX_COUNTED = 6


# A clause that opens like this leans on the clause before it ("which holds around 30 mL", "with the inside
# being negatively-charged"): alone, it does not say what the number measures.
_DEPENDENT_CLAUSE = re.compile(
    r"^(?:which|that|who|whom|whose|where|when|while|with|and|but|or|although|as|because|so|since|then|"
    r"more|less|nearly|almost|over|under|[a-z]+ing|[a-z]+ed)\b"
)


def clause_with(value: str, sentence: str) -> str | None:
    """The clause of ``sentence`` that states ``value``, widened until it says something (6+ words); the whole
    sentence where that clause leans on the one before; None where the sentence is too long to serve whole."""
    sentence = compress(sentence)
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
                return capital(_short(stated)) if len(stated.split()) <= POINT_WORDS else None
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


def number_facts(analysis: Analysis) -> list[tuple[Sentence, NumberFact]]:
    """Each number once, with the clause that states it, from sentences that stand alone."""
    facts: list[tuple[Sentence, NumberFact]] = []
    seen: set[str] = set()
    for fact in analysis.numbers:
        if fact.value in seen or not stands_alone(fact.sentence) or not is_fact(fact.sentence):
            continue
        context = clause_with(fact.value, fact.sentence.text)
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
        if not stands_alone(sentence) or not is_fact(sentence):
            continue
        for match in _COUNTED.finditer(sentence.text):
            value = match.group("value")
            words = value.lower().split()
            key = (words[0], words[-1])
            if words[0] == "two" or value.lower() in taken or (sentence.section, _COUNT_VALUES[words[0]]) in listed:
                continue
            context = clause_with(value, sentence.text)
            if context and (key not in best or len(words) > len(best[key].value.split())):
                best[key] = NumberFact(value=value, context=context)
    return list(best.values())[:MAX_COUNTED]


def numbers_to_remember(analysis: Analysis) -> list[NumberFact]:
    written = [fact for _, fact in number_facts(analysis)]
    counted = _counted_facts(analysis, {f.value.lower() for f in written})
    return (written + counted)[:MAX_NUMBERS]
