"""The mock-test fixtures: a student whose heart chapter became a question bank and mock tests, made once per run
(generating the bank is the slow part) and copied into each test's own service."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Awaitable, Callable

import pytest

from studybuddy.clock import FrozenClock
from tests.api import history, results, sign_in, sign_up, text_input, wait_until_processed
from tests.conftest import CORPUS, TEST_START, make_settings, running_app

MakeExam = Callable[..., Awaitable[dict]]


@pytest.fixture(scope="session")
def prepared_exam(tmp_path_factory):
    """The data folder of a service where a student pasted the heart chapter and got its question bank and mock
    tests, made once through the API on the frozen clock: each test starts from its own copy of this folder."""
    root = tmp_path_factory.mktemp("exam")

    async def prepare() -> None:
        async with running_app(make_settings(root), clock=FrozenClock(TEST_START)) as client:
            student = await sign_up(client)
            session_id = await text_input(
                client, student["auth"], (CORPUS / "text/m46676-heart-anatomy-.txt").read_text()
            )
            assert (await wait_until_processed(client, student["auth"], session_id))["status"] == "completed"

    asyncio.run(prepare())
    return root / "data"


@pytest.fixture
def make_exam(make_client, clock, prepared_exam, tmp_path) -> MakeExam:
    """``await make_exam(**setting_overrides)``: the prepared student signed in on a service of their own; their
    question bank with answers and their tests."""

    async def make(**settings) -> dict:
        shutil.copytree(prepared_exam, tmp_path / "data")
        client = await make_client(clock=clock, **settings)
        student = await sign_in(client)
        [session] = (await history(client, student["auth"]))["sessions"]
        material = (await results(client, student["auth"], session["session_id"]))["results"]
        return {
            "client": client,
            "auth": student["auth"],
            "tests": material["mock_tests"],
            "clock": clock,
            "bank": {q["id"]: q for q in material["questions"]},
        }

    return make


@pytest.fixture
async def taken(make_exam) -> dict:
    return await make_exam()
