"""Audit cases 9, 16 and 17 over HTTP: inputs that used to end in a 500 or in a session failed after the fact."""

from __future__ import annotations

import io
import zipfile

from studybuddy.material.export import to_markdown
from studybuddy.material.schemas import SessionMaterial
from tests.api import wait_until_processed
from tests.conftest import CORPUS

TEXT = (CORPUS / "text" / "m46021-the-cell-membrane-.txt").read_text(encoding="utf-8")


def _with_bad_crc(path) -> bytes:
    data = path.read_bytes()
    info = next(i for i in zipfile.ZipFile(io.BytesIO(data)).infolist() if i.filename.endswith(".xml"))
    bad = (info.CRC ^ 0x5A5A5A5A).to_bytes(4, "little")
    return data.replace(info.CRC.to_bytes(4, "little"), bad)


def _assert_refused(response, status: int, words: str) -> None:
    assert response.status_code == status, response.text
    assert words in response.json()["error"]["message"]


async def test_a_lone_surrogate_in_pasted_text_is_a_422(client, student):
    body = b'{"text": "Cell membranes \\ud800 are bilayers", "session_name": "x"}'
    response = await client.post(
        "/api/v1/text-input/", content=body, headers=student["auth"] | {"Content-Type": "application/json"}
    )
    _assert_refused(response, 422, "text: ")


async def test_a_10000_character_filename_is_a_400(client, student):
    files = {"files": ("a" * 10_000 + ".txt", TEXT.encode(), "text/plain")}
    response = await client.post("/api/v1/upload/", files=files, headers=student["auth"])
    _assert_refused(response, 400, "multipart")


async def test_office_files_with_a_crc_error_are_a_422(client, student):
    pptx = _with_bad_crc(CORPUS / "pptx" / "tbl-cell.pptx")
    response = await client.post("/api/v1/upload/", files={"files": ("slides.pptx", pptx)}, headers=student["auth"])
    _assert_refused(response, 422, "checksum")


async def test_an_ocr_flag_that_is_not_a_boolean_is_refused(client, student):
    response = await client.post(
        "/api/v1/upload/",
        files={"files": ("notes.txt", TEXT.encode(), "text/plain")},
        data={"ocr": "-9164095376527608.0"},
        headers=student["auth"],
    )
    _assert_refused(response, 422, "ocr must be true or false")


async def test_pasted_text_with_one_nul_keeps_what_the_student_wrote(client, student):
    text = TEXT[:3000] + "\x00" + TEXT[3000:6000]
    response = await client.post("/api/v1/text-input/", json={"text": text}, headers=student["auth"])
    assert response.status_code == 200, response.text
    status = await wait_until_processed(client, student["auth"], response.json()["session_id"])
    assert status["status"] == "completed", status


async def test_a_one_line_paste_starting_with_a_hash_keeps_what_the_student_wrote(client, student):
    line = "# " + " ".join(TEXT[:4000].split())
    response = await client.post("/api/v1/text-input/", json={"text": line}, headers=student["auth"])
    assert response.status_code == 200, response.text
    status = await wait_until_processed(client, student["auth"], response.json()["session_id"])
    assert status["status"] == "completed", status


async def test_405_names_every_method_the_path_serves(client):
    cases = {
        ("POST", "/api/v1/users/me"): "DELETE, GET, HEAD, PATCH",
        ("PUT", "/api/v1/mock-tests/x"): "GET, HEAD, PATCH",
        ("PATCH", "/api/v1/mock-tests/x/attempts"): "GET, HEAD, POST",
        ("GET", "/api/v1/attempts/a/answers/q"): "DELETE, PUT",
    }
    for (method, path), allow in cases.items():
        response = await client.request(method, path)
        assert response.status_code == 405
        assert response.headers["allow"] == allow, (method, path)
        assert response.json()["error"]["type"] == "MethodNotAllowedError"


def test_the_markdown_export_shows_a_session_name_as_text():
    markdown = to_markdown('<img src=x onerror="alert(1)"> **Renal** [x](javascript:y)', SessionMaterial())
    first = markdown.splitlines()[0]
    assert "<img" not in first and "&lt;img" in first
    assert "\\*\\*Renal\\*\\*" in first and "\\[x\\]" in first


async def test_the_schema_states_the_constraints_and_every_common_error(client):
    spec = (await client.get("/openapi.json")).json()
    schemas = spec["components"]["schemas"]
    register = schemas["RegisterRequest"]["properties"]
    assert register["password"]["minLength"] == 8 and register["password"]["maxLength"] == 72
    assert register["mobile"]["pattern"].startswith("^") and "[6-9]" in register["mobile"]["pattern"]
    assert register["otp"]["pattern"]
    assert schemas["TextInputRequest"]["properties"]["text"]["pattern"]
    assert "HTTPValidationError" not in schemas
    for path, operations in spec["paths"].items():
        if not path.startswith("/api/v1"):
            continue
        for method, operation in operations.items():
            assert {"429", "503"} <= set(operation["responses"]), (method, path)
            if "requestBody" in operation:
                assert {"400", "413", "422"} <= set(operation["responses"]), (method, path)
