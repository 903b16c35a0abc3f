"""The file-storage port: what local directories and S3 both do, and the key rule they both check."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Protocol

_KEY = re.compile(r"^[A-Za-z0-9_-]+/[A-Za-z0-9._-]+$")


def check_key(key: str) -> str:
    if not _KEY.match(key) or ".." in key:
        raise ValueError(f"invalid storage key {key!r}")
    return key


class FileStorage(Protocol):
    kind: str

    async def save_file(self, key: str, source: Path) -> None:
        """Store the file at ``source`` (a staged upload, which may be moved away) under ``key``."""
        ...

    async def local_copy(self, key: str, into: Path) -> Path:
        """A path on this machine holding the file's bytes (the file itself for local storage)."""
        ...

    async def delete_prefix(self, prefix: str) -> int:
        """Delete every file under ``prefix/`` (a session's folder); returns how many."""
        ...

    async def exists(self, key: str) -> bool: ...

    async def ping(self) -> bool: ...
