"""A session's page budget (JOB_PAGE_BUDGET): the pages one job reads at most, so a 1,000-page scan cannot hold a
worker for an hour. Spent file by file, in the session's order; the session finishes with what was read, and a
warning names the pages left out and why. Pages served from the extraction cache cost nothing and are not counted.
"""

from __future__ import annotations

import re

from studybuddy.config import ReadingSettings
from studybuddy.extract.document import ExtractedFile

# How the PDF reader says it stopped early ("X has 1000 pages; only the first 300 were read.").
_PAGES_IN_FILE = re.compile(r" has (\d+) pages; only the first \d+ were read")


def _pages(first: int, last: int) -> str:
    return f"page {first}" if first == last else f"pages {first}–{last}"


class PageBudget:
    def __init__(self, pages: int, reading: ReadingSettings) -> None:
        self.pages = pages
        self.left = pages
        self.reading = reading
        self._limit = reading.max_pdf_pages

    @property
    def spent(self) -> bool:
        return self.left <= 0

    def reading_settings(self) -> ReadingSettings:
        """The reader's settings for the next file: no more pages than the budget has left."""
        self._limit = min(self.reading.max_pdf_pages, self.left)
        return self.reading.model_copy(update={"max_pdf_pages": self._limit})

    def record(self, result: ExtractedFile) -> bool:
        """Count the pages a file used; True when the budget cut it short. Its warning then says which pages were
        left out and why (instead of the reader's), and the short read is not cached as the whole file."""
        read = len(result.pages)
        self.left -= read
        if result.kind != "pdf" or read < self._limit or self._limit >= self.reading.max_pdf_pages:
            return False
        total = None
        for warning in list(result.warnings):
            if found := _PAGES_IN_FILE.search(warning):
                total = int(found.group(1))
                result.warnings.remove(warning)
        if total is None or total <= read:
            return False  # it had no more pages than the budget left (the reader says when it stops early)
        left_out = _pages(read + 1, total)
        result.warnings.append(
            f"Only {_pages(1, read)} of {result.filename} {'was' if read == 1 else 'were'} read; {left_out} "
            f"{'was' if total == read + 1 else 'were'} left out: one session reads at "
            f"most {self.pages} pages, so that nobody's material waits behind a very long scan. Upload the rest "
            "(split the PDF) as another session."
        )
        return True

    def skipped(self, filename: str) -> str:
        return (
            f"{filename} was not read: the files before it used this session's {self.pages} pages (one session "
            "reads at most that many). Upload it as another session."
        )
