"""Turning raw page text into clean prose: running headers and footers, page numbers, hyphenation, line wraps."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

_PAGE_NUMBER = re.compile(r"^\s*(page\s*)?[\divxlc]{1,5}(\s*(of|/)\s*\d{1,5})?\s*$", re.IGNORECASE)
_HYPHEN_BREAK = re.compile(r"(\w+)-\n\s*([a-z]\w*)")
# How much more common (Zipf points: log10 of uses per billion words) "well-known" must be than "wellknown" for a
# hyphen at a line end to be the compound's own: "anti-inflammatory" +2.0, "x-ray" +2.2, "long-term" +2.4, but
# "con-traction" +0.2, "some-times" +0.2 and "ab-normal" +0.3 are words split by the typesetter.
_COMPOUND_MARGIN = 1.0
_BULLET = re.compile(r"^\s*([•\-*–·▪◦]|\d{1,3}[.)]|[a-z][.)])\s+")
_SPACES = re.compile(r"[ \t\u00a0]+")
_ENDS_SENTENCE = re.compile(r"[.!?:;)\]\"'”’]$")
_CONTINUES = re.compile(r"^[a-z(]")
_EDGE_LINES = 2


def _signature(line: str) -> str:
    return re.sub(r"\d+", "#", line.strip().lower())


def strip_running_lines(pages: list[str]) -> list[str]:
    """Remove lines repeated at the top or bottom of most pages (running heads, footers) and page numbers."""
    split = [page.replace("\r\n", "\n").replace("\r", "\n").split("\n") for page in pages]
    counts: Counter[str] = Counter()
    for lines in split:
        content = [line for line in lines if line.strip()]
        edges = {_signature(line) for line in content[:_EDGE_LINES] + content[-_EDGE_LINES:]}
        counts.update(edges)
    repeated = {sig for sig, n in counts.items() if len(pages) >= 3 and n >= max(3, len(pages) // 2)}
    cleaned = []
    for lines in split:
        content_indexes = [i for i, line in enumerate(lines) if line.strip()]
        edge_indexes = set(content_indexes[:_EDGE_LINES] + content_indexes[-_EDGE_LINES:])
        kept = [
            line
            for i, line in enumerate(lines)
            if not (i in edge_indexes and (_signature(line) in repeated or _PAGE_NUMBER.match(line)))
        ]
        cleaned.append("\n".join(kept))
    return cleaned


@cache
def _word_frequency():
    # Loaded on the first hyphen at a line end (~0.8 s, once per process): most text has none.
    from wordfreq import zipf_frequency

    return zipf_frequency


def _unhyphenate(match: re.Match[str]) -> str:
    """A word split at a line end is joined ("physio-/logical"); a compound keeps its hyphen ("beta-/blocker",
    "T-/cell", "self-/limiting"): joined, those are no words at all, or far rarer than the hyphenated form."""
    first, second = match.group(1), match.group(2)
    frequency = _word_frequency()
    joined = frequency(first + second, "en")
    if joined > 0 and frequency(f"{first}-{second}", "en") < joined + _COMPOUND_MARGIN:
        return first + second
    return f"{first}-{second}"


def reflow(text: str) -> str:
    """Join hard-wrapped lines into paragraphs, undoing end-of-line hyphenation (not a compound's own hyphen);
    keep bullets and blank lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    text = _HYPHEN_BREAK.sub(_unhyphenate, text)
    paragraphs: list[str] = []
    current: list[str] = []
    for raw in text.split("\n"):
        line = _SPACES.sub(" ", raw).strip()
        if not line:
            if current:
                paragraphs.append(" ".join(current))
                current = []
            continue
        if current and _BULLET.match(line):
            paragraphs.append(" ".join(current))
            current = []
        current.append(line)
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(_rejoin_broken_sentences(paragraphs))


def _rejoin_broken_sentences(paragraphs: list[str]) -> list[str]:
    """OCR splits a paragraph where the layout pauses (a column break, a wide gap, a figure beside the text):
    a paragraph that stops mid-sentence and a next one that starts in lower case are one paragraph."""
    joined: list[str] = []
    for paragraph in paragraphs:
        if (
            joined
            and _CONTINUES.match(paragraph)
            and not _ENDS_SENTENCE.search(joined[-1])
            and not _BULLET.match(paragraph)
        ):
            joined[-1] = _HYPHEN_BREAK.sub(_unhyphenate, joined[-1] + "\n" + paragraph).replace("\n", " ")
        else:
            joined.append(paragraph)
    return joined
