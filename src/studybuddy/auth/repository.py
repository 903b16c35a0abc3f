"""Where accounts, one-time codes and sign-in guards are kept; the only module that queries them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from studybuddy.clock import UtcDatetime, utc_iso
from studybuddy.store import Collection, CollectionSchema, DuplicateKeyError, Store
from studybuddy.store.port import Index

from .users import User

USERS = "users"
OTPS = "otps"
LOGIN_GUARDS = "login_guards"
COLLECTIONS = (
    CollectionSchema(USERS, (Index(("mobile",), unique=True),)),
    CollectionSchema(OTPS, (Index(("mobile", "purpose")),)),
    CollectionSchema(LOGIN_GUARDS),
)


class MobileTakenError(Exception):
    """A second account for a mobile that already has one."""


class UserRepository:
    def __init__(self, store: Store) -> None:
        self.store = store

    @property
    def users(self) -> Collection:
        return self.store.collection(USERS)

    async def by_mobile(self, mobile: str) -> User | None:
        doc = await self.users.get({"mobile": mobile})
        return User.model_validate(doc) if doc else None

    async def by_id(self, user_id: str) -> User | None:
        doc = await self.users.get({"id": user_id})
        return User.model_validate(doc) if doc else None

    async def add(self, user: User) -> None:
        """Raises MobileTakenError when the mobile is registered already (the unique index decides, not a read)."""
        try:
            await self.users.insert(user.model_dump(mode="json"))
        except DuplicateKeyError:
            raise MobileTakenError(user.mobile) from None

    async def set_password(self, mobile: str, password_hash: str) -> bool:
        """New password; every token issued before stops working. False if no account has the mobile."""
        changed = await self.users.update(
            {"mobile": mobile}, {"$set": {"password_hash": password_hash}, "$inc": {"token_version": 1}}
        )
        return bool(changed)

    async def end_tokens(self, user_id: str) -> None:
        await self.users.update({"id": user_id}, {"$inc": {"token_version": 1}})

    async def update_profile(self, user_id: str, values: dict[str, Any]) -> None:
        unknown = set(values) - set(User.model_fields)
        if unknown:
            raise ValueError(f"User has no field {sorted(unknown)}")
        await self.users.update({"id": user_id}, {"$set": values})

    async def delete(self, user_id: str) -> None:
        await self.users.delete({"id": user_id})


class OtpRecord(BaseModel):
    """One per (purpose, mobile): the current code's keyed hash and its tries, and the sends of the last hour."""

    id: str
    mobile: str
    purpose: str
    last_sent_at: str | None = None  # kept as the stored stamp: the send slot is taken by comparing it exactly
    sends: list[str] = Field(default_factory=list)
    code_hash: str | None = None
    expires_at: UtcDatetime | None = None
    attempts_left: int = 0
    verified: bool = False
    consumed: bool = True


class OtpRepository:
    def __init__(self, store: Store) -> None:
        self.store = store

    @property
    def otps(self) -> Collection:
        return self.store.collection(OTPS)

    async def get(self, record_id: str) -> OtpRecord | None:
        doc = await self.otps.get({"id": record_id})
        return OtpRecord.model_validate(doc) if doc else None

    async def reserve_first_send(self, record: OtpRecord) -> bool:
        """Create the record with its first send slot taken; False if a parallel request created it first."""
        try:
            await self.otps.insert(record.model_dump(mode="json"))
        except DuplicateKeyError:
            return False
        return True

    async def take_send_slot(self, record_id: str, previous_sent_at: str | None, stamp: str) -> bool:
        """Move ``last_sent_at`` from what this request read to ``stamp``; False if another request moved it first."""
        won = await self.otps.find_one_and_update(
            {"id": record_id, "last_sent_at": previous_sent_at}, {"$set": {"last_sent_at": stamp}}
        )
        return won is not None

    async def give_back_send_slot(self, record_id: str, previous_sent_at: str | None) -> None:
        await self.otps.update({"id": record_id}, {"$set": {"last_sent_at": previous_sent_at}})

    async def store_code(
        self,
        record_id: str,
        *,
        code_hash: str | None,
        expires_at: datetime,
        attempts_left: int,
        sends: list[str],
    ) -> None:
        await self.otps.update(
            {"id": record_id},
            {
                "$set": {
                    "code_hash": code_hash,
                    "expires_at": utc_iso(expires_at),
                    "attempts_left": attempts_left,
                    "verified": False,
                    "consumed": code_hash is None,
                    "sends": sends,
                }
            },
        )

    async def take_try(self, record_id: str) -> OtpRecord | None:
        """Use one try of a live code, atomically (parallel guesses cannot exceed the limit); the record as it is
        after, or None when the code is used up, out of tries or was never sent."""
        doc = await self.otps.find_one_and_update(
            {"id": record_id, "consumed": False, "attempts_left": {"$gt": 0}}, {"$inc": {"attempts_left": -1}}
        )
        return OtpRecord.model_validate(doc) if doc else None

    async def settle(self, record_id: str, code_hash: str, *, consume: bool) -> bool:
        """Mark the code used (``consume``) or verified, once; False if a parallel request did it first."""
        flag = "consumed" if consume else "verified"
        won = await self.otps.find_one_and_update(
            {"id": record_id, flag: False, "code_hash": code_hash}, {"$set": {flag: True}}
        )
        return won is not None

    async def delete_for_mobile(self, mobile: str) -> None:
        await self.otps.delete({"mobile": mobile})


class LoginGuard(BaseModel):
    """Failed sign-ins for one number from one address (a throttle, not an account lock)."""

    id: str  # "mobile|address"
    mobile: str | None = None
    failures: int = 0
    retry_at: UtcDatetime | None = None


def _guard_id(mobile: str, address: str) -> str:
    return f"{mobile}|{address}"


class LoginGuardRepository:
    def __init__(self, store: Store) -> None:
        self.store = store

    @property
    def guards(self) -> Collection:
        return self.store.collection(LOGIN_GUARDS)

    async def get(self, mobile: str, address: str) -> LoginGuard | None:
        doc = await self.guards.get({"id": _guard_id(mobile, address)})
        return LoginGuard.model_validate(doc) if doc else None

    async def count_failure(self, mobile: str, address: str) -> int:
        """One more failed sign-in for the mobile from the address, atomically; the failures counted so far."""
        key = _guard_id(mobile, address)
        doc = await self.guards.find_one_and_update({"id": key}, {"$inc": {"failures": 1}})
        if doc is None:
            try:
                doc = await self.guards.insert({"id": key, "mobile": mobile, "failures": 1})
            except DuplicateKeyError:
                doc = await self.guards.find_one_and_update({"id": key}, {"$inc": {"failures": 1}})
        return int(doc["failures"]) if doc else 1

    async def slow_down(self, mobile: str, address: str, until: datetime) -> None:
        await self.guards.update({"id": _guard_id(mobile, address)}, {"$set": {"retry_at": utc_iso(until)}})

    async def forget(self, mobile: str, address: str) -> None:
        """A right password from the address: its count starts again."""
        await self.guards.delete({"id": _guard_id(mobile, address)})

    async def clear(self, mobile: str) -> None:
        """Every address's count for the mobile (a password reset, an erased account)."""
        await self.guards.delete({"mobile": mobile})
