"""A stand-in language model for tests: answers each task from the material in its prompt, grounded like a good
model would be, and local HTTP servers that speak the Gemini and OpenAI REST APIs around it."""

from __future__ import annotations

import asyncio
import json
import re
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from studybuddy.generation.gemini import GeminiEngine
from tests.conftest import make_settings
from tests.fakes import LocalHttpServer, RecordedRequest, json_reply


def _material(prompt: str) -> str:
    return prompt.split("<<<", 1)[1].rsplit(">>>", 1)[0] if "<<<" in prompt else prompt


def _sentences(material: str) -> list[str]:
    text = re.sub(r"\[[^\]]*\]|##[^\n]*", " ", material)
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) >= 8]


def answer(prompt: str) -> dict:
    """The JSON a well-behaved model would return for this prompt."""
    task = re.search(r"TASK: (\w+)", prompt).group(1)
    material = _material(prompt)
    sentences = _sentences(material)
    words = sorted({w for w in re.findall(r"[A-Za-z]{7,}", material)}, key=lambda w: (-len(w), w))
    if task == "questions":
        count = int(re.search(r"Write (\d+)", prompt).group(1))
        questions = []
        for sentence in sentences[:count]:
            answer_word = max(re.findall(r"[A-Za-z]{7,}", sentence) or ["structure"], key=len)
            others = [w for w in words if w.lower() != answer_word.lower() and w.lower() not in sentence.lower()][:3]
            if len(others) < 3:
                continue
            questions.append(
                {
                    "question_text": "Which word completes: " + sentence.replace(answer_word, "_____", 1),
                    "options": [answer_word, *others],
                    "correct_answer": "A",
                    "explanation": f"The material says: {sentence}",
                    "difficulty": "medium",
                    "subject": "Anatomy",
                    "tags": ["heart"],
                    "source_excerpt": sentence,
                }
            )
        return {"questions": questions}
    if task == "mnemonics":
        sentence = sentences[0]
        terms = [w for w in re.findall(r"[A-Za-z]{5,}", sentence)][:3]
        return {
            "mnemonics": [
                {
                    "topic": "Opening idea",
                    "mnemonic": " ".join(t[0].upper() + "ollywood" for t in terms),
                    "expansion": [{"letter": t[0].upper(), "term": t} for t in terms],
                    "explanation": "First letters.",
                    "source_excerpt": sentence,
                }
            ]
        }
    if task == "flashcards":
        cards = []
        for sentence in sentences[:10]:
            answer_word = max(re.findall(r"[A-Za-z]{7,}", sentence) or ["structure"], key=len)
            front = sentence.replace(answer_word, "_____", 1)
            if answer_word.lower() not in front.lower():
                cards.append({"kind": "cloze", "front": front, "back": answer_word, "source_excerpt": sentence})
        return {"flashcards": cards}
    if task == "cheat_sheet":
        return {
            "title": "Cheat sheet",
            "sections": [{"heading": "Key facts", "points": sentences[:3]}],
            "key_terms": [{"term": words[0], "definition": sentences[0]}],
            "numbers_to_remember": [{"value": "75", "context": "contractions per minute"}],
        }
    return {
        "title": "Notes",
        "summary": " ".join(sentences[:2]),
        "sections": [{"heading": "Overview", "content": " ".join(sentences[:4]), "key_points": sentences[:2]}],
    }


Behaviour = Callable[[RecordedRequest, str], "tuple[int, dict, bytes] | None"]

