"""A stand-in language model for tests: answers each task from the material in its prompt, grounded like a good
model would be, and local HTTP servers that speak the Gemini and OpenAI REST APIs around it."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable

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


def gemini_server(*, delay: float = 0.0, behave: Behaviour | None = None) -> LocalHttpServer:
    """POST /v1beta/models/{model}:generateContent, as Google's Generative Language API."""

    def respond(request: RecordedRequest):
        body = request.json()
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
                "modelVersion": "gemini-3.6-flash",
            },
        )

    return LocalHttpServer(respond)


def openai_server(*, behave: Behaviour | None = None) -> LocalHttpServer:
    """POST /v1/chat/completions, as OpenAI's Chat Completions API (and Ollama, vLLM, llama.cpp)."""

    def respond(request: RecordedRequest):
        body = request.json()
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
