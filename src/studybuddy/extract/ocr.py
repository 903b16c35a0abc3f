"""OCR for scans and phone photos: Tesseract with the preparation that makes photos readable.

Preparation: EXIF orientation, grayscale, upscaling small text, light denoising, deskew (projection profile over
small angles, Tesseract OSD for quarter turns), binarisation (Otsu). Tesseract gets one thread
(OMP_THREAD_LIMIT=1 is ~5x faster on two cores) and a per-page time limit.
"""

from __future__ import annotations

import os
import shutil
import warnings
from dataclasses import dataclass
from functools import cache

import numpy as np
from PIL import Image, ImageFilter, ImageOps

# Decompression bombs: refuse images over 40 megapixels outright (a 300-dpi A3 page is ~17 MP).
MAX_PIXELS = 40_000_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
IMAGE_FORMATS = ["JPEG", "PNG", "WEBP"]
_TARGET_TEXT_HEIGHT = 1800  # pixels of page height below which text is usually too small for Tesseract
_MAX_SIDE = 3600  # ~220 dpi for an A4 page: larger images cost Tesseract time without adding accuracy
_DESKEW_LIMIT = 8.0  # degrees tried either way
_DESKEW_STEP = 0.25
_LOW_CONFIDENCE = 60.0


class OcrUnavailableError(RuntimeError):
    """Tesseract is not installed."""


class OcrTimeoutError(RuntimeError):
    pass


@dataclass
class OcrResult:
    text: str
    confidence: float  # mean word confidence, 0-100
    angle: float  # degrees the page was rotated to straighten it


def tesseract_available() -> bool:
    return shutil.which("tesseract") is not None


@cache
def tesseract_version() -> str | None:
    """Asked once per process: /health must stay cheap, and installing Tesseract means a restart anyway."""
    if not tesseract_available():
        return None
    import pytesseract

    return str(pytesseract.get_tesseract_version())


def open_image(path: str) -> Image.Image:
    """Open an upload as an image, refusing decompression bombs and formats we do not accept."""
    too_big = f"the image is larger than {MAX_PIXELS // 1_000_000} megapixels"
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(path, formats=IMAGE_FORMATS)
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ValueError(f"{too_big} ({width}x{height})")
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ValueError(too_big) from None
    return image


def _otsu_threshold(gray: np.ndarray) -> int:
    histogram = np.bincount(gray.ravel(), minlength=256).astype(np.float64)
    total = gray.size
    cumulative = np.cumsum(histogram)
    cumulative_mean = np.cumsum(histogram * np.arange(256))
    global_mean = cumulative_mean[-1]
    background = cumulative[:-1]
    foreground = total - background
    valid = (background > 0) & (foreground > 0)
    between = np.zeros(255)
    between[valid] = (
        (global_mean * background[valid] / total - cumulative_mean[:-1][valid]) ** 2
        / (background[valid] * foreground[valid] / total**2)
        / total**2
    )
    return int(np.argmax(between))


def _skew_angle(binary_ink: Image.Image) -> float:
    """The rotation that makes text lines horizontal: the angle whose row profile is sharpest."""
    small = binary_ink
    if max(small.size) > 1200:
        small = small.copy()
        small.thumbnail((1200, 1200))
    best_angle, best_score = 0.0, -1.0
    for angle in np.arange(-_DESKEW_LIMIT, _DESKEW_LIMIT + 1e-9, _DESKEW_STEP):
        rotated = np.asarray(small.rotate(float(angle), resample=Image.Resampling.NEAREST, expand=False))
        rows = rotated.sum(axis=1, dtype=np.float64)
        score = float(np.sum(np.diff(rows) ** 2))
        if score > best_score:
            best_angle, best_score = float(angle), score
    return best_angle


