"""``CurrentUser``: the signed-in student, or a 401 envelope."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from studybuddy.deps import ContextDep
from studybuddy.errors import AuthenticationError

from .otp import OtpService
from .service import AuthService
from .users import User

_bearer = HTTPBearer(auto_error=False, description="The access_token from register or login")


def get_auth_service(context: ContextDep) -> AuthService:
    otp = OtpService(
        store=context.store,
        sms=context.sms,
        clock=context.clock,
        settings=context.settings,
        secret=context.otp_secret,
    )
    return AuthService(
        store=context.store,
        otp=otp,
        hasher=context.hasher,
        tokens=context.tokens,
        clock=context.clock,
        settings=context.settings,
    )


AuthServiceDep = Annotated[AuthService, Depends(get_auth_service)]


async def get_current_user(
    auth: AuthServiceDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> User:
    if credentials is None or credentials.scheme.lower() != "bearer" or not credentials.credentials:
        raise AuthenticationError("Not signed in: send the access token as 'Authorization: Bearer <token>'")
    return await auth.user_for_token(credentials.credentials)


CurrentUser = Annotated[User, Depends(get_current_user)]
