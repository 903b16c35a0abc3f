"""OCR for scans and phone photos: Tesseract through its C API, preparing a page only when that helps.

Each process keeps one initialised Tesseract engine (tesserocr) and reuses it for every page: no subprocess and
no PNG re-encode per page. A page is read the cheap way first (the image as it is, Tesseract's own thresholding),
which is exactly as good as plain Tesseract on clean scans; only a page read with low confidence goes through
preparation (shadow flattening, deskew, adaptive thresholding) and keeps whichever reading is more confident.
A page whose text lines run vertically, or that reads badly, is checked for a quarter turn with Tesseract's
orientation detection (OSD). Tesseract runs single-threaded (OMP_THREAD_LIMIT=1): pages are read in parallel
instead, one process per core, which uses two cores far better than Tesseract's own threads fighting over them.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PIL import Image, ImageFilter, ImageOps

if TYPE_CHECKING:
    import tesserocr

# Decompression bombs: refuse images over 40 megapixels outright (a 300-dpi A3 page is ~17 MP).
MAX_PIXELS = 40_000_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
IMAGE_FORMATS = ["JPEG", "PNG", "WEBP"]
_MIN_HEIGHT = 1500  # pixels of page height below which text is usually too small for Tesseract
_DESKEW_LIMIT = 8.0  # degrees tried either way
_CONFIDENT = 85.0  # mean word confidence above which the cheap reading is kept as it is
_BETTER_BY = 2.0  # a prepared reading must beat the cheap one by this much to replace it
_OSD_CONFIDENT = 2.0
LOW_CONFIDENCE = 60.0  # below this the student is warned to check the text


class OcrUnavailableError(RuntimeError):
    """Tesseract (its language data) is not installed."""


class OcrTimeoutError(RuntimeError):
    pass


@dataclass
class OcrResult:
    text: str
    confidence: float  # mean word confidence, 0-100
    angle: float  # degrees the page was rotated to straighten it
    prepared: bool = False  # whether preparation was needed (False: read as it came)


def tesseract_available() -> bool:
    """The Debian package provides both the `tesseract` command and the language data the engine loads."""
    return shutil.which("tesseract") is not None


@cache
def tessdata_dir() -> str:
    """Where eng.traineddata and osd.traineddata live: TESSDATA_PREFIX, else wherever `tesseract` looks."""
    if os.environ.get("TESSDATA_PREFIX"):
        return os.environ["TESSDATA_PREFIX"]
    try:
        listing = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired):
        listing = ""
    quoted = re.search(r'"([^"]+)"', listing)
    if quoted and Path(quoted.group(1)).is_dir():
        return quoted.group(1)
    for candidate in sorted(Path("/usr/share/tesseract-ocr").glob("*/tessdata"), reverse=True):
        return str(candidate)
    raise OcrUnavailableError("Tesseract language data not found (Debian package tesseract-ocr-eng)")


@cache
def tesseract_version() -> str | None:
    """Asked once per process: /health must stay cheap, and installing Tesseract means a restart anyway."""
    if not tesseract_available():
        return None
    import tesserocr

    return tesserocr.tesseract_version().split()[1]


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


class PageReader:
    """One initialised Tesseract engine (and an orientation detector made on first need), reused page after page."""

    def __init__(self, language: str = "eng") -> None:
        if not tesseract_available():
            raise OcrUnavailableError("Tesseract OCR is not installed (Debian package tesseract-ocr)")
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")
        import tesserocr

        self._tesserocr = tesserocr
        # Inverted-text retries cost time on every line and a page of study text is dark on light.
        self._api = tesserocr.PyTessBaseAPI(
            path=tessdata_dir(), lang=language, psm=tesserocr.PSM.AUTO, variables={"tessedit_do_invert": "0"}
        )
        self._osd: tesserocr.PyTessBaseAPI | None = None

    def read(self, image: Image.Image, *, timeout: float = 60, dpi: int | None = None) -> OcrResult:
        """Read the text of one page image within ``timeout`` seconds (OcrTimeoutError otherwise).

        ``dpi`` is the true resolution when known (a rendered PDF page); otherwise Tesseract estimates it from the
        size of the text, because phones write 72 dpi into every photo and that misleads its layout analysis.
        """
        with _time_limit(timeout):
            page = _as_page(image)
            dpi = dpi or _stated_dpi(image)
            turns = self._quarter_turns(page) if _lines_run_vertically(page) else 0
            if turns:
                page = page.rotate(-turns, expand=True)
            result = self._recognise(page, dpi, angle=turns)
            if result.confidence >= _CONFIDENT:
                return result
            if not turns:
                # Upside down (or sideways and missed by the line check): a bad reading is worth an OSD look.
                turns = self._quarter_turns(page)
                if turns:
                    turned_page = page.rotate(-turns, expand=True)
                    turned = self._recognise(turned_page, dpi, angle=turns)
                    if turned.confidence > result.confidence:
                        result, page = turned, turned_page
                    if result.confidence >= _CONFIDENT:
                        return result
            prepared, skew = prepare(page.convert("L"))
            candidate = self._recognise(prepared, dpi, angle=result.angle + skew, prepared=True)
            if candidate.confidence >= result.confidence + _BETTER_BY:
                return candidate
            return result

    def _recognise(self, image: Image.Image, dpi: int | None, *, angle: float, prepared: bool = False) -> OcrResult:
        self._api.SetImage(image)
        # tesserocr hands the image over as a BMP stamped 96 dpi; 1 asks Tesseract to estimate instead.
        self._api.SetSourceResolution(dpi or 1)
        self._api.Recognize()
        text = self._api.GetUTF8Text()
        confidences = [c for c in self._api.AllWordConfidences() if c >= 0]
        confidence = round(sum(confidences) / len(confidences), 1) if confidences else 0.0
        return OcrResult(text=text, confidence=confidence, angle=angle, prepared=prepared)

    def _quarter_turns(self, gray: Image.Image) -> int:
        """0, 90, 180 or 270: how far the page must turn clockwise to stand upright (0 when unsure)."""
        if self._osd is None:
            self._osd = self._tesserocr.PyTessBaseAPI(
                path=tessdata_dir(), lang="osd", psm=self._tesserocr.PSM.OSD_ONLY
            )
        small = gray.convert("L")
        self._osd.SetImage(small)
        self._osd.SetSourceResolution(1)
        found = self._osd.DetectOrientationScript()
        if not found or found.get("orient_conf", 0) < _OSD_CONFIDENT:
            return 0
        return int(found["orient_deg"]) % 360


@cache
def page_reader() -> PageReader:
    """This process's engine: initialising Tesseract costs ~0.2 s, so every page of the process shares one."""
    return PageReader()