# The Gemini REST API's GenerateContentRequest and GenerationConfig fields (camelCase on the wire). The real API
# answers 400 INVALID_ARGUMENT to a field it does not know; so does this server.
_GEMINI_REQUEST_FIELDS = {
    "contents", "systemInstruction", "generationConfig", "safetySettings", "tools", "toolConfig", "cachedContent",
    "labels",
}  # fmt: skip
_GEMINI_CONFIG_FIELDS = {
    "responseMimeType", "responseSchema", "responseJsonSchema", "thinkingConfig", "maxOutputTokens", "candidateCount",
    "stopSequences", "temperature", "topP", "topK", "seed", "presencePenalty", "frequencyPenalty", "responseLogprobs",
    "logprobs", "mediaResolution", "responseModalities",
}  # fmt: skip
# Google's Gemini 3 guide: sampling parameters are not supported (3.6+ Flash ignore custom values, and low
# temperatures make Gemini 3 loop), penalties are an error, reasoning is set by thinkingLevel. This server
# refuses all of them for Gemini 3, stricter than Google, so that sending one again fails a test.
_GEMINI_3_REFUSED = {"temperature", "topP", "topK", "presencePenalty", "frequencyPenalty"}
_GEMINI_3_FLASH_LEVELS = {"LOW", "MEDIUM", "HIGH"}  # 3.7 and 3.8 Flash: no MINIMAL


def _camel(fields: dict) -> dict:
    """Proto3 JSON parsers, Google's included, accept a field's proto name (``thinking_level``, which the SDK
    sends) as well as its lowerCamelCase JSON name (``thinkingLevel``)."""
    return {re.sub(r"_([a-z])", lambda m: m.group(1).upper(), key): value for key, value in fields.items()}


def gemini_refusal(path: str, body: dict) -> str | None:
    """Why the Gemini API would refuse this generateContent request, or None."""
    model = path.split("/models/", 1)[-1].split(":", 1)[0]
    body = _camel(body)
    unknown = set(body) - _GEMINI_REQUEST_FIELDS
    config = _camel(body.get("generationConfig") or {})
    unknown |= set(config) - _GEMINI_CONFIG_FIELDS
    if unknown:
        return f"Invalid JSON payload received. Unknown name {sorted(unknown)[0]!r}: Cannot find field."
    thinking = _camel(config.get("thinkingConfig") or {})
    if set(thinking) - {"thinkingLevel", "thinkingBudget", "includeThoughts"}:
        return "Invalid JSON payload received. Unknown name in thinkingConfig."
    if "thinkingLevel" in thinking and "thinkingBudget" in thinking:
        return "thinking_budget and thinking_level are not supported together."
    if model.startswith("gemini-3"):
        sampling = _GEMINI_3_REFUSED & set(config)
        if sampling:
            return f"{sorted(sampling)[0]} is not supported for {model}; use thinkingConfig.thinkingLevel."
        level = thinking.get("thinkingLevel")
        if level is not None and level not in _GEMINI_3_FLASH_LEVELS:
            return f"Thinking level {level} is not supported for {model}."
    return None


def _gemini_error(message: str):
    return json_reply(400, {"error": {"code": 400, "message": message, "status": "INVALID_ARGUMENT"}})


# OpenAI's chat/completions request fields that Ollama, vLLM and llama.cpp's servers all accept. vLLM and
# llama.cpp validate types and ranges and answer 400; unknown fields are not portable across the three.
_OPENAI_FIELDS = {
    "model", "messages", "temperature", "top_p", "max_tokens", "stop", "seed", "stream", "response_format",
    "frequency_penalty", "presence_penalty",
}  # fmt: skip


def openai_refusal(body: dict) -> str | None:
    """Why an OpenAI-compatible server (Ollama, vLLM, llama.cpp) would refuse this chat completion, or None."""
    unknown = set(body) - _OPENAI_FIELDS
    if unknown:
        return f"Unrecognized request argument supplied: {sorted(unknown)[0]}"
    if not isinstance(body.get("model"), str) or not body.get("messages"):
        return "'model' and 'messages' are required"
    if any(m.get("role") not in ("system", "user", "assistant") for m in body["messages"]):
        return "messages: unknown role"
    temperature = body.get("temperature", 1.0)
    if not isinstance(temperature, (int, float)) or not 0 <= temperature <= 2:
        return "temperature must be between 0 and 2"
    response_format = body.get("response_format")
    if response_format is not None:
        if response_format.get("type") != "json_schema":
            return "response_format.type must be json_schema here"
        schema = response_format.get("json_schema") or {}
        # OpenAI and vLLM require the name; vLLM and llama.cpp need the schema under json_schema.schema.
        if not isinstance(schema.get("name"), str) or not isinstance(schema.get("schema"), dict):
            return "response_format.json_schema needs 'name' and 'schema'"
    return None


