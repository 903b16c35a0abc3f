"""The job: one study session from ``queued`` to ``completed`` or ``failed``, as a sequence of steps.

read the files -> build one document -> generate the material -> build mock tests -> save -> notify. Each step's
work lives with its domain (pipeline/reading.py, generation/, mocktests/building.py, material/repository.py,
notify/); this module only orders them, reports progress and decides how the session ends.

The job is idempotent (re-running a session replaces its results) and durable: it holds a lease on the session,
renewed as it works, so a runner that finds a session whose lease has lapsed (its process died) takes it back.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import datetime, timedelta

from pydantic import BaseModel

from studybuddy.clock import Clock
from studybuddy.config import JobSettings, MockTestSettings, ReadingSettings
from studybuddy.errors import StudyBuddyError
from studybuddy.extract.document import UnreadableFile
from studybuddy.extract.reader import build_document
from studybuddy.files import FileStorage
from studybuddy.generation.port import GenerationEngine, target_question_count
from studybuddy.generation.repository import GenerationCache
from studybuddy.generation.service import generate_material
from studybuddy.material.kinds import GENERATED, MOCK_TESTS, kind_generated_as, too_little_generated
from studybuddy.material.repository import MaterialRepository
from studybuddy.metrics import StepTimer
from studybuddy.mocktests.building import build_tests
from studybuddy.reviews.cards import card_content_of
from studybuddy.reviews.repository import ReviewRepository
from studybuddy.reviews.service import ReviewService
from studybuddy.sessions.models import StudySession
from studybuddy.sessions.repository import MustWait, SessionRepository
from studybuddy.store import Store, StoreError

from .budget import PageBudget
from .progress import Progress, SessionGone
from .reading import read_files, reading_report
from .repository import ExtractionCache

logger = logging.getLogger(__name__)

READING = "Reading your files"
ANALYSING = "Understanding the material"
GENERATING = "Writing questions, mnemonics, cheat sheet and notes"
BUILDING_TESTS = "Building mock tests"
SAVING = "Saving your results"
DONE = "Done: your study material is ready"
MIN_WORDS = 30
MAX_ATTEMPTS = 3
# Failures of the machinery, not of the student's material: the session is retried instead of failed.
INFRASTRUCTURE_FAILURES: tuple[type[BaseException], ...] = (BrokenProcessPool, OSError, StoreError)

Notifier = Callable[[StudySession], Awaitable[None]]


@dataclass(frozen=True)
class JobDeps:
    """What a job needs, and nothing of the API (no token signing, SMS or rate limits): a Celery worker builds
    it once per process."""

    store: Store
    files: FileStorage
    engine: GenerationEngine
    clock: Clock
    jobs: JobSettings
    reading: ReadingSettings
    mock_tests: MockTestSettings
    notify: Notifier | None = None


async def process_session(deps: JobDeps, session_id: str) -> bool:
    """Run the session's job if it can start now. False when it must wait (its student has another job running,
    or the heavy lane is full): it stays queued, for the runner to offer again. True otherwise (it ran, or there
    was nothing to do: finished, gone, or another runner holds it)."""
    sessions = SessionRepository(deps.store)
    now = deps.clock.now()
    try:
        session = await sessions.claim(session_id, now, now + _lease(deps), heavy_lanes=deps.jobs.heavy_jobs_at_once)
    except MustWait as reason:
        logger.debug("session %s waits: %s", session_id, reason)
        return False
    if session is None:
        return True
    try:
        await _run(deps, sessions, session, now)
    finally:
        # Its student's next job, or the next heavy one, may start (the slots would free themselves once the lease
        # lapsed, but nobody should wait for that).
        with contextlib.suppress(Exception):
            await sessions.release_slots(session.id)
    return True


async def _run(deps: JobDeps, sessions: SessionRepository, session: StudySession, now: datetime) -> None:
    session_id = session.id
    if session.started_at is None:
        session.started_at = now
        await sessions.update(session.id, started_at=now)
    if session.attempts > MAX_ATTEMPTS:
        await _fail(
            deps,
            session,
            READING,
            "This material could not be processed after several tries. "
            "Please upload it again, or split it into smaller files.",
        )
        return
    progress = Progress(sessions, deps.clock, session, deps.jobs.job_lease_seconds)
    heartbeat = asyncio.create_task(progress.keep_lease())
    step = READING
    timer = StepTimer()  # each step's duration, for /metrics
    timer.enter(step)
    outcome = "failed"
    try:
        await progress.update(2, READING)
        budget = PageBudget(deps.jobs.job_page_budget, deps.reading)
        extracted, warnings = await read_files(
            session, deps.files, ExtractionCache(deps.store), deps.reading, progress, budget
        )
        await sessions.update(session.id, files_read=reading_report(extracted))

        step = ANALYSING
        timer.enter(step)
        await progress.update(62, ANALYSING)
        document = build_document(extracted)
        # Saved before judging it, so a student can see what was read even when it is too little.
        await sessions.save_document(session, document)
        if document.word_count < MIN_WORDS:
            raise UnreadableFile(
                f"Only {document.word_count} words could be read from this material; add more text to study from."
            )

        step = GENERATING
        timer.enter(step)
        await progress.update(65, "Writing questions")

        async def on_step(text: str) -> None:
            await progress.update(70, text)

        material, cached = await generate_material(
            cache=GenerationCache(deps.store),
            engine=deps.engine,
            clock=deps.clock,
            document=document,
            user_id=session.user_id,
            session_id=session.id,
            question_count=target_question_count(deps.mock_tests, document.word_count),
            on_step=on_step,
        )
        if too_little_generated(material):
            raise StudyBuddyError("Study material could not be generated from this text; please try again later.")
        warnings += material.warnings
        if not material.questions and not material.warnings:
            warnings.append("No questions could be written from this material (too little factual text).")
        warnings += [
            f"Could not generate {kind_generated_as(field).label}; the rest of your results are ready."
            for field in material.missing
        ]

        step = BUILDING_TESTS
        timer.enter(step)
        await progress.update(92, BUILDING_TESTS)
        produced: dict[str, Sequence[BaseModel]] = {kind.name: kind.produced_by(material) for kind in GENERATED}
        produced[MOCK_TESTS.name] = build_tests(
            material.questions,
            session_id=session.id,
            user_id=session.user_id,
            per_test=deps.mock_tests.questions_per_test,
            duration_minutes=deps.mock_tests.mock_test_duration_minutes,
            now=deps.clock.now(),
        )

        step = SAVING
        timer.enter(step)
        await progress.update(95, SAVING)
        summary = await MaterialRepository(deps.store).replace(session.id, session.user_id, produced)
        # The session's flashcards join the student's review deck (a re-run adds only cards it has not seen).
        await ReviewService(ReviewRepository(deps.store), deps.clock).enrol(
            session.user_id,
            [card_content_of(card) for card in material.flashcards],
            key=[f"flashcard:{card.id}" for card in material.flashcards],
        )
        await _complete(deps, session, summary, warnings, material.token_usage, cached)
        outcome = "completed"
    except SessionGone:
        outcome = "deleted"
        logger.info("session %s was deleted while processing; stopped", session_id)
    except (UnreadableFile, StudyBuddyError) as exc:
        await _fail(deps, session, step, str(exc))
    except asyncio.CancelledError:
        outcome = "stopped"
        # The runner is stopping (SIGTERM, Ctrl-C, a deploy): not the session's fault. Hand it back at once so the
        # next runner starts it again, without counting this try; if even that fails, the lease lapses.
        with contextlib.suppress(Exception):
            await _hand_back(deps, session, count_attempt=False)
        raise
    except INFRASTRUCTURE_FAILURES as exc:
        outcome = "retried"
        # A broken reader pool, a full disk, the store briefly away: worth another try (up to MAX_ATTEMPTS).
        logger.warning("session %s: %s while %s; it will be retried", session_id, type(exc).__name__, step.lower())
        await _hand_back(deps, session, count_attempt=True)
    except Exception:
        logger.exception("session %s failed while %s", session_id, step.lower())
        await _fail(deps, session, step, f"Something went wrong while {step[0].lower() + step[1:]}. Please try again.")
    finally:
        timer.finish(outcome)
        heartbeat.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await heartbeat


async def _hand_back(deps: JobDeps, session: StudySession, *, count_attempt: bool) -> None:
    """Back to ``queued`` for a runner to take again (this one, or the next to start)."""
    await SessionRepository(deps.store).hand_back(session.id, count_attempt=count_attempt)


def _lease(deps: JobDeps) -> timedelta:
    return timedelta(seconds=deps.jobs.job_lease_seconds)


async def _complete(
    deps: JobDeps,
    session: StudySession,
    summary: dict[str, int],
    warnings: list[str],
    token_usage: dict[str, int],
    cached: bool,
) -> None:
    now = deps.clock.now()
    changes: dict[str, object] = {
        "status": "completed",
        "progress": 100,
        "current_step": DONE,
        "estimated_completion": now,
        "completed_at": now,
        "updated_at": now,
        "processing_time": round((now - (session.started_at or now)).total_seconds(), 3),
        "results_summary": summary,
        "warnings": list(dict.fromkeys(warnings)),
        "lease_until": None,
        "error": None,
        "failed_step": None,
        "generation_cached": cached,
    }
    if token_usage:
        changes["token_usage"] = token_usage
    if await SessionRepository(deps.store).update_while_processing(session.id, **changes):
        logger.info("session %s completed: %s", session.id, summary)
        await _notify(deps, session.id)


async def _fail(deps: JobDeps, session: StudySession, step: str, message: str) -> None:
    await SessionRepository(deps.store).update(
        session.id,
        status="failed",
        error=message,
        failed_step=step,
        current_step=f"Failed: {step}",
        updated_at=deps.clock.now(),
        lease_until=None,
        estimated_completion=None,
    )
    logger.info("session %s failed at %s", session.id, step)
    await _notify(deps, session.id)


async def _notify(deps: JobDeps, session_id: str) -> None:
    """Best effort, after the final state is saved: a mail failure never fails or delays the session."""
    if deps.notify is None:
        return
    session = await SessionRepository(deps.store).get(session_id)
    if session is None:
        return
    try:
        await deps.notify(session)
    except Exception:
        logger.exception("notification for session %s failed", session_id)
