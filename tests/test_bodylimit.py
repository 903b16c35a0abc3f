"""Bodies over their route's cap are refused with 413 before parsing and before authentication (audit case 1)."""

from __future__ import annotations

import socket

import httpx

from studybuddy.bodylimit import DEFAULT_JSON_LIMIT
from tests.servers import ApiServer

BIG = DEFAULT_JSON_LIMIT + 1


def _assert_413(response: httpx.Response) -> None:
    assert response.status_code == 413, response.text
    assert response.json()["error"]["type"] == "PayloadTooLargeError"


async def test_a_declared_length_over_the_cap_is_refused_before_parsing(client):
    body = b'{"mobile": "9876543210", "password": "' + b"x" * BIG + b'"}'
    _assert_413(await client.post("/api/v1/auth/login", content=body, headers={"Content-Type": "application/json"}))


async def test_a_streamed_body_is_cut_off_when_it_passes_the_cap(client):
    sent = []

    async def chunks():
        for _ in range(100):  # 6.4 MB if nothing stopped it
            sent.append(1)
            yield b" " * DEFAULT_JSON_LIMIT

    response = await client.post("/api/v1/auth/login", content=chunks(), headers={"Content-Type": "application/json"})
    _assert_413(response)
    assert "content-length" not in response.request.headers
    assert len(sent) < 100


async def test_the_cap_comes_before_authentication(client):
    # No token at all: a big body is still a 413, not a 401, so nobody makes the server parse it.
    _assert_413(await client.patch("/api/v1/users/me", content=b"{" + b" " * BIG + b"}"))


async def test_pasted_text_keeps_its_own_larger_limit(client, student, settings):
    text = "Thyroid hormone regulates basal metabolic rate. " * 3000  # ~150 kB, over the JSON default
    response = await client.post("/api/v1/text-input/", json={"text": text}, headers=student["auth"])
    assert response.status_code == 200, response.text
    too_long = "é" * (settings.max_text_chars * 3 + 1)
    _assert_413(await client.post("/api/v1/text-input/", json={"text": too_long}, headers=student["auth"]))


async def test_small_json_bodies_still_work(client, student):
    response = await client.patch("/api/v1/users/me", json={"name": "Asha"}, headers=student["auth"])
    assert response.status_code == 200, response.text


def test_a_real_server_refuses_a_100_mb_stream_and_keeps_answering(tmp_path):
    server = ApiServer(tmp_path).start()
    try:

        def hundred_mb():
            for _ in range(100):
                yield b" " * (1024 * 1024)

        with httpx.Client(base_url=server.url, timeout=60) as http:
            response = http.post(
                "/api/v1/auth/login", content=hundred_mb(), headers={"Content-Type": "application/json"}
            )
            _assert_413(response)
            assert http.get("/health").status_code == 200
        # Only the headers of a 400 MB body: the answer comes without the server waiting for a byte of it.
        with socket.create_connection(("127.0.0.1", server.port), timeout=30) as raw:
            raw.sendall(
                b"POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b"Content-Length: 419430400\r\n\r\n"
            )
            assert raw.recv(4096).startswith(b"HTTP/1.1 413 ")
    finally:
        server.stop()
