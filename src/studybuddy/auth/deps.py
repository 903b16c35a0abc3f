"""``AuthServiceDep`` and ``CurrentUser``: the signed-in student, or a 401 envelope."""

from __future__ import annotations

from typing import Annotated, Protocol

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from studybuddy.clock import Clock
from studybuddy.config import Settings
from studybuddy.errors import AuthenticationError
from studybuddy.store import Store

from .otp import OtpService
from .passwords import PasswordHasher
from .repository import LoginGuardRepository, OtpRepository, UserRepository
from .service import AuthService
from .sms import SmsSender
from .tokens import TokenService
from .users import User

_bearer = HTTPBearer(auto_error=False, description="The access_token from register or login")


class AuthAdapters(Protocol):
    settings: Settings
    store: Store
    clock: Clock
    sms: SmsSender
    hasher: PasswordHasher
    tokens: TokenService
    otp_secret: bytes


def auth_service(adapters: AuthAdapters) -> AuthService:
    otp = OtpService(
        codes=OtpRepository(adapters.store),
        sms=adapters.sms,
        clock=adapters.clock,
        settings=adapters.settings.otp,
        secret=adapters.otp_secret,
    )
    return AuthService(
        users=UserRepository(adapters.store),
        guards=LoginGuardRepository(adapters.store),
        otp=otp,
        hasher=adapters.hasher,
        tokens=adapters.tokens,
        clock=adapters.clock,
        settings=adapters.settings.sign_in,
    )


def get_auth_service(request: Request) -> AuthService:
    return auth_service(request.app.state.context)


AuthServiceDep = Annotated[AuthService, Depends(get_auth_service)]


def get_hasher(request: Request) -> PasswordHasher:
    adapters: AuthAdapters = request.app.state.context
    return adapters.hasher


HasherDep = Annotated[PasswordHasher, Depends(get_hasher)]


async def get_current_user(
    auth: AuthServiceDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> User:
    if credentials is None or credentials.scheme.lower() != "bearer" or not credentials.credentials:
        raise AuthenticationError("Not signed in: send the access token as 'Authorization: Bearer <token>'")
    return await auth.user_for_token(credentials.credentials)


CurrentUser = Annotated[User, Depends(get_current_user)]
