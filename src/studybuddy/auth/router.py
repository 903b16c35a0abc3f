"""/api/v1/auth: the spec's four endpoints, password reset and signing out everywhere."""

from __future__ import annotations

from fastapi import APIRouter, Request, status

from studybuddy.disconnects import unless_client_leaves
from studybuddy.errors import error_responses
from studybuddy.ratelimit import RateLimiterDep, limit_per_client
from studybuddy.responses import MessageResponse

from .deps import AuthServiceDep, CurrentUser
from .schemas import (
    AuthResponse,
    LoginRequest,
    RegisterRequest,
    ResetPasswordRequest,
    SendOtpRequest,
    SendOtpResponse,
    UserSummary,
    VerifyOtpRequest,
    VerifyOtpResponse,
)
from .users import User

router = APIRouter(prefix="/auth", tags=["auth"])

_otp_limit = limit_per_client("send-otp", "5/minute", "Too many OTP requests from this address; wait a minute.")
_guess_limit = limit_per_client("otp-check", "20/minute", "Too many attempts from this address; wait a minute.")
_login_limit = limit_per_client("login", "20/minute", "Too many sign-in attempts from this address; wait a minute.")


def _auth_response(user: User, token: str) -> AuthResponse:
    return AuthResponse(user=UserSummary(id=user.id, mobile=user.mobile), access_token=token)


@router.post(
    "/send-otp",
    response_model=SendOtpResponse,
    summary="Send an OTP by SMS",
    dependencies=[_otp_limit],
    responses=error_responses(422, 429, 503),
)
async def send_otp(body: SendOtpRequest, auth: AuthServiceDep) -> SendOtpResponse:
    """Sends a one-time code to the mobile (purpose ``register`` by default, or ``reset`` for a password reset).
    The answer is the same whether or not the number has an account."""
    await auth.send_otp(body.mobile, body.purpose)
    return SendOtpResponse(message="OTP sent successfully", expires_in=auth.otp.expires_in_seconds)


@router.post(
    "/verify-otp",
    response_model=VerifyOtpResponse,
    summary="Check an OTP",
    dependencies=[_guess_limit],
    responses=error_responses(400, 422, 429),
)
async def verify_otp(body: VerifyOtpRequest, auth: AuthServiceDep) -> VerifyOtpResponse:
    """Confirms the code; it stays usable once by ``register`` (or ``reset-password``) within its lifetime."""
    await auth.verify_otp(body.mobile, body.otp, body.purpose)
    return VerifyOtpResponse(message="OTP verified successfully", valid=True)


@router.post(
    "/register",
    response_model=AuthResponse,
    status_code=status.HTTP_201_CREATED,
    summary="Create an account",
    dependencies=[_guess_limit],
    responses=error_responses(400, 409, 422, 429, 503),
)
async def register(request: Request, body: RegisterRequest, auth: AuthServiceDep) -> AuthResponse:
    """Creates the account with the OTP sent for ``register`` and returns an access token."""
    user, token = await unless_client_leaves(request, auth.register(body.mobile, body.password, body.otp))
    return _auth_response(user, token)


@router.post(
    "/login",
    response_model=AuthResponse,
    summary="Sign in",
    dependencies=[_login_limit],
    responses=error_responses(401, 422, 429, 503),
)
async def login(request: Request, body: LoginRequest, auth: AuthServiceDep, limiter: RateLimiterDep) -> AuthResponse:
    """Returns a new access token. After five wrong passwords for a number from one address, that address waits
    1, 2, 4 ... seconds between tries (429 with ``Retry-After``); other addresses, the owner's, are not slowed.
    When more students sign in at once than the server can check, the excess gets 503 with ``Retry-After``."""
    address = limiter.client_ip(request)
    user, token = await unless_client_leaves(request, auth.login(body.mobile, body.password, address))
    return _auth_response(user, token)


@router.post(
    "/reset-password",
    response_model=MessageResponse,
    summary="Reset a forgotten password",
    dependencies=[_guess_limit],
    responses=error_responses(400, 422, 429, 503),
)
async def reset_password(request: Request, body: ResetPasswordRequest, auth: AuthServiceDep) -> MessageResponse:
    """Sets a new password with an OTP sent for ``reset``; every older token stops working."""
    await unless_client_leaves(request, auth.reset_password(body.mobile, body.otp, body.new_password))
    return MessageResponse(message="Password updated. Sign in with your new password.")


@router.post(
    "/logout", response_model=MessageResponse, summary="Sign out on every device", responses=error_responses(401)
)
async def logout(user: CurrentUser, auth: AuthServiceDep) -> MessageResponse:
    """Ends every access token issued so far; sign in again to get a new one."""
    await auth.sign_out_everywhere(user)
    return MessageResponse(message="Signed out on every device.")
