"""OCR for scans and phone photos: Tesseract through its C API, preparing a page only when that helps.

Each process keeps one initialised Tesseract engine (tesserocr, built on Debian's libtesseract: the same engine
as the `tesseract` command) and reuses it for every page: no subprocess and no PNG re-encode per page.

Per page, a glance at a 1000-pixel copy (:func:`survey`, tens of milliseconds) decides the way to read it:
- a clean, straight page (a flat scan, bilevel or grey) goes to Tesseract exactly as it came, so it reads exactly
  as well as plain Tesseract: no median filter, no re-thresholding, no resampling;
- a photo (uneven light: shadow, desk around the page) or a page skewed by 2 degrees or more is prepared first
  (paper brightness divided out, page straightened);
- text lines running vertically mean a page photographed sideways: Tesseract's orientation detection (OSD) says
  which quarter turn stands it upright.
A reading below the confidence bar is retried the other way (and, if still poor, after an OSD check for an
upside-down page), keeping the more confident reading. Tesseract runs single-threaded (OMP_THREAD_LIMIT=1):
pages are read in parallel instead (page_workers.py), which uses two cores far better than its own threads.
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
_CONFIDENT = 85.0  # mean word confidence above which the first reading is kept without trying another way
_BETTER_BY = 2.0  # a prepared reading must beat an untouched one by this much to replace it
_OSD_CONFIDENT = 2.0
_SKEW_WORTH_FIXING = 2.0  # degrees; Tesseract copes with less on its own (deskewing less measured no better)
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
    """Where eng.traineddata and osd.traineddata live: wherever the `tesseract` command looks (it honours
    TESSDATA_PREFIX), so the engine and the command always read the same language data."""
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
            look = survey(page)
            turns = self._quarter_turns(page) if look.sideways else 0
            if turns:
                page = page.rotate(turns, expand=True)
                look = survey(page)
            result = self._read_as_surveyed(page, look, dpi, turns)
            if result.confidence < _CONFIDENT and not turns:
                # Upside down, or sideways and missed by the survey: a bad reading is worth an OSD look.
                turns = self._quarter_turns(page)
                if turns:
                    turned_page = page.rotate(turns, expand=True)
                    turned = self._read_as_surveyed(turned_page, survey(turned_page), dpi, turns)
                    if turned.confidence > result.confidence:
                        result = turned
            return result

    def _read_as_surveyed(self, page: Image.Image, look: Survey, dpi: int | None, turns: int) -> OcrResult:
        """Photos and crooked pages are prepared first; clean straight pages are read as they came.

        Whichever way was tried first, a reading below the confidence bar is tried the other way too and the more
        confident reading kept; a prepared reading must be clearly better to replace an untouched one.
        """
        prepare_first = look.uneven_light or abs(look.skew) >= _SKEW_WORTH_FIXING
        first = self._prepared_reading(page, look, dpi, turns) if prepare_first else self._recognise(page, dpi, turns)
        if first.confidence >= _CONFIDENT:
            return first
        if prepare_first:
            second = self._recognise(page, dpi, turns)
            return first if first.confidence >= second.confidence else second
        second = self._prepared_reading(page, look, dpi, turns)
        return second if second.confidence >= first.confidence + _BETTER_BY else first

    def _prepared_reading(self, page: Image.Image, look: Survey, dpi: int | None, turns: int) -> OcrResult:
        prepared = prepare(page, look.skew, flatten=look.uneven_light)
        return self._recognise(prepared, dpi, turns + look.skew, prepared=True)

    def _recognise(self, image: Image.Image, dpi: int | None, angle: float, *, prepared: bool = False) -> OcrResult:
        try:
            self._api.SetImage(image)
        except OcrTimeoutError:  # the page's time ran out while Tesseract was taking the image
            raise
        except RuntimeError:
            # Leptonica could not allocate the page copy (the reader's memory limit): the image itself is fine.
            raise MemoryError("not enough memory for Tesseract to take the page") from None
        # tesserocr hands the image over as a BMP stamped 96 dpi; 1 asks Tesseract to estimate instead.
        self._api.SetSourceResolution(dpi or 1)
        self._api.Recognize()
        text = self._api.GetUTF8Text()
        confidences = [c for c in self._api.AllWordConfidences() if c >= 0]
        confidence = round(sum(confidences) / len(confidences), 1) if confidences else 0.0
        return OcrResult(text=text, confidence=confidence, angle=angle, prepared=prepared)

    def _quarter_turns(self, gray: Image.Image) -> int:
        """0, 90, 180 or 270: how far the page was turned clockwise, so turning it back counter-clockwise (as Pillow's
        rotate does) stands it upright; 0 when unsure."""
        if self._osd is None:
            try:
                self._osd = self._tesserocr.PyTessBaseAPI(
                    path=tessdata_dir(), lang="osd", psm=self._tesserocr.PSM.OSD_ONLY
                )
            except RuntimeError:  # no osd.traineddata (tesseract-ocr-osd): pages are read as they stand
                return 0
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


@dataclass
class Survey:
    """What a glance at a small copy of the page says about how to read it."""

    sideways: bool  # text lines run up or down the page
    uneven_light: bool  # shadows or a desk around the page: a photo, not a flat scan
    skew: float  # degrees to rotate counter-clockwise to make the lines horizontal


_SURVEY_SIDE = 1000


def survey(page: Image.Image) -> Survey:
    """Tens of milliseconds of numpy on a 1000-pixel copy, to spare Tesseract work it does not need."""
    small = page.convert("L")
    small.thumbnail((_SURVEY_SIDE, _SURVEY_SIDE))
    pixels = np.asarray(small, dtype=np.float32)
    paper = _background(pixels)
    ink = pixels < 0.75 * paper
    # Paper brightness across the page: a flat scan's paper is one shade; a photo's spans shadow to highlight.
    low, high = np.percentile(paper, [5, 95])
    uneven = bool(high > 0 and (high - low) / high > 0.2)
    sideways = _mean_run(_smear(ink.T)) > 1.2 * _mean_run(_smear(ink))
    return Survey(sideways=sideways, uneven_light=uneven, skew=0.0 if sideways else _skew_angle(ink))


def _max_filter(pixels: np.ndarray, reach: int) -> np.ndarray:
    """Greyscale dilation over a (2*reach+1)-pixel square, done as two cheap one-dimensional passes."""
    out = pixels.copy()
    for axis in (0, 1):
        source = out.copy()
        for shift in range(1, reach + 1):
            if axis == 0:
                out[shift:] = np.maximum(out[shift:], source[:-shift])
                out[:-shift] = np.maximum(out[:-shift], source[shift:])
            else:
                out[:, shift:] = np.maximum(out[:, shift:], source[:, :-shift])
                out[:, :-shift] = np.maximum(out[:, :-shift], source[:, shift:])
    return out


def _background(pixels: np.ndarray) -> np.ndarray:
    """The paper's brightness at every pixel, text removed: a dilation wider than a letter, then smoothed."""
    reach = max(2, round(min(pixels.shape) / 150))  # ~20 px at 300 dpi: wider than any stroke of body text
    dilated = _max_filter(pixels, reach)
    smoothed = Image.fromarray(dilated.astype(np.uint8)).filter(ImageFilter.BoxBlur(reach))
    return np.asarray(smoothed, dtype=np.float32)


