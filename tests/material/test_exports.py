"""Exports checked as a student would: the .apkg opened as what it is (a zip holding an SQLite collection) and its
notes read back, the PDF turned into text and into page images with poppler, CSV read by the csv module, and a
session named with ``<script>`` and ``&`` exported without any of it becoming markup."""

from __future__ import annotations

import csv
import html
import io
import json
import sqlite3
import subprocess
import zipfile
from urllib.parse import unquote

import anyio
import httpx
import pytest

from tests.api import assert_envelope, results, sign_up, text_input, wait_until_processed
from tests.conftest import CORPUS

HOSTILE_NAME = 'Heart <script>alert("x")</script> & valves / "CVS" नोट्स'


@pytest.fixture(scope="module")
def anyio_backend():
    return "asyncio"


@pytest.fixture
async def exported(make_client, clock, tmp_path):
    client = await make_client(clock=clock)
    student = await sign_up(client)
    text = (CORPUS / "text/m46676-heart-anatomy-.txt").read_text()
    session_id = await text_input(client, student["auth"], text, session_name=HOSTILE_NAME)
    assert (await wait_until_processed(client, student["auth"], session_id))["status"] == "completed"
    return {
        "client": client,
        "auth": student["auth"],
        "session_id": session_id,
        "results": (await results(client, student["auth"], session_id))["results"],
        "tmp": tmp_path,
    }


async def _poppler(*command: str) -> subprocess.CompletedProcess:
    return await anyio.to_thread.run_sync(
        lambda: subprocess.run(list(command), capture_output=True, text=True, check=True)
    )


async def _download(exported, fmt: str) -> httpx.Response:
    response = await exported["client"].get(
        f"/api/v1/history/sessions/{exported['session_id']}/export?format={fmt}", headers=exported["auth"]
    )
    assert response.status_code == 200, response.text
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="') and f'.{fmt}"' in disposition
    ascii_name = disposition.split('filename="', 1)[1].split('"', 1)[0]
    assert not set(ascii_name) & set('<>/\\"&;')  # the ASCII fallback is inert everywhere
    utf8_name = unquote(disposition.split("filename*=UTF-8''", 1)[1])
    assert utf8_name.endswith(f".{fmt}") and "नोट्स" in utf8_name and not set(utf8_name) & set('<>/\\"')
    assert response.headers["content-length"] == str(len(response.content))
    return response


async def test_the_anki_deck_is_a_zip_with_a_collection_whose_notes_read_back(exported):
    response = await _download(exported, "apkg")
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert "collection.anki2" in archive.namelist()
    path = exported["tmp"] / "collection.anki2"
    path.write_bytes(archive.read("collection.anki2"))
    with sqlite3.connect(path) as db:
        notes = db.execute("SELECT guid, flds, tags FROM notes").fetchall()
        decks = db.execute("SELECT decks FROM col").fetchone()[0]
    questions, flashcards = exported["results"]["questions"], exported["results"]["flashcards"]
    assert len(notes) == len(questions) + len(flashcards) and flashcards
    fronts = [fields.split("\x1f")[0] for _, fields, _ in notes]
    backs = [fields.split("\x1f")[1] for _, fields, _ in notes]
    for q in questions:  # Anki fields are HTML: the text is there, escaped
        front = next(f for f in fronts if f.startswith(html.escape(q["question_text"])))
        assert all(f"{o['label']}. {html.escape(o['text'])}" in front for o in q["options"])
        assert any(html.escape(q["explanation"]).replace("\n", "<br>") in back for back in backs)
    assert HOSTILE_NAME in [
        deck["name"] for deck in json.loads(decks).values()
    ]  # the deck's name is stored as data, shown by Anki as text
    # Stable note ids: exporting again gives the same guids, so Anki updates instead of duplicating.
    again = zipfile.ZipFile(io.BytesIO((await _download(exported, "apkg")).content))
    path.write_bytes(again.read("collection.anki2"))
    with sqlite3.connect(path) as db:
        assert sorted(g for (g,) in db.execute("SELECT guid FROM notes")) == sorted(g for g, _, _ in notes)


