"""Page images made from corpus text with Pillow, so the true text of each is known exactly.

They stand in for what students photograph and scan: a clean 1-bit scan, a phone photo with perspective and a
shadow, a two-column page, a page photographed sideways, an old yellowed book page saved as JPEG, a typewritten
page and a page scanned a few degrees askew. Every page is drawn at 300 dpi (A4: 2480 x 3508) from a fixed seed,
so a bench run and a test see the same pixels.
"""

from __future__ import annotations

import io
import random
import textwrap
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont, ImageOps

from bench.corpus import corpus_paragraphs

A4 = (2480, 3508)
_MARGIN = 220
_FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu")]


@dataclass
class GeneratedPage:
    name: str
    image: Image.Image
    truth: str
    columns: tuple[str, ...] = ()  # the text of each column, left to right, when the page has several

    def save(self, directory: Path) -> Path:
        """The page as a student would upload it: JPEG pages keep their exact bytes, others become PNG."""
        if self.image.format == "JPEG":
            path = directory / f"{self.name}.jpg"
            path.write_bytes(self.image.info["encoded"])
        else:
            path = directory / f"{self.name}.png"
            self.image.save(path, dpi=(300, 300))
        return path


def _font(name: str, size: int) -> ImageFont.FreeTypeFont:
    for directory in _FONT_DIRS:
        if (directory / name).is_file():
            return ImageFont.truetype(str(directory / name), size)
    raise FileNotFoundError(f"{name} not found (Debian package fonts-dejavu-core)")


@cache
def _paragraphs() -> tuple[str, ...]:
    # Skip the short lines (figure captions, list fragments): a page of prose is what students photograph.
    return tuple(p for p in corpus_paragraphs() if len(p) > 200)


def _text_block(start: int, chars: int) -> list[str]:
    paragraphs, picked = _paragraphs(), []
    index = start
    while sum(len(p) for p in picked) < chars:
        picked.append(paragraphs[index % len(paragraphs)])
        index += 1
    return picked


def _draw_column(
    draw: ImageDraw.ImageDraw,
    paragraphs: list[str],
    *,
    left: int,
    top: int,
    width_chars: int,
    font: ImageFont.FreeTypeFont,
    line_height: int,
    bottom: int,
    jitter: random.Random | None = None,
) -> str:
    """Draw paragraphs as wrapped lines until the column is full; return the text actually drawn."""
    drawn: list[str] = []
    y = top
    for paragraph in paragraphs:
        # Lines break only at spaces, so the true text is the paragraph itself (no "negatively- charged").
        lines = textwrap.wrap(paragraph, width_chars, break_on_hyphens=False)
        taken = []
        for line in lines:
            if y + line_height > bottom:
                break
            if jitter is None:
                draw.text((left, y), line, fill=0, font=font)
            else:  # a typewriter: each letter struck a little off the line, some harder than others
                x = left
                advance = font.getlength("M")
                for char in line:
                    draw.text((x, y + jitter.randint(-2, 2)), char, fill=jitter.randint(0, 70), font=font)
                    x += advance
            taken.append(line)
            y += line_height
        if taken:
            drawn.append(" ".join(taken))
        if len(taken) < len(lines) or y + line_height > bottom:
            break
        y += line_height // 2
    return "\n".join(drawn)


def _page(start: int, *, font: ImageFont.FreeTypeFont, width_chars: int = 78, line_height: int = 62) -> tuple:
    image = Image.new("L", A4, 255)
    truth = _draw_column(
        ImageDraw.Draw(image),
        _text_block(start, 5000),
        left=_MARGIN,
        top=_MARGIN,
        width_chars=width_chars,
        font=font,
        line_height=line_height,
        bottom=A4[1] - _MARGIN,
    )
    return image, truth


def _jpeg(image: Image.Image, quality: int) -> Image.Image:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    encoded = buffer.getvalue()
    photo = Image.open(io.BytesIO(encoded))
    photo.load()
    photo.info["encoded"] = encoded
    return photo


def clean_bilevel_scan() -> GeneratedPage:
    image, truth = _page(0, font=_font("DejaVuSerif.ttf", 40))
    return GeneratedPage("clean_1bit_scan", image.point(lambda v: 255 if v > 128 else 0).convert("1"), truth)


def phone_photo(start: int = 7, name: str = "phone_photo_shadow") -> GeneratedPage:
    """A page photographed from above at an angle: perspective, a soft shadow across it, on a darker desk, JPEG."""
    page, truth = _page(start, font=_font("DejaVuSans.ttf", 40))
    rng = np.random.default_rng(start)
    width, height = 3024, 4032
    desk = Image.new("RGB", (width, height), (96, 84, 70))
    page_rgb = Image.merge("RGB", [page, page, page.point(lambda v: int(v * 0.93))])
    # Where the page corners land in the photo (top edge further away, so narrower).
    corners = [(330, 260), (2700, 330), (2900, 3800), (140, 3720)]
    coefficients = _perspective_coefficients(corners, [(0, 0), (A4[0], 0), A4, (0, A4[1])])
    warped = page_rgb.transform((width, height), Image.Transform.PERSPECTIVE, coefficients, Image.Resampling.BICUBIC)
    mask = Image.new("L", A4, 255).transform(
        (width, height), Image.Transform.PERSPECTIVE, coefficients, Image.Resampling.BILINEAR
    )
    photo = Image.composite(warped, desk, mask)
    # A shadow falling from the top-left (the phone and the hand holding it) and lighting that fades downwards.
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    shade = 0.55 + 0.45 * np.clip((xx + 0.6 * yy - 900) / 1600, 0, 1)
    shade *= 1.0 - 0.15 * (yy / height)
    pixels = np.asarray(photo).astype(np.float32) * shade[..., None]
    pixels += rng.normal(0, 6, pixels.shape)
    photo = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(1.2))
    return GeneratedPage(name, _jpeg(photo, 82), truth)


