"""How close extracted text is to the truth: character error rate (OCR) and word-level F1 (text layers)."""

from __future__ import annotations

import re
from collections import Counter


def character_error_rate(hypothesis: str, truth: str) -> float:
    """Levenshtein distance over the reference length, whitespace normalised."""
    a, b = " ".join(hypothesis.split()), " ".join(truth.split())
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
        previous = current
    return previous[-1] / max(1, len(b))


def word_f1(extracted: str, truth: str) -> float:
    """Bag-of-words F1 of the extracted text against the known text."""
    got = Counter(re.findall(r"[a-z0-9]+", extracted.lower()))
    want = Counter(re.findall(r"[a-z0-9]+", truth.lower()))
    overlap = sum((got & want).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(got.values()), overlap / sum(want.values())
    return 2 * precision * recall / (precision + recall)