def ocr_image(image: Image.Image, *, timeout: float = 60, dpi: int | None = None) -> OcrResult:
    """Read the text of one page image with this process's engine."""
    return page_reader().read(image, timeout=timeout, dpi=dpi)


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """A per-page time limit. Tesseract checks Python signals while it recognises, so the alarm stops it too."""

    def expired(signum, frame):
        raise OcrTimeoutError(f"OCR took longer than {seconds:g} s for one page")

    if threading.current_thread() is not threading.main_thread():
        yield  # signals reach only the main thread; readers run there, a caller elsewhere goes unlimited
        return
    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _as_page(image: Image.Image) -> Image.Image:
    """Upright by EXIF, in a mode Tesseract takes, small text enlarged: nothing that could damage a clean scan.

    Colour is left to Tesseract: its own grey conversion and thresholding are what plain Tesseract gets, and
    matching plain Tesseract exactly on the pages it reads well is the point of the cheap first reading.
    """
    page = ImageOps.exif_transpose(image)
    if page.mode not in ("1", "L", "RGB"):
        page = page.convert("RGB" if page.mode in ("RGBA", "P", "CMYK", "YCbCr") else "L")
    if page.size[1] < _MIN_HEIGHT:
        factor = min(3.0, _MIN_HEIGHT / page.size[1])
        size = (int(page.size[0] * factor), int(page.size[1] * factor))
        page = page.convert("L").resize(size, Image.Resampling.LANCZOS)
    return page


def _stated_dpi(image: Image.Image) -> int | None:
    """The resolution a scanner wrote into the file; phones' 72 (or 96) dpi is no information and is ignored."""
    stated = image.info.get("dpi")
    try:
        dpi = int(round(float(stated[0]))) if stated else 0
    except (TypeError, ValueError, IndexError):
        return None
    return dpi if 150 <= dpi <= 1200 else None


def _ink(page: Image.Image, side: int = 1000) -> np.ndarray:
    """A small boolean map of dark pixels, for cheap questions about the layout."""
    small = page.convert("L")
    small.thumbnail((side, side))
    pixels = np.asarray(small)
    return pixels < _otsu_threshold(pixels)


def _profile_sharpness(ink: np.ndarray, axis: int) -> float:
    profile = ink.sum(axis=axis, dtype=np.float64)
    return float(np.sum(np.diff(profile) ** 2))


def _lines_run_vertically(gray: Image.Image) -> bool:
    """Text lines make the row profile of ink sharp; a page photographed sideways makes the column profile sharp."""
    ink = _ink(gray)
    return _profile_sharpness(ink, axis=0) > 1.5 * _profile_sharpness(ink, axis=1)


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
    between[valid] = (global_mean * background[valid] / total - cumulative_mean[:-1][valid]) ** 2 / (
        background[valid] * foreground[valid]
    )
    return int(np.argmax(between))


def _skew_angle(ink: np.ndarray) -> float:
    """The rotation that makes text lines horizontal: the angle whose row profile is sharpest (coarse, then fine)."""
    image = Image.fromarray((ink * 255).astype(np.uint8))

    def score(angle: float) -> float:
        rotated = np.asarray(image.rotate(angle, resample=Image.Resampling.NEAREST)) > 0
        return _profile_sharpness(rotated, axis=1)

    coarse = max(np.arange(-_DESKEW_LIMIT, _DESKEW_LIMIT + 1e-9, 1.0), key=lambda a: score(float(a)))
    return float(max(np.arange(coarse - 0.75, coarse + 0.76, 0.25), key=lambda a: score(float(a))))


def prepare(gray: Image.Image) -> tuple[Image.Image, float]:
    """For photos: shadows and uneven light flattened, the page straightened; returns the image and its rotation.

    The background (paper and shadow) is estimated by a wide grey-level closing and divided out, so text in the
    shadow and text in the light end up equally dark on white; Tesseract then thresholds a flat page.
    """
    small = gray.reduce(4)
    background = small.filter(ImageFilter.MaxFilter(9)).filter(ImageFilter.BoxBlur(8)).resize(gray.size)
    pixels = np.asarray(gray, dtype=np.float32)
    flat = np.clip(pixels / np.maximum(np.asarray(background, dtype=np.float32), 1.0) * 255.0, 0, 255)
    flattened = Image.fromarray(flat.astype(np.uint8))
    angle = _skew_angle(_ink(flattened, side=1200))
    if abs(angle) >= 0.25:
        flattened = flattened.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    return flattened, angle
