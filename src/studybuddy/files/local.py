"""Files under UPLOAD_DIR/{session_id}/."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import anyio

from studybuddy.files.port import check_key


class LocalFileStorage:
    kind = "local"

    def __init__(self, root: Path) -> None:
        self.root = root

    def path_of(self, key: str) -> Path:
        path = (self.root / check_key(key)).resolve()
        if not path.is_relative_to(self.root.resolve()):
            raise ValueError(f"invalid storage key {key!r}")
        return path

    async def save_file(self, key: str, source: Path) -> None:
        final = self.path_of(key)

        def move() -> None:
            final.parent.mkdir(parents=True, exist_ok=True)
            partial = final.with_name(f".{final.name}.part")
            # A rename when staging shares the file system, else a copy; never a half-written final file.
            shutil.move(source, partial)
            os.replace(partial, final)

        await anyio.to_thread.run_sync(move)

    async def local_copy(self, key: str, into: Path) -> Path:
        return self.path_of(key)

    async def delete_prefix(self, prefix: str) -> int:
        folder = self.path_of(f"{prefix}/x").parent

        def remove() -> int:
            if not folder.exists():
                return 0
            count = sum(1 for p in folder.iterdir() if p.is_file())
            shutil.rmtree(folder, ignore_errors=True)
            return count

        return await anyio.to_thread.run_sync(remove)

    async def exists(self, key: str) -> bool:
        path = self.path_of(key)
        return await anyio.to_thread.run_sync(path.is_file)

    async def ping(self) -> bool:
        def writable() -> bool:
            self.root.mkdir(parents=True, exist_ok=True)
            return os.access(self.root, os.W_OK)

        try:
            return await anyio.to_thread.run_sync(writable)
        except OSError:
            return False
