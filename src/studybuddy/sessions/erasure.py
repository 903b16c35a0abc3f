"""Deleting a session, or everything a user has (the DPDP Act's right to erasure): records and stored files."""

from __future__ import annotations

from studybuddy.files import FileStorage
from studybuddy.material.repository import MaterialRepository
from studybuddy.store import Store
from studybuddy.store.schema import ATTEMPTS, DOCUMENTS, EXTRACTION_CACHE, GENERATION_CACHE, SESSIONS

# Besides its material: what a session owns.
SESSION_OWNED = (ATTEMPTS, DOCUMENTS)
# Caches hold text derived from the user's files: erased with the user.
USER_CACHES = (EXTRACTION_CACHE, GENERATION_CACHE)


async def delete_session(store: Store, files: FileStorage, user_id: str, session_id: str) -> bool:
    """Remove the session, its results and its stored files. False if the user has no such session."""
    sessions = store.collection(SESSIONS)
    if await sessions.get({"id": session_id, "user_id": user_id}) is None:
        return False
    # Files first: a crash half-way leaves a session record pointing at nothing, never orphaned files.
    await files.delete_prefix(session_id)
    await MaterialRepository(store).delete_session(session_id, user_id)
    for name in SESSION_OWNED:
        await store.collection(name).delete({"session_id": session_id, "user_id": user_id})
    await sessions.delete({"id": session_id, "user_id": user_id})
    return True


async def erase_user_data(store: Store, files: FileStorage, user_id: str) -> int:
    """Delete every session, result and file of the user; returns how many sessions were erased."""
    sessions = await store.collection(SESSIONS).find({"user_id": user_id})
    for session in sessions:
        await delete_session(store, files, user_id, session["id"])
    await MaterialRepository(store).delete_user(user_id)
    for name in SESSION_OWNED + USER_CACHES:
        await store.collection(name).delete({"user_id": user_id})
    return len(sessions)
