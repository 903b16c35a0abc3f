"""PDF: the text layer through pypdfium2 (fast, exact), OCR for pages without one (scans) or when asked.

Text-layer pages are read first, in this process; scanned pages then go to OCR together, in parallel.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from .cleanup import reflow, strip_running_lines
from .document import ExtractedFile, Page, UnreadableFile

SCANNED_PAGE_CHARS = 20  # a page with less text than this is treated as an image of text


def read_pdf(
    path: str,
    filename: str,
    *,
    force_ocr: bool,
    max_pages: int,
    ocr_timeout: int,
    progress: Callable[[int, int], None],
    cores: int | None = None,
) -> ExtractedFile:
    """``cores``: how many cores the scanned pages may use (all of this machine's when not said)."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise UnreadableFile(
                f"{filename} is password-protected. Remove the password (print it to a new PDF) and upload again."
            ) from None
        raise UnreadableFile(f"{filename} is damaged or not a valid PDF and could not be opened.") from None
    warnings: list[str] = []
    total = len(document)
    if total == 0:
        raise UnreadableFile(f"{filename} has no pages.")
    if total > max_pages:
        warnings.append(f"{filename} has {total} pages; only the first {max_pages} were read.")
        total = max_pages
    raw_pages: list[tuple[str, Literal["text", "ocr"], float | None]] = []
    scanned: list[int] = []
    done = 0
    reported = 0  # the page number last reported

    def page_done(_: int = 0) -> None:
        # As before pages were read in parallel, progress names the page being worked on: "page 1 of 10" as
        # reading starts, the next one as each page is read (scanned pages finish in any order, so it is a count).
        nonlocal done, reported
        done += 1
        if min(done + 1, total) > reported:
            reported = min(done + 1, total)
            progress(reported, total)

    progress(1, total)
    reported = 1
    for index in range(total):
        try:
            text = document[index].get_textpage().get_text_bounded()
        except pdfium.PdfiumError:
            warnings.append(f"Page {index + 1} of {filename} could not be read and was skipped.")
            raw_pages.append(("", "text", None))
            page_done()
            continue
        if force_ocr or len(text.strip()) < SCANNED_PAGE_CHARS:
            scanned.append(index)
            raw_pages.append(("", "ocr", None))
        else:
            raw_pages.append((text, "text", None))
            page_done()
    if scanned:
        from .page_workers import PageImage, PageTimeoutError, read_pages

        try:
            results = read_pages(
                [PageImage(path, pdf_page=index) for index in scanned],
                timeout=ocr_timeout,
                on_page=page_done,
                workers=cores,
            )
        except PageTimeoutError as exc:
            raise UnreadableFile(
                f"Reading page {scanned[exc.index] + 1} of {filename} took longer than {ocr_timeout} s and was "
                "stopped; try a clearer scan."
            ) from None
        for index, result in zip(scanned, results, strict=True):
            raw_pages[index] = (result.text, "ocr", result.confidence)
    cleaned = strip_running_lines([text for text, _, _ in raw_pages])
    pages = [
        Page(number=i + 1, text=reflow(text), method=method, ocr_confidence=confidence)
        for i, (text, (_, method, confidence)) in enumerate(zip(cleaned, raw_pages, strict=True))
    ]
    if not any(page.text.strip() for page in pages):
        raise UnreadableFile(f"No text could be read from {filename}.")
    return ExtractedFile(filename=filename, kind="pdf", unit="page", pages=pages, warnings=warnings)