def prepare(image: Image.Image) -> tuple[Image.Image, float]:
    """A clean, straight, black-on-white page image, and the angle it was rotated by."""
    image = ImageOps.exif_transpose(image)
    gray = ImageOps.grayscale(image)
    if max(gray.size) > _MAX_SIDE:
        gray.thumbnail((_MAX_SIDE, _MAX_SIDE), Image.Resampling.LANCZOS)
    if gray.size[1] < _TARGET_TEXT_HEIGHT:
        factor = min(3.0, _TARGET_TEXT_HEIGHT / gray.size[1])
        gray = gray.resize((int(gray.size[0] * factor), int(gray.size[1] * factor)), Image.Resampling.LANCZOS)
    gray = gray.filter(ImageFilter.MedianFilter(3))
    pixels = np.asarray(gray)
    threshold = _otsu_threshold(pixels)
    ink = Image.fromarray(((pixels <= threshold) * 255).astype(np.uint8))
    angle = _skew_angle(ink)
    if abs(angle) >= _DESKEW_STEP:
        gray = gray.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
        pixels = np.asarray(gray)
        threshold = _otsu_threshold(pixels)
    binary = Image.fromarray(np.where(pixels > threshold, 255, 0).astype(np.uint8))
    return binary, angle


def _quarter_turns(image: Image.Image, timeout: int) -> int:
    """Tesseract's orientation detection: 0, 90, 180 or 270 degrees (0 when unsure or OSD data is missing)."""
    import pytesseract

    try:
        osd = pytesseract.image_to_osd(image, output_type=pytesseract.Output.DICT, timeout=timeout)
    except Exception:
        return 0
    if float(osd.get("orientation_conf", 0)) < 2.0:
        return 0
    return int(osd.get("rotate", 0)) % 360


def ocr_image(image: Image.Image, *, timeout: int = 60, language: str = "eng") -> OcrResult:
    """Read the text of one page image."""
    if not tesseract_available():
        raise OcrUnavailableError("Tesseract OCR is not installed (Debian package tesseract-ocr)")

    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    prepared, angle = prepare(image)
    result = _read(prepared, language, timeout, angle)
    if result.confidence < _LOW_CONFIDENCE:
        # Perhaps a page photographed sideways or upside down: ask OSD only then (it costs ~1 s a page).
        turns = _quarter_turns(prepared, timeout)
        if turns:
            turned = _read(prepared.rotate(-turns, expand=True, fillcolor=255), language, timeout, angle + turns)
            if turned.confidence > result.confidence:
                result = turned
    return result


def _read(prepared: Image.Image, language: str, timeout: int, angle: float) -> OcrResult:
    import pytesseract

    try:
        data = pytesseract.image_to_data(
            prepared, lang=language, config="--psm 3", output_type=pytesseract.Output.DICT, timeout=timeout
        )
    except RuntimeError as exc:  # pytesseract raises RuntimeError("Tesseract process timeout")
        raise OcrTimeoutError(f"OCR took longer than {timeout} s for one page") from exc
    return OcrResult(text=_text_from_data(data), confidence=_mean_confidence(data), angle=angle)


def _mean_confidence(data: dict) -> float:
    confidences = [
        float(c) for c, word in zip(data["conf"], data["text"], strict=False) if word.strip() and float(c) >= 0
    ]
    return round(sum(confidences) / len(confidences), 1) if confidences else 0.0


def _text_from_data(data: dict) -> str:
    """Rebuild lines and paragraphs from Tesseract's word boxes."""
    lines: dict[tuple[int, int, int], list[str]] = {}
    for word, block, paragraph, line in zip(
        data["text"], data["block_num"], data["par_num"], data["line_num"], strict=False
    ):
        if word.strip():
            lines.setdefault((block, paragraph, line), []).append(word)
    output: list[str] = []
    previous_paragraph = None
    for (block, paragraph, _), words in lines.items():
        if previous_paragraph is not None and (block, paragraph) != previous_paragraph:
            output.append("")
        output.append(" ".join(words))
        previous_paragraph = (block, paragraph)
    return "\n".join(output)
