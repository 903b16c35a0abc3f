"""Sign-up, sign-in, password reset and the profile: the rules, independent of HTTP."""

from __future__ import annotations

import logging
import math
import uuid
from dataclasses import dataclass
from datetime import timedelta

from studybuddy.clock import Clock
from studybuddy.config import SignInSettings
from studybuddy.errors import AuthenticationError, ConflictError, RateLimitedError, ValidationError
from studybuddy.logs import mask_mobile

from .otp import OtpPurpose, OtpService
from .passwords import PasswordHasher, WeakPasswordError, check_password_policy
from .repository import LoginGuardRepository, MobileTakenError, UserRepository
from .tokens import TokenService
from .users import User

logger = logging.getLogger(__name__)

INVALID_CREDENTIALS = "Invalid mobile or password"
ALREADY_REGISTERED_SMS = (
    "This number already has a Study Buddy account. If you forgot your password, use 'Forgot password' to reset it."
)


class SignInThrottledError(RateLimitedError):
    pass


def _policy(password: str) -> str:
    try:
        return check_password_policy(password)
    except WeakPasswordError as exc:
        raise ValidationError(f"Password not accepted: {exc}.") from None


@dataclass
class AuthService:
    users: UserRepository
    guards: LoginGuardRepository
    otp: OtpService
    hasher: PasswordHasher
    tokens: TokenService
    clock: Clock
    settings: SignInSettings

    async def send_otp(self, mobile: str, purpose: OtpPurpose) -> None:
        """Send a code. The answer is the same whether or not the number has an account (no enumeration):
        a registered number asking to register gets a notice instead of a code; an unknown number asking to
        reset gets nothing."""
        user = await self.users.by_mobile(mobile)
        if purpose is OtpPurpose.REGISTER and user is not None:
            await self.otp.send(mobile, purpose, message=ALREADY_REGISTERED_SMS)
        elif purpose is OtpPurpose.RESET and user is None:
            await self.otp.send(mobile, purpose, deliver=False)
        else:
            await self.otp.send(mobile, purpose)
        logger.info("OTP requested for %s (%s)", mask_mobile(mobile), purpose)

    async def verify_otp(self, mobile: str, code: str, purpose: OtpPurpose) -> None:
        await self.otp.check(mobile, purpose, code, consume=False)

    async def register(self, mobile: str, password: str, code: str) -> tuple[User, str]:
        _policy(password)  # before the code is used up, so a weak password costs the student nothing
        # Hashed before the code is used up too: a sign-up shed in a storm (503) or abandoned keeps its code.
        password_hash = await self.hasher.hash(password)
        await self.otp.check(mobile, OtpPurpose.REGISTER, code, consume=True)
        user = User(
            id=uuid.uuid4().hex,
            mobile=mobile,
            password_hash=password_hash,
            created_at=self.clock.now(),
        )
        try:
            await self.users.add(user)
        except MobileTakenError:
            raise ConflictError("This mobile number is already registered: sign in or reset your password.") from None
        logger.info("registered user %s", user.id)
        return user, self.tokens.issue(user.id, user.token_version)

    async def login(self, mobile: str, password: str, address: str = "unknown") -> tuple[User, str]:
        """Sign in. Failures are throttled per (number, address): after LOGIN_MAX_FAILURES wrong passwords from
        one address, that address waits 1, 2, 4 ... seconds (at most LOGIN_LOCKOUT_MINUTES) between tries for that
        number, whatever password it sends. Nobody elsewhere can lock the owner out: her phone is another address.

        Follows OWASP ASVS 5.0 6.3.1 [4.0.3 2.2.1] (brute force and credential stuffing slowed by ever increasing
        delays, not by an account lockout that attackers can trigger), 6.1.1 (the limits documented: README), and
        6.3.8 (the same answer and timing for unknown numbers: a dummy hash is checked)."""
        now = self.clock.now()
        guard = await self.guards.get(mobile, address)
        if guard and guard.retry_at and guard.retry_at > now:
            wait = guard.retry_at - now
            raise SignInThrottledError(
                "Too many failed sign-ins for this number from here. Wait a little before trying again, "
                "or reset your password.",
                math.ceil(wait.total_seconds()),
            )
        user = await self.users.by_mobile(mobile)
        matches = await self.hasher.verify(password, user.password_hash if user else None)
        if not matches or user is None or not user.is_active:
            await self._record_failure(mobile, address)
            logger.info("failed sign-in for %s", mask_mobile(mobile))
            raise AuthenticationError(INVALID_CREDENTIALS)
        if guard:
            await self.guards.forget(mobile, address)
        return user, self.tokens.issue(user.id, user.token_version)

    async def _record_failure(self, mobile: str, address: str) -> None:
        beyond = await self.guards.count_failure(mobile, address) - self.settings.login_max_failures
        if beyond >= 0:
            delay = min(2.0**beyond, self.settings.login_lockout_minutes * 60.0)
            await self.guards.slow_down(mobile, address, self.clock.now() + timedelta(seconds=delay))
            logger.warning("sign-in for %s slowed for %.0f s after repeated failures", mask_mobile(mobile), delay)

    async def reset_password(self, mobile: str, code: str, new_password: str) -> None:
        _policy(new_password)
        password_hash = await self.hasher.hash(new_password)  # before the code is used up (see register)
        await self.otp.check(mobile, OtpPurpose.RESET, code, consume=True)
        if not await self.users.set_password(mobile, password_hash):
            raise AuthenticationError(INVALID_CREDENTIALS)  # a reset code is only ever sent to a registered number
        await self.guards.clear(mobile)

    async def user_for_token(self, token: str) -> User:
        claims = self.tokens.read(token)
        user = await self.users.by_id(claims.user_id)
        if user is None:
            raise AuthenticationError("This account no longer exists")
        if not user.is_active or user.token_version != claims.version:
            raise AuthenticationError("Your session has ended: sign in again")
        return user

    async def sign_out_everywhere(self, user: User) -> None:
        """Every token issued so far stops working (this device's too)."""
        await self.users.end_tokens(user.id)
