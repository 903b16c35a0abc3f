"""The collections outside material/ (whose kinds each bring their own), and the indexes each store creates.

Every user-owned collection carries ``user_id`` and is read through a filter on it.
"""

from __future__ import annotations

from studybuddy.store.port import CollectionSchema, Index

USERS = "users"
OTPS = "otps"
LOGIN_GUARDS = "login_guards"
SESSIONS = "sessions"
ATTEMPTS = "attempts"
DOCUMENTS = "documents"
EXTRACTION_CACHE = "extraction_cache"
GENERATION_CACHE = "generation_cache"

SCHEMA: tuple[CollectionSchema, ...] = (
    CollectionSchema(USERS, (Index(("mobile",), unique=True),)),
    CollectionSchema(OTPS, (Index(("mobile", "purpose")),)),
    CollectionSchema(LOGIN_GUARDS),
    CollectionSchema(
        SESSIONS,
        (Index(("user_id", "created_at")), Index(("status",))),
    ),
    CollectionSchema(ATTEMPTS, (Index(("test_id", "user_id")), Index(("user_id",)))),
    CollectionSchema(DOCUMENTS, (Index(("session_id",)), Index(("user_id",)))),
    CollectionSchema(EXTRACTION_CACHE, (Index(("user_id",)),)),
    CollectionSchema(GENERATION_CACHE, (Index(("user_id",)),)),
)
