"""Receiving a multipart upload as a stream: each file goes to a staging file chunk by chunk, never into memory.

Limits are enforced while the bytes arrive: a file past MAX_FILE_SIZE stops the upload at that point with 413,
and everything staged so far is deleted.
"""

from __future__ import annotations

import hashlib
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anyio
from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import Request

from studybuddy.errors import BadRequestError, PayloadTooLargeError, UnsupportedFileTypeError, ValidationError

MAX_FIELD_BYTES = 64 * 1024


@dataclass
class ReceivedFile:
    field: str
    filename: str
    path: Path
    size: int = 0
    sha256: str = ""


@dataclass
class ReceivedForm:
    staging: Path
    files: list[ReceivedFile] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)

    async def discard(self) -> None:
        """Remove the staged uploads, off the event loop (up to MAX_FILES_PER_UPLOAD x MAX_FILE_SIZE on disk)."""
        await anyio.to_thread.run_sync(lambda: shutil.rmtree(self.staging, ignore_errors=True))


class _Part:
    def __init__(self) -> None:
        self.headers: dict[bytes, bytes] = {}
        self.field = b""
        self.value = b""


async def receive_multipart(
    request: Request, staging_root: Path, *, max_file_size: int, max_files: int, file_fields: tuple[str, ...]
) -> ReceivedForm:
    content_type, options = parse_options_header(request.headers.get("content-type", ""))
    if content_type != b"multipart/form-data" or b"boundary" not in options:
        raise UnsupportedFileTypeError("Send the files as multipart/form-data (form field 'files').")
    form = ReceivedForm(staging=staging_root / uuid.uuid4().hex)
    await anyio.to_thread.run_sync(lambda: form.staging.mkdir(parents=True, exist_ok=True))
    events: list[tuple[str, Any]] = []
    part = _Part()
    header_field = b""

    def on_header_field(data: bytes, start: int, end: int) -> None:
        nonlocal header_field
        header_field += data[start:end]

    def on_header_value(data: bytes, start: int, end: int) -> None:
        part.value += data[start:end]

    def on_part_begin() -> None:
        part.headers = {}  # here, not in the event loop below: the next part's headers may be in this chunk

    def on_header_end() -> None:
        nonlocal header_field
        part.headers[header_field.lower()] = part.value
        header_field, part.value = b"", b""

    callbacks = {
        "on_part_begin": on_part_begin,
        "on_header_field": on_header_field,
        "on_header_value": on_header_value,
        "on_header_end": on_header_end,
        "on_headers_finished": lambda: events.append(("headers", dict(part.headers))),
        "on_part_data": lambda data, start, end: events.append(("data", bytes(data[start:end]))),
        "on_part_end": lambda: events.append(("end", None)),
    }
    parser = MultipartParser(options[b"boundary"], callbacks)  # type: ignore[arg-type]
    current: ReceivedFile | None = None
    writer: Any = None
    digest: Any = None
    field_name = ""
    field_value = bytearray()
    try:
        async for chunk in request.stream():
            try:
                parser.write(chunk)
            except FormParserError as exc:
                # python-multipart caps a part's headers (a file name of thousands of characters passes it).
                raise BadRequestError(
                    f"The upload is not valid multipart/form-data ({exc}); file names must be shorter."
                ) from None
            for kind, payload in events:
                if kind == "headers":
                    _, disposition = parse_options_header(payload.get(b"content-disposition", b""))
                    field_name = disposition.get(b"name", b"").decode("utf-8", "replace")
                    if b"filename" in disposition and field_name in file_fields:
                        if len(form.files) >= max_files:
                            raise ValidationError(f"Too many files: upload at most {max_files} at a time.")
                        filename = disposition[b"filename"].decode("utf-8", "replace")
                        current = ReceivedFile(field_name, filename, form.staging / f"{len(form.files):03d}.upload")
                        form.files.append(current)
                        writer = await anyio.open_file(current.path, "wb")
                        digest = hashlib.sha256()
                    else:
                        current, field_value = None, bytearray()
                elif kind == "data":
                    if current is not None:
                        current.size += len(payload)
                        if current.size > max_file_size:
                            raise PayloadTooLargeError(
                                f"{current.filename or 'A file'} is larger than the "
                                f"{max_file_size // (1024 * 1024)} MB limit."
                            )
                        digest.update(payload)
                        await writer.write(payload)
                    else:
                        field_value.extend(payload)
                        if len(field_value) > MAX_FIELD_BYTES:
                            raise ValidationError(f"The form field {field_name!r} is too long.")
                elif kind == "end":
                    if current is not None:
                        await writer.aclose()
                        writer = None
                        current.sha256 = digest.hexdigest()
                        current = None
                    elif field_name:
                        form.fields[field_name] = field_value.decode("utf-8", "replace")
            events.clear()
        try:
            parser.finalize()
        except FormParserError as exc:
            raise BadRequestError(f"The upload is not valid multipart/form-data ({exc}).") from None
    except BaseException:
        if writer is not None:
            await writer.aclose()
        await form.discard()
        raise
    return form
