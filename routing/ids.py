"""Ids as they may be written, and the file names made from them.

An id (of a coach type, a depot, a gate, a pickup point, an employer, a worker) is checked at
the door by ``id_problem``: 1 to ``MAX_ID_LENGTH`` characters, letters of any script, digits,
``_``, ``-``, ``.`` and ``·``, not starting with ``.`` or ``-``. Files are never named by an id
directly: ``file_stem`` gives a name that is always a single plain file name, the id itself when
it is safe everywhere, else a slug and a short hash of the id.
"""

from __future__ import annotations

import hashlib
import re

MAX_ID_LENGTH = 64
_ID = re.compile(r"[^\W][\w.·-]*|_[\w.·-]*")
_PLAIN = re.compile(r"[A-Za-z0-9\u4e00-\u9fff][A-Za-z0-9\u4e00-\u9fff_.·-]{0,63}")
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def id_problem(value: str) -> str | None:
    """Why ``value`` cannot be an id (one sentence), or None when it can."""
    if not value:
        return "is empty"
    if len(value) > MAX_ID_LENGTH:
        return f"has {len(value)} characters, at most {MAX_ID_LENGTH} are allowed"
    if not _ID.fullmatch(value):
        bad = sorted({c for c in value if not (c.isalnum() or c in "_.·-")})
        shown = ", ".join(repr(c) for c in bad) or "its first character"
        return (f"may hold only letters, digits, '_', '-', '.' and '·', and may not start with '.' or '-' "
                f"(found {shown})")
    return None


def file_stem(value: str) -> str:
    """A file name (without extension) for an id: the id itself when it is plain (ASCII letters and digits,
    Chinese characters, ``_ . · -``, not starting with ``.``, at most 64 characters, no reserved device name),
    else a slug of it and 8 hex digits of its SHA-1, so no id can name a path or collide with another."""
    if _PLAIN.fullmatch(value) and value.split(".")[0].upper() not in _RESERVED:
        return value
    slug = re.sub(r"[^A-Za-z0-9\u4e00-\u9fff_-]+", "_", value).strip("_.-")[:40] or "id"
    return f"{slug}-{hashlib.sha1(value.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}"
