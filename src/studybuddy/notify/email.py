"""The spec's EmailService, made safe and asynchronous: aiosmtplib (STARTTLS), Jinja2 with autoescaping (a
session named ``<script>`` arrives as text, not markup), an HTML and a plain-text part.

Sent to the email on the student's profile when ENABLE_EMAIL_NOTIFICATIONS and their opt-ins allow. A mail
failure is logged and never fails or delays the session (it is sent after the final state is saved).
"""

from __future__ import annotations

import logging
import ssl
from email.message import EmailMessage

import aiosmtplib
import anyio
from jinja2 import BaseLoader, ChoiceLoader, Environment, FileSystemLoader, PackageLoader, select_autoescape

from studybuddy.auth.repository import UserRepository
from studybuddy.config import EmailSettings
from studybuddy.sessions.models import StudySession

logger = logging.getLogger(__name__)
_SEND_TIMEOUT = 20


class EmailService:
    def __init__(self, settings: EmailSettings, users: UserRepository) -> None:
        self.settings = settings
        self.users = users
        self._tls: ssl.SSLContext | None = None
        loaders: list[BaseLoader] = [PackageLoader("studybuddy.notify", "templates")]
        if settings.email_template_path:
            loaders.insert(0, FileSystemLoader(settings.email_template_path))
        self.templates = Environment(
            loader=ChoiceLoader(loaders),
            autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=True, default=True),
        )
        self.text_templates = Environment(loader=ChoiceLoader(loaders), autoescape=False)

    @property
    def enabled(self) -> bool:
        return self.settings.enable_email_notifications

    def compose(self, session: StudySession, to: str, name: str | None) -> EmailMessage | None:
        if session.status == "completed":
            if not self.settings.notify_on_completion:
                return None
            template, subject = "processing_complete", f"✅ Study Materials Ready - {session.session_name}"
        elif session.status == "failed":
            if not self.settings.notify_on_error:
                return None
            template, subject = "processing_error", f"❌ Processing Failed - {session.session_name}"
        else:
            return None
        values = {
            "user_name": name or to.split("@")[0],
            "session_name": session.session_name,
            "results_link": f"{self.settings.frontend_url.rstrip('/')}/results/{session.id}",
            "summary": session.results_summary or {},
            "warnings": session.warnings,
            "error_message": session.error or "",
            "support_email": self.settings.from_email,
        }
        message = EmailMessage()
        # Header values: no line breaks, whatever the session is called.
        message["Subject"] = " ".join(subject.split())
        message["From"] = self.settings.from_email
        message["To"] = to
        message.set_content(self.text_templates.get_template(f"{template}.txt").render(values))
        message.add_alternative(self.templates.get_template(f"{template}.html").render(values), subtype="html")
        return message

    async def session_finished(self, session: StudySession) -> None:
        """Mail the student about a finished session, if they and the settings want it. Never raises."""
        if not self.enabled:
            return
        try:
            user = await self.users.by_id(session.user_id)
            if user is None or not user.email:
                return
            wants = user.notify_on_completion if session.status == "completed" else user.notify_on_error
            if not wants:
                return
            message = self.compose(session, user.email, user.name)
            if message is not None:
                await self.send(message)
        except Exception:
            logger.exception("could not send the email for session %s", session.id)

    async def send(self, message: EmailMessage) -> None:
        settings = self.settings
        if self._tls is None and settings.smtp_starttls:
            # Reads the CA bundle from disk: off the event loop, once.
            self._tls = await anyio.to_thread.run_sync(
                lambda: ssl.create_default_context(cafile=settings.smtp_ca_file or None)
            )
        tls = self._tls
        await aiosmtplib.send(
            message,
            hostname=settings.smtp_host,
            port=settings.smtp_port,
            username=settings.smtp_username or None,
            password=settings.smtp_password or None,
            start_tls=settings.smtp_starttls,
            tls_context=tls if settings.smtp_starttls else None,
            timeout=_SEND_TIMEOUT,
        )
        logger.info("email sent: %s", message["Subject"][:60])
