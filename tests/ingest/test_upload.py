"""Uploads and text input through the HTTP API: validation, storage, and each kind of file reaching its reader.

What each reader makes of a file is checked in tests/extract/test_readers.py."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from tests.api import (
    assert_envelope,
    history,
    results,
    sign_up,
    text_input,
    upload,
    upload_file,
    wait_until_processed,
)
from tests.conftest import CORPUS
from tests.corpus import study_pdf


def staged_and_stored(settings) -> list[Path]:
    return [p for p in settings.upload_dir.rglob("*") if p.is_file()] if settings.upload_dir.exists() else []


async def session_named(client, auth, session_id: str) -> str:
    [item] = [s for s in (await history(client, auth))["sessions"] if s["session_id"] == session_id]
    return item["session_name"]


# --- each kind of file reaches its reader ---------------------------------------------------------------------


async def test_files_of_several_kinds_are_read_one_by_one(client, student):
    names = ["pdf/pdflatex-4-pages.pdf", "pptx/tbl-cell.pptx", "text/m46707-erythrocytes-.txt"]
    files = [((CORPUS / name).name, (CORPUS / name).read_bytes()) for name in names]
    response = await upload(client, student["auth"], *files)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["files_count"] == 3 and body["processing_started"] is True
    assert (await wait_until_processed(client, student["auth"], body["session_id"]))["status"] == "completed"
    read = (await results(client, student["auth"], body["session_id"]))["metadata"]["files_read"]
    assert [(f["filename"], f["kind"]) for f in read] == [
        ("pdflatex-4-pages.pdf", "pdf"),
        ("tbl-cell.pptx", "pptx"),
        ("m46707-erythrocytes-.txt", "txt"),
    ]
    assert read[0]["pages"] == 4 and all(f["words"] > 0 and f["ocr_pages"] == [] for f in read)


async def test_a_photo_is_read_by_ocr_whatever_its_image_extension(client, student):
    data = (CORPUS / "scans/heart-anatomy-page1.jpg").read_bytes()
    response = await upload(client, student["auth"], ("page.png", data))
    assert response.status_code == 200, response.text
    session_id = response.json()["session_id"]
    assert (await wait_until_processed(client, student["auth"], session_id))["status"] == "completed"
    body = await results(client, student["auth"], session_id)
    [report] = body["metadata"]["files_read"]
    assert report["filename"] == "page.png" and report["ocr_pages"]
    assert all(page["confidence"] > 80 for page in report["ocr_pages"])
    assert {q["source"]["file"] for q in body["results"]["questions"]} == {"page.png"}


async def test_a_text_layer_pdf_session_cites_file_and_page(client, student, tmp_path):
    path = study_pdf(tmp_path)
    session_id = await upload_file(client, student["auth"], path)
    assert (await wait_until_processed(client, student["auth"], session_id))["status"] == "completed"
    questions = (await results(client, student["auth"], session_id))["results"]["questions"]
    assert questions and {q["source"]["file"] for q in questions} == {path.name}
    assert {q["source"]["page"] for q in questions} <= {1, 2, 3, 4}


async def test_password_protected_pdf_fails_that_session_clearly(client, student):
    session_id = await upload_file(client, student["auth"], CORPUS / "pdf/libreoffice-writer-password.pdf")
    current = await wait_until_processed(client, student["auth"], session_id)
    assert current["status"] == "failed"
    assert "password-protected" in current["error"]


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
    response = await upload(client, student["auth"], ("page.png", buffer.getvalue()))
    current = await wait_until_processed(client, student["auth"], response.json()["session_id"])
    assert current["status"] == "failed" and "megapixels" in current["error"]
    # The worker is still there: the next upload is processed.
    follow_up = await text_input(client, student["auth"], (CORPUS / "text/m46707-erythrocytes-.txt").read_text())
    assert (await wait_until_processed(client, student["auth"], follow_up))["status"] == "completed"


async def test_truncated_pdf_fails_clearly(client, student):
    data = (CORPUS / "pdf/pdflatex-4-pages.pdf").read_bytes()[:4000]
    session_id = (await upload(client, student["auth"], ("broken.pdf", data))).json()["session_id"]
    current = await wait_until_processed(client, student["auth"], session_id)
    assert current["status"] == "failed" and "broken.pdf" in current["error"]


async def test_long_pdfs_are_capped_at_max_pages(make_client):
    client = await make_client(max_pdf_pages=2)
    student = await sign_up(client)
    session_id = await upload_file(client, student["auth"], CORPUS / "pdf/pdflatex-4-pages.pdf")
    assert (await wait_until_processed(client, student["auth"], session_id))["status"] == "completed"
    metadata = (await results(client, student["auth"], session_id))["metadata"]
    assert any("only the first 2 were read" in w for w in metadata["warnings"]), metadata["warnings"]
    assert [f["pages"] for f in metadata["files_read"]] == [2]


async def test_ocr_that_runs_too_long_is_stopped(make_client):
    client = await make_client(ocr_page_timeout_seconds=1)
    student = await sign_up(client)
    session_id = await upload_file(client, student["auth"], CORPUS / "scans/heart-anatomy-scanned.pdf", ocr="true")
    current = await wait_until_processed(client, student["auth"], session_id)
    assert current["status"] == "failed" and "took longer than 1 s" in current["error"]


# --- validation: refused before anything is stored ------------------------------------------------------


async def test_type_is_decided_by_content_not_name(client, student, settings):
    error = assert_envelope(await upload(client, student["auth"], ("chapter.pdf", b"just some notes, not a PDF")), 415)
    assert "chapter.pdf" in error["message"] and "plain text" in error["message"]
    error = assert_envelope(
        await upload(client, student["auth"], ("tool.exe", b"MZ\x90\x00\x03" + bytes(range(256)) * 4)), 415
    )
    assert "tool.exe" in error["message"]
    assert staged_and_stored(settings) == []


async def test_word_text_and_markdown_notes_are_accepted(client, student):
    import docx

    document = docx.Document()
    document.add_heading("Cardiac Cycle", 1)
    document.add_paragraph("Systole is the phase of contraction of the ventricles of the heart.")
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
    read = (await results(client, student["auth"], session_id))["metadata"]["files_read"]
    assert [(f["filename"], f["kind"]) for f in read] == [
        ("cardiac.docx", "docx"),
        ("rbc.md", "md"),
        ("plain.txt", "txt"),
    ]
    assert all(f["words"] > 0 for f in read)


async def test_only_the_allowed_file_types_are_accepted(make_client):
    client = await make_client(allowed_file_types=["pdf", "docx"])
    student = await sign_up(client)
    error = assert_envelope(await upload(client, student["auth"], ("notes.txt", b"Cells are the units of life.")), 415)
    assert error["message"] == "notes.txt: plain text files are not accepted. Upload PDF, DOCX."
    assert staged_and_stored(client.settings) == []
    assert (
        await upload(client, student["auth"], ("notes.pdf", (CORPUS / "pdf/multicolumn.pdf").read_bytes()))
    ).status_code == 200


async def test_too_many_files_are_refused(client, student, settings):
    files = [(f"n{i}.txt", b"notes") for i in range(settings.max_files_per_upload + 1)]
    error = assert_envelope(await upload(client, student["auth"], *files), 422)
    assert "at most 10" in error["message"]
    assert staged_and_stored(settings) == []


async def test_oversize_file_is_cut_off_with_413_and_nothing_kept(make_client):
    client = await make_client(max_file_size=1024 * 1024)
    student = await sign_up(client)
    big = b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 10)
    error = assert_envelope(await upload(client, student["auth"], ("huge.pdf", big)), 413)
    assert "huge.pdf" in error["message"] and "1 MB" in error["message"]
    assert staged_and_stored(client.settings) == []
    assert (await history(client, student["auth"]))["total"] == 0


async def test_hostile_file_names_stay_inside_the_session_folder(client, student, settings):
    names = ["../../escape.txt", "/etc/passwd.txt", "a.txt\x00.exe", 'q"\r\nSet-Cookie: x.txt', "..\\..\\win.txt"]
    response = await upload(client, student["auth"], *[(name, b"Cells are the units of life.") for name in names])
    assert response.status_code == 200, response.text
    session_id = response.json()["session_id"]
    root = settings.upload_dir.resolve() / session_id
    stored = staged_and_stored(settings)
    assert len(stored) == len(names) and {p.resolve().parent for p in stored} == {root}
    assert not (settings.upload_dir.parent / "escape.txt").exists()
    await wait_until_processed(client, student["auth"], session_id)
    read = (await results(client, student["auth"], session_id))["metadata"]["files_read"]
    assert len(read) == len(names)
    for report in read:
        assert not {"/", "\\", "\x00", "\r", "\n"} & set(report["filename"]), report["filename"]


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


async def test_session_name_is_given_or_made_readable(client, student):
    auth = student["auth"]
    named = (await upload(client, auth, ("notes.txt", b"Cells."), session_name="Anatomy Chapter 1")).json()
    unnamed = (await upload(client, auth, ("Cardio_Revision.txt", b"Cells."))).json()
    assert await session_named(client, auth, named["session_id"]) == "Anatomy Chapter 1"
    auto = await session_named(client, auth, unnamed["session_id"])
    assert auto.startswith("Cardio_Revision · ") and auto[-4:].isdigit()


async def test_text_input_answers_as_the_spec(client, student):
    text = "## Erythrocytes\n" + (CORPUS / "text/m46707-erythrocytes-.txt").read_text()
    response = await client.post("/api/v1/text-input/", json={"text": text}, headers=student["auth"])
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"session_id", "message", "processing_started"} and body["processing_started"] is True
    assert (await session_named(client, student["auth"], body["session_id"])).startswith("Erythrocytes · ")


async def test_text_input_limits(client, student, settings):
    assert_envelope(await client.post("/api/v1/text-input/", json={"text": "   \n "}, headers=student["auth"]), 422)
    too_long = "a" * (settings.max_text_chars + 1)
    error = assert_envelope(
        await client.post("/api/v1/text-input/", json={"text": too_long}, headers=student["auth"]), 413
    )
    assert "500,000" in error["message"]
    assert_envelope(await client.post("/api/v1/text-input/", json={"text": {"$ne": ""}}, headers=student["auth"]), 422)


async def test_the_same_file_is_not_parsed_twice(client, student, monkeypatch):
    import studybuddy.pipeline.reading as reading

    calls = []
    real = reading.extract_file

    async def counting(*args, **kwargs):
        calls.append(args[2])
        return await real(*args, **kwargs)

    monkeypatch.setattr(reading, "extract_file", counting)
    path = CORPUS / "pdf/multicolumn.pdf"
    first = await upload_file(client, student["auth"], path)
    await wait_until_processed(client, student["auth"], first)
    second = await upload_file(client, student["auth"], path, name="renamed.pdf")
    assert (await wait_until_processed(client, student["auth"], second))["status"] == "completed"
    assert calls == [path.name]
    [was_read], [read_again] = [
        (await results(client, student["auth"], s))["metadata"]["files_read"] for s in (first, second)
    ]
    assert read_again == was_read | {"filename": "renamed.pdf"}


async def test_the_same_file_under_another_name_is_cited_by_its_new_name(client, student, tmp_path):
    path = study_pdf(tmp_path)
    first = await upload_file(client, student["auth"], path)
    await wait_until_processed(client, student["auth"], first)
    second = await upload_file(client, student["auth"], path, name="renamed.pdf")
    assert (await wait_until_processed(client, student["auth"], second))["status"] == "completed"
    questions = (await results(client, student["auth"], second))["results"]["questions"]
    assert questions and {q["source"]["file"] for q in questions} == {"renamed.pdf"}


async def test_photos_are_refused_clearly_when_ocr_is_not_installed(client, student, settings, monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")  # this server has no tesseract binary
    data = (CORPUS / "scans/heart-anatomy-page1.jpg").read_bytes()
    error = assert_envelope(await upload(client, student["auth"], ("page.jpg", data)), 503)
    assert "page.jpg" in error["message"] and "Tesseract" in error["message"]
    assert staged_and_stored(settings) == []


async def test_a_filler_file_beside_a_chapter_is_skipped_with_a_warning(client, student, tmp_path):
    chapter = study_pdf(tmp_path)
    filler = CORPUS / "pdf/pdflatex-4-pages.pdf"
    response = await upload(
        client, student["auth"], (chapter.name, chapter.read_bytes()), (filler.name, filler.read_bytes())
    )
    session_id = response.json()["session_id"]
    assert (await wait_until_processed(client, student["auth"], session_id))["status"] == "completed"
    body = await results(client, student["auth"], session_id)
    questions = body["results"]["questions"]
    assert questions and {q["source"]["file"] for q in questions} == {chapter.name}
    assert any(w.startswith(f"Skipped {filler.name}: ") and "filler" in w for w in body["metadata"]["warnings"])
