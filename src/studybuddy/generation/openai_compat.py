"""Any OpenAI-compatible chat API (Ollama, vLLM, llama.cpp server, hosted ones): the same prompts and validation.

POST {OPENAI_BASE_URL}/chat/completions with a JSON-schema response format; retries with exponential backoff on
429, 5xx and timeouts (honouring Retry-After), via tenacity.
"""

from __future__ import annotations

import httpx
from tenacity import AsyncRetrying, retry_if_exception, stop_after_attempt, wait_exponential

from studybuddy.config import Settings
from studybuddy.errors import AIServiceError

from .llm import LlmEngine, MalformedResponse, Schema, parse_json


class _Retryable(Exception):
    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def _wait(state) -> float:
    exc = state.outcome.exception() if state.outcome else None
    backoff = wait_exponential(multiplier=0.5, max=8)(state)
    if isinstance(exc, _Retryable) and exc.retry_after is not None:
        return min(30.0, max(backoff, exc.retry_after))
    return backoff


class OpenAICompatibleEngine(LlmEngine):
    name = "openai"

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings, settings.openai_model)

    async def _post(self, http: httpx.AsyncClient, body: dict) -> dict:
        headers = {"Authorization": f"Bearer {self.settings.openai_api_key}"} if self.settings.openai_api_key else {}
        try:
            response = await http.post("chat/completions", json=body, headers=headers)
        except httpx.TimeoutException as exc:
            raise _Retryable("timed out") from exc
        except httpx.TransportError as exc:
            raise _Retryable(f"unreachable: {type(exc).__name__}") from exc
        if response.status_code == 429 or response.status_code >= 500:
            retry_after = response.headers.get("retry-after")
            raise _Retryable(
                f"HTTP {response.status_code}", float(retry_after) if retry_after and retry_after.isdigit() else None
            )
        if response.status_code >= 400:
            raise AIServiceError(f"The AI server refused the request (HTTP {response.status_code}).")
        try:
            return response.json()
        except ValueError as exc:
            raise MalformedResponse("the server's answer is not JSON") from exc

    async def complete(self, system: str, user: str, schema: type[Schema]) -> tuple[Schema, dict[str, int]]:
        # Only fields that Ollama, vLLM and llama.cpp's servers all accept on /v1/chat/completions: a sampling
        # temperature (these serve open models that do take one), and the OpenAI json_schema response format
        # with its required name (vLLM) and the schema under json_schema.schema (vLLM, llama.cpp, Ollama).
        body = {
            "model": self.model,
            "temperature": 0.3,
            "messages": [{"role": "system", "content": system}, {"role": "user", "content": user}],
            "response_format": {
                "type": "json_schema",
                "json_schema": {"name": schema.__name__, "schema": schema.model_json_schema()},
            },
        }
        base = self.settings.openai_base_url.rstrip("/") + "/"
        async with httpx.AsyncClient(base_url=base, timeout=self.settings.ai_timeout_seconds) as http:
            try:
                async for attempt in AsyncRetrying(
                    retry=retry_if_exception(lambda e: isinstance(e, _Retryable)),
                    stop=stop_after_attempt(self.settings.ai_max_retries + 1),
                    wait=_wait,
                    reraise=True,
                ):
                    with attempt:
                        payload = await self._post(http, body)
            except _Retryable as exc:
                raise AIServiceError(f"The AI server kept failing ({exc}); please try again later.") from exc
        try:
            content = payload["choices"][0]["message"]["content"]
        except (KeyError, IndexError, TypeError) as exc:
            raise MalformedResponse("no message in the answer") from exc
        usage = payload.get("usage") or {}
        tokens = {
            "prompt_tokens": int(usage.get("prompt_tokens", 0)),
            "output_tokens": int(usage.get("completion_tokens", 0)),
            "total_tokens": int(usage.get("total_tokens", 0)),
        }
        return parse_json(content or "", schema), tokens
