"""Bodies of /users/me."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, EmailStr, Field, StrictBool, StrictStr

from studybuddy.auth.schemas import Password, StrictBody
from studybuddy.clock import UtcDatetime


class UserRead(BaseModel):
    id: str
    mobile: str
    name: str | None = None
    email: str | None = None
    notify_on_completion: bool = True
    notify_on_error: bool = True
    created_at: UtcDatetime


class UserUpdate(StrictBody):
    name: Annotated[StrictStr, Field(min_length=1, max_length=100)] | None = None
    email: EmailStr | None = None
    notify_on_completion: StrictBool | None = None
    notify_on_error: StrictBool | None = None


class DeleteAccountRequest(StrictBody):
    password: Password
