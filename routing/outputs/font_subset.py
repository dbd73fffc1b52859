"""A small TrueType font holding only the characters a batch prints, cut from a CJK font file.

A CJK collection is 20 MB; fpdf2 parses the font file for every document. Subsetting it
once per batch to the few hundred characters used makes each document cheap to build.
"""

from __future__ import annotations

from pathlib import Path

from fontTools import ttLib
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.pens.ttGlyphPen import TTGlyphPen


def subset_font(path: Path, index: int, text: str, out: Path) -> Path:
    """Write the glyphs of ``text`` from face ``index`` of font ``path`` as a small TrueType file ``out``.

    Outlines become quadratic (cu2qu, within 1 font unit): fpdf2 subsets TrueType outlines for
    each document far faster than CFF ones. Layout tables are left behind (no shaping here).
    """
    src = ttLib.TTFont(path, fontNumber=index, lazy=True)
    for tag in ("vmtx", "VORG"):  # vertical metrics: not used, and slow to read
        if tag in src:
            del src[tag]
    cmap = src.getBestCmap()
    codes = sorted({ord(c) for c in text} & set(cmap))
    names = [".notdef", *sorted({cmap[c] for c in codes} - {".notdef"}, key=src.getGlyphID)]
    glyph_set = src.getGlyphSet()
    glyphs = {}
    for name in names:
        recording = DecomposingRecordingPen(glyph_set)  # components of TrueType glyphs become outlines
        glyph_set[name].draw(recording)
        pen = TTGlyphPen(None)
        recording.replay(Cu2QuPen(pen, 1.0, reverse_direction="CFF " in src))
        glyphs[name] = pen.glyph()
    builder = FontBuilder(src["head"].unitsPerEm, isTTF=True)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({c: cmap[c] for c in codes})
    builder.setupGlyf(glyphs)
    glyf = builder.font["glyf"]
    builder.setupHorizontalMetrics({n: (src["hmtx"][n][0], getattr(glyf[n], "xMin", 0)) for n in names})
    builder.setupHorizontalHeader(ascent=src["hhea"].ascent, descent=src["hhea"].descent)
    builder.font["name"], builder.font["OS/2"] = src["name"], src["OS/2"]
    for field in ("macStyle", "created", "modified", "fontRevision"):  # the same bytes for the same text
        setattr(builder.font["head"], field, getattr(src["head"], field))
    builder.font.recalcTimestamp = False
    builder.setupPost(keepGlyphNames=False, underlinePosition=src["post"].underlinePosition,
                      underlineThickness=src["post"].underlineThickness)
    builder.save(out)
    src.close()
    return out
