"""Where ingest hands a saved session over for processing."""

from __future__ import annotations

from typing import Protocol

from studybuddy.sessions.repository import WaitingJob


class JobQueue(Protocol):
    kind: str

    async def enqueue(self, job: WaitingJob) -> None:
        """Schedule processing of a session that is already saved with status ``queued`` (its student and weight
        let the runner order the work fairly)."""
        ...
