"""Ids as they may be written.

An id (of a coach type, a depot, a gate, a pickup point, an employer, a worker) is checked at
the door by ``id_problem``: 1 to ``MAX_ID_LENGTH`` characters, letters of any script, digits,
``_``, ``-``, ``.`` and ``·``, not starting with ``.`` or ``-``. Files are never named by an id
directly: see ``routing.plan.files``.
"""

from __future__ import annotations

import re

MAX_ID_LENGTH = 64
_ID = re.compile(r"[^\W][\w.·-]*|_[\w.·-]*")


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

