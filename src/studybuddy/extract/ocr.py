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

A page read alone (one photo, a one-page scan) would leave the other cores idle, and almost all of a page's time is
Tesseract's LSTM working through its lines one after another. So a lone page is cut into two parts per core of
about equal text, read from a queue by one engine per core, each in its own thread (tesserocr lets go of the GIL
while Tesseract works), so the cores finish nearly together. A cut never changes the reading order nor a letter:
down a gutter that runs the whole height of the text (columns), or across a gap between lines where no columns
run and the page itself has a blank row (a cut placed on a coarse ink map alone clipped descenders: 'g' read
as 'a'); parts cut between two lines of one paragraph are joined back into it.
"""

from __future__ import annotations

import os
import queue
import re
import shutil
import signal
import subprocess
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
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
_OSD_HALVE_ABOVE = 2400  # pixels of the shorter side (a 12-megapixel photo: 3024)
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
    """One initialised Tesseract engine (and an orientation detector made on first need), reused page after page;
    a lone page split across the cores gets one more engine per extra core, also made on first need and kept.
    A PageReader reads one page at a time."""

    def __init__(self, language: str = "eng") -> None:
        if not tesseract_available():
            raise OcrUnavailableError("Tesseract OCR is not installed (Debian package tesseract-ocr)")
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")
        import tesserocr

        self._tesserocr = tesserocr
        self._language = language
        self._api = self._engine()
        self._helpers: list[tesserocr.PyTessBaseAPI] = []
        self._threads: ThreadPoolExecutor | None = None
        self._thread_count = 0
        self._osd: tesserocr.PyTessBaseAPI | None = None
        self._cores = 1
        self._deadline = 0.0

    def _engine(self) -> tesserocr.PyTessBaseAPI:
        # Inverted-text retries cost time on every line and a page of study text is dark on light.
        return self._tesserocr.PyTessBaseAPI(
            path=tessdata_dir(),
            lang=self._language,
            psm=self._tesserocr.PSM.AUTO,
            variables={"tessedit_do_invert": "0"},
        )

    def read(self, image: Image.Image, *, timeout: float = 60, dpi: int | None = None, cores: int = 1) -> OcrResult:
        """Read the text of one page image within ``timeout`` seconds (OcrTimeoutError otherwise).

        ``dpi`` is the true resolution when known (a rendered PDF page); otherwise Tesseract estimates it from the
        size of the text, because phones write 72 dpi into every photo and that misleads its layout analysis.
        ``cores`` is how many cores this page may use: more than one only when it is read alone.
        """
        self._cores, self._deadline = max(1, cores), time.monotonic() + timeout
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
        first = (
            self._prepared_reading(page, look, dpi, turns)
            if prepare_first
            else self._recognise(page, dpi, turns, ink=look.ink)
        )
        if first.confidence >= _CONFIDENT:
            return first
        if prepare_first:
            second = self._recognise(page, dpi, turns, ink=look.ink)
            return first if first.confidence >= second.confidence else second
        second = self._prepared_reading(page, look, dpi, turns)
        return second if second.confidence >= first.confidence + _BETTER_BY else first

    def _prepared_reading(self, page: Image.Image, look: Survey, dpi: int | None, turns: int) -> OcrResult:
        prepared = prepare(page, look.skew, flatten=look.uneven_light)
        ink = look.ink
        if ink is not None and straightens(look.skew, flatten=look.uneven_light):
            ink = _turned_ink(ink, look.skew)
        return self._recognise(prepared, dpi, turns + look.skew, prepared=True, ink=ink)

    def _recognise(
        self, image: Image.Image, dpi: int | None, angle: float, *, prepared: bool = False, ink: np.ndarray | None
    ) -> OcrResult:
        parts = _page_parts(image, self._cores * _PARTS_PER_CORE, ink) if self._cores > 1 else []
        if len(parts) <= 1:
            text, confidences = _recognise_with(self._api, image, dpi)
        else:
            text, confidences = self._recognise_parts(parts, dpi)
        confidence = round(sum(confidences) / len(confidences), 1) if confidences else 0.0
        return OcrResult(text=text, confidence=confidence, angle=angle, prepared=prepared)

    def _recognise_parts(self, parts: list[PagePart], dpi: int | None) -> tuple[str, list[int]]:
        """The parts of one page read by one engine per core, each engine taking the next part as it finishes one
        (so the cores finish nearly together however the text falls), their texts joined in reading order.

        Only the main thread sees the page's alarm, so each part's Tesseract is given the time left when it starts
        instead; and whatever ends the wait early, parts not yet started are dropped and the running ones waited
        for, so no engine is still busy when the next page comes.
        """
        workers = min(self._cores, len(parts))
        while len(self._helpers) < workers - 1:
            self._helpers.append(self._engine())
        if self._threads is None or self._thread_count < workers:
            self._threads, self._thread_count = ThreadPoolExecutor(workers, thread_name_prefix="ocr-part"), workers
        idle: queue.SimpleQueue[tesserocr.PyTessBaseAPI] = queue.SimpleQueue()
        for engine in [self._api, *self._helpers][:workers]:
            idle.put(engine)
        deadline = self._deadline

        def read_part(part: Image.Image) -> tuple[str, list[int]]:
            engine = idle.get()
            try:
                remaining_ms = int((deadline - time.monotonic()) * 1000)
                if remaining_ms <= 0:
                    raise OcrTimeoutError("OCR ran out of time for one page")
                return _recognise_with(engine, part, dpi, remaining_ms)
            finally:
                idle.put(engine)

        futures = [self._threads.submit(read_part, part.image) for part in parts]
        try:
            readings = [future.result() for future in futures]
        finally:
            for future in futures:
                future.cancel()
            wait(futures)
        text = readings[0][0]
        for part, (part_text, _) in zip(parts[1:], readings[1:], strict=True):
            # A part that starts mid-paragraph continues its paragraph; one after a column or a wide gap does not.
            text = text.rstrip("\n") + ("\n" if part.continues_paragraph else "\n\n") + part_text
        return text, [c for _, confidences in readings for c in confidences]

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
        if min(small.size) >= _OSD_HALVE_ABOVE:  # a phone photo: half its size shows the script as well, faster
            small = small.reduce(2)
        self._osd.SetImage(small)
        self._osd.SetSourceResolution(1)
        found = self._osd.DetectOrientationScript()
        if not found or found.get("orient_conf", 0) < _OSD_CONFIDENT:
            return 0
        return int(found["orient_deg"]) % 360


def _recognise_with(
    api: tesserocr.PyTessBaseAPI, image: Image.Image, dpi: int | None, timeout_ms: int = 0
) -> tuple[str, list[int]]:
    """One engine's reading of one image: its text and its word confidences. ``timeout_ms`` bounds Tesseract
    itself, for threads the page's alarm cannot reach (0: the alarm does)."""
    try:
        api.SetImage(image)
    except OcrTimeoutError:  # the page's time ran out while Tesseract was taking the image
        raise
    except RuntimeError:
        # Leptonica could not allocate the page copy (the reader's memory limit): the image itself is fine.
        raise MemoryError("not enough memory for Tesseract to take the page") from None
    # tesserocr hands the image over as a BMP stamped 96 dpi; 1 asks Tesseract to estimate instead.
    api.SetSourceResolution(dpi or 1)
    started = time.monotonic()
    if not api.Recognize(timeout=timeout_ms):
        if timeout_ms and time.monotonic() - started >= timeout_ms / 1000:
            raise OcrTimeoutError(f"OCR took longer than {timeout_ms / 1000:g} s for one page")
        # Tesseract fails early only when Leptonica cannot allocate its page structures (the memory limit).
        raise MemoryError("not enough memory for Tesseract to read the page")
    return api.GetUTF8Text(), [c for c in api.AllWordConfidences() if c >= 0]


