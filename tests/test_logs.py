"""No tokens and no forged lines in the logs, whoever writes them (audit case 11)."""

from __future__ import annotations

import logging

from websockets.sync.client import connect

from studybuddy.logs import configure_logging, redact, safe
from tests.api import sign_up
from tests.servers import ApiServer


async def test_a_real_server_logs_no_token_and_no_forged_line(tmp_path):
    server = ApiServer(tmp_path, LOG_LEVEL="INFO").start()
    try:
        async with server.client() as http:
            token = (await sign_up(http, outbox=server.outbox))["access_token"]
            with connect(f"ws://127.0.0.1:{server.port}/api/v1/ws/sessions/nope?token={token}") as ws:
                assert "NotFoundError" in ws.recv(timeout=10)
            await http.get("/api/v1/x%0d%0aFORGED%20INFO%20line%1b[31m")
            # NEL (\x85) passes the HTTP parser and ends a line in some viewers: a fresh id replaces it.
            forged_id = {"X-Request-ID": "abc\x85FORGED def".encode("latin-1")}
            echoed = (await http.get("/health", headers=forged_id)).headers["x-request-id"]
            assert "FORGED" not in echoed
    finally:
        server.stop()
    for log in (tmp_path / "logs" / "studybuddy.log", tmp_path / "server.log"):
        text = log.read_text(encoding="utf-8", errors="replace")
        assert token not in text
        assert token.split(".")[2] not in text  # not even the signature alone
        assert '"WebSocket /api/v1/ws/sessions/nope?token=[redacted]"' in text  # uvicorn's line, kept but redacted
        assert not any(line.startswith("FORGED") for line in text.splitlines())
        assert "\x1b" not in text and "\x85" not in text


def test_every_library_line_is_redacted_and_made_one_line(tmp_path, caplog):
    configure_logging("INFO", tmp_path / "x.log")
    logging.getLogger("some.library").warning(
        "GET %s with Authorization: Bearer %s\nFAKE 200", "https://s3.example/x?X-Amz-Signature=abc123&y=2", "eyJhb.x"
    )
    for handler in logging.getLogger().handlers:
        handler.flush()
    written = (tmp_path / "x.log").read_text()
    assert "abc123" not in written and "eyJhb.x" not in written
    assert "X-Amz-Signature=[redacted]&y=[redacted]" in written
    assert "\\nFAKE 200" in written


def test_safe_and_redact_cover_every_control_character():
    assert safe("a\r\nb\x00c\x1bd\u2028e\x85") == "a\\r\\nb\\x00c\\x1bd\\x2028e\\x85"
    assert redact("wss://h/ws?token=eyJabc.def.ghi") == "wss://h/ws?token=[redacted]"
    assert redact("eyJhbGciOi.eyJzdWIiOiIx.c2lnbmF0dXJl alone") == "[redacted] alone"
