"""Bodies of /upload/ and /text-input/ (the spec's shapes)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, Field, StrictStr


def _no_lone_surrogates(value: str) -> str:
    # JSON may carry "\\ud800" alone; Python keeps it, and it fails later when the text is stored as UTF-8.
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(
            "contains an invalid character (a lone UTF-16 surrogate); copy the text again from its source"
        ) from None
    return value


class UploadResponse(BaseModel):
    session_id: str
    message: str
    files_count: int
    processing_started: Literal[True] = True


class TextInputRequest(BaseModel):
    text: Annotated[
        StrictStr,
        Field(
            # Something besides white space and control characters, which are dropped (a stray NUL included).
            pattern=r"[^\s\x00-\x08\x0e-\x1f\x7f]",
            description="The study material; at most MAX_TEXT_CHARS (500,000) characters",
        ),
        AfterValidator(_no_lone_surrogates),
    ]
    session_name: Annotated[StrictStr, Field(max_length=120), AfterValidator(_no_lone_surrogates)] | None = None


class TextInputResponse(BaseModel):
    session_id: str
    message: str
    processing_started: Literal[True] = True
