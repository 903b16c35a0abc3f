"""Deleting a session: its record, the document read from it, its material, attempts and stored files."""

from __future__ import annotations

from studybuddy.files import FileStorage
from studybuddy.material.repository import MaterialRepository
from studybuddy.mocktests.repository import AttemptRepository
from studybuddy.store import Store

from .repository import SessionRepository


class SessionEraser:
    def __init__(self, store: Store, files: FileStorage) -> None:
        self.sessions = SessionRepository(store)
        self.material = MaterialRepository(store)
        self.attempts = AttemptRepository(store)
        self.files = files

    async def delete(self, user_id: str, session_id: str) -> bool:
        """Remove the session, its results and its stored files. False if the user has no such session."""
        if not await self.sessions.exists(user_id, session_id):
            return False
        # Files first: a crash half-way leaves a session record pointing at nothing, never orphaned files.
        await self.files.delete_prefix(session_id)
        await self.material.delete_session(session_id, user_id)
        await self.attempts.delete_for_session(user_id, session_id)
        await self.sessions.delete(user_id, session_id)
        return True
