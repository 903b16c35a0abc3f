"""Audit case 3's page budget (JOB_PAGE_BUDGET): a session reads at most so many pages, finishes with what it read,
and says which pages were left out and why."""

from __future__ import annotations

from tests.api import results, sign_up, upload, upload_file, wait_until_processed
from tests.conftest import CORPUS

FOUR_PAGES = CORPUS / "pdf/pdflatex-4-pages.pdf"
THREE_PAGES = CORPUS / "pdf/multicolumn.pdf"


async def test_a_long_pdf_is_read_up_to_the_budget_and_the_rest_named(make_client):
    client = await make_client(job_page_budget=2)
    student = await sign_up(client)
    session_id = await upload_file(client, student["auth"], FOUR_PAGES)
    assert (await wait_until_processed(client, student["auth"], session_id))["status"] == "completed"
    metadata = (await results(client, student["auth"], session_id))["metadata"]
    assert [f["pages"] for f in metadata["files_read"]] == [2]
    assert (
        "Only pages 1–2 of pdflatex-4-pages.pdf were read; pages 3–4 were left out: one session reads at most 2 pages"
        in " ".join(metadata["warnings"])
    ), metadata["warnings"]
    assert not any("only the first" in w for w in metadata["warnings"])  # said once, with the reason


async def test_files_after_the_budget_is_spent_are_named_not_read(make_client):
    client = await make_client(job_page_budget=4)
    student = await sign_up(client)
    response = await upload(
        client,
        student["auth"],
        (FOUR_PAGES.name, FOUR_PAGES.read_bytes()),
        (THREE_PAGES.name, THREE_PAGES.read_bytes()),
    )
    session_id = response.json()["session_id"]
    assert (await wait_until_processed(client, student["auth"], session_id))["status"] == "completed"
    metadata = (await results(client, student["auth"], session_id))["metadata"]
    assert [f["filename"] for f in metadata["files_read"]] == [FOUR_PAGES.name]
    assert any(w.startswith(f"{THREE_PAGES.name} was not read: ") for w in metadata["warnings"]), metadata["warnings"]


async def test_a_pdf_within_the_budget_is_read_whole_without_a_warning(make_client):
    client = await make_client(job_page_budget=4)
    student = await sign_up(client)
    session_id = await upload_file(client, student["auth"], FOUR_PAGES)
    assert (await wait_until_processed(client, student["auth"], session_id))["status"] == "completed"
    metadata = (await results(client, student["auth"], session_id))["metadata"]
    assert [f["pages"] for f in metadata["files_read"]] == [4]
    assert not any("left out" in w for w in metadata["warnings"]), metadata["warnings"]
