"""The job: one study session from ``queued`` to ``completed`` or ``failed``.

Steps: read every file (text layer, OCR, slides, documents) -> build one document -> generate questions,
mnemonics, cheat sheet and notes -> build mock tests -> store results -> notify. The job is idempotent (re-running a
session replaces its results) and durable: it holds a lease on the session, renewed as it works, so a runner that
finds a session whose lease has lapsed (its process died) takes it back.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from studybuddy.clock import Clock, parse_utc, utc_iso
from studybuddy.config import Settings
from studybuddy.errors import StudyBuddyError
from studybuddy.extract.document import EXTRACTOR_VERSION, ExtractedFile, StudyDocument, UnreadableFile
from studybuddy.extract.reader import build_document, extract_file
from studybuddy.files import FileStorage
from studybuddy.generation.engine import GenerationEngine, target_question_count
from studybuddy.generation.schemas import StudyMaterial
from studybuddy.generation.service import generate_material
from studybuddy.mocktests.building import build_tests
from studybuddy.sessions.models import StudySession
from studybuddy.store import Store
from studybuddy.store.schema import (
    CHEAT_SHEETS,
    DOCUMENTS,
    EXTRACTION_CACHE,
    MNEMONICS,
    MOCK_TESTS,
    NOTES,
    QUESTIONS,
    SESSIONS,
)

logger = logging.getLogger(__name__)

READING = "Reading your files"
ANALYSING = "Understanding the material"
GENERATING = "Writing questions, mnemonics, cheat sheet and notes"
BUILDING_TESTS = "Building mock tests"
SAVING = "Saving your results"
MIN_WORDS = 30
MAX_ATTEMPTS = 3

Notifier = Callable[[StudySession], Awaitable[None]]


class SessionGone(Exception):
    """The session was deleted while its job ran."""


@dataclass
class PipelineDeps:
    store: Store
    files: FileStorage
    engine: GenerationEngine
    clock: Clock
    settings: Settings
    notify: Notifier | None = None


class Progress:
    """Writes progress to the store (so any API replica and the WebSocket see it): never backwards, with an
    estimate of completion from the rate measured so far, and a renewed lease."""

    def __init__(self, deps: PipelineDeps, session: StudySession) -> None:
        self.deps = deps
        self.session_id = session.id
        self.value = session.progress
        self.started = deps.clock.now()

    async def update(self, value: float, step: str) -> None:
        now = self.deps.clock.now()
        self.value = max(self.value, min(99, int(value)))
        changes: dict = {
            "progress": self.value,
            "current_step": step,
            "updated_at": utc_iso(now),
            "lease_until": utc_iso(now + timedelta(seconds=self.deps.settings.job_lease_seconds)),
        }
        elapsed = (now - self.started).total_seconds()
        if self.value >= 10 and elapsed > 0:
            remaining = elapsed * (100 - self.value) / max(1, self.value - 5)
            changes["estimated_completion"] = utc_iso(now + timedelta(seconds=remaining))
        matched = await self.deps.store.collection(SESSIONS).update(
            {"id": self.session_id, "status": "processing"}, {"$set": changes}
        )
        if not matched:
            raise SessionGone(self.session_id)

    async def renew_lease(self) -> None:
        until = self.deps.clock.now() + timedelta(seconds=self.deps.settings.job_lease_seconds)
        await self.deps.store.collection(SESSIONS).update(
            {"id": self.session_id, "status": "processing"}, {"$set": {"lease_until": utc_iso(until)}}
        )


async def claim(deps: PipelineDeps, session_id: str) -> StudySession | None:
    """Take the session for this runner if it is waiting, or if its last runner's lease has lapsed."""
    sessions = deps.store.collection(SESSIONS)
    now = deps.clock.now()
    lease = utc_iso(now + timedelta(seconds=deps.settings.job_lease_seconds))
    take = {"$set": {"status": "processing", "lease_until": lease, "updated_at": utc_iso(now)}, "$inc": {"attempts": 1}}
    doc = None
    for waiting in (
        {"status": "queued"},
        {"status": "processing", "lease_until": None},
        {"status": "processing", "lease_until": {"$lt": utc_iso(now)}},
    ):
        doc = doc or await sessions.find_one_and_update({"id": session_id} | waiting, take)
    return StudySession.model_validate(doc) if doc else None


