"""How a page read alone is cut for the cores: parts of about equal text, cut only through rows blank on the page."""

from __future__ import annotations

import numpy as np
import pytest
from bench.ocr_pages import clean_bilevel_scan, old_book_page, phone_photo

from studybuddy.extract.ocr import _as_page, _page_parts, prepare, survey


def _dark(image) -> np.ndarray:
    pixels = np.asarray(image.convert("L"), dtype=np.float32)
    return pixels < 0.6 * np.percentile(pixels, 95)


def test_a_page_is_cut_into_parts_of_about_equal_text():
    page = _as_page(clean_bilevel_scan().image)
    parts = _page_parts(page, 4, survey(page).ink)
    assert len(parts) == 4
    assert sum(part.image.size[1] for part in parts) == page.size[1]
    ink = [int(_dark(part.image).sum()) for part in parts]
    # Each core reads two parts from a queue: parts of a quarter of the text each let both cores finish together.
    assert all(0.15 < share < 0.35 for share in np.array(ink) / sum(ink)), ink


@pytest.mark.parametrize("make_page", [old_book_page, phone_photo], ids=["tight lines, show-through", "photo"])
def test_a_cut_across_the_page_clips_no_descender(make_page):
    page = _as_page(make_page().image)
    look = survey(page)
    if look.uneven_light:  # a photo is cut after its light is flattened, as the reader does
        page, ink = prepare(page, 0.0, flatten=True), look.ink
    else:
        ink = look.ink
    parts = _page_parts(page, 4, ink)
    assert len(parts) > 1
    for above, below in zip(parts, parts[1:], strict=False):
        # The page's row the cut went through opens the part below it: what is dark there but not in every row
        # about it (a page edge) would be a letter clipped.
        near = np.vstack([_dark(above.image)[-4:], _dark(below.image)[:4]])
        assert (_dark(below.image)[0] & ~near.all(axis=0)).sum() <= 4