def _perspective_coefficients(source: list, target: list) -> list[float]:
    """The 8 coefficients Pillow's PERSPECTIVE transform wants, mapping output points back to input points."""
    rows = []
    for (x, y), (u, v) in zip(source, target, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
    solution = np.linalg.solve(np.array(rows, dtype=np.float64), np.array(target, dtype=np.float64).ravel())
    return solution.tolist()


def two_column_page() -> GeneratedPage:
    font = _font("DejaVuSerif.ttf", 34)
    image = Image.new("L", A4, 255)
    draw = ImageDraw.Draw(image)
    gutter = 120
    column_width = (A4[0] - 2 * _MARGIN - gutter) // 2
    kwargs = dict(top=_MARGIN, width_chars=48, font=font, line_height=52, bottom=A4[1] - _MARGIN)
    left = _draw_column(draw, _text_block(20, 3000), left=_MARGIN, **kwargs)
    right = _draw_column(draw, _text_block(40, 3000), left=_MARGIN + column_width + gutter, **kwargs)
    return GeneratedPage("two_column", image, left + "\n" + right, columns=(left, right))


def rotated_photo() -> GeneratedPage:
    """A phone photo taken with the phone held sideways and no EXIF orientation: the text runs up the page."""
    photo = phone_photo(start=30, name="photo_rotated_90")
    return GeneratedPage("photo_rotated_90", _jpeg(photo.image.rotate(90, expand=True), 85), photo.truth)


def old_book_page() -> GeneratedPage:
    """A yellowed, slightly crooked book page with show-through, scanned at 200 dpi and saved as a small JPEG."""
    page, truth = _page(50, font=_font("DejaVuSerif.ttf", 38), width_chars=72, line_height=58)
    rng = np.random.default_rng(50)
    ghost = ImageOps.mirror(_page(60, font=_font("DejaVuSerif.ttf", 38))[0])  # the other side shows through
    pixels = np.minimum(np.asarray(page, np.float32), 200 + 0.2 * np.asarray(ghost, np.float32))
    paper = 0.86 + 0.08 * rng.random((A4[1] // 100 + 1, A4[0] // 100 + 1))
    stains = np.kron(paper, np.ones((100, 100)))[: A4[1], : A4[0]]
    pixels = pixels * stains + rng.normal(0, 8, pixels.shape)
    gray = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.8))
    gray = gray.rotate(1.3, resample=Image.Resampling.BICUBIC, fillcolor=230).resize(
        (A4[0] * 2 // 3, A4[1] * 2 // 3), Image.Resampling.LANCZOS
    )
    sepia = Image.merge("RGB", [gray, gray.point(lambda v: int(v * 0.92)), gray.point(lambda v: int(v * 0.75))])
    return GeneratedPage("old_book_page_jpeg", _jpeg(sepia, 55), truth)


def typewritten_page() -> GeneratedPage:
    font = _font("DejaVuSansMono.ttf", 40)
    image = Image.new("L", A4, 250)
    truth = _draw_column(
        ImageDraw.Draw(image),
        _text_block(70, 5000),
        left=_MARGIN,
        top=_MARGIN,
        width_chars=80,
        font=font,
        line_height=70,
        bottom=A4[1] - _MARGIN,
        jitter=random.Random(70),
    )
    # Ribbon ink spreads a little into the paper.
    return GeneratedPage("typewritten", image.filter(ImageFilter.GaussianBlur(1.0)), truth)


def skewed_scan() -> GeneratedPage:
    page, truth = _page(90, font=_font("DejaVuSans.ttf", 40))
    return GeneratedPage("scan_skewed_4deg", page.rotate(4, resample=Image.Resampling.BICUBIC, fillcolor=255), truth)


def generated_pages() -> list[GeneratedPage]:
    return [
        clean_bilevel_scan(),
        phone_photo(),
        two_column_page(),
        rotated_photo(),
        old_book_page(),
        typewritten_page(),
        skewed_scan(),
    ]


def write_scanned_pdf(path: Path, pages: int, *, dpi: int = 300) -> list[str]:
    """A PDF of ``pages`` A4 page images of corpus text, as a scanner makes it (no text layer); returns each page's
    true text. A lower ``dpi`` makes the PDF's pages larger (the same pixels cover more paper)."""
    drawn = [_page(100 + 13 * n, font=_font("DejaVuSerif.ttf", 40)) for n in range(pages)]
    images = [image for image, _ in drawn]
    images[0].save(path, save_all=True, append_images=images[1:], resolution=dpi)
    return [truth for _, truth in drawn]
