"""Access tokens: PyJWT, HS256 by default, claims sub/iat/exp/jti plus the user's token version.

Expiry is checked against the service's clock (so it is testable without sleeping). Raising the user's
``token_version`` (password reset, sign-out everywhere) ends every older token.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

import jwt

from studybuddy.clock import Clock
from studybuddy.errors import AuthenticationError

TOKEN_TYPE = "access"


@dataclass(frozen=True)
class TokenClaims:
    user_id: str
    version: int
    jti: str


@dataclass
class TokenService:
    secret: str
    algorithm: str
    expiry_hours: int
    clock: Clock

    def issue(self, user_id: str, version: int) -> str:
        now = self.clock.now()
        claims = {
            "sub": user_id,
            "iat": int(now.timestamp()),
            "nbf": int(now.timestamp()),
            "exp": int((now + timedelta(hours=self.expiry_hours)).timestamp()),
            "jti": uuid.uuid4().hex,
            "typ": TOKEN_TYPE,
            "ver": version,
        }
        return jwt.encode(claims, self.secret, algorithm=self.algorithm)

    def read(self, token: str) -> TokenClaims:
        """The claims of a valid token; AuthenticationError for anything forged, expired or malformed."""
        try:
            # The algorithm list is fixed: "none" and other algorithms are refused; jku/x5u/jwk headers unused.
            claims = jwt.decode(
                token,
                self.secret,
                algorithms=[self.algorithm],
                options={
                    "require": ["sub", "iat", "exp", "jti"],
                    "verify_exp": False,  # checked below against the injected clock
                    "verify_nbf": False,
                    "verify_iat": False,
                },
            )
        except jwt.PyJWTError:
            raise AuthenticationError("Invalid token: sign in again") from None
        now = self.clock.now().timestamp()
        if not isinstance(claims.get("exp"), int) or claims["exp"] <= now:
            raise AuthenticationError("Your session has expired: sign in again")
        if isinstance(claims.get("nbf"), int) and claims["nbf"] > now + 30:
            raise AuthenticationError("Invalid token: sign in again")
        if claims.get("typ", TOKEN_TYPE) != TOKEN_TYPE or not isinstance(claims.get("sub"), str):
            raise AuthenticationError("Invalid token: sign in again")
        version = claims.get("ver", 0)
        if not isinstance(version, int):
            raise AuthenticationError("Invalid token: sign in again")
        return TokenClaims(user_id=claims["sub"], version=version, jti=str(claims["jti"]))