def _smear(ink: np.ndarray, reach: int = 5) -> np.ndarray:
    """Ink extended ``reach`` pixels to the right along each row."""
    out = ink.copy()
    for shift in range(1, reach):
        out[:, shift:] |= ink[:, :-shift]
    return out


def _mean_run(smeared: np.ndarray) -> float:
    """Mean length of the runs of ink along rows. Smearing ink a few pixels along a line joins its letters into
    long runs while the gaps between lines keep runs across lines short, so the longer runs show the lines'
    direction."""
    starts = int(np.count_nonzero(smeared[:, 1:] & ~smeared[:, :-1])) + int(np.count_nonzero(smeared[:, 0]))
    return float(smeared.sum()) / max(1, starts)


def _row_sharpness(ink: np.ndarray) -> float:
    profile = ink.sum(axis=1, dtype=np.float64)
    return float(np.sum(np.diff(profile) ** 2))


def _skew_angle(ink: np.ndarray) -> float:
    """The rotation that makes text lines horizontal: the angle whose row profile is sharpest (coarse, then fine)."""
    image = Image.fromarray((ink * 255).astype(np.uint8))

    def score(angle: float) -> float:
        return _row_sharpness(np.asarray(image.rotate(angle, resample=Image.Resampling.NEAREST)) > 0)

    coarse = max(np.arange(-_DESKEW_LIMIT, _DESKEW_LIMIT + 1e-9, 1.0), key=lambda a: score(float(a)))
    fine = max(np.arange(coarse - 0.75, coarse + 0.76, 0.25), key=lambda a: score(float(a)))
    return round(float(fine), 2)


def prepare(page: Image.Image, skew: float, *, flatten: bool) -> Image.Image:
    """For photos and crooked scans: shadows and uneven light flattened, the page straightened.

    The paper's brightness (shadow included) is estimated on a quarter-size copy and divided out, so text in the
    shadow and text in the light end up equally dark on white; Tesseract then thresholds a flat page. A page lit
    evenly is only straightened: flattening it would only sharpen JPEG noise.
    """
    gray = page.convert("L")
    if not flatten:
        return gray.rotate(skew, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    small = gray.reduce(4)
    paper = Image.fromarray(_background(np.asarray(small, dtype=np.float32)).astype(np.uint8)).resize(
        gray.size, Image.Resampling.BILINEAR
    )
    pixels = np.asarray(gray, dtype=np.float32)
    flat = np.clip(pixels / np.maximum(np.asarray(paper, dtype=np.float32), 1.0) * 255.0, 0, 255)
    flattened = Image.fromarray(flat.astype(np.uint8))
    if abs(skew) >= _SKEW_WORTH_FIXING / 4:
        flattened = flattened.rotate(skew, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    return flattened
