"""CSV files meant to be opened in Excel by people who read Chinese."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def write_excel_csv(rows: Sequence[Mapping[str, object]], columns: Sequence[str], path: Path | str) -> Path:
    """Write rows as CSV in UTF-8 with a BOM, so Excel shows the Chinese text; returns the path.

    Every value is written as text, so leading zeros and long digit strings survive. A value
    that Excel would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a
    carriage return) gets a leading apostrophe, so it shows as the text it is.
    """
    out = Path(path)
    frame = pd.DataFrame(list(rows), columns=list(columns), dtype=str)
    frame = frame.map(lambda v: "'" + v if isinstance(v, str) and v.startswith(FORMULA_STARTS) else v)
    frame.to_csv(out, index=False, encoding="utf-8-sig")
    return out
