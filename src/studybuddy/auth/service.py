"""Sign-up, sign-in, password reset and the profile: the rules, independent of HTTP."""

from __future__ import annotations

import logging
import math
import uuid
from dataclasses import dataclass
from datetime import timedelta

from studybuddy.clock import Clock, parse_utc, utc_iso
from studybuddy.config import Settings
from studybuddy.errors import (
    AuthenticationError,
    ConflictError,
    PermissionDeniedError,
    RateLimitedError,
    ValidationError,
)
from studybuddy.files import FileStorage
from studybuddy.logs import mask_mobile
from studybuddy.sessions.erasure import erase_user_data
from studybuddy.store import DuplicateKeyError, Store
from studybuddy.store.schema import LOGIN_GUARDS, OTPS, USERS

from .otp import OtpPurpose, OtpService
from .passwords import PasswordHasher, WeakPasswordError, check_password_policy
from .schemas import UserUpdate
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
    store: Store
    otp: OtpService
    hasher: PasswordHasher
    tokens: TokenService
    clock: Clock
    settings: Settings

    async def _user_by_mobile(self, mobile: str) -> User | None:
        doc = await self.store.collection(USERS).get({"mobile": mobile})
        return User.model_validate(doc) if doc else None

    async def send_otp(self, mobile: str, purpose: OtpPurpose) -> None:
        """Send a code. The answer is the same whether or not the number has an account (no enumeration):
        a registered number asking to register gets a notice instead of a code; an unknown number asking to
        reset gets nothing."""
        user = await self._user_by_mobile(mobile)
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
        await self.otp.check(mobile, OtpPurpose.REGISTER, code, consume=True)
        user = User(
            id=uuid.uuid4().hex,
            mobile=mobile,
            password_hash=await self.hasher.hash(password),
            created_at=self.clock.now(),
        )
        try:
            await self.store.collection(USERS).insert(user.to_doc())
        except DuplicateKeyError:
            raise ConflictError("This mobile number is already registered: sign in or reset your password.") from None
        logger.info("registered user %s", user.id)
        return user, self.tokens.issue(user.id, user.token_version)

    async def login(self, mobile: str, password: str, address: str = "unknown") -> tuple[User, str]:
        """Sign in. Failures are throttled per (number, address): after LOGIN_MAX_FAILURES wrong passwords from
        one address, that address waits 1, 2, 4 ... seconds (at most LOGIN_LOCKOUT_MINUTES) between tries for that
        number. Nobody elsewhere can lock the owner out: her own phone or Wi-Fi is another address.

        Follows OWASP ASVS 5.0 6.3.1 [4.0.3 2.2.1] (brute force and credential stuffing slowed by ever increasing
        delays, not by account lockout that attackers can trigger), 6.1.1 (the limits documented: README), and
        6.3.8 (the same answer and timing for unknown numbers: a dummy hash is checked)."""
        guards = self.store.collection(LOGIN_GUARDS)
        key = f"{mobile}|{address}"
        now = self.clock.now()
        guard = await guards.get({"id": key})
        if guard and guard.get("retry_at") and parse_utc(guard["retry_at"]) > now:
            wait = parse_utc(guard["retry_at"]) - now
            raise SignInThrottledError(
                "Too many failed sign-ins for this number from here. Wait a little before trying again, "
                "or reset your password.",
                math.ceil(wait.total_seconds()),
            )
        user = await self._user_by_mobile(mobile)
        matches = await self.hasher.verify(password, user.password_hash if user else None)
        if not matches or user is None or not user.is_active:
            await self._record_failure(mobile, key)
            logger.info("failed sign-in for %s", mask_mobile(mobile))
            raise AuthenticationError(INVALID_CREDENTIALS)
        if guard:
            await guards.delete({"id": key})
        return user, self.tokens.issue(user.id, user.token_version)

    async def _record_failure(self, mobile: str, key: str) -> None:
        guards = self.store.collection(LOGIN_GUARDS)
        guard = await guards.find_one_and_update({"id": key}, {"$inc": {"failures": 1}})
        if guard is None:
            try:
                guard = await guards.insert({"id": key, "mobile": mobile, "failures": 1})
            except DuplicateKeyError:
                guard = await guards.find_one_and_update({"id": key}, {"$inc": {"failures": 1}})
        beyond = (guard["failures"] if guard else 0) - self.settings.login_max_failures
        if beyond >= 0:
            delay = min(2.0**beyond, self.settings.login_lockout_minutes * 60.0)
            retry_at = self.clock.now() + timedelta(seconds=delay)
            await guards.update({"id": key}, {"$set": {"retry_at": utc_iso(retry_at)}})
            logger.warning("sign-in for %s slowed for %.0f s after repeated failures", mask_mobile(mobile), delay)

    async def reset_password(self, mobile: str, code: str, new_password: str) -> None:
        _policy(new_password)
        await self.otp.check(mobile, OtpPurpose.RESET, code, consume=True)
        password_hash = await self.hasher.hash(new_password)
        updated = await self.store.collection(USERS).update(
            {"mobile": mobile}, {"$set": {"password_hash": password_hash}, "$inc": {"token_version": 1}}
        )
        if not updated:  # a reset code is only ever sent to a registered number
            raise AuthenticationError(INVALID_CREDENTIALS)
        await self.store.collection(LOGIN_GUARDS).delete({"mobile": mobile})

    async def user_for_token(self, token: str) -> User:
        claims = self.tokens.read(token)
        doc = await self.store.collection(USERS).get({"id": claims.user_id})
        if doc is None:
            raise AuthenticationError("This account no longer exists")
        user = User.model_validate(doc)
        if not user.is_active or user.token_version != claims.version:
            raise AuthenticationError("Your session has ended: sign in again")
        return user

    async def sign_out_everywhere(self, user: User) -> None:
        """Every token issued so far stops working (this device's too)."""
        await self.store.collection(USERS).update({"id": user.id}, {"$inc": {"token_version": 1}})

    async def update_profile(self, user: User, changes: UserUpdate) -> User:
        values = changes.model_dump(exclude_unset=True)
        for flag in ("notify_on_completion", "notify_on_error"):
            if flag in values and values[flag] is None:
                raise ValidationError(f"{flag} must be true or false")
        if values:
            await self.store.collection(USERS).update({"id": user.id}, {"$set": values})
        return user.model_copy(update=values)

    async def delete_account(self, user: User, password: str, files: FileStorage) -> None:
        if not await self.hasher.verify(password, user.password_hash):
            raise PermissionDeniedError("The password is incorrect; your account was not deleted.")
        sessions = await erase_user_data(self.store, files, user.id)
        await self.store.collection(OTPS).delete({"mobile": user.mobile})
        await self.store.collection(LOGIN_GUARDS).delete({"mobile": user.mobile})
        await self.store.collection(USERS).delete({"id": user.id})
        logger.info("erased user %s and %d sessions", user.id, sessions)
