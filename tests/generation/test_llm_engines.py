"""The Gemini and OpenAI-compatible engines against local servers that speak each REST API."""

from __future__ import annotations

import threading

import pytest

from studybuddy.generation.openai_compat import OpenAICompatibleEngine
from tests.api import results, sign_up, text_input, wait_until_processed
from tests.conftest import make_settings
from tests.corpus import HEART, heart_document
from tests.fake_models import gemini, gemini_server, openai_server
from tests.fakes import json_reply


def once_then_ok(status: int, counter: dict):
    lock = threading.Lock()

    def behave(request, prompt):
        with lock:
            counter["calls"] = counter.get("calls", 0) + 1
            if counter["calls"] == 1:
                return json_reply(status, {"error": {"code": status, "message": "try later", "status": "UNAVAILABLE"}})
        return None

    return behave


async def test_gemini_request_shape_and_grounded_output(tmp_path):
    with gemini_server() as server:
        engine = gemini(tmp_path, server)
        material = await engine.generate(heart_document(), session_id="s1", question_count=25)
    assert material.missing == []
    assert len(material.questions) >= 20 and material.mnemonics and material.cheat_sheet and material.notes
    question = material.questions[0]
    assert question.source.file == "heart.txt" and question.source.excerpt
    assert material.token_usage["total_tokens"] > 0 and material.token_usage["prompt_tokens"] > 0
    request = server.requests[0]
    assert request.path == "/v1beta/models/gemini-3.7-flash:generateContent"
    assert request.headers["x-goog-api-key"] == "test-key-123"
    body = request.json()
    config = body["generationConfig"]
    assert config["responseMimeType"] == "application/json"
    assert "responseSchema" in config or "responseJsonSchema" in config
    assert "NEET-PG" in body["systemInstruction"]["parts"][0]["text"]
    tasks = {r.json()["contents"][0]["parts"][0]["text"].split("\n", 1)[0] for r in server.requests}
    assert tasks == {"TASK: cheat_sheet", "TASK: flashcards", "TASK: mnemonics", "TASK: notes", "TASK: questions"}
    # Flashcards: the model's cloze cards, grounded and citing their file, plus a card per mnemonic.
    kinds = {card.kind for card in material.flashcards}
    assert kinds == {"cloze", "mnemonic"}
    assert all(card.source.excerpt and card.session_id == "s1" and card.id for card in material.flashcards)
    assert all("_____" in card.front for card in material.flashcards if card.kind == "cloze")


@pytest.mark.parametrize("status", [429, 503])
async def test_gemini_retries_rate_limits_and_outages(tmp_path, status):
    counter: dict = {}
    with gemini_server(behave=once_then_ok(status, counter)) as server:
        material = await gemini(tmp_path, server).generate(heart_document(), session_id="s1", question_count=10)
    # The refused request was retried: otherwise one output type would be missing.
    assert material.missing == [] and counter["calls"] >= 5


async def test_gemini_malformed_json_is_asked_again_then_the_output_is_missing(tmp_path):
    def always_broken_notes(request, prompt):
        if prompt.startswith("TASK: notes"):
            return json_reply(
                200,
                {
                    "candidates": [
                        {"content": {"role": "model", "parts": [{"text": "{not json"}]}, "finishReason": "STOP"}
                    ]
                },
            )
        return None

    with gemini_server(behave=always_broken_notes) as server:
        material = await gemini(tmp_path, server).generate(heart_document(), session_id="s1", question_count=10)
    assert material.missing == ["notes"] and material.questions and material.cheat_sheet
    assert sum(r.json()["contents"][0]["parts"][0]["text"].startswith("TASK: notes") for r in server.requests) == 3


async def test_gemini_timeouts_fail_only_that_output(tmp_path):
    def slow_mnemonics(request, prompt):
        if prompt.startswith("TASK: mnemonics"):
            import time

            time.sleep(1.5)
        return None

    with gemini_server(behave=slow_mnemonics) as server:
        engine = gemini(tmp_path, server, ai_timeout_seconds=0.5, ai_max_retries=1)
        material = await engine.generate(heart_document(), session_id="s1", question_count=10)
    assert material.missing == ["mnemonics"] and material.questions and material.notes


async def test_ungrounded_questions_are_dropped(tmp_path):
    def invented(request, prompt):
        if prompt.startswith("TASK: questions"):
            import json

            fake = {
                "questions": [
                    {
                        "question_text": f"Invented question {i}?",
                        "options": ["a", "b", "c", "d"],
                        "correct_answer": "A",
                        "explanation": "Made up.",
                        "difficulty": "easy",
                        "subject": "Anatomy",
                        "tags": [],
                        "source_excerpt": "The moon is made of paneer and orbits Pune every Tuesday.",
                    }
                    for i in range(5)
                ]
            }
            return json_reply(
                200, {"candidates": [{"content": {"role": "model", "parts": [{"text": json.dumps(fake)}]}}]}
            )
        return None

    with gemini_server(behave=invented) as server:
        material = await gemini(tmp_path, server).generate(heart_document(), session_id="s1", question_count=10)
    assert material.questions == []
    asked = sum(r.json()["contents"][0]["parts"][0]["text"].startswith("TASK: questions") for r in server.requests)
    assert asked == 2  # the first answer and one bounded regeneration


