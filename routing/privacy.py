"""Personal data in what people read: ID numbers and phones masked, in their fields and in any text.

The manifests mask the ``id_number`` and ``phone`` fields with ``mask_id_number`` and
``mask_phone``. Any other text that may quote what someone typed (a problem found in a roster,
the detail of a worker not seated, a scenario error) goes through ``mask_in_text``, which
masks every run of digits long enough to be an ID number or a phone, whatever field it came
from. Only the boarding copies asked for with ``--full-id`` carry the full numbers.
"""

from __future__ import annotations

import re

# An unbroken run of 11 or more digits (an ID number may end in X), or groups of 3-4 then 3-8 digits joined by
# single spaces or hyphens ("139 9512 3456", "0951-1234567"): a mobile phone, a landline with its area code, an
# old (15) or new (18) ID number. Dates (2020-02-21) and coordinates have shorter groups and stay as they are.
_LONG_NUMBER = re.compile(r"(?<![0-9A-Za-z])(?:\d{11,}[Xx]?|\d{3,4}(?:[ -]\d{3,8}){1,3})(?![0-9A-Za-z])")


def mask_id_number(id_number: str) -> str:
    """Mask an ID number for display: keep the region code (first 6) and the last 4 characters.

    Shorter or malformed values keep less, never more than half of their characters.
    """
    s = id_number.strip()
    if len(s) >= 16:
        return s[:6] + "*" * (len(s) - 10) + s[-4:]
    keep = len(s) // 4
    return s[:keep] + "*" * (len(s) - 2 * keep) + s[len(s) - keep :] if keep else "*" * len(s)


def mask_phone(phone: str) -> str:
    """Mask a phone number for display: keep the first 3 and last 4 digits."""
    s = phone.strip()
    if len(s) <= 7:
        return "*" * len(s)
    return s[:3] + "*" * (len(s) - 7) + s[-4:]


def _mask_number(match: re.Match[str]) -> str:
    digits = re.sub(r"[ -]", "", match.group(0))
    if len(digits) < 11:
        return match.group(0)
    return mask_id_number(digits) if len(digits) >= 15 else mask_phone(digits)


def mask_in_text(text: str) -> str:
    """``text`` with every number long enough to be a phone or an ID number masked (``mask_phone``,
    ``mask_id_number``); shorter numbers (counts, dates, coordinates, adcodes) stay as they are."""
    return _LONG_NUMBER.sub(_mask_number, text) if any(c.isdigit() for c in text) else text
