"""The reader process: ``python -m studybuddy.extract.isolated`` reads one file and reports on stdout.

Input (stdin): one JSON object {path, filename, kind, force_ocr, max_pages, ocr_timeout, memory_mb, cores}; cores
(how many this reader may keep busy: pages in parallel, or one page cut across them) defaults to all of them.
Output (stdout): JSON lines, ``{"progress": [done, total]}`` as it goes, then ``{"result": ExtractedFile}`` or
``{"error": message}``. Address-space and CPU limits are set first, so a decompression bomb or a parser loop
ends this process, never the worker that started it.
"""

from __future__ import annotations

import json
import os
import resource
import sys
from typing import Any, TextIO


def _limit_resources(memory_mb: int, cpu_seconds: int) -> None:
    memory = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))


def _cores(request: dict[str, Any]) -> int:
    from .page_workers import core_count

    return max(1, min(core_count(), int(request.get("cores") or core_count())))


def _read(request: dict[str, Any], progress) -> Any:
    from .document import IMAGE_KINDS, UnreadableFile

    kind, path, filename = request["kind"], request["path"], request["filename"]
    if kind == "pdf":
        from .pdf import read_pdf

        return read_pdf(
            path,
            filename,
            force_ocr=request["force_ocr"],
            max_pages=request["max_pages"],
            ocr_timeout=request["ocr_timeout"],
            progress=progress,
            cores=_cores(request),
        )
    if kind in IMAGE_KINDS:
        from .image import read_image

        progress(0, 1)
        extracted = read_image(path, filename, kind, ocr_timeout=request["ocr_timeout"], cores=_cores(request))
        progress(1, 1)
        return extracted
    if kind == "pptx":
        from .slides import read_slides

        return read_slides(path, filename, progress=progress)
    if kind == "docx":
        from .word import read_word

        progress(1, 1)
        return read_word(path, filename)
    if kind in ("txt", "md"):
        from .plaintext import read_text

        progress(1, 1)
        return read_text(path, filename, kind)
    raise UnreadableFile(f"{filename}: files of type {kind} cannot be read")


def main(out: TextIO) -> None:
    request = json.loads(sys.stdin.read())
    _limit_resources(request.get("memory_mb", 3072), request.get("cpu_seconds", 3600))

    def emit(event: dict[str, Any]) -> None:
        out.write(json.dumps(event) + "\n")
        out.flush()

    from .document import UnreadableFile
    from .ocr import OcrUnavailableError
    from .page_workers import PageWorkerStopped

    filename = request["filename"]
    try:
        result = _read(request, lambda done, total: emit({"progress": [done, total]}))
        emit({"result": result.model_dump(mode="json")})
    except UnreadableFile as exc:
        emit({"error": str(exc)})
    except OcrUnavailableError:
        emit({"error": f"{filename} needs OCR, but Tesseract is not installed on the server.", "unavailable": True})
    except MemoryError:
        emit({"error": f"{filename} needs too much memory to read; it may be damaged or deliberately oversized."})
    except PageWorkerStopped:
        emit(
            {"error": f"{filename} needs too much memory or time to read; it may be damaged or deliberately oversized."}
        )
    except Exception as exc:  # any parser failure is that file's failure, with a readable message
        emit({"error": f"{filename} could not be read ({type(exc).__name__})."})


if __name__ == "__main__":
    from studybuddy.children import keep_out_of_signals

    parent = os.environ.get("STUDYBUDDY_PARENT_PID")
    keep_out_of_signals(int(parent) if parent else None)
    # Keep the protocol channel clean: anything a library prints goes to stderr.
    protocol = os.fdopen(os.dup(sys.stdout.fileno()), "w")
    sys.stdout = sys.stderr
    main(protocol)
