"""``studybuddy process``: the whole pipeline on this machine, no server, on a temporary store."""

from __future__ import annotations

import asyncio
import hashlib
import json
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import anyio

from studybuddy.auth.repository import UserRepository
from studybuddy.auth.users import User
from studybuddy.config import Settings
from studybuddy.context import ApiServices
from studybuddy.ingest.multipart import ReceivedFile
from studybuddy.ingest.service import IngestService
from studybuddy.material.export import to_markdown
from studybuddy.material.repository import MaterialRepository
from studybuddy.sessions.models import StudySession
from studybuddy.sessions.repository import SessionRepository

LOCAL_USER = "local-student"
StatusCallback = Callable[[StudySession], None]


async def process_locally(
    settings: Settings,
    files: list[Path],
    text: str | None,
    out: Path,
    *,
    name: str | None,
    ocr: bool,
    on_status: StatusCallback,
) -> StudySession:
    with tempfile.TemporaryDirectory(prefix="studybuddy-process-") as scratch:
        root = Path(scratch)
        local = settings.model_copy(
            update={
                "sqlite_path": root / "data" / "studybuddy.db",
                "upload_dir": root / "uploads",
                "mongodb_url": "",
                "file_storage_type": "local",
                "task_backend": "inline",
                "enable_email_notifications": False,
                "jwt_secret": "x" * 48,
            }
        )
        context = ApiServices.from_settings(local)
        await context.open()
        await context.start_jobs()
        try:
            await UserRepository(context.store).add(
                User(id=LOCAL_USER, mobile="0000000000", password_hash="!", created_at=context.clock.now())
            )
            sessions = SessionRepository(context.store)
            assert context.jobs is not None  # started above
            ingest = IngestService(sessions, context.files, context.jobs, context.clock, local.uploads)
            if text is not None:
                session = await ingest.create_from_text(LOCAL_USER, text, name)
            else:
                session = await ingest.create_from_files(LOCAL_USER, _stage(files, root), name, force_ocr=ocr)
            while session.status not in ("completed", "failed"):
                await asyncio.sleep(0.2)
                session = await sessions.get(session.id) or session
                on_status(session)
            results = await MaterialRepository(context.store).read(session.id, session.user_id)
        finally:
            await context.close()
    payload = {
        "session_id": session.id,
        "session_name": session.session_name,
        "status": session.status,
        "error": session.error,
        "warnings": session.warnings,
        "results": results.model_dump(mode="json"),
    }
    await anyio.to_thread.run_sync(_write, out, payload, to_markdown(session.session_name, results))
    return session


def _write(out: Path, payload: dict, markdown: str) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(payload, indent=2, ensure_ascii=False))
    (out / "study-material.md").write_text(markdown)


def _stage(files: list[Path], root: Path) -> list[ReceivedFile]:
    staging = root / "incoming"
    staging.mkdir()
    received = []
    for index, path in enumerate(files):
        copy = staging / f"{index:03d}.upload"
        shutil.copyfile(path, copy)
        data = copy.read_bytes()
        received.append(ReceivedFile("files", path.name, copy, len(data), hashlib.sha256(data).hexdigest()))
    return received