async def process_session(deps: PipelineDeps, session_id: str) -> None:
    session = await claim(deps, session_id)
    if session is None:
        return  # finished, gone, or another runner holds it
    if session.started_at is None:
        session.started_at = deps.clock.now()
        await deps.store.collection(SESSIONS).update(
            {"id": session.id}, {"$set": {"started_at": utc_iso(session.started_at)}}
        )
    if session.attempts > MAX_ATTEMPTS:
        await _fail(
            deps,
            session,
            READING,
            "This material could not be processed after several tries. "
            "Please upload it again, or split it into smaller files.",
        )
        return
    progress = Progress(deps, session)
    heartbeat = asyncio.create_task(_keep_lease(progress, deps.settings.job_lease_seconds))
    step = READING
    try:
        await progress.update(2, READING)
        extracted, warnings = await _read_files(deps, session, progress)
        await deps.store.collection(SESSIONS).update(
            {"id": session.id}, {"$set": {"files_read": _reading_report(extracted)}}
        )
        step = ANALYSING
        await progress.update(62, ANALYSING)
        document = build_document(extracted)
        # Saved before judging it, so a student can see what was read even when it is too little.
        await deps.store.collection(DOCUMENTS).put(
            {
                "id": session.id,
                "session_id": session.id,
                "user_id": session.user_id,
                "document": document.model_dump(mode="json"),
            }
        )
        if document.word_count < MIN_WORDS:
            raise UnreadableFile(
                f"Only {document.word_count} words could be read from this material; add more text to study from."
            )
        step = GENERATING
        await progress.update(65, "Writing questions")

        async def on_step(text: str) -> None:
            await progress.update(70, text)

        material, cached = await generate_material(
            store=deps.store,
            engine=deps.engine,
            clock=deps.clock,
            document=document,
            user_id=session.user_id,
            session_id=session.id,
            question_count=target_question_count(deps.settings, document.word_count),
            on_step=on_step,
        )
        if not material.questions and len(material.missing) >= 3:
            raise StudyBuddyError("Study material could not be generated from this text; please try again later.")
        if not material.questions:
            warnings.append("No questions could be written from this material (too little factual text).")
        warnings += [f"Could not generate {name}; the rest of your results are ready." for name in material.missing]
        step = BUILDING_TESTS
        await progress.update(92, BUILDING_TESTS)
        step = SAVING
        await progress.update(95, SAVING)
        summary = await _store_results(deps, session, document, material)
        await _complete(deps, session, summary, warnings, material.token_usage, cached)
    except SessionGone:
        logger.info("session %s was deleted while processing; stopped", session_id)
    except (UnreadableFile, StudyBuddyError) as exc:
        await _fail(deps, session, step, str(exc))
    except asyncio.CancelledError:
        raise  # the runner is stopping: the lease lapses and the session is taken back later
    except Exception:
        logger.exception("session %s failed while %s", session_id, step.lower())
        await _fail(deps, session, step, f"Something went wrong while {step[0].lower() + step[1:]}. Please try again.")
    finally:
        heartbeat.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await heartbeat


async def _keep_lease(progress: Progress, lease_seconds: int) -> None:
    while True:
        await asyncio.sleep(max(1, lease_seconds / 3))
        with contextlib.suppress(Exception):
            await progress.renew_lease()


async def _read_files(
    deps: PipelineDeps, session: StudySession, progress: Progress
) -> tuple[list[ExtractedFile], list[str]]:
    cache = deps.store.collection(EXTRACTION_CACHE)
    extracted: list[ExtractedFile] = []
    warnings: list[str] = []
    errors: list[str] = []
    count = len(session.files)
    with tempfile.TemporaryDirectory(prefix="studybuddy-job-") as scratch:
        for index, stored in enumerate(session.files):
            cache_id = f"{session.user_id}:{stored.sha256}:{'ocr' if session.force_ocr else 'auto'}:{EXTRACTOR_VERSION}"
            hit = await cache.get({"id": cache_id})
            if hit is not None:
                result = ExtractedFile.model_validate(hit["file"])
                result.filename = stored.filename
                extracted.append(result)
                warnings += result.warnings
                continue

            async def on_page(done: int, total: int, index: int = index, name: str = stored.filename) -> None:
                where = f" of {name}" if count > 1 else ""
                step = f"Reading page {done} of {total}{where}" if total > 1 else f"Reading {name}"
                await progress.update(5 + 55 * (index + done / max(1, total)) / count, step)

            try:
                path = await deps.files.local_copy(stored.key, Path(scratch))
                result = await extract_file(
                    path,
                    stored.kind,
                    stored.filename,
                    force_ocr=session.force_ocr,
                    settings=deps.settings,
                    on_progress=on_page,
                )
            except UnreadableFile as exc:
                errors.append(str(exc))
                continue
            await cache.put(
                {
                    "id": cache_id,
                    "user_id": session.user_id,
                    "sha256": stored.sha256,
                    "file": result.model_dump(mode="json"),
                }
            )
            extracted.append(result)
            warnings += result.warnings
    if not extracted:
        raise UnreadableFile(errors[0] if len(errors) == 1 else "None of the files could be read: " + " ".join(errors))
    warnings += [f"Skipped: {error}" for error in errors]
    return extracted, warnings


