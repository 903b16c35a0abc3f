"""Creating a study session from uploaded files or pasted text, then handing it to the job queue."""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Literal

import anyio

from studybuddy.clock import Clock
from studybuddy.config import UploadSettings
from studybuddy.errors import ConflictError, PayloadTooLargeError, ServiceUnavailableError, ValidationError
from studybuddy.extract.document import IMAGE_KINDS
from studybuddy.extract.ocr import tesseract_available
from studybuddy.files import FileStorage
from studybuddy.sessions.models import StoredFile, StudySession
from studybuddy.sessions.repository import SessionRepository, WaitingJob
from studybuddy.store import DuplicateKeyError

from .filetypes import classify
from .multipart import ReceivedFile
from .queue import JobQueue

logger = logging.getLogger(__name__)

_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
# Control characters a paste can carry by accident (a NUL from a PDF viewer's copy): dropped, the rest kept.
_PASTED_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NAME_LIMIT = 120


def display_filename(raw: str, index: int) -> str:
    """The student's file name made safe to show and cite: no path, no control characters, bounded length."""
    # A NUL ends the name as the student's system sees it ("a.pdf\x00.exe" is "a.pdf"), sent raw or %-encoded.
    name = unicodedata.normalize("NFC", re.split(r"\x00|%00", raw, maxsplit=1)[0])
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '"<>|*?').strip().strip(".")
    return name[:200] or f"file-{index + 1}"


def storage_name(display: str, index: int, kind: str) -> str:
    """A server-generated name: nothing the student typed decides where a file lands."""
    stem = display.rsplit(".", 1)[0] if "." in display else display
    slug = _UNSAFE.sub("-", unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()).strip("-")
    extension = {"jpeg": "jpg"}.get(kind, kind)
    return f"{index + 1:02d}-{slug[:60] or 'file'}.{extension}"


def _date_label(moment: datetime) -> str:
    return moment.strftime("%d %b %Y").lstrip("0")


def auto_session_name(moment: datetime, *, text: str | None = None, filenames: list[str] | None = None) -> str:
    """A readable name when the student gives none: the first heading or line, or the first file's name."""
    label = None
    if text:
        for line in text.splitlines():
            line = line.strip().lstrip("#").strip()
            if line:
                label = line if len(line) <= 60 else line[:57].rsplit(" ", 1)[0] + "…"
                break
    elif filenames:
        first = filenames[0].rsplit(".", 1)[0]
        label = first[:60] + (f" and {len(filenames) - 1} more" if len(filenames) > 1 else "")
    return f"{label or 'Study session'} · {_date_label(moment)}"


def clean_session_name(name: str | None) -> str | None:
    if name is None:
        return None
    name = " ".join("".join(ch for ch in name if ch.isprintable()).split())
    if len(name) > _NAME_LIMIT:
        raise ValidationError(f"session_name is too long: at most {_NAME_LIMIT} characters.")
    return name or None


# What is known of a file before it is opened (it is opened only by an isolated reader, in the job): a scanned
# page (150-200 dpi) is about this many bytes, and OCR takes about this long a page on one core.
SCAN_BYTES_PER_PAGE = 50_000
OCR_SECONDS_PER_PAGE = 4.0


