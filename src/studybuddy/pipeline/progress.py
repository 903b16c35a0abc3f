"""A job's progress, written to the session (so any API replica and the WebSocket see it), and its lease."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import timedelta

from studybuddy.clock import Clock
from studybuddy.sessions.models import StudySession
from studybuddy.sessions.repository import SessionRepository


class SessionGone(Exception):
    """The session was deleted (or finished by another runner) while this job worked on it."""


class Progress:
    """Never backwards, with an estimate of completion from the rate measured so far; every write renews the
    lease, and a heartbeat renews it between writes."""

    def __init__(self, sessions: SessionRepository, clock: Clock, session: StudySession, lease_seconds: int) -> None:
        self.sessions = sessions
        self.clock = clock
        self.session_id = session.id
        self.value = session.progress
        self.started = clock.now()
        self.lease = timedelta(seconds=lease_seconds)

    async def update(self, value: float, step: str) -> None:
        now = self.clock.now()
        self.value = max(self.value, min(99, int(value)))
        changes: dict[str, object] = {
            "progress": self.value,
            "current_step": step,
            "updated_at": now,
            "lease_until": now + self.lease,
        }
        elapsed = (now - self.started).total_seconds()
        if self.value >= 10 and elapsed > 0:
            remaining = elapsed * (100 - self.value) / max(1, self.value - 5)
            changes["estimated_completion"] = now + timedelta(seconds=remaining)
        if not await self.sessions.update_while_processing(self.session_id, **changes):
            raise SessionGone(self.session_id)

    async def keep_lease(self) -> None:
        """Renew the lease until cancelled, so a long step (one big OCR page) does not look like a dead runner."""
        while True:
            await asyncio.sleep(max(1.0, self.lease.total_seconds() / 3))
            with contextlib.suppress(Exception):
                # The student's slot and the heavy lane's are held under the same lease.
                await self.sessions.renew_lease(self.session_id, self.clock.now() + self.lease)
