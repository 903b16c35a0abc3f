"""`studybuddy serve --workers 4` with the inline runner: every session completes once, none runs twice, and a
worker killed (-9) in the middle of a job is replaced while another finishes its session."""

from __future__ import annotations

import os
import re
import signal
from pathlib import Path

from tests.api import sign_up, upload, wait_for_status
from tests.conftest import CORPUS
from tests.servers import ApiServer, descendants

TEXTS = sorted((CORPUS / "text").glob("*.txt"))[:6]
SCAN = CORPUS / "pdf" / "pdflatex-4-pages.pdf"


def _is_reader(pid: int) -> bool:
    return b"studybuddy.extract.isolated" in Path(f"/proc/{pid}/cmdline").read_bytes()


def _reader_parent(supervisor: int) -> int | None:
    """The worker process running a file reader right now (not the reader itself: a scan's page workers are the
    reader's children and carry its command line)."""
    for pid in descendants(supervisor):
        try:
            if _is_reader(pid):
                parent = int(Path(f"/proc/{pid}/stat").read_text().split(") ")[1].split()[1])
                if not _is_reader(parent):
                    return parent
        except OSError:
            continue
    return None


async def test_four_workers_and_a_worker_killed_mid_job(tmp_path):
    server = ApiServer(tmp_path, RATE_LIMIT_ENABLED="false")
    server.args += ["--workers", "4"]
    server.start()
    try:
        async with server.client() as http:
            student = await sign_up(http, outbox=server.outbox)
            scan = await upload(http, student["auth"], (SCAN.name, SCAN.read_bytes()), ocr="true")
            assert scan.status_code == 200, scan.text
            ids = [scan.json()["session_id"]]
            for path in TEXTS:
                response = await http.post(
                    "/api/v1/text-input/", json={"text": path.read_text()}, headers=student["auth"]
                )
                assert response.status_code == 200, response.text  # any worker may answer: one shared signing key
                ids.append(response.json()["session_id"])
            current = await wait_for_status(
                http, student["auth"], ids[0], lambda s: s["current_step"].startswith("Reading page")
            )
            assert current["status"] == "processing" and current["current_step"].startswith("Reading page"), current
            victim = _reader_parent(server.process.pid)
            assert victim is not None and victim != server.process.pid
            os.kill(victim, signal.SIGKILL)
        # New connections: those held by the killed worker are gone with it, as for any client.
        async with server.client() as http:
            for session_id in ids:
                final = await wait_for_status(http, student["auth"], session_id)
                assert final["status"] == "completed", final
            assert (await http.get("/health")).status_code == 200
    finally:
        server.stop()
    log = (tmp_path / "server.log").read_text(errors="replace")
    for session_id in ids:
        assert len(re.findall(rf"session {session_id} completed", log)) == 1, session_id
