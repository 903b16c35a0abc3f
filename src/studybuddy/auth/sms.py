"""SMS delivery for OTPs behind one small interface.

console: logs that a message went out (the text itself only with DEBUG); file: appends one JSON line per message
to SMS_FILE_PATH (the development outbox); twilio: the Twilio Messages REST API over HTTPS.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Protocol

import anyio
import httpx

from studybuddy.clock import Clock, utc_iso
from studybuddy.config import Settings
from studybuddy.logs import mask_mobile

logger = logging.getLogger(__name__)


class SmsDeliveryError(Exception):
    """The gateway did not accept the message."""


class SmsSender(Protocol):
    kind: str

    async def send(self, to: str, body: str) -> None:
        """Deliver ``body`` to ``to`` (E.164, e.g. +919876543210). Raises SmsDeliveryError."""
        ...


class ConsoleSms:
    kind = "console"

    def __init__(self, show_text: bool) -> None:
        self.show_text = show_text

    async def send(self, to: str, body: str) -> None:
        if self.show_text:  # DEBUG only: the text carries the code
            logger.info("SMS to %s: %s", mask_mobile(to), body)
        else:
            logger.info("SMS sent to %s (text hidden; set DEBUG=true or SMS_PROVIDER=file to see it)", mask_mobile(to))


class FileSms:
    """The development outbox, like Django's file email backend: one JSON object per line."""

    kind = "file"

    def __init__(self, path: Path, clock: Clock) -> None:
        self.path = path
        self.clock = clock
        self._lock = anyio.Lock()

    async def send(self, to: str, body: str) -> None:
        line = json.dumps({"to": to, "body": body, "sent_at": utc_iso(self.clock.now())}) + "\n"

        def append() -> None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as outbox:
                outbox.write(line)

        async with self._lock:
            await anyio.to_thread.run_sync(append)


class TwilioSms:
    """POST /2010-04-01/Accounts/{AccountSid}/Messages.json with basic auth (Account SID : Auth Token)."""

    kind = "twilio"

    def __init__(self, account_sid: str, auth_token: str, from_number: str, base_url: str, timeout: float = 10.0):
        if not (account_sid and auth_token and from_number):
            from studybuddy.config import ConfigurationError

            raise ConfigurationError(
                "SMS_PROVIDER=twilio needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM_NUMBER"
            )
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.from_number = from_number
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    async def send(self, to: str, body: str) -> None:
        url = f"{self.base_url}/2010-04-01/Accounts/{self.account_sid}/Messages.json"
        try:
            async with httpx.AsyncClient(timeout=self.timeout) as http:
                response = await http.post(
                    url,
                    data={"To": to, "From": self.from_number, "Body": body},
                    auth=(self.account_sid, self.auth_token),
                )
        except httpx.HTTPError as exc:
            raise SmsDeliveryError(f"SMS gateway unreachable: {type(exc).__name__}") from exc
        if response.status_code >= 300:
            try:
                detail = response.json().get("message", "")
            except ValueError:
                detail = ""
            raise SmsDeliveryError(f"SMS gateway refused the message ({response.status_code}) {detail}".strip())


def build_sms_sender(settings: Settings, clock: Clock) -> SmsSender:
    if settings.sms_provider == "file":
        return FileSms(settings.sms_file_path, clock)
    if settings.sms_provider == "twilio":
        return TwilioSms(
            settings.twilio_account_sid,
            settings.twilio_auth_token,
            settings.twilio_from_number,
            settings.twilio_base_url,
        )
    return ConsoleSms(show_text=settings.debug)
