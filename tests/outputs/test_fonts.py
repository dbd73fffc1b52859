"""The CJK font search: environment variable first, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from routing.errors import FontNotFound
from routing.outputs import fonts
from routing.outputs.fonts import find_cjk_font


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    find_cjk_font.cache_clear()
    yield
    find_cjk_font.cache_clear()


def test_environment_variable_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """RETURNBUS_CJK_FONT=path#index names the font and face used."""
    font = tmp_path / "my.ttc"
    font.write_bytes(b"not really a font")
    monkeypatch.setenv(fonts.ENV_VAR, f"{font}#3")
    assert find_cjk_font() == fonts.FontFile(font, 3)


def test_a_missing_environment_font_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """A path that does not exist is named in the error."""
    monkeypatch.setenv(fonts.ENV_VAR, "/nowhere/font.ttf")
    with pytest.raises(FontNotFound, match="/nowhere/font.ttf"):
        find_cjk_font()


def test_no_font_anywhere_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    """With no known file and no fontconfig, the error names fonts-noto-cjk and the variable."""
    monkeypatch.delenv(fonts.ENV_VAR, raising=False)
    monkeypatch.setattr(fonts, "KNOWN_FONTS", ())
    monkeypatch.setattr(fonts.shutil, "which", lambda name: None)
    with pytest.raises(FontNotFound, match="fonts-noto-cjk.*RETURNBUS_CJK_FONT"):
        find_cjk_font()


def test_this_machine_has_the_noto_collection() -> None:
    """CI installs fonts-noto-cjk: the Simplified Chinese face (index 2) of Noto Sans CJK, with bold."""
    found = find_cjk_font()
    assert found.path.name == "NotoSansCJK-Regular.ttc" and found.index == 2
    assert found.bold is not None and found.bold.name == "NotoSansCJK-Bold.ttc"
