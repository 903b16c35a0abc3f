"""Offline generation on each corpus text, and how parallel the LLM engines' requests really are."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime

from bench.corpus import corpus_dir
from bench.report import bench
from studybuddy.config import Settings
from studybuddy.extract.document import Section, Source, StudyDocument
from studybuddy.extract.plaintext import split_by_headings
from studybuddy.generation.offline.analysis import Analysis
from studybuddy.generation.offline.engine import generate_offline
from studybuddy.generation.schemas import StudyMaterial
from studybuddy.mocktests.building import build_tests

CALL_DELAY = 0.4


def _document(path) -> StudyDocument:
    sections = [
        Section(heading=h, text=t, source=Source(file=path.name)) for h, t in split_by_headings(path.read_text())
    ]
    return StudyDocument(title=sections[0].heading, sections=sections)


def _offline() -> None:
    for path in sorted((corpus_dir() / "text").glob("*.txt")):
        document = _document(path)
        payload = document.model_dump_json()
        count = max(25, document.word_count // 50)
        started = time.perf_counter()
        material = StudyMaterial.model_validate_json(generate_offline(payload, "bench", count))
        build_tests(
            material.questions, session_id="bench", user_id="u", per_test=25, duration_minutes=60, now=datetime.now(UTC)
        )
        seconds = time.perf_counter() - started
        started = time.perf_counter()
        Analysis(StudyDocument.model_validate_json(payload))
        reading = time.perf_counter() - started
        name = path.stem.split("-", 1)[1].strip("-").replace("-", "_")
        bench(
            f"offline_generate_seconds_{name}",
            seconds,
            "s",
            ratio=seconds / reading,
            baseline=f"reading alone ({document.word_count} words, {len(material.questions)} questions)",
        )


async def _session_wall_time(concurrency: int, url: str) -> float:
    """A warm session's wall time: the engine is built and has served one session before the clock starts."""
    from studybuddy.generation.gemini import GeminiEngine

    settings = Settings(
        _env_file=None,
        ai_provider="gemini",
        google_ai_api_key="bench",
        gemini_base_url=url,
        ai_max_concurrency=concurrency,
    )
    document = _document(corpus_dir() / "text" / "m46676-heart-anatomy-.txt")
    engine = GeminiEngine(settings)
    await engine.generate(document, session_id="warm-up", question_count=10)
    started = time.perf_counter()
    material = await engine.generate(document, session_id="bench", question_count=10)
    assert not material.missing, material.missing
    return time.perf_counter() - started


def _parallel() -> None:
    # The same stand-in model the engine tests use, answering each call after a fixed delay.
    from tests.fake_models import gemini_server

    with gemini_server(delay=CALL_DELAY) as server:
        parallel = asyncio.run(_session_wall_time(4, server.url))
        sequential = asyncio.run(_session_wall_time(1, server.url))
    bench(
        "llm_parallel_ratio",
        parallel / CALL_DELAY,
        "x",
        ratio=(sequential / CALL_DELAY),
        baseline="the same session with one request at a time",
    )


def run() -> None:
    _offline()
    _parallel()