def _reading_report(extracted: list[ExtractedFile]) -> list[dict]:
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


async def _store_results(
    deps: PipelineDeps, session: StudySession, document: StudyDocument, material: StudyMaterial
) -> dict[str, int]:
    store = deps.store
    owner = {"session_id": session.id, "user_id": session.user_id}
    # Replace, never add to, what an earlier run of this job may have stored.
    for name in (QUESTIONS, MOCK_TESTS, MNEMONICS, CHEAT_SHEETS, NOTES):
        await store.collection(name).delete(owner)
    questions = material.questions
    await store.collection(QUESTIONS).insert_many(
        [q.model_dump(mode="json") | owner | {"position": i} for i, q in enumerate(questions)]
    )
    tests = build_tests(
        questions,
        session_id=session.id,
        user_id=session.user_id,
        per_test=deps.settings.questions_per_test,
        duration_minutes=deps.settings.mock_test_duration_minutes,
        now=deps.clock.now(),
    )
    await store.collection(MOCK_TESTS).insert_many([t.to_doc() for t in tests])
    await store.collection(MNEMONICS).insert_many(
        [
            m.model_dump(mode="json") | owner | {"id": f"{session.id}-m{i}", "position": i}
            for i, m in enumerate(material.mnemonics)
        ]
    )
    if material.cheat_sheet is not None:
        await store.collection(CHEAT_SHEETS).put(
            material.cheat_sheet.model_dump(mode="json") | owner | {"id": session.id}
        )
    if material.notes is not None:
        await store.collection(NOTES).put(material.notes.model_dump(mode="json") | owner | {"id": session.id})
    return {
        "questions": len(questions),
        "mock_tests": len(tests),
        "mnemonics": len(material.mnemonics),
        "cheat_sheets": int(material.cheat_sheet is not None),
        "notes": int(material.notes is not None),
    }


async def _complete(
    deps: PipelineDeps,
    session: StudySession,
    summary: dict[str, int],
    warnings: list[str],
    token_usage: dict[str, int],
    cached: bool,
) -> None:
    now = deps.clock.now()
    started = session.started_at or now
    changes = {
        "status": "completed",
        "progress": 100,
        "current_step": "Done: your study material is ready",
        "estimated_completion": utc_iso(now),
        "completed_at": utc_iso(now),
        "updated_at": utc_iso(now),
        "processing_time": round((now - started).total_seconds(), 3),
        "results_summary": summary,
        "warnings": list(dict.fromkeys(warnings)),
        "lease_until": None,
        "error": None,
        "failed_step": None,
        "generation_cached": cached,
    }
    if token_usage:
        changes["token_usage"] = token_usage
    matched = await deps.store.collection(SESSIONS).update(
        {"id": session.id, "status": "processing"}, {"$set": changes}
    )
    if matched:
        logger.info("session %s completed: %s", session.id, summary)
        await _notify(deps, session.id)


async def _fail(deps: PipelineDeps, session: StudySession, step: str, message: str) -> None:
    now = deps.clock.now()
    await deps.store.collection(SESSIONS).update(
        {"id": session.id},
        {
            "$set": {
                "status": "failed",
                "error": message,
                "failed_step": step,
                "current_step": f"Failed: {step}",
                "updated_at": utc_iso(now),
                "lease_until": None,
                "estimated_completion": None,
            }
        },
    )
    logger.info("session %s failed at %s", session.id, step)
    await _notify(deps, session.id)


async def _notify(deps: PipelineDeps, session_id: str) -> None:
    """Best effort, after the final state is saved: a mail failure never fails or delays the session."""
    if deps.notify is None:
        return
    doc = await deps.store.collection(SESSIONS).get({"id": session_id})
    if doc is None:
        return
    try:
        await deps.notify(StudySession.model_validate(doc))
    except Exception:
        logger.exception("notification for session %s failed", session_id)


def lease_lapsed(session: dict, now_iso: str) -> bool:
    lease = session.get("lease_until")
    return not lease or parse_utc(lease) <= parse_utc(now_iso)
