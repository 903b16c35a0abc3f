"""One-time codes sent by SMS: generated from a CSPRNG, stored only as a keyed hash, single use, bounded tries.

One record per (purpose, mobile). A new send replaces the previous code. The hash is an HMAC over purpose, mobile
and code, so a code is only ever valid for the number and purpose it was sent for. Every check takes one try
atomically (``find_one_and_update``), so parallel guesses cannot exceed the limit.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from studybuddy.clock import Clock, utc_iso
from studybuddy.clock import parse_utc as _parse
from studybuddy.config import Settings
from studybuddy.errors import BadRequestError, RateLimitedError, ServiceUnavailableError
from studybuddy.store import DuplicateKeyError, Store
from studybuddy.store.schema import OTPS

from .mobile import international
from .sms import SmsDeliveryError, SmsSender


class OtpPurpose(StrEnum):
    REGISTER = "register"
    RESET = "reset"


class InvalidOtpError(BadRequestError):
    """The code is wrong, expired, already used or was never sent."""


class OtpAttemptsExhaustedError(RateLimitedError):
    pass


@dataclass
class OtpService:
    store: Store
    sms: SmsSender
    clock: Clock
    settings: Settings
    secret: bytes

    def _hash(self, purpose: str, mobile: str, code: str) -> str:
        message = f"{purpose}:{mobile}:{code}".encode()
        return hmac.new(self.secret, message, hashlib.sha256).hexdigest()

    def _new_code(self) -> str:
        return f"{secrets.randbelow(10**self.settings.otp_length):0{self.settings.otp_length}d}"

    @property
    def expires_in_seconds(self) -> int:
        return self.settings.otp_expiry_minutes * 60

    async def send(self, mobile: str, purpose: OtpPurpose, *, message: str | None = None, deliver: bool = True) -> None:
        """Send a fresh code (or, with ``message``, that text and no code) to ``mobile``.

        ``deliver=False`` applies the same throttle and bookkeeping but sends nothing (a reset asked for a
        number with no account: the caller must not learn that from the answer).

        Throttled per number and purpose: one send per cooldown, at most OTP_MAX_SENDS_PER_HOUR an hour. A gateway
        failure raises ServiceUnavailableError and does not count against either.
        """
        otps = self.store.collection(OTPS)
        record_id = f"{purpose}:{mobile}"
        now = self.clock.now()
        record = await otps.get({"id": record_id})
        previous_sent_at = record.get("last_sent_at") if record else None
        hour_ago = utc_iso(now - timedelta(hours=1))
        recent_sends = [t for t in (record or {}).get("sends", []) if t > hour_ago]

        cooldown = timedelta(seconds=self.settings.otp_resend_cooldown_seconds)
        if previous_sent_at and now - _parse(previous_sent_at) < cooldown:
            wait = cooldown - (now - _parse(previous_sent_at))
            raise RateLimitedError("Please wait before requesting another code.", math.ceil(wait.total_seconds()))
        if len(recent_sends) >= self.settings.otp_max_sends_per_hour:
            wait = _parse(min(recent_sends)) + timedelta(hours=1) - now
            raise RateLimitedError(
                "Too many codes requested for this number; try again later.", math.ceil(wait.total_seconds())
            )

        # Reserve the send slot atomically so two parallel requests cannot both pass the cooldown.
        stamp = utc_iso(now)
        if record is None:
            try:
                await otps.insert(
                    {
                        "id": record_id,
                        "mobile": mobile,
                        "purpose": str(purpose),
                        "last_sent_at": stamp,
                        "sends": [],
                        "code_hash": None,
                        "consumed": True,
                        "attempts_left": 0,
                    }
                )
            except DuplicateKeyError:
                raise RateLimitedError("Please wait before requesting another code.", 30) from None
        elif not await otps.find_one_and_update(
            {"id": record_id, "last_sent_at": previous_sent_at}, {"$set": {"last_sent_at": stamp}}
        ):
            raise RateLimitedError("Please wait before requesting another code.", 30)

        # A code is made and stored even when none is delivered (a notice instead, or nothing): checks then
        # answer "Incorrect OTP. 4 tries left" alike for every number, so they reveal no account (ASVS 6.3.8).
        code = self._new_code()
        text = message or (
            f"{code} is your Study Buddy verification code. It expires in {self.settings.otp_expiry_minutes} "
            "minutes. Never share it with anyone."
        )
        try:
            if deliver:
                await self.sms.send(international(mobile), text)
        except SmsDeliveryError as exc:
            await otps.update({"id": record_id}, {"$set": {"last_sent_at": previous_sent_at}})
            raise ServiceUnavailableError("We could not send the SMS right now. Please try again in a minute.") from exc

        await otps.update(
            {"id": record_id},
            {
                "$set": {
                    "code_hash": self._hash(purpose, mobile, code),
                    "expires_at": utc_iso(now + timedelta(seconds=self.expires_in_seconds)),
                    "attempts_left": self.settings.otp_max_attempts,
                    "verified": False,
                    "consumed": False,
                    "sends": recent_sends + [stamp],
                }
            },
        )

    async def check(self, mobile: str, purpose: OtpPurpose, code: str, *, consume: bool) -> None:
        """Accept ``code`` for this number and purpose or raise.

        ``consume=False`` (verify-otp) confirms the code once and leaves it usable by the step it unlocks;
        ``consume=True`` (register, reset) uses it up. Each call costs one of the code's tries.
        """
        otps = self.store.collection(OTPS)
        record_id = f"{purpose}:{mobile}"
        record = await otps.find_one_and_update(
            {"id": record_id, "consumed": False, "attempts_left": {"$gt": 0}},
            {"$inc": {"attempts_left": -1}},
        )
        if record is None:
            existing = await otps.get({"id": record_id})
            if existing and not existing.get("consumed") and existing.get("attempts_left", 0) <= 0:
                raise OtpAttemptsExhaustedError(
                    "Too many wrong codes. Request a new OTP.", self.settings.otp_resend_cooldown_seconds
                )
            raise InvalidOtpError("Invalid or expired OTP. Request a new code.")
        if _parse(record["expires_at"]) <= self.clock.now():
            raise InvalidOtpError("This OTP has expired. Request a new code.")
        expected = self._hash(purpose, mobile, code)
        if not hmac.compare_digest(record["code_hash"], expected):
            left = record["attempts_left"]
            if left <= 0:
                raise OtpAttemptsExhaustedError("Incorrect OTP. No tries left: request a new code.", 1)
            raise InvalidOtpError(f"Incorrect OTP. {left} {'try' if left == 1 else 'tries'} left.")
        if consume:
            won = await otps.find_one_and_update(
                {"id": record_id, "consumed": False, "code_hash": expected}, {"$set": {"consumed": True}}
            )
        else:
            won = await otps.find_one_and_update(
                {"id": record_id, "verified": False, "code_hash": expected}, {"$set": {"verified": True}}
            )
        if won is None:
            if consume:
                raise InvalidOtpError("This OTP was already used. Request a new code.")
            raise InvalidOtpError("This OTP is already verified: continue to the next step with it.")
