"""A coach's file name is one plain name inside its folder, whatever the id, and two ids never share one."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from routing.plan.files import file_stem

HOSTILE = ["../../escaped", "/some/where/evil", "a/b", "a\\b", "..", ".", "", "x" * 300, "a\x00b", "CON", "nul.txt",
           ".hidden", "-rf", "C:\\evil", "~root", "宁A·D8101/..", " spaces ", "line\nbreak"]


def _inside(folder: Path, stem: str) -> bool:
    path = (folder / f"{stem}.csv").resolve()
    return path.parent == folder.resolve() and path.name == f"{stem}.csv"


def test_plain_ids_name_their_files() -> None:
    """Ids of the bundled scenarios and plates are their own file names."""
    assert [file_stem(i) for i in ("C55-1", "C45-12", "宁A·D8101", "T0-1", "E_1.2")] == \
        ["C55-1", "C45-12", "宁A·D8101", "T0-1", "E_1.2"]


def test_hostile_ids_stay_inside_the_folder(tmp_path: Path) -> None:
    """Paths, dots, NULs, device names and overlong ids become a slug with a hash, inside the folder."""
    stems = [file_stem(i) for i in HOSTILE]
    assert all(_inside(tmp_path, s) for s in stems), stems
    assert all(len(s) <= 64 and "/" not in s and "\\" not in s and "\x00" not in s for s in stems)
    assert file_stem("../../escaped") == "escaped-75a5a428" and file_stem("CON").startswith("CON-")
    assert len(set(stems)) == len(stems)
    forged = file_stem("a/b")  # a plain id written like another id's hashed name is hashed as well
    assert file_stem(forged) != forged


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80), st.text(max_size=80))
def test_any_id_names_one_file_inside_and_distinct_ids_distinct_files(a: str, b: str) -> None:
    """For any text, the name is a single file inside the folder; different ids give different names."""
    folder = Path("/srv/out")
    for s in (file_stem(a), file_stem(b)):
        assert s and "/" not in s and "\x00" not in s and s not in (".", "..") and not s.startswith((".", "-"))
        assert (folder / f"{s}.csv").parent == folder
    if a != b:
        assert file_stem(a) != file_stem(b)