async def test_openai_compatible_engine(tmp_path):
    counter: dict = {}
    with openai_server(behave=once_then_ok(429, counter)) as server:
        settings = make_settings(
            tmp_path,
            ai_provider="openai",
            openai_base_url=server.url + "/v1",
            openai_api_key="sk-local",
            openai_model="llama3.1",
        )
        material = await OpenAICompatibleEngine(settings).generate(heart_document(), session_id="s1", question_count=10)
    assert material.missing == [] and len(material.questions) >= 8 and material.token_usage["total_tokens"] > 0
    request = server.requests[-1]
    assert request.path == "/v1/chat/completions" and request.headers["authorization"] == "Bearer sk-local"
    body = request.json()
    assert body["model"] == "llama3.1" and body["response_format"]["type"] == "json_schema"
    assert body["messages"][0]["role"] == "system" and "NEET-PG" in body["messages"][0]["content"]
    assert counter["calls"] >= 5


async def test_a_session_on_gemini_records_tokens_and_a_second_run_costs_none(make_client):
    with gemini_server() as server:
        client = await make_client(ai_provider="gemini", google_ai_api_key="k", gemini_base_url=server.url)
        student = await sign_up(client)
        first = await text_input(client, student["auth"], HEART)
        assert (await wait_until_processed(client, student["auth"], first))["status"] == "completed"
        calls = len(server.requests)
        second = await text_input(client, student["auth"], HEART)
        assert (await wait_until_processed(client, student["auth"], second))["status"] == "completed"
        assert len(server.requests) == calls  # served from the cache
        meta = [(await results(client, student["auth"], s))["metadata"] for s in (first, second)]
        health = (await client.get("/health")).json()
    assert meta[0]["token_usage"]["total_tokens"] > 0 and meta[1]["token_usage"] == {}
    assert health["components"]["engine"]["kind"] == "gemini:gemini-3.7-flash"


async def test_a_failed_output_type_leaves_the_rest_and_a_warning(make_client):
    def broken_mnemonics(request, prompt):
        if prompt.startswith("TASK: mnemonics"):
            return json_reply(500, {"error": {"code": 500, "message": "internal", "status": "INTERNAL"}})
        return None

    with gemini_server(behave=broken_mnemonics) as server:
        client = await make_client(
            ai_provider="gemini", google_ai_api_key="k", gemini_base_url=server.url, ai_max_retries=1
        )
        student = await sign_up(client)
        session_id = await text_input(client, student["auth"], HEART)
        status = await wait_until_processed(client, student["auth"], session_id)
        body = await results(client, student["auth"], session_id)
    assert status["status"] == "completed"
    assert body["results"]["questions"] and body["results"]["notes"] and body["results"]["mnemonics"] == []
    assert any("Could not generate mnemonics" in w for w in body["metadata"]["warnings"])


def _thinking(body: dict) -> dict:
    config = body["generationConfig"]
    thinking = config.get("thinkingConfig") or config.get("thinking_config") or {}
    return {k.replace("_l", "L"): v for k, v in thinking.items()}


@pytest.mark.parametrize("level", ["low", "high"])
async def test_gemini_3_gets_a_thinking_level_and_no_sampling_parameters(tmp_path, level):
    with gemini_server() as server:
        engine = gemini(tmp_path, server, gemini_thinking_level=level)
        material = await engine.generate(heart_document(), session_id="s1", question_count=5)
    assert material.missing == []  # the server refuses temperature, top-k, top-p and unknown fields
    for request in server.requests:
        config = request.json()["generationConfig"]
        assert not {"temperature", "topP", "topK", "top_p", "top_k"} & set(config)
        assert _thinking(request.json()) == {"thinkingLevel": level.upper()}


@pytest.mark.parametrize(
    "config",
    [
        {"temperature": 0.3},
        {"topK": 40},
        {"frequency_penalty": 0.5},
        {"thinkingConfig": {"thinkingLevel": "MINIMAL"}},
        {"thinkingConfig": {"thinkingLevel": "LOW", "thinkingBudget": 1024}},
        {"reasoningEffort": "low"},
    ],
)
async def test_the_fake_gemini_refuses_what_gemini_3_flash_refuses(tmp_path, config):
    """The engine's tests are only as strict as this server: a regression to sampling parameters must fail."""
    import httpx

    body = {"contents": [{"role": "user", "parts": [{"text": "TASK: notes\n<<<x>>>"}]}], "generationConfig": config}
    with gemini_server() as server:
        async with httpx.AsyncClient() as http:
            response = await http.post(f"{server.url}/v1beta/models/gemini-3.7-flash:generateContent", json=body)
    assert response.status_code == 400 and response.json()["error"]["status"] == "INVALID_ARGUMENT"


async def test_openai_compatible_request_uses_only_fields_ollama_vllm_and_llamacpp_accept(tmp_path):
    import httpx

    settings = make_settings(tmp_path, ai_provider="openai", openai_model="llama3.1")
    with openai_server() as server:
        engine = OpenAICompatibleEngine(settings.model_copy(update={"openai_base_url": server.url + "/v1"}))
        material = await engine.generate(heart_document(), session_id="s1", question_count=5)
        async with httpx.AsyncClient() as http:
            refused = await http.post(
                f"{server.url}/v1/chat/completions",
                json={"model": "m", "messages": [{"role": "user", "content": "x"}], "thinking_level": "low"},
            )
    assert material.missing == []
    body = server.requests[0].json()
    assert set(body) <= {"model", "messages", "temperature", "response_format"}
    assert body["response_format"]["json_schema"]["name"] and body["response_format"]["json_schema"]["schema"]
    assert refused.status_code == 400
