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
from studybuddy.config import OtpSettings
from studybuddy.errors import BadRequestError, RateLimitedError, ServiceUnavailableError

from .mobile import international
from .repository import OtpRecord, OtpRepository
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
    codes: OtpRepository
    sms: SmsSender
    clock: Clock
    settings: OtpSettings
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
        record_id = f"{purpose}:{mobile}"
        now = self.clock.now()
        record = await self.codes.get(record_id)
        previous_sent_at = record.last_sent_at if record else None
        hour_ago = utc_iso(now - timedelta(hours=1))
        recent_sends = [t for t in (record.sends if record else []) if t > hour_ago]

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
            reserved = await self.codes.reserve_first_send(
                OtpRecord(id=record_id, mobile=mobile, purpose=str(purpose), last_sent_at=stamp)
            )
        else:
            reserved = await self.codes.take_send_slot(record_id, previous_sent_at, stamp)
        if not reserved:
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
            await self.codes.give_back_send_slot(record_id, previous_sent_at)
            raise ServiceUnavailableError("We could not send the SMS right now. Please try again in a minute.") from exc

        await self.codes.store_code(
            record_id,
            code_hash=self._hash(purpose, mobile, code),
            expires_at=now + timedelta(seconds=self.expires_in_seconds),
            attempts_left=self.settings.otp_max_attempts,
            sends=recent_sends + [stamp],
        )

    async def check(self, mobile: str, purpose: OtpPurpose, code: str, *, consume: bool) -> None:
        """Accept ``code`` for this number and purpose or raise.

        ``consume=False`` (verify-otp) confirms the code once and leaves it usable by the step it unlocks;
        ``consume=True`` (register, reset) uses it up. Each call costs one of the code's tries.
        """
        record_id = f"{purpose}:{mobile}"
        record = await self.codes.take_try(record_id)
        if record is None:
            existing = await self.codes.get(record_id)
            if existing and not existing.consumed and existing.attempts_left <= 0:
                raise OtpAttemptsExhaustedError(
                    "Too many wrong codes. Request a new OTP.", self.settings.otp_resend_cooldown_seconds
                )
            raise InvalidOtpError("Invalid or expired OTP. Request a new code.")
        if record.expires_at is None or record.expires_at <= self.clock.now():
            raise InvalidOtpError("This OTP has expired. Request a new code.")
        expected = self._hash(purpose, mobile, code)
        if not hmac.compare_digest(record.code_hash or "", expected):
            left = record.attempts_left
            if left <= 0:
                raise OtpAttemptsExhaustedError("Incorrect OTP. No tries left: request a new code.", 1)
            raise InvalidOtpError(f"Incorrect OTP. {left} {'try' if left == 1 else 'tries'} left.")
        if not await self.codes.settle(record_id, expected, consume=consume):
            if consume:
                raise InvalidOtpError("This OTP was already used. Request a new code.")
            raise InvalidOtpError("This OTP is already verified: continue to the next step with it.")
