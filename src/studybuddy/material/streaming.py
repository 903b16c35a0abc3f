"""A download as an HTTP response: streamed in chunks, named with RFC 6266, never cached or sniffed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi.responses import StreamingResponse

from .downloads import MEDIA_TYPES, Download

CHUNK = 64 * 1024


def file_response(download: Download) -> StreamingResponse:
    def chunks() -> Iterator[bytes]:
        for start in range(0, len(download.content), CHUNK):
            yield download.content[start : start + CHUNK]

    return StreamingResponse(
        chunks(),
        media_type=download.media_type,
        headers={
            "Content-Disposition": download.content_disposition,
            "Content-Length": str(len(download.content)),
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
        },
    )


def file_responses() -> dict[int | str, dict[str, Any]]:
    """The OpenAPI description of a 200 that is a file in one of the export formats."""
    binary = {"schema": {"type": "string", "format": "binary"}}
    return {
        200: {
            "description": "The file, as an attachment (Content-Disposition names it)",
            "content": {media_type.split(";")[0]: binary for media_type in MEDIA_TYPES.values()},
        }
    }
