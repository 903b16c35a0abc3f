"""Where ingest hands a saved session over for processing."""

from __future__ import annotations

from typing import Protocol


class JobQueue(Protocol):
    kind: str

    async def enqueue(self, session_id: str) -> None:
        """Schedule processing of a session that is already saved with status ``queued``."""
        ...
