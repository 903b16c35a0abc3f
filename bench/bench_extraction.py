"""PDF text extraction (ours: pypdfium2, vs PyPDF2 which the spec names). OCR is in bench_ocr."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bench.corpus import corpus_paragraphs
from bench.report import bench
from bench.textpdf import write_text_pdf
from studybuddy.extract.accuracy import word_f1

PAGES = 200


def _pages_of_text() -> list[str]:
    paragraphs = corpus_paragraphs()
    pages, current = [], []
    index = 0
    while len(pages) < PAGES:
        current.append(paragraphs[index % len(paragraphs)])
        index += 1
        if sum(len(p) for p in current) > 3500:
            pages.append("\n".join(current))
            current = []
    return pages


def _ours(path: Path) -> str:
    from studybuddy.extract.pdf import read_pdf

    extracted = read_pdf(
        str(path), path.name, force_ocr=False, max_pages=10_000, ocr_timeout=60, progress=lambda *_: None
    )
    return "\n".join(page.text for page in extracted.pages)


def _text_layer_only(path: Path) -> str:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    return "\n".join(document[i].get_textpage().get_text_bounded() for i in range(len(document)))


def _pypdf2(path: Path) -> str:
    from PyPDF2 import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def _timed(fn, *args, repeat: int = 3) -> tuple[float, str]:
    best, result = float("inf"), ""
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn(*args)
        best = min(best, time.perf_counter() - started)
    return best, result


def run() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "book.pdf"
        truth = "\n".join(write_text_pdf(path, _pages_of_text()))
        ours_s, ours_text = _timed(_ours, path)
        theirs_s, theirs_text = _timed(_pypdf2, path)
        raw_s, _ = _timed(_text_layer_only, path)
    bench(
        "extract_pdf_pages_per_s",
        PAGES / ours_s,
        "pages/s",
        ratio=theirs_s / ours_s,
        baseline="PyPDF2 (speed-up, ours with cleanup)",
    )
    bench(
        "extract_pdf_text_layer_pages_per_s",
        PAGES / raw_s,
        "pages/s",
        ratio=theirs_s / raw_s,
        baseline="PyPDF2 (pypdfium2 text layer alone, before our cleanup)",
    )
    bench(
        "extract_pdf_word_f1",
        word_f1(ours_text, truth),
        "f1",
        ratio=word_f1(ours_text, truth) / max(1e-9, word_f1(theirs_text, truth)),
        baseline="PyPDF2 F1",
    )
    bench("extract_pdf_word_f1_pypdf2", word_f1(theirs_text, truth), "f1")
