"""The output folder is written whole or not at all, never mixed with other files, one run at a time."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from routing.errors import OutputError
from routing.outputs.folder import MARK_FILE, output_folder


def _files(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*"))
            if p.is_file()}


def _leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.returnbus-")
                  and not p.name.endswith("-lock"))


def test_a_new_folder_appears_whole_with_its_mark(tmp_path: Path) -> None:
    """Files written into the yielded folder are in OUT afterwards, with the mark; nothing is left beside it."""
    out = tmp_path / "out"
    with output_folder(out) as folder:
        assert folder.parent == out.parent and folder != out and not out.exists()
        (folder / "plan.json").write_text("{}", encoding="utf-8")
    assert sorted(_files(out)) == [MARK_FILE, "plan.json"]
    assert _leftovers(out) == []


def test_an_earlier_plan_is_replaced_whole(tmp_path: Path) -> None:
    """A second run's folder holds only its own files: no -full-id copy of the first survives."""
    out = tmp_path / "out"
    with output_folder(out) as folder:
        (folder / "plan.json").write_text("first", encoding="utf-8")
        (folder / "C45-1-full-id.csv").write_text("640422199001011239", encoding="utf-8")
    with output_folder(out) as folder:
        (folder / "plan.json").write_text("second", encoding="utf-8")
    assert _files(out) == {MARK_FILE: _files(out)[MARK_FILE], "plan.json": "second"}


def test_a_failed_run_leaves_the_previous_plan_untouched(tmp_path: Path) -> None:
    """An error half-way through writing keeps the earlier folder as it was and removes the half-written one."""
    out = tmp_path / "out"
    with output_folder(out) as folder:
        (folder / "plan.json").write_text("first", encoding="utf-8")
    before = _files(out)
    with pytest.raises(ZeroDivisionError), output_folder(out) as folder:
        (folder / "plan.json").write_text("half", encoding="utf-8")
        _ = 1 / 0
    assert _files(out) == before and _leftovers(out) == []


def test_a_full_disk_names_the_folder_and_keeps_the_previous_plan(tmp_path: Path) -> None:
    """ENOSPC while writing becomes an OutputError (exit 5) naming the folder; the earlier plan stays."""
    out = tmp_path / "out"
    with output_folder(out) as folder:
        (folder / "plan.json").write_text("first", encoding="utf-8")
    with pytest.raises(OutputError, match=f"^{out}: the disk is full; free some space") as e, \
            output_folder(out):
        raise OSError(errno.ENOSPC, "No space left on device")
    assert e.value.exit_code == 5
    assert _files(out)["plan.json"] == "first" and _leftovers(out) == []


def test_a_folder_of_other_files_is_refused_and_left_alone(tmp_path: Path) -> None:
    """returnbus never deletes what it did not write: a folder of someone's files is refused."""
    out = tmp_path / "documents"
    out.mkdir()
    (out / "letter.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(OutputError, match="holds files returnbus did not write"), output_folder(out):
        pass
    assert _files(out) == {"letter.txt": "keep me"}


def test_a_second_run_into_the_same_folder_is_refused(tmp_path: Path) -> None:
    """While one run holds the folder, another is refused at once with a clear message."""
    out = tmp_path / "out"
    with output_folder(out) as folder:
        with pytest.raises(OutputError, match="another returnbus run is writing this folder"), output_folder(out):
            pass
        (folder / "plan.json").write_text("first", encoding="utf-8")
    assert _files(out)["plan.json"] == "first"


def test_a_file_in_the_way_is_refused(tmp_path: Path) -> None:
    """-o naming a file is refused, the file untouched."""
    out = tmp_path / "out"
    out.write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match="is a file, not a folder"), output_folder(out):
        pass
    assert out.read_text(encoding="utf-8") == "x"
