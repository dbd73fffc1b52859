"""Resident ID numbers (GB 11643-1999) and phone numbers: check them (masking is ``routing.privacy``'s)."""

from __future__ import annotations

import datetime as dt

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"


def check_char(first17: str) -> str:
    """Return the GB 11643 check character for the first 17 digits."""
    if len(first17) != 17 or not first17.isdigit():
        raise ValueError(f"expected 17 digits, got {first17!r}")
    total = sum(int(c) * w for c, w in zip(first17, _WEIGHTS))
    return _CHECK_CHARS[total % 11]


def id_number_problem(id_number: str) -> str | None:
    """Return why an 18-character ID number is invalid, or None when it is valid."""
    s = id_number.strip().upper()
    if len(s) != 18:
        if s.replace(".", "").replace("E+", "").replace("E", "").isdigit() and ("E" in s or "." in s):
            return "has the form of a number formatted by Excel; format the column as text and type it again"
        return f"has {len(s)} characters, expected 18"
    if not s[:17].isdigit() or not (s[17].isdigit() or s[17] == "X"):
        return "must be 17 digits and a final digit or X"
    try:
        dt.date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        return "holds an impossible birth date"
    expected = check_char(s[:17])
    if s[17] != expected:
        return (
            f"fails the check digit (ends in {s[17]}, expected {expected}); "
            "if it came from Excel, the column may have been stored as a number"
        )
    return None


def birth_date(id_number: str) -> dt.date:
    """Return the birth date written in a valid ID number."""
    s = id_number.strip()
    return dt.date(int(s[6:10]), int(s[10:12]), int(s[12:14]))


def sex_of(id_number: str) -> str:
    """Return "M" or "F" from the 17th digit of a valid ID number."""
    return "M" if int(id_number.strip()[16]) % 2 == 1 else "F"




def phone_problem(phone: str) -> str | None:
    """Return why a mainland mobile number looks wrong, or None when it looks right."""
    s = phone.strip().replace(" ", "").replace("-", "")
    s = s.removeprefix("+86")
    if len(s) != 11 or not s.isdigit():
        return f"has {len(s)} characters, expected 11 digits"
    if s[0] != "1" or s[1] not in "3456789":
        return "does not start like a mainland mobile number (1[3-9]…)"
    return None
