"""The user record as the service sees it."""

from __future__ import annotations

from pydantic import BaseModel

from studybuddy.clock import UtcDatetime


class User(BaseModel):
    id: str
    mobile: str
    password_hash: str
    created_at: UtcDatetime
    is_active: bool = True
    token_version: int = 0
    name: str | None = None
    email: str | None = None
    notify_on_completion: bool = True
    notify_on_error: bool = True
