"""The job's first step: every file of the session read (from the extraction cache when the same bytes were read
before), with a page-by-page progress."""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

import anyio

from studybuddy.config import ReadingSettings
from studybuddy.extract.document import ExtractedFile, UnreadableFile
from studybuddy.extract.reader import extract_file
from studybuddy.files import FileStorage
from studybuddy.metrics import count_ocr
from studybuddy.sessions.models import StudySession

from .budget import PageBudget
from .progress import Progress
from .repository import ExtractionCache


async def read_files(
    session: StudySession,
    files: FileStorage,
    cache: ExtractionCache,
    reading: ReadingSettings,
    progress: Progress,
    budget: PageBudget | None = None,
) -> tuple[list[ExtractedFile], list[str]]:
    """What was read from each file, and the warnings for the student. Raises UnreadableFile if no file could be
    read; files that could not be read are skipped with a warning."""
    extracted: list[ExtractedFile] = []
    warnings: list[str] = []
    errors: list[str] = []
    count = len(session.files)
    # Made and removed off the event loop: the copies of a session's files can be hundreds of megabytes.
    scratch = Path(await anyio.to_thread.run_sync(lambda: tempfile.mkdtemp(prefix="studybuddy-job-")))
    try:
        for index, stored in enumerate(session.files):
            result = await cache.get(session.user_id, stored, session.force_ocr)
            if result is None:
                if budget is not None and budget.spent:
                    warnings.append(budget.skipped(stored.filename))
                    continue

                async def on_page(done: int, total: int, index: int = index, name: str = stored.filename) -> None:
                    where = f" of {name}" if count > 1 else ""
                    step = f"Reading page {done} of {total}{where}" if total > 1 else f"Reading {name}"
                    await progress.update(5 + 55 * (index + done / max(1, total)) / count, step)

                try:
                    path = await files.local_copy(stored.key, scratch)
                    started = time.perf_counter()
                    result = await extract_file(
                        path,
                        stored.kind,
                        stored.filename,
                        force_ocr=session.force_ocr,
                        # reader.py annotates the whole Settings but reads only the two fields ReadingSettings holds.
                        settings=budget.reading_settings() if budget else reading,  # type: ignore[arg-type]
                        on_progress=on_page,
                    )
                except UnreadableFile as exc:
                    errors.append(str(exc))
                    continue
                count_ocr(sum(1 for page in result.pages if page.method == "ocr"), time.perf_counter() - started)
                if budget is None or not budget.record(result):  # a read the budget cut short is not the file
                    await cache.put(session.user_id, stored, session.force_ocr, result)
            extracted.append(result)
            warnings += result.warnings
    finally:
        await anyio.to_thread.run_sync(lambda: shutil.rmtree(scratch, ignore_errors=True))
    if not extracted:
        raise UnreadableFile(errors[0] if len(errors) == 1 else "None of the files could be read: " + " ".join(errors))
    warnings += [f"Skipped: {error}" for error in errors]
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