async def test_the_pdf_has_every_question_and_the_answer_key(exported):
    response = await _download(exported, "pdf")
    assert response.content.startswith(b"%PDF-")
    pdf = exported["tmp"] / "pack.pdf"
    pdf.write_bytes(response.content)
    text = (await _poppler("pdftotext", "-layout", str(pdf), "-")).stdout
    flat = " ".join(text.split())
    questions = exported["results"]["questions"]
    for number, q in enumerate(questions, start=1):
        assert f"{number}. " + " ".join(q["question_text"].split())[:40] in flat, q["question_text"]
    key = flat[flat.index("Answer key") :]
    for number, q in enumerate(questions, start=1):
        assert f"{number}. {q['correct_answer']} — " in key
    assert HOSTILE_NAME.split(" / ")[0] in flat  # the name printed as the characters it is
    # Devanagari survives (fonts embedded and shaped); pdftotext puts a space after a half-form, so compare without.
    assert "नोट्स" in flat.replace(" ", "")
    await _poppler("pdftoppm", "-png", "-r", "40", str(pdf), str(exported["tmp"] / "page"))
    pages = sorted(exported["tmp"].glob("page-*.png"))
    assert len(pages) >= 3 and all(p.stat().st_size > 1000 for p in pages)


async def test_without_its_fonts_the_pdf_export_is_a_503_that_names_the_other_formats(exported, monkeypatch):
    from studybuddy.material import printable

    monkeypatch.setattr(printable, "FONT_DIRECTORIES", [exported["tmp"] / "no-fonts-here"])
    printable.font_files.cache_clear()
    try:
        response = await exported["client"].get(
            f"/api/v1/history/sessions/{exported['session_id']}/export?format=pdf", headers=exported["auth"]
        )
    finally:
        printable.font_files.cache_clear()
    assert_envelope(response, 503)
    assert "Markdown, CSV or Anki" in response.json()["error"]["message"]


async def test_markdown_and_csv_keep_hostile_text_inert(exported):
    markdown = (await _download(exported, "md")).text
    assert "<script>" not in markdown and "&lt;script&gt;" in markdown and "&amp; valves" in markdown
    rows = list(csv.reader(io.StringIO((await _download(exported, "csv")).content.decode("utf-8-sig"))))
    assert rows[0][:6] == ["Question", "Option A", "Option B", "Option C", "Option D", "Correct answer"]
    questions = exported["results"]["questions"]
    assert [row[0] for row in rows[1:]] == [q["question_text"] for q in questions]
    assert all(row[5] in "ABCD" for row in rows[1:])


async def test_exports_are_owner_only_and_formats_are_checked(exported):
    other = await sign_up(exported["client"], mobile="9876500001")
    url = f"/api/v1/history/sessions/{exported['session_id']}/export?format=pdf"
    assert_envelope(await exported["client"].get(url, headers=other["auth"]), 404)
    assert_envelope(await exported["client"].get(url), 401)
    bad = f"/api/v1/history/sessions/{exported['session_id']}/export?format=docx"
    assert_envelope(await exported["client"].get(bad, headers=exported["auth"]), 422)


async def test_the_review_deck_exports_due_and_all_cards(exported):
    client, auth = exported["client"], exported["auth"]
    due = (await client.get("/api/v1/reviews/due?limit=500", headers=auth)).json()
    assert due["total_due"] == len(exported["results"]["flashcards"])
    response = await client.get("/api/v1/reviews/export?format=csv&scope=due", headers=auth)
    assert (
        response.status_code == 200
        and 'filename="Study Buddy - cards due.csv"' in response.headers["content-disposition"]
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Front", "Back"] and len(rows) - 1 == due["total_due"]
    apkg = await client.get("/api/v1/reviews/export?format=apkg", headers=auth)
    assert zipfile.ZipFile(io.BytesIO(apkg.content)).namelist()[0] == "collection.anki2"
    markdown = (await client.get("/api/v1/reviews/export?format=md", headers=auth)).text
    assert markdown.count("**") >= 2 * due["total_due"]
    pdf = await client.get("/api/v1/reviews/export?format=pdf&scope=due", headers=auth)
    assert pdf.content.startswith(b"%PDF-")
