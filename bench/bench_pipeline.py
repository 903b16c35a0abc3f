"""End to end through the API on the offline engine, and how responsive the server stays while OCR runs."""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from bench.corpus import corpus_dir, corpus_paragraphs
from bench.report import bench
from bench.service import running_app
from bench.textpdf import write_text_pdf
from studybuddy.extract.document import Section, Source, StudyDocument
from studybuddy.generation.offline.engine import generate_offline


def _text_of(words: int) -> str:
    chosen, total = [], 0
    for paragraph in corpus_paragraphs():
        chosen.append(paragraph)
        total += len(paragraph.split())
        if total >= words:
            break
    return "\n\n".join(chosen)


async def _processed(client, app, auth, send) -> float:
    started = time.perf_counter()
    response = await send()
    session_id = response.json()["session_id"]
    await app.state.context.jobs.idle()
    seconds = time.perf_counter() - started
    status = (await client.get(f"/api/v1/upload/status/{session_id}", headers=auth)).json()
    assert status["status"] == "completed", status
    return seconds


def _generation_alone(text: str) -> float:
    document = StudyDocument(sections=[Section(text=text, source=Source(file="bench"))])
    started = time.perf_counter()
    generate_offline(document.model_dump_json(), "bench", max(25, document.word_count // 50))
    return time.perf_counter() - started


async def _end_to_end() -> None:
    text = _text_of(4000)
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "fifty.pdf"
        placed = write_text_pdf(pdf, [_text_of(450 + 10 * i)[-3000:] for i in range(50)])
        async with running_app() as (client, app, auth):
            text_s = await _processed(
                client, app, auth, lambda: client.post("/api/v1/text-input/", json={"text": text}, headers=auth)
            )
            pdf_s = await _processed(
                client,
                app,
                auth,
                lambda: client.post(
                    "/api/v1/upload/", files=[("files", ("fifty.pdf", pdf.read_bytes()))], headers=auth
                ),
            )
    bench(
        "pipeline_offline_seconds_text_4000_words",
        text_s,
        "s",
        ratio=text_s / _generation_alone(text),
        baseline="offline generation alone",
    )
    bench(
        "pipeline_offline_seconds_pdf_50_pages",
        pdf_s,
        "s",
        ratio=pdf_s / _generation_alone("\n\n".join(placed)),
        baseline="offline generation alone",
    )


async def _health_latencies(client, seconds: float) -> list[float]:
    latencies = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        await client.get("/health")
        latencies.append((time.perf_counter() - started) * 1000)
        await asyncio.sleep(0.02)
    return latencies


def _p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[98] if len(values) >= 2 else values[0]


async def _loop_lag() -> None:
    scan = corpus_dir() / "scans" / "heart-anatomy-scanned.pdf"
    async with running_app() as (client, app, auth):
        await _health_latencies(client, 2)  # warm-up: first imports, probes and the job runner's first scan
        idle = await _health_latencies(client, 3)
        await client.post(
            "/api/v1/upload/", files=[("files", (scan.name, scan.read_bytes()))], data={"ocr": "true"}, headers=auth
        )
        busy = await _health_latencies(client, 5)
        await app.state.context.jobs.idle()
    bench(
        "event_loop_lag_ms",
        _p99(busy),
        "ms p99",
        ratio=_p99(busy) / _p99(idle),
        baseline=f"idle p99 {_p99(idle):.1f} ms",
    )


def run() -> None:
    asyncio.run(_end_to_end())
    asyncio.run(_loop_lag())
