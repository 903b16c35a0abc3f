"""Is this study material at all? Filler text ("lorem ipsum", a blind text repeating one paragraph), text mostly
not in English, boilerplate (copyright pages, licences, contents lists) and material too thin to examine.

Writing questions, a cheat sheet and notes from such text gives a student confident-looking rubbish (one
sentence repeated five times as "key facts"); a clear warning on the session is the honest answer.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from studybuddy.extract.document import Section, StudyDocument

from .context import split_sentences
from .vocabulary import STOPWORDS

# Words of the Latin placeholder texts ("Lorem ipsum dolor sit amet, consectetur adipiscing elit ...").
_PLACEHOLDER_LATIN = frozenset(
    "lorem ipsum dolor amet consectetur consetetur adipiscing adipisicing sadipscing elit elitr eiusmod tempor "
    "incididunt labore dolore magna aliqua aliquyam erat voluptua accusam justo duo dolores rebum stet clita kasd "
    "gubergren takimata sanctus nonumy eirmod invidunt vero eos ullamco laboris nisi aliquip commodo consequat "
    "pellentesque phasellus maecenas vestibulum nullam morbi fusce curabitur mauris praesent quisque donec".split()
)
# What typesetting "blind texts" say about themselves.
_FILLER_PHRASES = re.compile(
    r"text without (?:a )?meaning|blind text|dummy text|placeholder text|filler text|lorem ipsum|"
    r"you will get no information|sample text for (?:testing|layout)",
    re.IGNORECASE,
)
_BOILERPLATE = re.compile(
    r"all rights reserved|copyright|©|\bisbn\b|creative commons|licen[cs]ed under|this page (?:is )?intentionally"
    r"|table of contents|terms (?:of use|and conditions)|privacy policy|https?://|www\.|printed in|published by",
    re.IGNORECASE,
)
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")
_ANY_WORD = re.compile(r"[^\W\d_][^\W\d_'’\-]*", re.UNICODE)

MIN_STUDY_WORDS = 120  # fewer words than this cannot carry a set of examinable facts
MIN_ENGLISH_SHARE = 0.6  # words in Latin script, of all words
MIN_FUNCTION_WORD_SHARE = 0.12  # English prose runs 30-45 % function words; Latin or Spanish far fewer
MAX_REPEATED_SHARE = 0.5  # of sentences that are copies of another sentence
MAX_BOILERPLATE_SHARE = 0.5


@dataclass(frozen=True)
class Suitability:
    usable: bool  # False: write nothing from it; the warning says why
    warnings: tuple[str, ...] = ()


def _sentences(document: StudyDocument) -> list[str]:
    return [s for section in document.sections for p in section.text.split("\n\n") for s in split_sentences(p)]


def judge(document: StudyDocument) -> Suitability:
    """Whether the document is study material worth writing questions and notes from, and what to tell the
    student when it is not (or is only barely)."""
    text = " ".join(section.text for section in document.sections)
    all_words = _ANY_WORD.findall(text)
    latin = [w.lower() for w in _LATIN_WORD.findall(text)]
    sentences = [" ".join(s.lower().split()) for s in _sentences(document)]
    if not all_words:
        return Suitability(False, ("No readable text was found in this material.",))

    placeholder = sum(w in _PLACEHOLDER_LATIN for w in latin)
    if placeholder >= 5 and placeholder / max(1, len(latin)) > 0.1 or _FILLER_PHRASES.search(text):
        return Suitability(
            False,
            (
                'This material looks like filler text (placeholder or "lorem ipsum" text), not study material, '
                "so no questions, mnemonics, cheat sheet or notes were written. Upload the pages you want to study.",
            ),
        )
    if len(latin) / len(all_words) < MIN_ENGLISH_SHARE or (
        len(latin) >= 40 and sum(w in STOPWORDS for w in latin) / len(latin) < MIN_FUNCTION_WORD_SHARE
    ):
        return Suitability(
            False,
            (
                "This material is mostly not in English. Study Buddy writes questions and notes from English text "
                "only; upload an English version of it.",
            ),
        )
    boilerplate = sum(bool(_BOILERPLATE.search(s)) for s in sentences)
    if sentences and boilerplate / len(sentences) > MAX_BOILERPLATE_SHARE:
        return Suitability(
            False,
            (
                "This material is mostly copyright, licence or contents pages, not study text, so no study material "
                "was written from it. Upload the chapter itself.",
            ),
        )
    counts = Counter(sentences)
    repeated = sum(n for n in counts.values() if n > 1) - sum(1 for n in counts.values() if n > 1)
    if len(sentences) >= 4 and repeated / len(sentences) > MAX_REPEATED_SHARE:
        return Suitability(
            False,
            (
                "Most of this material repeats the same sentences, so it was not used to write study material. "
                "Check that the right file was uploaded.",
            ),
        )
    if len(latin) < MIN_STUDY_WORDS:
        return Suitability(
            True,
            (
                f"This material is very short ({len(latin)} words), so only a few items could be written from it; "
                "add more pages for a full set of questions and notes.",
            ),
        )
    return Suitability(True)


def keep_study_material(document: StudyDocument) -> tuple[StudyDocument | None, list[str]]:
    """The document without the files that are not study material, and what to tell the student; None when nothing
    is left to write from. A student who uploads a chapter together with a stray filler PDF still gets the chapter's
    material, and a warning naming the file that was skipped."""
    files = list(dict.fromkeys(section.source.file for section in document.sections))
    if len(files) <= 1:
        verdict = judge(document)
        return (document if verdict.usable else None), list(verdict.warnings)
    kept: list[Section] = []
    warnings: list[str] = []
    for name in files:
        part = document.model_copy(update={"sections": [s for s in document.sections if s.source.file == name]})
        verdict = judge(part)
        if verdict.usable:
            kept += part.sections
        else:
            warnings += [f"Skipped {name}: {warning}" for warning in verdict.warnings]
    if not kept:
        return None, warnings
    usable = document.model_copy(update={"sections": kept})
    verdict = judge(usable)  # the files together: "very short" is said of what is left, not of each photo
    return (usable if verdict.usable else None), warnings + list(verdict.warnings)
