"""/metrics: Prometheus text for the operators' network only, with the service's own counters."""

from __future__ import annotations

import pytest
from prometheus_client.parser import text_string_to_metric_families

from studybuddy.metrics import ai_call
from tests.api import assert_envelope, wait_until_processed
from tests.conftest import CORPUS


def _samples(text: str) -> dict[tuple[str, tuple], float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def _value(samples, name: str, **labels) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


async def test_metrics_count_requests_job_steps_ocr_and_the_queue(client, student):
    before = _samples((await client.get("/metrics")).text)
    photo = CORPUS / "scans" / "heart-anatomy-page1.jpg"
    response = await client.post(
        "/api/v1/upload/", files={"files": (photo.name, photo.read_bytes(), "image/jpeg")}, headers=student["auth"]
    )
    status = await wait_until_processed(client, student["auth"], response.json()["session_id"])
    assert status["status"] == "completed", status
    scrape = await client.get("/metrics")
    assert scrape.status_code == 200 and scrape.headers["content-type"].startswith("text/plain")
    after = _samples(scrape.text)

    def grew(name: str, **labels) -> float:
        return _value(after, name, **labels) - _value(before, name, **labels)

    assert grew("http_requests_total", handler="/api/v1/upload/", method="POST", status="2xx") == 1
    assert grew("studybuddy_job_step_seconds_count", step="Reading your files") == 1
    assert grew("studybuddy_job_step_seconds_count", step="Saving your results") == 1
    assert grew("studybuddy_jobs_finished_total", outcome="completed") == 1
    assert grew("studybuddy_ocr_pages_total") >= 1 and grew("studybuddy_ocr_seconds_total") > 0
    assert _value(after, "studybuddy_queue_depth", status="queued") == 0


async def test_metrics_are_not_shown_outside_the_allowed_networks(make_client):
    outsider = await make_client(client_address=("203.0.113.9", 40000))
    assert_envelope(await outsider.get("/metrics"), 404, "NotFoundError")


def test_ai_calls_count_latency_tokens_and_errors():
    before = _samples_now()
    with ai_call("gemini") as used:
        used({"prompt": 120, "completion": 30})
    with pytest.raises(TimeoutError), ai_call("gemini"):
        raise TimeoutError
    after = _samples_now()
    assert (
        _value(after, "studybuddy_ai_tokens_total", engine="gemini", kind="prompt")
        - _value(before, "studybuddy_ai_tokens_total", engine="gemini", kind="prompt")
        == 120
    )
    assert (
        _value(after, "studybuddy_ai_errors_total", engine="gemini", error="TimeoutError")
        - _value(before, "studybuddy_ai_errors_total", engine="gemini", error="TimeoutError")
        == 1
    )
    assert (
        _value(after, "studybuddy_ai_call_seconds_count", engine="gemini")
        - _value(before, "studybuddy_ai_call_seconds_count", engine="gemini")
        == 2
    )


def _samples_now():
    from prometheus_client import REGISTRY, generate_latest

    return _samples(generate_latest(REGISTRY).decode())