@cache
def page_reader() -> PageReader:
    """This process's engine: initialising Tesseract costs ~0.2 s, so every page of the process shares one."""
    return PageReader()


def ocr_image(image: Image.Image, *, timeout: float = 60, dpi: int | None = None, cores: int = 1) -> OcrResult:
    """Read the text of one page image with this process's engine, over ``cores`` cores when it is read alone."""
    return page_reader().read(image, timeout=timeout, dpi=dpi, cores=cores)


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
    ink: np.ndarray | None = None  # the small copy's ink map, reused to cut the page across the cores


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
    return Survey(sideways=sideways, uneven_light=uneven, skew=0.0 if sideways else _skew_angle(ink), ink=ink)


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


def straightens(skew: float, *, flatten: bool) -> bool:
    """Whether :func:`prepare` turns the page (a page flattened anyway is turned only when clearly crooked)."""
    return not flatten or abs(skew) >= _SKEW_WORTH_FIXING / 4


def _turned_ink(ink: np.ndarray, skew: float) -> np.ndarray:
    """The survey's ink map turned as :func:`prepare` turns the page, to cut the prepared page by."""
    turned = Image.fromarray(ink.astype(np.uint8) * 255).rotate(skew, expand=True, fillcolor=0)
    return np.asarray(turned) > 0


