"""Finding a Chinese (CJK) font file on the machine, for PDFs and charts that embed it.

Printed manifests embed their font, so they show Chinese on any viewer; the font file
itself must come from the machine that writes them. The search order is:

1. ``RETURNBUS_CJK_FONT``: a font file path, optionally ``path#index`` for a face of a
   collection (.ttc);
2. well-known files on Debian/Ubuntu (``fonts-noto-cjk``, ``fonts-wqy-microhei``),
   Windows (Microsoft YaHei, SimHei, SimSun) and macOS (PingFang, STHeiti, Arial Unicode);
3. whatever fontconfig's ``fc-match :lang=zh-cn`` names, where fontconfig exists.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from routing.errors import FontNotFound

ENV_VAR = "RETURNBUS_CJK_FONT"

# (regular, bold or None, face index in a collection); the Noto collections hold SC at index 2.
KNOWN_FONTS: tuple[tuple[str, str | None, int], ...] = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 2),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", "/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc", 2),
    ("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
     "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Bold.ttc", 2),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", None, 0),
    ("C:/Windows/Fonts/msyh.ttc", "C:/Windows/Fonts/msyhbd.ttc", 0),
    ("C:/Windows/Fonts/simhei.ttf", None, 0),
    ("C:/Windows/Fonts/simsun.ttc", None, 0),
    ("/System/Library/Fonts/PingFang.ttc", None, 0),
    ("/System/Library/Fonts/STHeiti Light.ttc", "/System/Library/Fonts/STHeiti Medium.ttc", 0),
    ("/Library/Fonts/Arial Unicode.ttf", None, 0),
)


@dataclass(frozen=True)
class FontFile:
    """A font file with Chinese glyphs: ``path`` and the face ``index`` in a collection; ``bold`` if one exists."""

    path: Path
    index: int = 0
    bold: Path | None = None
    bold_index: int = 0


def _from_env(value: str) -> FontFile:
    path, _, index = value.partition("#")
    if not Path(path).is_file():
        raise FontNotFound(f"{ENV_VAR}={value!r}: no such font file.")
    if index and not index.isdigit():
        raise FontNotFound(f"{ENV_VAR}={value!r}: the face index after '#' must be a whole number.")
    return FontFile(Path(path), int(index or 0))


def _from_fontconfig() -> FontFile | None:
    if shutil.which("fc-match") is None:
        return None
    try:
        out = subprocess.run(["fc-match", "-f", "%{file}#%{index}", ":lang=zh-cn"], capture_output=True, text=True,
                             timeout=10, check=False).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    path, _, index = out.partition("#")
    if not path or not Path(path).is_file() or Path(path).suffix.lower() not in (".ttf", ".ttc", ".otf"):
        return None
    return FontFile(Path(path), int(index) if index.isdigit() else 0)


@functools.cache
def find_cjk_font() -> FontFile:
    """The Chinese font to embed (see the module's search order).

    Raises
    ------
    FontNotFound
        Naming what to install or set when no font is found.
    """
    if value := os.environ.get(ENV_VAR):
        return _from_env(value)
    for regular, bold, index in KNOWN_FONTS:
        if Path(regular).is_file():
            has_bold = bold is not None and Path(bold).is_file()
            return FontFile(Path(regular), index, Path(bold) if has_bold and bold else None, index)
    found = _from_fontconfig()
    if found is not None:
        return found
    raise FontNotFound(
        "No Chinese font found to embed in PDFs and charts. Install one (Debian/Ubuntu: "
        "sudo apt-get install fonts-noto-cjk) or set RETURNBUS_CJK_FONT to a .ttf/.ttc file "
        "(e.g. C:/Windows/Fonts/msyh.ttc)."
    )
