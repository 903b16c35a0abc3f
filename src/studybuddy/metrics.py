"""GET /metrics in Prometheus format: HTTP requests and latency by route and status (prometheus-fastapi-instrumentator),
plus what only we know: job step durations, AI calls (latency, tokens, errors), OCR pages and seconds, queue depth.

Internal only by default: answered to loopback and private addresses (METRICS_ALLOWED_NETWORKS), a 404 to anyone
else, so a public deployment does not publish its traffic. METRICS_ENABLED=false removes the route.

Counted per process: with several API workers or Celery workers, set PROMETHEUS_MULTIPROC_DIR (prometheus_client's
multiprocess mode) or scrape each process; the queue depth comes from the store, so every process reports it whole.
"""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from functools import cache

from fastapi import FastAPI, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, Counter, Gauge, Histogram, generate_latest
from prometheus_fastapi_instrumentator import Instrumentator
from prometheus_fastapi_instrumentator import metrics as http_metrics

from studybuddy.errors import NotFoundError

JOB_STEP_SECONDS = Histogram(
    "studybuddy_job_step_seconds",
    "Time a job spent in each step",
    ["step"],
    buckets=(0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900, 3600),
)
JOBS_FINISHED = Counter("studybuddy_jobs_finished_total", "Jobs finished, by outcome", ["outcome"])
AI_CALL_SECONDS = Histogram(
    "studybuddy_ai_call_seconds",
    "Latency of one AI engine request",
    ["engine"],
    buckets=(0.5, 1, 2, 5, 10, 20, 60, 120),
)
AI_TOKENS = Counter("studybuddy_ai_tokens_total", "Tokens used by AI engine requests", ["engine", "kind"])
AI_ERRORS = Counter("studybuddy_ai_errors_total", "AI engine requests that failed", ["engine", "error"])
OCR_PAGES = Counter("studybuddy_ocr_pages_total", "Pages read by OCR")
OCR_SECONDS = Counter("studybuddy_ocr_seconds_total", "Seconds spent reading files that needed OCR")
QUEUE_DEPTH = Gauge("studybuddy_queue_depth", "Study sessions waiting or being processed", ["status"])

QueueCounter = Callable[[], Awaitable[dict[str, int]]]


class StepTimer:
    """Observes how long a job stays in each step: ``enter`` the next one, ``finish`` at the end."""

    def __init__(self) -> None:
        self._step: str | None = None
        self._since = time.perf_counter()

    def enter(self, step: str) -> None:
        now = time.perf_counter()
        if self._step is not None:
            JOB_STEP_SECONDS.labels(self._step).observe(now - self._since)
        self._step, self._since = step, now

    def finish(self, outcome: str) -> None:
        self.enter("")
        self._step = None
        JOBS_FINISHED.labels(outcome).inc()


@contextmanager
def ai_call(engine: str) -> Iterator[Callable[[dict[str, int]], None]]:
    """Times one AI request; the caller reports the tokens it used; an exception is counted as an error."""
    started = time.perf_counter()

    def used(tokens: dict[str, int]) -> None:
        for kind, count in tokens.items():
            AI_TOKENS.labels(engine, kind).inc(count)

    try:
        yield used
    except Exception as exc:
        AI_ERRORS.labels(engine, type(exc).__name__).inc()
        raise
    finally:
        AI_CALL_SECONDS.labels(engine).observe(time.perf_counter() - started)


def count_ocr(pages: int, seconds: float) -> None:
    if pages:
        OCR_PAGES.inc(pages)
        OCR_SECONDS.inc(seconds)


def _allowed(request: Request, networks: list[ipaddress.IPv4Network | ipaddress.IPv6Network]) -> bool:
    try:
        address = ipaddress.ip_address(request.client.host if request.client else "")
    except ValueError:
        return False
    return any(address in network for network in networks)


@cache
def _http_instrumentation() -> Callable:
    """The instrumentator's request metrics, made once per process: the registry is process-wide, and a second
    app (tests) making them again would get no instrumentation at all."""
    instrumentation = http_metrics.default()
    assert instrumentation is not None
    return instrumentation


def install_metrics(app: FastAPI, allowed_networks: list[str], queue_depth: QueueCounter) -> None:
    """HTTP metrics on every route, and GET /metrics for the addresses in ``allowed_networks``."""
    networks = [ipaddress.ip_network(n, strict=False) for n in allowed_networks]
    Instrumentator(excluded_handlers=["/metrics"]).add(_http_instrumentation()).instrument(app)

    @app.get("/metrics", include_in_schema=False)
    async def metrics(request: Request) -> Response:
        if not _allowed(request, networks):
            # As if it did not exist: nothing to learn from outside.
            raise NotFoundError(f"No such endpoint: GET {request.url.path}")
        for status, count in (await queue_depth()).items():
            QUEUE_DEPTH.labels(status).set(count)
        return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)
