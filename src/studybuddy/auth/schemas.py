"""Request and response bodies of /auth (the spec's field names, strictly typed)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictStr

from .mobile import Mobile
from .otp import OtpPurpose

OtpCode = Annotated[StrictStr, Field(pattern=r"^\d{4,10}$", description="The digits from the SMS")]
Password = Annotated[StrictStr, Field(min_length=1, max_length=256)]


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
    password: Password
    otp: OtpCode


class LoginRequest(StrictBody):
    mobile: Mobile = Field(examples=["9876543210"])
    password: Password


class ResetPasswordRequest(StrictBody):
    mobile: Mobile
    otp: OtpCode
    new_password: Password


class UserSummary(BaseModel):
    id: str
    mobile: str


class AuthResponse(BaseModel):
    user: UserSummary
    access_token: str
    token_type: Literal["bearer"] = "bearer"
