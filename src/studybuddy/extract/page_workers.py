"""Scanned pages read in parallel: one worker process per core, each with its own initialised Tesseract engine.

This runs inside the sandboxed reader process (:mod:`studybuddy.extract.isolated`). Workers are forked from it,
so they inherit its CPU-time limit; the reader's address-space budget is split between them, so all the pages
being read at once together stay inside it. Each page keeps its own time limit (see :func:`ocr.PageReader.read`).
A lone page is read in this process instead, cut across the cores (see :func:`ocr.cut_for_cores`). Workers load their page themselves (render the PDF page, open the photo) so no page image crosses a pipe.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import resource
import signal
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import cache

from .ocr import OcrResult, OcrTimeoutError, ocr_image, open_image

OCR_DPI = 300
_PR_SET_PDEATHSIG = 1  # prctl option (linux/prctl.h)


@dataclass(frozen=True)
class PageImage:
    """Where one page's image comes from: a photo file, or a page of a PDF (0-based) rendered at 300 dpi."""

    path: str
    pdf_page: int | None = None


class PageTimeoutError(OcrTimeoutError):
    def __init__(self, index: int, seconds: float) -> None:
        super().__init__(f"OCR took longer than {seconds:g} s for page {index + 1}")
        self.index = index


class PageWorkerStopped(RuntimeError):
    """A worker died mid-page (killed for memory or CPU time, or crashed in a native library)."""


def core_count() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def read_pages(
    pages: list[PageImage],
    *,
    timeout: float,
    on_page: Callable[[int], None] = lambda index: None,
    workers: int | None = None,
) -> list[OcrResult]:
    """OCR every page, in parallel when there are several, calling ``on_page(index)`` as each one finishes.

    Results come back in page order. A page over its time limit raises PageTimeoutError; a worker that dies
    raises PageWorkerStopped; MemoryError from a worker is raised as it is.
    """
    count = min(len(pages), workers or core_count())
    results: list[OcrResult | None] = [None] * len(pages)
    if count <= 1:
        # One page (or one worker asked for): its engines share this process's cores, or one core if asked.
        cores = core_count() if workers is None else workers
        for index, page in enumerate(pages):
            results[index] = _read_in_this_process(page, timeout, index, cores)
            on_page(index)
        return [result for result in results if result is not None]
    memory_limit, _ = resource.getrlimit(resource.RLIMIT_AS)
    # fork: workers start at once with everything imported; the reader has no threads to lose across the fork.
    with ProcessPoolExecutor(
        count,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_start_worker,
        initargs=(memory_limit, count),
    ) as pool:
        futures = {pool.submit(_read, page, timeout): index for index, page in enumerate(pages)}
        try:
            for future in as_completed(futures):
                index = futures[future]
                try:
                    results[index] = future.result()
                except OcrTimeoutError:
                    raise PageTimeoutError(index, timeout) from None
                except BrokenProcessPool:
                    raise PageWorkerStopped(f"a worker stopped while reading page {index + 1}") from None
                on_page(index)
        finally:
            for future in futures:
                future.cancel()
    return [result for result in results if result is not None]


def _read_in_this_process(page: PageImage, timeout: float, index: int, cores: int) -> OcrResult:
    try:
        return _read(page, timeout, cores)
    except OcrTimeoutError:
        raise PageTimeoutError(index, timeout) from None


def _start_worker(memory_limit: int, workers: int) -> None:
    _die_with_parent()
    if memory_limit != resource.RLIM_INFINITY:
        share = memory_limit // workers
        resource.setrlimit(resource.RLIMIT_AS, (share, share))


def _die_with_parent() -> None:
    """A reader stopped for taking too long (or killed with its worker) must not leave its page workers running."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: workers then end when they find the reader gone
        pass
    if os.getppid() == 1:  # the reader died before the line above took effect
        os._exit(1)


def _read(page: PageImage, timeout: float, cores: int = 1) -> OcrResult:
    """One page; in a worker, on one core (the other workers have the others)."""
    if page.pdf_page is None:
        return ocr_image(open_image(page.path), timeout=timeout, cores=cores)
    rendered = _pdf(page.path)[page.pdf_page].render(scale=OCR_DPI / 72, grayscale=True).to_pil()
    return ocr_image(rendered, timeout=timeout, dpi=OCR_DPI, cores=cores)


@cache
def _pdf(path: str):
    """Each worker opens the PDF once for itself: a document shared across a fork would share its file offset."""
    import pypdfium2 as pdfium

    return pdfium.PdfDocument(path)
