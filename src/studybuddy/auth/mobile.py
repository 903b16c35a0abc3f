"""Indian mobile numbers: one stored form, the 10-digit national number."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field, StrictStr

_SEPARATORS = re.compile(r"[\s\-().]")
_NATIONAL = re.compile(r"^[6-9]\d{9}$")


def normalise_mobile(raw: str) -> str:
    """``+91 98765-43210``, ``919876543210``, ``09876543210`` and ``9876543210`` all become ``9876543210``.

    Anything else (landlines, other countries, too short or long) raises ValueError with what is expected.
    """
    digits = _SEPARATORS.sub("", raw.strip())
    if digits.startswith("+91"):
        digits = digits[3:]
    elif digits.startswith("91") and len(digits) == 12:
        digits = digits[2:]
    elif digits.startswith("0") and len(digits) == 11:
        digits = digits[1:]
    if not _NATIONAL.match(digits):
        raise ValueError("enter a 10-digit Indian mobile number starting with 6, 7, 8 or 9 (optionally +91)")
    return digits


def international(mobile: str) -> str:
    return "+91" + mobile


_SEP = r"[\s().-]*"
# The same language as normalise_mobile, for the OpenAPI schema (clients and fuzzers see what is accepted).
MOBILE_PATTERN = rf"^{_SEP}(?:\+{_SEP}9{_SEP}1{_SEP}|9{_SEP}1{_SEP}|0{_SEP})?[6-9](?:{_SEP}\d){{9}}{_SEP}$"

Mobile = Annotated[
    StrictStr,
    AfterValidator(normalise_mobile),
    Field(
        json_schema_extra={
            "pattern": MOBILE_PATTERN,
            "description": "A 10-digit Indian mobile number starting with 6-9; +91, 91 or 0 before it and spaces, "
            "dashes, dots or brackets between digits are accepted",
        }
    ),
]
