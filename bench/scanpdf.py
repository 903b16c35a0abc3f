"""A scanned book for benchmarks: image-only PDF pages (a JPEG of printed text each, no text layer), written
page by page so a 1,000-page scan costs seconds and little memory to make."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

# 100 dpi US Letter: legible to OCR, about 40-70 kB a page as a grey JPEG, like a phone-scanned book.
WIDTH, HEIGHT = 850, 1100


def _page_jpeg(text: str, number: int, font: ImageFont.FreeTypeFont | ImageFont.ImageFont) -> bytes:
    image = Image.new("L", (WIDTH, HEIGHT), 255)
    draw = ImageDraw.Draw(image)
    y = 60
    for line in textwrap.wrap(text, 70)[:34]:
        draw.text((60, y), line, fill=0, font=font)
        y += 28
    draw.text((WIDTH // 2 - 20, HEIGHT - 50), str(number), fill=0, font=font)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=60)
    return out.getvalue()


def write_scan_pdf(path: Path, pages: list[str]) -> None:
    """Write one image-only page per text in ``pages``."""
    font = ImageFont.load_default(size=20)
    offsets: list[int] = []
    with path.open("wb") as out:

        def put(number: int, body: bytes) -> None:
            offsets.append(out.tell())
            out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")

        out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        count = len(pages)
        kids = " ".join(f"{3 + 3 * i} 0 R" for i in range(count))
        put(1, b"<< /Type /Catalog /Pages 2 0 R >>")
        put(2, f"<< /Type /Pages /Kids [{kids}] /Count {count} >>".encode())
        for i, text in enumerate(pages):
            page, content, image = 3 + 3 * i, 4 + 3 * i, 5 + 3 * i
            jpeg = _page_jpeg(text, i + 1, font)
            # 612 x 792 points: the image fills a Letter page.
            put(
                page,
                f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {content} 0 R "
                f"/Resources << /XObject << /Im0 {image} 0 R >> >> >>".encode(),
            )
            draw = b"q 612 0 0 792 0 0 cm /Im0 Do Q"
            put(content, f"<< /Length {len(draw)} >>\nstream\n".encode() + draw + b"\nendstream")
            put(
                image,
                f"<< /Type /XObject /Subtype /Image /Width {WIDTH} /Height {HEIGHT} /ColorSpace /DeviceGray "
                f"/BitsPerComponent 8 /Filter /DCTDecode /Length {len(jpeg)} >>\nstream\n".encode()
                + jpeg
                + b"\nendstream",
            )
        xref = out.tell()
        out.write(f"xref\n0 {len(offsets) + 1}\n0000000000 65535 f \n".encode())
        out.write(b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets))
        out.write(f"trailer\n<< /Size {len(offsets) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
