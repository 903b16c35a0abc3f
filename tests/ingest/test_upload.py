"""Uploads and text input through the HTTP API: validation, storage, and extraction of every corpus file."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from studybuddy.extract.accuracy import character_error_rate
from studybuddy.pipeline.repository import EXTRACTION_CACHE
from studybuddy.sessions.repository import DOCUMENTS, SESSIONS
from tests.accounts import wait_until_processed
from tests.conftest import CORPUS
from tests.test_foundation import assert_envelope


async def upload(client, auth, *files: tuple[str, bytes], **fields) -> object:
    multipart = [("files", (name, data)) for name, data in files]
    return await client.post("/api/v1/upload/", files=multipart, data=fields, headers=auth)


async def document_text(app, session_id: str) -> str:
    doc = await app.state.context.store.collection(DOCUMENTS).get({"id": session_id})
    assert doc is not None, "no extracted document was stored"
    return "\n".join(f"{section['heading'] or ''}\n{section['text']}" for section in doc["document"]["sections"])


def staged_and_stored(settings) -> list[Path]:
    return [p for p in settings.upload_dir.rglob("*") if p.is_file()] if settings.upload_dir.exists() else []


# --- every corpus file, through the API -----------------------------------------------------------------

READABLE = {
    "pdf/002-trivial-libre-office-writer.pdf": "Lorem ipsum dolor sit amet",
    "pdf/pdflatex-4-pages.pdf": "Hello, here is some text without a meaning",
    "pdf/multicolumn.pdf": "Two-Column Document",
    "pptx/ph-populated-placeholders.pptx": "Title Text",
    "pptx/prs-notes.pptx": "Notes",
    "pptx/shp-access-chart.pptx": "Series 1",
    "pptx/tbl-cell.pptx": "merged cell",
}


@pytest.mark.parametrize("relative,expected", sorted(READABLE.items()))
async def test_corpus_files_are_extracted(client, app, student, relative, expected):
    path = CORPUS / relative
    response = await upload(client, student["auth"], (path.name, path.read_bytes()))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["files_count"] == 1 and body["processing_started"] is True
    await wait_until_processed(client, student["auth"], body["session_id"])
    assert expected in await document_text(app, body["session_id"])


async def test_pdf_pages_keep_their_numbers_and_lose_line_wraps(client, app, student):
    path = CORPUS / "pdf/pdflatex-4-pages.pdf"
    session_id = (await upload(client, student["auth"], (path.name, path.read_bytes()))).json()["session_id"]
    await wait_until_processed(client, student["auth"], session_id)
    doc = await app.state.context.store.collection(DOCUMENTS).get({"id": session_id})
    sources = [s["source"] for s in doc["document"]["sections"]]
    assert [s["page"] for s in sources] == [1, 2, 3, 4]
    assert all(s["file"] == path.name and s["unit"] == "page" for s in sources)
    assert "\r" not in doc["document"]["sections"][0]["text"]


async def test_scanned_pdf_and_photo_are_read_by_ocr_within_two_percent(client, app, student):
    for name in ("heart-anatomy-scanned.pdf", "heart-anatomy-page1.jpg"):
        path = CORPUS / "scans" / name
        truth = path.with_name(path.stem + ".gt.txt").read_text()
        session_id = (await upload(client, student["auth"], (name, path.read_bytes()))).json()["session_id"]
        status = await wait_until_processed(client, student["auth"], session_id)
        assert status["status"] == "completed", status
        error_rate = character_error_rate(await document_text(app, session_id), truth)
        assert error_rate <= 0.02, f"{name}: CER {error_rate:.2%}"
        results = await client.get(f"/api/v1/history/sessions/{session_id}/results", headers=student["auth"])
        [report] = results.json()["metadata"]["files_read"]
        assert report["filename"] == name and report["ocr_pages"]
        assert all(page["confidence"] > 80 for page in report["ocr_pages"])


async def test_a_rotated_phone_photo_is_straightened(client, app, student, tmp_path):
    from PIL import Image

    path = CORPUS / "scans/heart-anatomy-page1.jpg"
    rotated = Image.open(path).rotate(5, expand=True, fillcolor=(255, 255, 255))
    buffer = io.BytesIO()
    rotated.save(buffer, "JPEG", quality=85)
    session_id = (await upload(client, student["auth"], ("tilted.jpg", buffer.getvalue()))).json()["session_id"]
    await wait_until_processed(client, student["auth"], session_id)
    assert (
        character_error_rate(
            await document_text(app, session_id), path.with_name("heart-anatomy-page1.gt.txt").read_text()
        )
        <= 0.02
    )


async def test_password_protected_pdf_fails_that_session_clearly(client, student):
    path = CORPUS / "pdf/libreoffice-writer-password.pdf"
    session_id = (await upload(client, student["auth"], (path.name, path.read_bytes()))).json()["session_id"]
    status = await wait_until_processed(client, student["auth"], session_id)
    assert status["status"] == "failed"
    assert "password-protected" in status["error"]


# --- hostile files fail that file, never the worker -------------------------------------------------------


def _ooxml(kind: str, extra: dict[str, bytes]) -> bytes:
    main = "ppt/presentation.xml" if kind == "pptx" else "word/document.xml"
    content_type = (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
        if kind == "pptx"
        else "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            f'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f'<Override PartName="/{main}" ContentType="{content_type}"/></Types>',
        )
        for name, data in extra.items():
            archive.writestr(name, data)
    return buffer.getvalue()


async def test_zip_bomb_slides_are_refused_at_upload(client, student, settings):
    bomb = _ooxml("pptx", {"ppt/presentation.xml": b"<p/>", "ppt/media/zeros.bin": b"\0" * (4 * 1024 * 1024)})
    error = assert_envelope(await upload(client, student["auth"], ("lecture.pptx", bomb)), 422)
    assert "lecture.pptx" in error["message"] and "zip bomb" in error["message"]
    assert staged_and_stored(settings) == []


async def test_xml_entity_bomb_in_word_file_is_refused(client, student, settings):
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        b"<w:document>&lol2;</w:document>"
    )
    error = assert_envelope(
        await upload(client, student["auth"], ("notes.docx", _ooxml("docx", {"word/document.xml": laughs}))), 422
    )
    assert "notes.docx" in error["message"] and "DTD" in error["message"]
    assert staged_and_stored(settings) == []


async def test_decompression_bomb_image_fails_its_session_not_the_worker(client, student):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(buffer, "PNG")  # 100 megapixels in a few kB
    session_id = (await upload(client, student["auth"], ("page.png", buffer.getvalue()))).json()["session_id"]
    status = await wait_until_processed(client, student["auth"], session_id)
    assert status["status"] == "failed" and "megapixels" in status["error"]
    # The worker is still there: the next upload is processed.
    text = (CORPUS / "text/m46707-erythrocytes-.txt").read_text()
    follow_up = await client.post("/api/v1/text-input/", json={"text": text}, headers=student["auth"])
    assert (await wait_until_processed(client, student["auth"], follow_up.json()["session_id"]))[
        "status"
    ] == "completed"


async def test_truncated_pdf_fails_clearly(client, student):
    data = (CORPUS / "pdf/pdflatex-4-pages.pdf").read_bytes()[:4000]
    session_id = (await upload(client, student["auth"], ("broken.pdf", data))).json()["session_id"]
    status = await wait_until_processed(client, student["auth"], session_id)
    assert status["status"] == "failed" and "broken.pdf" in status["error"]


async def test_long_pdfs_are_capped_at_max_pages(tmp_path):
    from tests.conftest import make_settings

    settings = make_settings(tmp_path, max_pdf_pages=2)
    async with _client_for(settings) as (client, app):
        from tests.accounts import sign_up

        student = await sign_up(client, settings)
        path = CORPUS / "pdf/pdflatex-4-pages.pdf"
        session_id = (await upload(client, student["auth"], (path.name, path.read_bytes()))).json()["session_id"]
        await wait_until_processed(client, student["auth"], session_id)
        results = (await client.get(f"/api/v1/history/sessions/{session_id}/results", headers=student["auth"])).json()
        assert any("only the first 2 were read" in w for w in results["metadata"]["warnings"])
        doc = await app.state.context.store.collection(DOCUMENTS).get({"id": session_id})
        assert len(doc["document"]["sections"]) == 2


async def test_ocr_that_runs_too_long_is_stopped(tmp_path):
    from tests.conftest import make_settings

    settings = make_settings(tmp_path, ocr_page_timeout_seconds=1)
    async with _client_for(settings) as (client, _):
        from tests.accounts import sign_up

        student = await sign_up(client, settings)
        path = CORPUS / "scans/heart-anatomy-scanned.pdf"
        session_id = (await upload(client, student["auth"], (path.name, path.read_bytes()), ocr="true")).json()[
            "session_id"
        ]
        status = await wait_until_processed(client, student["auth"], session_id)
        assert status["status"] == "failed" and "took longer than 1 s" in status["error"]


def _client_for(settings):
    import contextlib

    import httpx

    from studybuddy.app import create_app

    @contextlib.asynccontextmanager
    async def opened():
        app = create_app(settings)
        async with app.router.lifespan_context(app):
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
                client.app_ref = app
                yield client, app

    return opened()


# --- validation: refused before anything is stored ------------------------------------------------------


async def test_type_is_decided_by_content_not_name(client, student, settings):
    error = assert_envelope(await upload(client, student["auth"], ("chapter.pdf", b"just some notes, not a PDF")), 415)
    assert "chapter.pdf" in error["message"] and "plain text" in error["message"]
    error = assert_envelope(
        await upload(client, student["auth"], ("tool.exe", b"MZ\x90\x00\x03" + bytes(range(256)) * 4)), 415
    )
    assert "tool.exe" in error["message"]
    assert staged_and_stored(settings) == []


async def test_photos_named_with_another_image_extension_are_accepted(client, student):
    data = (CORPUS / "scans/heart-anatomy-page1.jpg").read_bytes()
    assert (await upload(client, student["auth"], ("page.png", data))).status_code == 200


async def test_word_text_and_markdown_notes_are_accepted(client, app, student):
    import docx

    document = docx.Document()
    document.add_heading("Cardiac Cycle", 1)
    document.add_paragraph("Systole is the phase of contraction of the ventricles of the heart.")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Stroke volume", "70 mL"
    buffer = io.BytesIO()
    document.save(buffer)
    notes = "# Erythrocytes\n\nRed cells carry oxygen.\n".encode("utf-16")  # not UTF-8: detected
    response = await upload(
        client,
        student["auth"],
        ("cardiac.docx", buffer.getvalue()),
        ("rbc.md", notes),
        ("plain.txt", "Hématocrite ≈ 45%".encode()),
    )
    assert response.status_code == 200, response.text
    session_id = response.json()["session_id"]
    await wait_until_processed(client, student["auth"], session_id)
    doc = await app.state.context.store.collection(DOCUMENTS).get({"id": session_id})
    sections = doc["document"]["sections"]
    assert sections[0]["heading"] == "Cardiac Cycle" and "Stroke volume | 70 mL" in sections[0]["text"]
    assert any(s["heading"] == "Erythrocytes" and "carry oxygen" in s["text"] for s in sections)
    assert any("Hématocrite ≈ 45%" in s["text"] for s in sections)


async def test_too_many_files_are_refused(client, student, settings):
    files = [(f"n{i}.txt", b"notes") for i in range(settings.max_files_per_upload + 1)]
    error = assert_envelope(await upload(client, student["auth"], *files), 422)
    assert "at most 10" in error["message"]
    assert staged_and_stored(settings) == []


async def test_oversize_file_is_cut_off_with_413_and_nothing_kept(tmp_path):
    from tests.conftest import make_settings

    settings = make_settings(tmp_path, max_file_size=1024 * 1024)
    async with _client_for(settings) as (client, app):
        from tests.accounts import sign_up

        student = await sign_up(client, settings)
        big = b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 10)
        error = assert_envelope(await upload(client, student["auth"], ("huge.pdf", big)), 413)
        assert "huge.pdf" in error["message"] and "1 MB" in error["message"]
        assert staged_and_stored(settings) == []
        assert await app.state.context.store.collection(SESSIONS).count({}) == 0


async def test_hostile_file_names_stay_inside_the_session_folder(client, app, student, settings):
    names = ["../../escape.txt", "/etc/passwd.txt", "a.txt\x00.exe", 'q"\r\nSet-Cookie: x.txt', "..\\..\\win.txt"]
    response = await upload(client, student["auth"], *[(name, b"Cells are the units of life.") for name in names])
    assert response.status_code == 200, response.text
    session = await app.state.context.store.collection(SESSIONS).get({"id": response.json()["session_id"]})
    root = settings.upload_dir.resolve() / session["id"]
    for stored in session["files"]:
        assert (settings.upload_dir / stored["key"]).resolve().parent == root
        assert "/" not in stored["filename"] and "\x00" not in stored["filename"] and "\r" not in stored["filename"]
    assert not (settings.upload_dir.parent / "escape.txt").exists()
    assert {p.parent for p in staged_and_stored(settings)} <= {root}


async def test_empty_and_missing_files_are_422(client, student):
    assert_envelope(await upload(client, student["auth"], ("empty.pdf", b"")), 422)
    response = await client.post(
        "/api/v1/upload/", data={"session_name": "x"}, files={"other": ("a.txt", b"x")}, headers=student["auth"]
    )
    assert_envelope(response, 422)
    response = await client.post("/api/v1/upload/", json={"files": []}, headers=student["auth"])
    assert_envelope(response, 415)


async def test_upload_needs_a_signed_in_student(client):
    assert_envelope(await upload(client, {}, ("a.txt", b"notes")), 401)


async def test_session_name_is_given_or_made_readable(client, app, student):
    named = await upload(client, student["auth"], ("notes.txt", b"Cells."), session_name="Anatomy Chapter 1")
    unnamed = await upload(client, student["auth"], ("Cardio_Revision.txt", b"Cells."))
    sessions = app.state.context.store.collection(SESSIONS)
    assert (await sessions.get({"id": named.json()["session_id"]}))["session_name"] == "Anatomy Chapter 1"
    auto = (await sessions.get({"id": unnamed.json()["session_id"]}))["session_name"]
    assert auto.startswith("Cardio_Revision · ") and auto[-4:].isdigit()


async def test_text_input_answers_as_the_spec(client, app, student):
    text = "## Erythrocytes\n" + (CORPUS / "text/m46707-erythrocytes-.txt").read_text()
    response = await client.post("/api/v1/text-input/", json={"text": text}, headers=student["auth"])
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"session_id", "message", "processing_started"} and body["processing_started"] is True
    session = await app.state.context.store.collection(SESSIONS).get({"id": body["session_id"]})
    assert session["session_name"].startswith("Erythrocytes · ")


async def test_text_input_limits(client, student, settings):
    assert_envelope(await client.post("/api/v1/text-input/", json={"text": "   \n "}, headers=student["auth"]), 422)
    too_long = "a" * (settings.max_text_chars + 1)
    error = assert_envelope(
        await client.post("/api/v1/text-input/", json={"text": too_long}, headers=student["auth"]), 413
    )
    assert "500,000" in error["message"]
    assert_envelope(await client.post("/api/v1/text-input/", json={"text": {"$ne": ""}}, headers=student["auth"]), 422)


async def test_the_same_file_is_not_parsed_twice(client, app, student, monkeypatch):
    import studybuddy.pipeline.reading as job

    calls = []
    real = job.extract_file

    async def counting(*args, **kwargs):
        calls.append(args[2])
        return await real(*args, **kwargs)

    monkeypatch.setattr(job, "extract_file", counting)
    path = CORPUS / "pdf/multicolumn.pdf"
    first = (await upload(client, student["auth"], (path.name, path.read_bytes()))).json()["session_id"]
    await wait_until_processed(client, student["auth"], first)
    second = (await upload(client, student["auth"], ("renamed.pdf", path.read_bytes()))).json()["session_id"]
    await wait_until_processed(client, student["auth"], second)
    assert calls == [path.name]
    assert await app.state.context.store.collection(EXTRACTION_CACHE).count({}) == 1
    assert await document_text(app, first) == await document_text(app, second)
    doc = await app.state.context.store.collection(DOCUMENTS).get({"id": second})
    assert doc["document"]["sections"][0]["source"]["file"] == "renamed.pdf"
    json.dumps(doc)


async def test_photos_are_refused_clearly_when_ocr_is_not_installed(client, student, settings, monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")  # this server has no tesseract binary
    data = (CORPUS / "scans/heart-anatomy-page1.jpg").read_bytes()
    error = assert_envelope(await upload(client, student["auth"], ("page.jpg", data)), 503)
    assert "page.jpg" in error["message"] and "Tesseract" in error["message"]
    assert staged_and_stored(settings) == []
