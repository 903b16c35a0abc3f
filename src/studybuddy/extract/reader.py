"""Running a reader process for one file, and joining files into the session's StudyDocument."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import sys
import weakref
from collections.abc import Awaitable, Callable
from pathlib import Path

import anyio

from studybuddy.config import Settings

from .cleanup import strip_running_lines
from .document import IMAGE_KINDS, ExtractedFile, Section, Source, StudyDocument, UnreadableFile

ProgressCallback = Callable[[int, int], Awaitable[None]]
_READER_MEMORY_MB = 3072  # for the reader and its page workers together (they split it)
_MAX_RESULT_BYTES = 256 * 1024 * 1024
_reader_slots: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = weakref.WeakKeyDictionary()


def cores_per_reader(files: int) -> int:
    """How many cores each of ``files`` readers started together may keep busy: a lone file gets every core (its
    pages in parallel, or its one page cut across them); files read side by side get one core each, so the readers
    never start more Tesseract engines than there are cores."""
    from .page_workers import core_count

    cores = core_count()
    return max(1, cores // max(1, min(files, cores)))


def _readers_at_once() -> asyncio.Semaphore:
    """As many reader processes at once as there are cores: a stack of photos is read in parallel, no further.

    One per event loop, because a semaphore belongs to the loop it first waits on (Celery tasks each run a loop).
    """
    loop = asyncio.get_running_loop()
    if loop not in _reader_slots:
        from .page_workers import core_count

        _reader_slots[loop] = asyncio.Semaphore(core_count())
    return _reader_slots[loop]


async def extract_file(
    path: Path,
    kind: str,
    filename: str,
    *,
    force_ocr: bool,
    settings: Settings,
    on_progress: ProgressCallback | None = None,
    cores: int | None = None,
) -> ExtractedFile:
    """Read one file in a separate process. Raises UnreadableFile with a message for the student.

    Files may be read concurrently (the pipeline reads a stack of photos at once); at most one reader process
    per core runs at a time, and a reader keeps ``cores`` cores busy (all of them when not said; see
    :func:`cores_per_reader`).

    Plain text and Markdown are decoded in a worker thread instead: no parser to attack, and pasted notes
    (the most common input) are spared a process start.
    """
    if kind in ("txt", "md"):
        from .plaintext import read_text

        if on_progress is not None:
            await on_progress(1, 1)
        return await anyio.to_thread.run_sync(read_text, str(path), filename, kind)
    request = {
        "path": str(path),
        "filename": filename,
        "kind": kind,
        "force_ocr": force_ocr,
        "max_pages": settings.max_pdf_pages,
        "ocr_timeout": settings.ocr_page_timeout_seconds,
        "memory_mb": _READER_MEMORY_MB,
        "cores": cores,
        "cpu_seconds": max(600, settings.max_pdf_pages * settings.ocr_page_timeout_seconds),
    }
    async with _readers_at_once():
        return await _run_reader(request, filename, settings, on_progress)


async def _run_reader(
    request: dict, filename: str, settings: Settings, on_progress: ProgressCallback | None
) -> ExtractedFile:
    env = dict(
        os.environ,
        OMP_THREAD_LIMIT="1",
        OPENBLAS_NUM_THREADS="1",
        PYTHONUNBUFFERED="1",
        STUDYBUDDY_PARENT_PID=str(os.getpid()),
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "studybuddy.extract.isolated",
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
        env=env,
        limit=_MAX_RESULT_BYTES,
        # Its own process group: a SIGTERM/Ctrl-C to the server's group is the server's to handle (studybuddy.children).
        start_new_session=True,
    )
    # A reader that says nothing for this long is stuck (OCR has its own per-page limit inside).
    silence_limit = settings.ocr_page_timeout_seconds + 60
    result: ExtractedFile | None = None
    error: str | None = None
    try:
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write(json.dumps(request).encode())
        await process.stdin.drain()
        process.stdin.close()
        while True:
            try:
                line = await asyncio.wait_for(process.stdout.readline(), silence_limit)
            except TimeoutError:
                raise UnreadableFile(f"Reading {filename} took too long and was stopped.") from None
            if not line:
                break
            event = json.loads(line)
            if "progress" in event and on_progress is not None:
                await on_progress(*event["progress"])
            elif "result" in event:
                result = ExtractedFile.model_validate(event["result"])
            elif "error" in event:
                error = event["error"]
        await process.wait()
    finally:
        if process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.kill()  # its page workers die with it (page_workers.py)
            await process.wait()
    if result is not None:
        return result
    if error is not None:
        raise UnreadableFile(error)
    raise UnreadableFile(f"{filename} could not be read: the reader stopped (damaged or hostile file?).")


def build_document(files: list[ExtractedFile]) -> StudyDocument:
    """One normalised document: every non-empty page of every file as a section, with its source.

    Photos of a book's pages arrive one file each, so their running heads and footers repeat across files, not
    pages: they are dropped here, across the photos of the session.
    """
    photos = [file for file in files if file.kind in IMAGE_KINDS]
    for page, text in zip(
        [page for file in photos for page in file.pages],
        strip_running_lines([page.text for file in photos for page in file.pages]),
        strict=True,
    ):
        page.text = re.sub(r"\n{3,}", "\n\n", text).strip()
    sections = [
        Section(
            heading=page.heading,
            text=page.text,
            source=Source(file=extracted.filename, page=page.number, unit=extracted.unit),
        )
        for extracted in files
        for page in extracted.pages
        if page.text.strip() or page.heading
    ]
    title = next((section.heading for section in sections if section.heading), None)
    return StudyDocument(title=title, sections=sections)