def prepare(page: Image.Image, skew: float, *, flatten: bool) -> Image.Image:
    """For photos and crooked scans: shadows and uneven light flattened, the page straightened.

    The paper's brightness (shadow included) is estimated on a quarter-size copy and divided out, so text in the
    shadow and text in the light end up equally dark on white; Tesseract then thresholds a flat page. A page lit
    evenly is only straightened: flattening it would only sharpen JPEG noise.
    """
    gray = page.convert("L")
    # Bilinear: a turn of a few degrees looks the same to Tesseract as bicubic, at ~40 % of the time.
    if not flatten:
        return gray.rotate(skew, resample=Image.Resampling.BILINEAR, expand=True, fillcolor=255)
    small = gray.reduce(4)
    # The gain that makes each pixel's paper white, worked out on the small copy and enlarged (the paper's
    # brightness changes slowly): a multiplication per pixel instead of a division.
    gain = 255.0 / np.maximum(_background(np.asarray(small, dtype=np.float32)), 1.0)
    pixels = np.asarray(gray, dtype=np.float32).copy()
    pixels *= np.asarray(Image.fromarray(gain.astype(np.float32), "F").resize(gray.size, Image.Resampling.BILINEAR))
    np.minimum(pixels, 255.0, out=pixels)
    flattened = Image.fromarray(pixels.astype(np.uint8))
    if straightens(skew, flatten=True):
        flattened = flattened.rotate(skew, resample=Image.Resampling.BILINEAR, expand=True, fillcolor=255)
    return flattened


_CUT_SIDE = 1000  # the ink map for cutting a page is made on a copy this size (the survey's size)
_PARTS_PER_CORE = 2  # parts queued per core: short parts let the cores finish nearly together
_GUTTER_SHARE = 0.015  # a blank strip this share of the width, running the text's whole height, parts columns
_NEAR_A_CUT = 0.1  # share of the height around a cut across the page that must show no columns
_PARAGRAPH_GAP = 1.5  # a blank gap this many times the usual gap between lines is a paragraph break
_EVEN_ENOUGH = 0.05  # share of the ink a cut may leave off the even share to go through a wider gap
_EDGE_DRIFT = 3  # pixels a page edge may lean across the rows where a cut is looked for
_SPECKS = 2  # ink pixels a row of the page may hold and still be blank enough to cut through (dust, noise)


@dataclass
class PagePart:
    image: Image.Image
    continues_paragraph: bool = False  # cut from the part before it between two lines of one paragraph


@dataclass
class _Box:
    """A part of the page: its sides in the ink map's pixels, and where a cut across the page made its top or
    bottom, in the page's own rows (a cut is placed on the page itself, not on the coarse ink map)."""

    left: int
    top: int
    right: int
    bottom: int
    continues_paragraph: bool = False
    row_above: int | None = None
    row_below: int | None = None


def cut_for_cores(page: Image.Image, parts: int, ink: np.ndarray | None = None) -> list[Image.Image]:
    """The page cut into up to ``parts`` parts in reading order, or whole when no cut is safe."""
    return [part.image for part in _page_parts(page, parts, ink)]