class HeldModel:
    """A behaviour that holds every request until ``release()``: a job waiting on its model is a job caught
    mid-task for as long as a test needs, with no race against the clock."""

    def __init__(self) -> None:
        self._asked = threading.Event()
        self._released = threading.Event()

    def __call__(self, request: RecordedRequest, prompt: str) -> None:
        self._asked.set()
        self._released.wait(HOLD_GUARD_SECONDS)
        return None  # then answer as usual

    async def asked(self) -> None:
        """Returns once a job has asked the model (and is waiting for it)."""
        assert await asyncio.to_thread(self._asked.wait, HOLD_GUARD_SECONDS), "no job asked the model"

    def release(self) -> None:
        self._released.set()


# Only so that a test that never releases cannot hang the run; no test relies on it.
HOLD_GUARD_SECONDS = 600


def gemini_server(*, delay: float = 0.0, behave: Behaviour | None = None) -> LocalHttpServer:
    """POST /v1beta/models/{model}:generateContent, as Google's Generative Language API."""

    def respond(request: RecordedRequest):
        body = request.json()
        refusal = gemini_refusal(request.path, body)
        if refusal is not None:
            return _gemini_error(refusal)
        prompt = body["contents"][0]["parts"][0]["text"]
        if behave is not None:
            special = behave(request, prompt)
            if special is not None:
                return special
        time.sleep(delay)
        text = json.dumps(answer(prompt))
        return json_reply(
            200,
            {
                "candidates": [
                    {"content": {"role": "model", "parts": [{"text": text}]}, "finishReason": "STOP", "index": 0}
                ],
                "usageMetadata": {
                    "promptTokenCount": len(prompt) // 4,
                    "candidatesTokenCount": len(text) // 4,
                    "totalTokenCount": (len(prompt) + len(text)) // 4,
                },
                "modelVersion": request.path.split("/models/", 1)[-1].split(":", 1)[0],
            },
        )

    return LocalHttpServer(respond)


def gemini(tmp_path: Path, server: LocalHttpServer, **overrides: Any) -> GeminiEngine:
    """The Gemini engine, with test settings in ``tmp_path``, talking to ``server`` (a ``gemini_server``)."""
    settings = make_settings(
        tmp_path, ai_provider="gemini", google_ai_api_key="test-key-123", gemini_base_url=server.url, **overrides
    )
    return GeminiEngine(settings)


def openai_server(*, behave: Behaviour | None = None) -> LocalHttpServer:
    """POST /v1/chat/completions, as OpenAI's Chat Completions API (and Ollama, vLLM, llama.cpp)."""

    def respond(request: RecordedRequest):
        body = request.json()
        refusal = openai_refusal(body)
        if refusal is not None:
            return json_reply(400, {"error": {"message": refusal, "type": "invalid_request_error", "code": 400}})
        prompt = body["messages"][-1]["content"]
        if behave is not None:
            special = behave(request, prompt)
            if special is not None:
                return special
        text = json.dumps(answer(prompt))
        return json_reply(
            200,
            {
                "id": "chatcmpl-1",
                "object": "chat.completion",
                "model": body["model"],
                "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
                "usage": {
                    "prompt_tokens": len(prompt) // 4,
                    "completion_tokens": len(text) // 4,
                    "total_tokens": (len(prompt) + len(text)) // 4,
                },
            },
        )

    return LocalHttpServer(respond)
