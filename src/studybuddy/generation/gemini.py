"""Google Gemini through the official google-genai SDK (google-generativeai, which the spec names, is deprecated).

Structured output (JSON schema from our Pydantic models), GENAI_MODEL, a thinking level (GEMINI_THINKING_LEVEL)
and no sampling parameters for Gemini 3 models, GEMINI_BASE_URL passed to the SDK's HTTP
options (tests point it at a local server that speaks the Gemini REST API), the SDK's retries with exponential
backoff on 408/429/5xx, a timeout per request, and token usage from ``usage_metadata``.
"""

from __future__ import annotations

import re

from studybuddy.config import Settings
from studybuddy.errors import AIServiceError

from .llm import LlmEngine, MalformedResponse, Schema, parse_json

RETRY_STATUSES = [408, 429, 500, 502, 503, 504]


def is_gemini_3(model: str) -> bool:
    """Gemini 3.x models ("gemini-3.7-flash", "models/gemini-3.1-flash-lite"), which take a thinking level."""
    return re.match(r"^(?:models/)?gemini-3(?:[.-]|$)", model) is not None


class GeminiEngine(LlmEngine):
    name = "gemini"

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings, settings.genai_model)
        from google import genai  # imported here, not on the event loop mid-request (it takes ~1 s)

        self._genai = genai
        self._clients: dict[int, object] = {}

    def _client(self):
        """One client per event loop: its async HTTP client (and TLS setup) belongs to the loop it was made on,
        and a Celery task runs each job on a loop of its own."""
        import asyncio

        from google.genai import types

        loop = asyncio.get_running_loop()
        client = self._clients.get(id(loop))
        if client is None:
            options = types.HttpOptions(
                base_url=self.settings.gemini_base_url or None,
                api_version="v1beta",
                timeout=int(self.settings.ai_timeout_seconds * 1000),
                retry_options=types.HttpRetryOptions(
                    attempts=self.settings.ai_max_retries + 1,
                    initial_delay=0.5,
                    max_delay=8.0,
                    exp_base=2,
                    http_status_codes=RETRY_STATUSES,
                ),
            )
            client = self._genai.Client(api_key=self.settings.google_ai_api_key, http_options=options)
            self._clients = {id(loop): client}  # an engine serves one loop at a time
        return client

    async def complete(self, system: str, user: str, schema: type[Schema]) -> tuple[Schema, dict[str, int]]:
        from google.genai import errors, types

        client = self._client()
        config = types.GenerateContentConfig(
            system_instruction=system,
            response_mime_type="application/json",
            response_schema=schema,
            **self._reasoning(types),
        )
        try:
            response = await client.aio.models.generate_content(model=self.model, contents=user, config=config)
        except errors.APIError as exc:
            raise AIServiceError(f"Gemini refused the request ({exc.code}); please try again later.") from exc
        except Exception as exc:  # timeouts and connection errors, after the SDK's retries
            raise AIServiceError(f"Gemini could not be reached ({type(exc).__name__}).") from exc
        parsed = response.parsed if isinstance(response.parsed, schema) else None
        if parsed is None:
            if not response.text:
                raise MalformedResponse("empty answer")
            parsed = parse_json(response.text, schema)
        meta = response.usage_metadata
        usage = {
            "prompt_tokens": (meta.prompt_token_count or 0) if meta else 0,
            "output_tokens": (meta.candidates_token_count or 0) if meta else 0,
            "total_tokens": (meta.total_token_count or 0) if meta else 0,
        }
        return parsed, usage

    def _reasoning(self, types) -> dict[str, object]:
        """Gemini 3 models take no sampling parameters (Google: custom temperature, top-k and top-p are ignored,
        and low temperatures can make them loop) and are steered by a thinking level instead. Older models,
        should one be configured, keep the low temperature that suited them."""
        if is_gemini_3(self.model):
            level = types.ThinkingLevel(self.settings.gemini_thinking_level.upper())
            return {"thinking_config": types.ThinkingConfig(thinking_level=level)}
        return {"temperature": 0.3}

    async def ping(self) -> tuple[bool, str | None]:
        if not self.settings.google_ai_api_key:
            return False, "GOOGLE_AI_API_KEY is not set"
        return True, None
