"""The job's first step: every file of the session read (from the extraction cache when the same bytes were read
before), with a page-by-page progress.

The files of one upload are read side by side (a stack of photos is the common case), as many at once as the
reader pool allows (studybuddy.extract.reader: one reader process per core, each in its sandbox), each reader
keeping a fair share of the cores busy. The session's page budget (pipeline/budget.py) is spent in the session's
order by its PDFs, which take turns for it (each already spreads its pages over the cores it was given); any
other file is one page or a few, and is read whenever a reader is free, unless the budget is already spent.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
import time
from pathlib import Path

import anyio

from studybuddy.config import ReadingSettings
from studybuddy.extract.document import ExtractedFile, UnreadableFile
from studybuddy.extract.reader import cores_per_reader, extract_file
from studybuddy.files import FileStorage
from studybuddy.metrics import count_ocr
from studybuddy.sessions.models import StoredFile, StudySession

from .budget import PageBudget
from .progress import Progress
from .repository import ExtractionCache


async def read_files(
    session: StudySession,
    files: FileStorage,
    cache: ExtractionCache,
    reading: ReadingSettings,
    progress: Progress,
    budget: PageBudget,
) -> tuple[list[ExtractedFile], list[str]]:
    """What was read from each file, and the warnings for the student. Raises UnreadableFile if no file could be
    read; files that could not be read are skipped with a warning."""
    count = len(session.files)
    share = [0.0] * count  # how much of each file has been read, 0 to 1: progress is their sum
    # Made and removed off the event loop: the copies of a session's files can be hundreds of megabytes.
    scratch = Path(await anyio.to_thread.run_sync(lambda: tempfile.mkdtemp(prefix="studybuddy-job-")))
    cached = [await cache.get(session.user_id, stored, session.force_ocr) for stored in session.files]
    cores = cores_per_reader(sum(1 for result in cached if result is None))
    pdf_turn = asyncio.Lock()  # FIFO: the PDFs spend the budget in the session's order
    left_out: dict[int, str] = {}

    async def read_one(index: int, stored: StoredFile) -> ExtractedFile | str | None:
        """The file's text, why it could not be read, or None when the budget was spent before it."""
        if cached[index] is not None:
            return cached[index]
        if stored.kind != "pdf":
            return await read_within_budget(index, stored)
        async with pdf_turn:
            return await read_within_budget(index, stored)

    async def read_within_budget(index: int, stored: StoredFile) -> ExtractedFile | str | None:
        if budget.spent:
            left_out[index] = budget.skipped(stored.filename)
            return None

        async def on_page(done: int, total: int) -> None:
            share[index] = done / max(1, total)
            where = f" of {stored.filename}" if count > 1 else ""
            step = f"Reading page {done} of {total}{where}" if total > 1 else f"Reading {stored.filename}"
            await progress.update(5 + 55 * sum(share) / count, step)

        try:
            path = await files.local_copy(stored.key, scratch)
            started = time.perf_counter()
            result = await extract_file(
                path,
                stored.kind,
                stored.filename,
                force_ocr=session.force_ocr,
                # reader.py annotates the whole Settings but reads only the two fields ReadingSettings holds.
                settings=budget.reading_settings() if stored.kind == "pdf" else reading,  # type: ignore[arg-type]
                on_progress=on_page,
                cores=cores,
            )
        except UnreadableFile as exc:
            return str(exc)
        count_ocr(sum(1 for page in result.pages if page.method == "ocr"), time.perf_counter() - started)
        if not budget.record(result):  # a read the budget cut short is not the whole file: not cached as one
            await cache.put(session.user_id, stored, session.force_ocr, result)
        return result

    tasks = [asyncio.create_task(read_one(index, stored)) for index, stored in enumerate(session.files)]
    try:
        outcomes = await asyncio.gather(*tasks)
    finally:
        # One file's failure that is not the file's fault (the session deleted meanwhile) stops the others.
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await anyio.to_thread.run_sync(lambda: shutil.rmtree(scratch, ignore_errors=True))
    extracted = [outcome for outcome in outcomes if isinstance(outcome, ExtractedFile)]
    errors = [outcome for outcome in outcomes if isinstance(outcome, str)]
    if not extracted:
        raise UnreadableFile(errors[0] if len(errors) == 1 else "None of the files could be read: " + " ".join(errors))
    warnings = [warning for result in extracted for warning in result.warnings]
    warnings += [f"Skipped: {error}" for error in errors]
    warnings += [left_out[index] for index in sorted(left_out)]
    return extracted, warnings


def reading_report(extracted: list[ExtractedFile]) -> list[dict]:
    """What was read from each file, with OCR confidence per page, so a student can judge a scan's text."""
    return [
        {
            "filename": file.filename,
            "kind": file.kind,
            "pages": len(file.pages),
            "words": file.word_count,
            "ocr_pages": [{"page": p.number, "confidence": p.ocr_confidence} for p in file.pages if p.method == "ocr"],
        }
        for file in extracted
    ]