def _page_parts(page: Image.Image, parts: int, ink: np.ndarray | None = None) -> list[PagePart]:
    """The page cut into up to ``parts`` parts of about equal text, in reading order; whole when no cut is safe.

    Tesseract reads columns one after the other, so a gutter running the whole height of the text is a safe cut;
    a cut across the page is safe only where no columns run past it (else it would read the top halves of both
    columns before the bottom halves) and where a row of the page is blank from side to side (else it would clip
    a descender: 'g' read as 'a'). Among such gaps between lines it takes the one sharing the ink out most
    evenly, since the parts' reading times follow their amount of text. ``ink`` is the survey's ink map of this
    page, when there is one (making it again costs as much as the survey).
    """
    if parts <= 1:
        return [PagePart(page)]
    if ink is None:
        small = page.convert("L")
        small.thumbnail((_CUT_SIDE, _CUT_SIDE))
        pixels = np.asarray(small, dtype=np.float32)
        ink = pixels < 0.75 * _background(pixels)
    scale_x, scale_y = page.size[0] / ink.shape[1], page.size[1] / ink.shape[0]

    def blank_row(gap: tuple[int, int], left: int, right: int) -> int | None:
        """The page's row nearest the middle of a gap the ink map shows (first blank row, row after the last)
        that holds no ink at all between ``left`` and ``right`` (ink map columns); None when every row has some.
        """
        top = max(0, int((gap[0] - 1) * scale_y))
        bottom = min(page.size[1], int(np.ceil((gap[1] + 1) * scale_y)))
        band = np.asarray(
            page.crop((round(left * scale_x), top, round(right * scale_x), bottom)).convert("L"), dtype=np.float32
        )
        # Ink is what is much darker than the paper above or below it in the band (a shadow darkens both); what is
        # dark in every row of the band (a photo's page edge, the desk, a rule down the margin) is no letter.
        paper = np.maximum(band.max(axis=0), 0.7 * np.percentile(band, 95))
        dark = band < 0.6 * paper
        edges = dark.all(axis=0)
        for shift in range(1, _EDGE_DRIFT + 1):  # a page edge drifts a pixel or two across the band
            edges[shift:] |= edges[:-shift]
            edges[:-shift] |= edges[shift:]
        ink_per_row = (dark & ~edges).sum(axis=1)
        middle = (bottom - top) / 2
        clean = [row for row in range(len(ink_per_row)) if ink_per_row[row] <= _SPECKS]
        return top + min(clean, key=lambda row: abs(row - middle)) if clean else None

    boxes = _cut(ink, _Box(0, 0, ink.shape[1], ink.shape[0]), parts, blank_row)
    if len(boxes) == 1:
        return [PagePart(page)]
    return [
        PagePart(
            page.crop(
                (
                    round(box.left * scale_x),
                    round(box.top * scale_y) if box.row_above is None else box.row_above,
                    round(box.right * scale_x),
                    round(box.bottom * scale_y) if box.row_below is None else box.row_below,
                )
            ),
            box.continues_paragraph,
        )
        for box in boxes
    ]


_BlankRow = Callable[[tuple[int, int], int, int], "int | None"]


