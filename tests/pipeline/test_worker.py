"""A Celery worker's dependencies: what a job needs, without the API's secrets and front-door adapters."""

from __future__ import annotations

import dataclasses

import pytest

from studybuddy.config import ConfigurationError
from studybuddy.context import ApiServices, job_deps_for_worker
from tests.conftest import make_settings


def test_a_worker_on_mongodb_needs_no_jwt_secret_while_the_api_refuses_to_start_without_one(tmp_path):
    # An address nothing listens on: building the dependencies must not connect (the worker opens the store once).
    settings = make_settings(tmp_path, mongodb_url="mongodb://127.0.0.1:9/", jwt_secret="")
    with pytest.raises(ConfigurationError, match="JWT_SECRET"):
        ApiServices.from_settings(settings)
    deps = job_deps_for_worker(settings)
    assert deps.store.kind == "mongodb"
    fields = {field.name for field in dataclasses.fields(deps)}
    assert not fields & {"tokens", "sms", "rate_limiter", "otp_secret", "settings"}
    assert deps.jobs.job_lease_seconds == settings.job_lease_seconds
