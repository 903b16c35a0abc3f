"""Bodies of /upload/ and /text-input/ (the spec's shapes)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field, StrictStr


class UploadResponse(BaseModel):
    session_id: str
    message: str
    files_count: int
    processing_started: Literal[True] = True


class TextInputRequest(BaseModel):
    text: StrictStr
    session_name: Annotated[StrictStr, Field(max_length=500)] | None = None


class TextInputResponse(BaseModel):
    session_id: str
    message: str
    processing_started: Literal[True] = True
