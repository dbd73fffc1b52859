"""No file of the repository names a folder of one machine (its work or temporary folder).

Every tracked file and every untracked file that git does not ignore is read as UTF-8 text
(binary files and files that do not decode are left out); a line with an absolute path under
the root folders ``work`` or ``tmp`` fails the test, named by file and line. A clone must run from
what is in the repository, not from folders that only one machine has.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

# Put together here so that this file does not match itself.
ROOTS = ("w" + "ork", "t" + "mp")
MACHINE_PATH = re.compile(r"(^|[^A-Za-z0-9_.])/(" + "|".join(ROOTS) + r")/[A-Za-z]")


def repo_root() -> Path:
    """The root of the git checkout this test file is in."""
    try:
        out = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=Path(__file__).resolve().parent,
                             capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"not in a git checkout: {exc}")
    return Path(out.strip())


def repo_files(root: Path) -> list[str]:
    """Tracked files, and untracked files that are not ignored, relative to ``root``."""
    files: set[str] = set()
    for extra in ([], ["--others", "--exclude-standard"]):
        out = subprocess.run(["git", "ls-files", "-z", *extra], cwd=root, capture_output=True, check=True).stdout
        files.update(name.decode() for name in out.split(b"\0") if name)
    return sorted(files)


def text_of(path: Path) -> str | None:
    """The file's text, a symbolic link's target, or None for a binary, undecodable or missing file."""
    if path.is_symlink():
        return os.readlink(path)
    if not path.is_file():
        return None  # deleted from the work tree but still in the index
    data = path.read_bytes()
    if b"\0" in data:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def machine_paths(text: str) -> list[tuple[int, str]]:
    """(line number, line) of every line of ``text`` that names an absolute path under a machine folder."""
    return [(n, line.strip()) for n, line in enumerate(text.splitlines(), 1) if MACHINE_PATH.search(line)]


def test_pattern_finds_machine_paths_and_nothing_else() -> None:
    """The pattern catches such paths wherever they stand in a line, and leaves relative and other paths alone."""
    for root in ROOTS:
        for line in (f"/{root}/a", f'Path("/{root}/shared/bench")', f"--out /{root}/r.csv", f"file:///{root}/x",
                     f"`/{root}/main/.venv`"):
            assert machine_paths(line) == [(1, line)], line
    for line in ("bench/instances/cvrp", "/usr/bin/time -v", "out/tmp/a", "./tmp/a", "my_work/a", "/tmp", "/work/1",
                 "https://example.org/tmp/a"):
        assert machine_paths(line) == [], line
    assert machine_paths("a\nb /" + ROOTS[1] + "/x\n") == [(2, "b /" + ROOTS[1] + "/x")]


def test_no_file_names_a_machine_folder() -> None:
    """No tracked or unignored file names an absolute path under a machine's work or temporary folder."""
    root = repo_root()
    files = repo_files(root)
    assert files, "git lists no files"
    found = [f"{name}:{n}: {line}" for name in files if (text := text_of(root / name)) is not None
             for n, line in machine_paths(text)]
    if found:
        pytest.fail(f"{len(found)} lines name a machine folder:\n" + "\n".join(found), pytrace=False)
