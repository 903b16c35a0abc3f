"""Safety checks for Office files (PPTX, DOCX are ZIP archives of XML) before any parser opens them.

Refused: too many entries, too much uncompressed data or a suspicious compression ratio (zip bombs), entry names
that climb out of the archive, and XML parts carrying a DTD (billion laughs, external entities: OOXML never
needs one). The check reads only the central directory and the first bytes of each XML part.
"""

from __future__ import annotations

import zipfile
import zlib

import defusedxml.ElementTree as SafeET

MAX_ENTRIES = 5000
MAX_TOTAL_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 100
_PROLOG_BYTES = 4096


class UnsafeArchive(ValueError):
    pass


def inspect_ooxml(path: str) -> str | None:
    """``"pptx"``, ``"docx"`` or None (some other ZIP). Raises UnsafeArchive for a hostile archive."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise UnsafeArchive("the file is a damaged ZIP/Office archive") from exc
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ENTRIES:
            raise UnsafeArchive(f"the archive has {len(entries)} parts (more than {MAX_ENTRIES})")
        total = 0
        for entry in entries:
            name = entry.filename
            if name.startswith(("/", "\\")) or ".." in name.replace("\\", "/").split("/") or ":" in name:
                raise UnsafeArchive(f"the archive contains an unsafe path: {name[:80]!r}")
            if (entry.external_attr >> 16) & 0o170000 == 0o120000:
                raise UnsafeArchive("the archive contains a symbolic link")
            total += entry.file_size
            if total > MAX_TOTAL_UNCOMPRESSED:
                raise UnsafeArchive("the archive unpacks to more than 200 MB (a zip bomb?)")
            if entry.file_size > 1024 * 1024 and entry.file_size > MAX_RATIO * max(1, entry.compress_size):
                raise UnsafeArchive(
                    f"a part compresses {entry.file_size // max(1, entry.compress_size)}:1 (a zip bomb?)"
                )
        try:
            for entry in entries:
                if entry.filename.endswith((".xml", ".rels")):
                    with archive.open(entry) as part:
                        prolog = part.read(_PROLOG_BYTES)
                    if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
                        raise UnsafeArchive(f"{entry.filename} declares a DTD (XML entity attack?)")
            # Every member decompressed once and its CRC checked (the sizes were bounded above): a damaged
            # member is refused now, at upload, not as a failure deep inside the slide or Word reader.
            damaged = archive.testzip()
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as exc:
            raise UnsafeArchive("the file is a damaged ZIP/Office archive (a part fails its checksum)") from exc
        if damaged is not None:
            raise UnsafeArchive(f"the file is a damaged Office archive ({damaged[:80]!r} fails its checksum)")
        names = {entry.filename for entry in entries}
        if "[Content_Types].xml" not in names:
            return None
        try:
            content_types = SafeET.fromstring(archive.read("[Content_Types].xml"))
        except Exception as exc:
            raise UnsafeArchive("the Office archive's content types are unreadable") from exc
        declared = " ".join(element.get("ContentType", "") for element in content_types)
        if "presentationml.presentation.main" in declared or "ppt/presentation.xml" in names:
            return "pptx"
        if "wordprocessingml.document.main" in declared or "word/document.xml" in names:
            return "docx"
        return None


def require_kind(path: str, filename: str, kind: str, description: str) -> None:
    """Refuse, with a message for the student, anything but a safe Office file of ``kind``."""
    from .document import UnreadableFile

    try:
        found = inspect_ooxml(path)
    except UnsafeArchive as exc:
        raise UnreadableFile(f"{filename} was refused: {exc}.") from None
    if found != kind:
        raise UnreadableFile(f"{filename} is not a {description}.")
