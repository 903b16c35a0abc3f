"""Where the shared corpus is, for benchmarks (shared/ beside the repository, or STUDYBUDDY_SHARED_DIR)."""

from __future__ import annotations

import os
from pathlib import Path


def corpus_dir() -> Path:
    candidates = (
        [Path(os.environ["STUDYBUDDY_SHARED_DIR"]) / "corpus"] if os.environ.get("STUDYBUDDY_SHARED_DIR") else []
    )
    candidates += [Path(__file__).resolve().parents[2] / "shared" / "corpus", Path("/work/shared/corpus")]
    return next((c for c in candidates if c.is_dir()), candidates[0])


def corpus_paragraphs() -> list[str]:
    """The textbook sections' paragraphs, headings dropped, as page material."""
    paragraphs = []
    for path in sorted((corpus_dir() / "text").glob("*.txt")):
        paragraphs += [p.strip() for p in path.read_text().split("\n") if p.strip() and not p.startswith("#")]
    return paragraphs
