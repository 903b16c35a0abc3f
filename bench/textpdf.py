"""A minimal PDF writer for benchmarks: pages of plain text in Helvetica, so the true text is known exactly."""

from __future__ import annotations

import textwrap
from pathlib import Path


def _escape(line: str) -> str:
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def write_text_pdf(path: Path, pages: list[str], *, width: int = 90, lines_per_page: int = 52) -> list[str]:
    """Write ``pages`` (plain text each); returns the lines actually placed on each page, joined per page."""
    objects: list[bytes] = []
    placed: list[str] = []
    page_ids = []
    font_id = 3
    for text in pages:
        lines = [line for paragraph in text.split("\n") for line in textwrap.wrap(paragraph, width)][:lines_per_page]
        placed.append("\n".join(lines))
        stream = "BT /F1 10 Tf 12 TL 50 790 Td " + " ".join(f"({_escape(line)}) '" for line in lines) + " ET"
        data = stream.encode("latin-1", "replace")
        content_id = 4 + 2 * len(page_ids) + 1
        page_id = content_id - 1
        page_ids.append(page_id)
        objects.append(
            f"{page_id} 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            f"/Resources << /Font << /F1 {font_id} 0 R >> >> /Contents {content_id} 0 R >> endobj\n".encode()
        )
        objects.append(
            f"{content_id} 0 obj << /Length {len(data)} >> stream\n".encode() + data + b"\nendstream endobj\n"
        )
    header = [
        b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n",
        f"2 0 obj << /Type /Pages /Kids [{' '.join(f'{i} 0 R' for i in page_ids)}] /Count {len(page_ids)} >> endobj\n".encode(),
        b"3 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >> endobj\n",
    ]
    body = b"%PDF-1.4\n"
    offsets = []
    for obj in header + objects:
        offsets.append(len(body))
        body += obj
    xref = len(body)
    body += f"xref\n0 {len(offsets) + 1}\n0000000000 65535 f \n".encode()
    body += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    body += f"trailer << /Size {len(offsets) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(body)
    return placed
