"""Request and response bodies of /auth (the spec's field names, strictly typed)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictStr

from .mobile import Mobile
from .otp import OtpPurpose

OtpCode = Annotated[StrictStr, Field(pattern=r"^\d{4,10}$", description="The digits from the SMS")]
Password = Annotated[StrictStr, Field(min_length=1, max_length=256)]
# The policy (passwords.check_password_policy) judges and words the refusal; the schema states it for clients.
NewPassword = Annotated[
    StrictStr,
    Field(
        min_length=1,
        max_length=256,
        json_schema_extra={
            "minLength": 8,
            "maxLength": 72,
            "description": "8 or more characters, at most 72 bytes in UTF-8 (fewer letters with accents or emoji); "
            "any characters; common passwords are refused",
        },
    ),
]


class StrictBody(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=False)


class SendOtpRequest(StrictBody):
    mobile: Mobile = Field(examples=["9876543210"])
    purpose: OtpPurpose = OtpPurpose.REGISTER


class SendOtpResponse(BaseModel):
    message: str
    expires_in: int


class VerifyOtpRequest(StrictBody):
    mobile: Mobile = Field(examples=["9876543210"])
    otp: OtpCode
    purpose: OtpPurpose = OtpPurpose.REGISTER


class VerifyOtpResponse(BaseModel):
    message: str
    valid: bool


class RegisterRequest(StrictBody):
    mobile: Mobile = Field(examples=["9876543210"])
    password: NewPassword
    otp: OtpCode


class LoginRequest(StrictBody):
    mobile: Mobile = Field(examples=["9876543210"])
    password: Password


class ResetPasswordRequest(StrictBody):
    mobile: Mobile
    otp: OtpCode
    new_password: NewPassword


class UserSummary(BaseModel):
    id: str
    mobile: str


class AuthResponse(BaseModel):
    user: UserSummary
    access_token: str
    token_type: Literal["bearer"] = "bearer"