def _cut(ink: np.ndarray, box: _Box, parts: int, blank_row: _BlankRow) -> list[_Box]:
    """Boxes covering ``box`` in reading order, at most ``parts``, of about equal ink."""
    if parts <= 1:
        return [box]
    region = ink[box.top : box.bottom, box.left : box.right]
    rows = np.flatnonzero(_inked(region.sum(axis=1), box.right - box.left))
    if len(rows) < 2:
        return [box]
    gutter = _gutter(region[rows[0] : rows[-1] + 1])
    if gutter is not None:
        middle = box.left + gutter
        first = _Box(box.left, box.top, middle, box.bottom, box.continues_paragraph, box.row_above, box.row_below)
        second = _Box(middle, box.top, box.right, box.bottom, False, box.row_above, box.row_below)
    else:
        across = _cut_across(
            region,
            (parts // 2) / parts,
            lambda gap: blank_row((box.top + gap[0], box.top + gap[1]), box.left, box.right),
        )
        if across is None:
            return [box]
        (start, end), page_row, continues = across
        row = box.top + (start + end) // 2
        first = _Box(box.left, box.top, box.right, row, box.continues_paragraph, box.row_above, page_row)
        second = _Box(box.left, row, box.right, box.bottom, continues, page_row, box.row_below)
    return _cut(ink, first, parts // 2, blank_row) + _cut(ink, second, parts - parts // 2, blank_row)


def _inked(profile: np.ndarray, length: int) -> np.ndarray:
    """Which rows (or columns) of an ink profile hold ink beyond specks (dust, JPEG noise)."""
    return profile > max(1, length // 500)


def _gutter(band: np.ndarray) -> int | None:
    """The middle of a blank vertical strip between ink on both sides, in the middle half of the band's ink."""
    columns = np.flatnonzero(_inked(band.sum(axis=0), band.shape[0]))
    if len(columns) < 2:
        return None
    blank = ~np.isin(np.arange(columns[0], columns[-1] + 1), columns)
    width = columns[-1] - columns[0]
    best: tuple[int, int] | None = None  # (length, middle) of the widest blank run
    start = None
    for offset, is_blank in enumerate(np.append(blank, False)):
        if is_blank and start is None:
            start = offset
        elif not is_blank and start is not None:
            length, middle = offset - start, columns[0] + (start + offset) // 2
            if 0.25 * width <= middle - columns[0] <= 0.75 * width and (best is None or length > best[0]):
                best = (length, int(middle))
            start = None
    if best is None or best[0] < _GUTTER_SHARE * band.shape[1]:
        return None
    return best[1]


def _cut_across(
    region: np.ndarray, share_above: float, blank_row: Callable[[tuple[int, int]], int | None]
) -> tuple[tuple[int, int], int, bool] | None:
    """Where to cut: the gap between text lines (first blank row, row after the last) that leaves nearest
    ``share_above`` of the ink above it, where no columns run within a tenth of the height either side and
    ``blank_row`` finds a row of the page blank from side to side; that row; and whether the gap parts two lines of
    one paragraph."""
    # A photo's page edges (or a rule down the margin) put ink in every row: what a row holds beyond the least any
    # row near it holds is its text, and a gap between lines holds none.
    inked = region.sum(axis=1)
    near = max(1, region.shape[0] // 30)
    per_row = inked - sliding_window_view(np.pad(inked, near, mode="edge"), 2 * near + 1).min(axis=1)
    blank = np.append(~_inked(per_row, region.shape[1]), False)
    share = np.cumsum(per_row) / max(1, per_row.sum())
    reach = max(1, int(_NEAR_A_CUT * region.shape[0]))
    edges = np.flatnonzero(np.diff(np.concatenate(([False], blank)).astype(np.int8)))
    gaps = [
        (int(start), int(end))  # blank rows start..end-1, with text above and below
        for start, end in zip(edges[::2], edges[1::2], strict=True)
        if start > 0 and end < len(blank) - 1
    ]
    if not gaps:
        return None
    usual_gap = float(np.median([end - start for start, end in gaps]))

    def preference(gap: tuple[int, int]) -> tuple[float, int]:
        # A wide gap (a paragraph break) near the wanted share before a narrow one at it: a narrow gap is where a
        # cut is likeliest to clip a descender. Beyond that, nearest the wanted share first.
        off = abs(share[(gap[0] + gap[1]) // 2] - share_above)
        return (0.0, gap[0] - gap[1]) if off <= _EVEN_ENOUGH else (off, 0)

    for start, end in sorted(gaps, key=preference):
        middle = (start + end) // 2
        # A cut leaving a side less than half its wanted share saves too little.
        if not share_above / 2 <= share[middle] <= 1 - (1 - share_above) / 2:
            continue
        if _gutter(region[max(0, middle - reach) : middle + reach]) is not None:
            continue
        page_row = blank_row((start, end))
        if page_row is not None:
            return (start, end), page_row, end - start < _PARAGRAPH_GAP * usual_gap
    return None
