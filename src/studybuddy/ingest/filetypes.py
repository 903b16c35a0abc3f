"""Deciding what a file is from its content (magic bytes, container structure), never from its name alone."""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path

from studybuddy.errors import UnsupportedFileTypeError, ValidationError
from studybuddy.extract.ooxml import UnsafeArchive, inspect_ooxml
from studybuddy.extract.plaintext import decode_text

_SAMPLE = 1024 * 1024
# Content kind -> the ALLOWED_FILE_TYPES names (file extensions) that mean it.
EXTENSIONS = {
    "pdf": ("pdf",),
    "jpeg": ("jpg", "jpeg"),
    "png": ("png",),
    "webp": ("webp",),
    "pptx": ("pptx",),
    "docx": ("docx",),
    "txt": ("txt", "text"),
    "md": ("md", "markdown"),
}
_IMAGES = {"jpeg", "png", "webp"}
_DESCRIPTIONS = {
    "pdf": "a PDF",
    "jpeg": "a JPEG image",
    "png": "a PNG image",
    "webp": "a WebP image",
    "pptx": "a PowerPoint file",
    "docx": "a Word document",
    "txt": "plain text",
    "md": "plain text",
}


def sniff(path: Path) -> str | None:
    """The content kind of the file, or None when it is none we read. Raises UnsafeArchive for hostile ZIPs."""
    with path.open("rb") as handle:
        head = handle.read(_SAMPLE)
    if head.startswith(b"%PDF-") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"PK\x03\x04"):
        return inspect_ooxml(str(path))
    # A sample may end inside a multi-byte character: drop up to three bytes before judging.
    for cut in range(4):
        if decode_text(head[: len(head) - cut] if cut else head) is not None:
            return "txt"
    return None


def _extension(filename: str) -> str:
    match = re.search(r"\.([A-Za-z0-9]{1,10})$", filename)
    return match.group(1).lower() if match else ""


def classify(path: Path, filename: str, allowed: Collection[str]) -> str:
    """The kind to read the file as, or a 415/422 naming the file and what is wrong."""
    allowed_list = ", ".join(t.upper() for t in allowed)
    try:
        kind = sniff(path)
    except UnsafeArchive as exc:
        raise ValidationError(f"{filename} was refused: {exc}.") from None
    extension = _extension(filename)
    if kind is None:
        raise UnsupportedFileTypeError(f"{filename} is not a file type we can read. Upload {allowed_list}.")
    if kind == "txt" and extension in EXTENSIONS["md"]:
        kind = "md"
    named_as = next((k for k, names in EXTENSIONS.items() if extension in names), None)
    same_family = named_as == kind or (named_as in _IMAGES and kind in _IMAGES) or {named_as, kind} == {"txt", "md"}
    if extension and not same_family:
        raise UnsupportedFileTypeError(
            f"{filename} is named .{extension} but its content is {_DESCRIPTIONS[kind]}. "
            "Rename it or upload the original file."
        )
    if not set(EXTENSIONS[kind]) & set(allowed):
        raise UnsupportedFileTypeError(
            f"{filename}: {_DESCRIPTIONS[kind]} files are not accepted. Upload {allowed_list}."
        )
    return kind
