"""Images (photos and scans of pages): OCR with confidence."""

from __future__ import annotations

from .cleanup import reflow, strip_running_lines
from .document import ExtractedFile, Page, UnreadableFile
from .ocr import LOW_CONFIDENCE, OcrTimeoutError, ocr_image, open_image


def read_image(path: str, filename: str, kind: str, *, ocr_timeout: int, cores: int = 1) -> ExtractedFile:
    """``cores``: how many cores reading this photo may use (its page is cut across them)."""
    try:
        image = open_image(path)
    except Exception as exc:
        raise UnreadableFile(f"{filename} could not be opened as an image: {exc}".rstrip(": ")) from None
    try:
        result = ocr_image(image, timeout=ocr_timeout, cores=cores)
    except OcrTimeoutError:
        raise UnreadableFile(f"Reading {filename} took too long; try a clearer, smaller photo.") from None
    warnings = []
    if result.confidence < LOW_CONFIDENCE:
        warnings.append(f"{filename} was hard to read (OCR confidence {result.confidence:.0f}%); check the text.")
    if not result.text.strip():
        raise UnreadableFile(f"No text could be read from {filename}; try a sharper, well-lit photo.")
    [text] = strip_running_lines([result.text])  # a lone page number at the top or bottom of the photo
    page = Page(number=1, text=reflow(text), method="ocr", ocr_confidence=result.confidence)
    return ExtractedFile(filename=filename, kind=kind, unit="page", pages=[page], warnings=warnings)
