"""The profile and the right to erasure (the DPDP Act): everything a student has, deleted with their account."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from studybuddy.auth.passwords import PasswordHasher
from studybuddy.auth.repository import LoginGuardRepository, OtpRepository, UserRepository
from studybuddy.auth.users import User
from studybuddy.errors import PermissionDeniedError, ValidationError
from studybuddy.files import FileStorage
from studybuddy.generation.repository import GenerationCache
from studybuddy.material.repository import MaterialRepository
from studybuddy.mocktests.repository import AttemptRepository
from studybuddy.pipeline.repository import ExtractionCache
from studybuddy.sessions.erasure import SessionEraser
from studybuddy.sessions.repository import SessionRepository
from studybuddy.store import Store

from .schemas import UserUpdate

logger = logging.getLogger(__name__)


@dataclass
class UserService:
    store: Store
    files: FileStorage
    hasher: PasswordHasher

    async def update_profile(self, user: User, changes: UserUpdate) -> User:
        values = changes.model_dump(exclude_unset=True)
        for flag in ("notify_on_completion", "notify_on_error"):
            if flag in values and values[flag] is None:
                raise ValidationError(f"{flag} must be true or false")
        if values:
            await UserRepository(self.store).update_profile(user.id, values)
        return user.model_copy(update=values)

    async def delete_account(self, user: User, password: str) -> None:
        """Erase the account and every session, result, file and cache entry of it. Needs the password."""
        if not await self.hasher.verify(password, user.password_hash):
            raise PermissionDeniedError("The password is incorrect; your account was not deleted.")
        sessions = SessionRepository(self.store)
        eraser = SessionEraser(self.store, self.files)
        session_ids = await sessions.ids_of_user(user.id)
        for session_id in session_ids:
            await eraser.delete(user.id, session_id)
        # Whatever a job wrote for a session erased meanwhile, and the caches of text from the user's files.
        await MaterialRepository(self.store).delete_user(user.id)
        await AttemptRepository(self.store).delete_for_user(user.id)
        await sessions.delete_all_of_user(user.id)
        await ExtractionCache(self.store).delete_for_user(user.id)
        await GenerationCache(self.store).delete_for_user(user.id)
        await OtpRepository(self.store).delete_for_mobile(user.mobile)
        await LoginGuardRepository(self.store).clear(user.mobile)
        await UserRepository(self.store).delete(user.id)
        logger.info("erased user %s and %d sessions", user.id, len(session_ids))
