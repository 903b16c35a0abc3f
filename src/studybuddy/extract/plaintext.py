"""TXT and Markdown: UTF-8 (with or without BOM), else the encoding charset-normalizer detects."""

from __future__ import annotations

import re

from .cleanup import reflow
from .document import ExtractedFile, Page, UnreadableFile

_MARKDOWN_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$")


def decode_text(data: bytes) -> str | None:
    """The text of ``data``, or None if it is not text (binary, NUL bytes)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with a byte-order mark (Windows Notepad)
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    if b"\x00" in data[:8192]:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    return str(best) if best is not None else None


def split_by_headings(text: str) -> list[tuple[str | None, str]]:
    """Markdown-style ``#`` headings start sections; text before the first heading has none."""
    sections: list[tuple[str | None, list[str]]] = [(None, [])]
    for line in text.splitlines():
        match = _MARKDOWN_HEADING.match(line)
        if match:
            sections.append((match.group(1).strip(), []))
        else:
            sections[-1][1].append(line)
    return [(heading, reflow("\n".join(lines))) for heading, lines in sections if heading or "".join(lines).strip()]


def read_text(path: str, filename: str, kind: str) -> ExtractedFile:
    with open(path, "rb") as handle:
        data = handle.read()
    text = decode_text(data)
    if text is None:
        raise UnreadableFile(f"{filename} is not a readable text file.")
    pages = [Page(heading=heading, text=body) for heading, body in split_by_headings(text)]
    if not any(page.text.strip() for page in pages):
        # Only headings (a one-line paste starting with "#"): those lines are what the student wrote. Keep them.
        lines = [match.group(1) if (match := _MARKDOWN_HEADING.match(line)) else line for line in text.splitlines()]
        pages = [Page(heading=None, text=reflow("\n".join(lines)))]
    if not any(page.text.strip() for page in pages):
        raise UnreadableFile(f"{filename} is empty.")
    return ExtractedFile(filename=filename, kind=kind, pages=pages)
