"""File names of a plan's coaches: never an id as it is written, always one plain file name.

Coach ids come from the scenario (``<fleet type id>-<n>``) or from a plan.json anyone may have
written. ``file_stem`` is the id itself when it is plain everywhere (ASCII letters and digits,
Chinese characters, ``_ . · -``, not starting with ``.``, at most 64 characters, no reserved
device name, not ending like a hashed name), else a slug of it and 8 hex digits of its SHA-1: no
id can name a path outside the output folder, and a plain name never equals a hashed one.
"""

from __future__ import annotations

import hashlib
import re

_PLAIN = re.compile(r"[A-Za-z0-9\u4e00-\u9fff][A-Za-z0-9\u4e00-\u9fff_.·-]{0,63}")
_HASHED = re.compile(r"-[0-9a-f]{8}$")  # the form of a hashed name: a plain id of that form is hashed too
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def file_stem(value: str) -> str:
    """A file name (without extension) for an id: the id when it is plain, else a slug and a short hash."""
    if _PLAIN.fullmatch(value) and value.split(".")[0].upper() not in _RESERVED and not _HASHED.search(value):
        return value
    slug = re.sub(r"[^A-Za-z0-9\u4e00-\u9fff_-]+", "_", value).strip("_.-")[:40] or "id"
    return f"{slug}-{hashlib.sha1(value.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}"
