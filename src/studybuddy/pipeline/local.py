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

from studybuddy.clock import utc_iso
from studybuddy.config import Settings
from studybuddy.context import AppContext
from studybuddy.ingest.multipart import ReceivedFile
from studybuddy.ingest.service import IngestService
from studybuddy.material.export import to_markdown
from studybuddy.sessions.models import StudySession
from studybuddy.sessions.service import session_material
from studybuddy.store.schema import SESSIONS, USERS

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
        context = AppContext.from_settings(local)
        await context.open()
        await context.start_jobs()
        try:
            await context.store.collection(USERS).insert(
                {
                    "id": LOCAL_USER,
                    "mobile": "0000000000",
                    "password_hash": "!",
                    "created_at": utc_iso(context.clock.now()),
                }
            )
            ingest = IngestService(context.store, context.files, context.jobs, context.clock, local)  # type: ignore[arg-type]
            if text is not None:
                session = await ingest.create_from_text(LOCAL_USER, text, name)
            else:
                session = await ingest.create_from_files(LOCAL_USER, _stage(files, root), name, force_ocr=ocr)
            while session.status not in ("completed", "failed"):
                await asyncio.sleep(0.2)
                session = StudySession.model_validate(await context.store.collection(SESSIONS).get({"id": session.id}))
                on_status(session)
            results = await session_material(context.store, session)
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