def pages_to_read(files: list[StoredFile]) -> int:
    """Pages that may need OCR, guessed from kinds and sizes: a photo is one; a PDF is counted as if scanned
    (a text PDF of the same size has fewer, larger pages, so it can only be over-counted)."""
    pages = 0
    for file in files:
        if file.kind in IMAGE_KINDS:
            pages += 1
        elif file.kind == "pdf":
            pages += -(-file.size // SCAN_BYTES_PER_PAGE)
    return pages


def first_estimate(files: list[StoredFile], force_ocr: bool, page_budget: int) -> timedelta:
    """How long processing may take, from what is known before reading: text is quick; photos are one page of
    OCR each; PDFs may need OCR (with ``force_ocr`` they do), never more than the session's page budget."""
    seconds = 15.0
    for file in files:
        if file.kind in ("txt", "md"):
            seconds += file.size / 50_000
        elif file.kind in IMAGE_KINDS:
            seconds += 5 + OCR_SECONDS_PER_PAGE
        elif file.kind == "pdf" and force_ocr:
            seconds += 5 + OCR_SECONDS_PER_PAGE * min(pages_to_read([file]), page_budget)
        else:
            seconds += 5 + min(file.size / 200_000, OCR_SECONDS_PER_PAGE * page_budget)
    return timedelta(seconds=seconds)


def _ids_for(user_id: str, idempotency_key: str | None) -> tuple[str, str]:
    """The new session's id, and a prefix for its files' names. With an Idempotency-Key the id is derived from
    it (opaque: a hash), so a retry, even one racing the first request, names the same session; each request's
    files then get names of their own, so the one that loses the race never overwrites the winner's."""
    if idempotency_key is None:
        return uuid.uuid4().hex, ""
    session_id = hashlib.sha256(f"session:{user_id}:{idempotency_key}".encode()).hexdigest()[:32]
    return session_id, uuid.uuid4().hex[:8] + "-"


def request_digest(*parts: object) -> str:
    """What identifies a request's content for its Idempotency-Key: the text or the files' bytes, the name and the
    OCR choice (a retry sends all of them again, unchanged)."""
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _same_request(earlier: StudySession, digest: str) -> StudySession:
    """The session an Idempotency-Key made, for a retry of the same request; refused for a different one (the
    IETF Idempotency-Key draft's 422), since answering with the first session would hide that the new material
    was never saved."""
    if earlier.request_digest not in (None, digest):
        raise ValidationError(
            "This Idempotency-Key was already used for a different request (other text, files, name or OCR "
            "choice). Send a new Idempotency-Key with new material; a retry must repeat the first request unchanged."
        )
    return earlier


@dataclass
class IngestService:
    sessions: SessionRepository
    files: FileStorage
    jobs: JobQueue
    clock: Clock
    settings: UploadSettings

    @property
    def staging_root(self) -> Path:
        return self.settings.upload_dir / ".staging"

    async def create_from_files(
        self,
        user_id: str,
        received: list[ReceivedFile],
        session_name: str | None,
        force_ocr: bool,
        idempotency_key: str | None = None,
    ) -> StudySession:
        """Validate every file by content, store them, save the session and enqueue it. All or nothing.
        With an ``idempotency_key`` already used by this student, the session it created, unchanged."""
        if not received:
            raise ValidationError("Choose at least one file to upload (form field 'files').")
        session_id, tag = _ids_for(user_id, idempotency_key)
        digest = request_digest(
            "upload", [(upload.filename, upload.sha256) for upload in received], session_name, force_ocr
        )
        if idempotency_key and (earlier := await self.sessions.owned(user_id, session_id)):
            return _same_request(earlier, digest)
        stored: list[StoredFile] = []
        for index, upload in enumerate(received):
            display = display_filename(upload.filename, index)
            if upload.size == 0:
                raise ValidationError(f"{display} is empty.")
            kind = await anyio.to_thread.run_sync(classify, upload.path, display, self.settings.allowed_file_types)
            stored.append(
                StoredFile(
                    file_id=uuid.uuid4().hex,
                    filename=display,
                    key=f"{session_id}/{tag}{storage_name(display, index, kind)}",
                    kind=kind,
                    size=upload.size,
                    sha256=upload.sha256,
                )
            )
        photos = [f.filename for f in stored if f.kind in IMAGE_KINDS]
        if photos and not tesseract_available():
            raise ServiceUnavailableError(
                f"{photos[0]} is a photo or scan, and text recognition (Tesseract OCR) is not installed on this "
                "server right now. Upload PDFs, slides, Word or text files, or try again later."
            )
        name = clean_session_name(session_name) or auto_session_name(
            self.clock.now(), filenames=[f.filename for f in stored]
        )
        staged = [r.path for r in received]
        return await self._save(user_id, session_id, name, "upload", stored, staged, force_ocr, digest)

    async def create_from_text(
        self, user_id: str, text: str, session_name: str | None, idempotency_key: str | None = None
    ) -> StudySession:
        text = _PASTED_CONTROLS.sub("", text)
        if not text.strip():
            raise ValidationError("text is empty: paste the study material to process.")
        if len(text) > self.settings.max_text_chars:
            raise PayloadTooLargeError(
                f"text is {len(text):,} characters; the limit is {self.settings.max_text_chars:,}. "
                "Split it into several sessions."
            )
        session_id, tag = _ids_for(user_id, idempotency_key)
        digest = request_digest("text", text, session_name)
        if idempotency_key and (earlier := await self.sessions.owned(user_id, session_id)):
            return _same_request(earlier, digest)
        data = text.encode("utf-8")
        staged = self.staging_root / f"{uuid.uuid4().hex}.txt"

        def stage() -> None:
            staged.parent.mkdir(parents=True, exist_ok=True)
            staged.write_bytes(data)

        await anyio.to_thread.run_sync(stage)
        stored = StoredFile(
            file_id=uuid.uuid4().hex,
            filename="Pasted text",
            key=f"{session_id}/{tag}pasted-text.txt",
            kind="txt",
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
        )
        name = clean_session_name(session_name) or auto_session_name(self.clock.now(), text=text)
        try:
            return await self._save(user_id, session_id, name, "text", [stored], [staged], False, digest)
        finally:
            await anyio.to_thread.run_sync(lambda: staged.unlink(missing_ok=True))

    async def _save(
        self,
        user_id: str,
        session_id: str,
        name: str,
        source: Literal["upload", "text"],
        stored: list[StoredFile],
        staged: list[Path],
        force_ocr: bool,
        digest: str,
    ) -> StudySession:
        now = self.clock.now()
        session = StudySession(
            id=session_id,
            user_id=user_id,
            session_name=name,
            created_at=now,
            updated_at=now,
            source=source,
            files=stored,
            force_ocr=force_ocr,
            # A first guess from the sizes, so the student sees an ETA from the start; the job refines it.
            estimated_completion=now + first_estimate(stored, force_ocr, self.settings.job_page_budget),
            heavy=pages_to_read(stored) > self.settings.heavy_job_pages,
            request_digest=digest,
        )
        try:
            for file, path in zip(stored, staged, strict=True):
                await self.files.save_file(file.key, path)
            await self.sessions.add(session)
        except DuplicateKeyError:
            # The same Idempotency-Key sent twice at once: the other request made the session, and our files
            # (names of their own) go with it when it is deleted.
            if earlier := await self.sessions.owned(user_id, session_id):
                return _same_request(earlier, digest)
            raise ConflictError("This Idempotency-Key was used for something else; send a new one.") from None
        except Exception as exc:
            if await self.sessions.get(session_id) is None:  # never the files of a session that exists
                await self.files.delete_prefix(session_id)  # nothing of a failed upload is kept
            logger.exception("storing session %s failed", session_id)
            raise ServiceUnavailableError("Your files could not be stored right now; please try again.") from exc
        # Enqueued only once the session is saved: a job never looks for a session that is not there.
        try:
            await self.jobs.enqueue(WaitingJob(session_id, user_id, session.heavy))
        except Exception:
            # The broker is down (Redis). The session is saved as queued, and the reaper sends every queued
            # session again when the broker is back: accept it, with its id, rather than answer 500 for saved work.
            logger.warning("session %s saved but not sent to the workers yet (broker unavailable)", session_id)
        logger.info("session %s created from %d %s item(s)", session_id, len(stored), source)
        return session
