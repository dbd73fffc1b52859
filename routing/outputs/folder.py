"""An output folder written whole or not at all.

``plan`` writes into a hidden sibling folder and, once every file is written, renames it into
place: a run killed half-way leaves the previous complete plan untouched (or, in the instant
between two renames, none), never a mix. A folder that holds an earlier plan is replaced whole,
so no file of another run (a ``-full-id`` copy, another scenario's coach) survives beside the
new one. A folder that holds anything else is refused: returnbus never deletes files it did not
write. Two runs into the same folder at once: the second is refused while the first holds the
lock. A full disk or a folder that cannot be written is an ``OutputError`` naming the folder.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

from routing.errors import OutputError

PLAN_FILE = "plan.json"
MARK_FILE = ".returnbus"  # written into every output folder: the folder may be replaced whole
_TMP = ".returnbus-tmp-"
_OLD = ".returnbus-old-"


def _is_ours(folder: Path) -> bool:
    """An empty folder, or one returnbus wrote (its mark, or a plan.json of an older version)."""
    entries = list(folder.iterdir())
    return not entries or (folder / MARK_FILE).is_file() or (folder / PLAN_FILE).is_file()


def _siblings(out: Path, kind: str) -> list[Path]:
    return sorted(out.parent.glob(f".{out.name}{kind}*"))


@contextlib.contextmanager
def _locked(out: Path) -> Iterator[None]:
    lock_path = out.parent / f".{out.name}.returnbus-lock"
    try:
        import fcntl
    except ImportError:  # not on POSIX: no lock, the renames still keep the folder whole
        yield
        return
    with open(lock_path, "a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputError(f"{out}: another returnbus run is writing this folder; wait for it to finish, "
                              "or write to another folder.") from None
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def write_failure(out: Path, e: OSError) -> OutputError:
    """The OutputError for an OSError met while writing into ``out``: a full disk said as such."""
    if e.errno == errno.ENOSPC:
        return OutputError(f"{out}: the disk is full; free some space and run again (the previous outputs, if "
                           "any, are kept).")
    return OutputError(f"{out}: cannot write the outputs ({e.strerror or e}); the previous outputs, if any, are kept.")


@contextlib.contextmanager
def output_folder(out_dir: Path | str) -> Iterator[Path]:
    """Yield a fresh hidden folder beside ``out_dir`` to write into; on success it becomes ``out_dir``.

    Raises
    ------
    OutputError
        When ``out_dir`` holds files returnbus did not write, another run holds the folder, or the files
        cannot be written (disk full, no permission). Nothing of the run is left behind.
    """
    out = Path(out_dir).absolute()
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: is a file, not a folder; give -o a folder.")
    if out.is_dir() and not _is_ours(out):
        raise OutputError(f"{out}: holds files returnbus did not write; give -o an empty or new folder "
                          "(returnbus replaces its output folder whole).")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise write_failure(out, e) from None
    with _locked(out):
        for stale in (*_siblings(out, _TMP), *_siblings(out, _OLD)):  # of a run that was killed
            shutil.rmtree(stale, ignore_errors=True)
        tmp = out.parent / f".{out.name}{_TMP}{uuid.uuid4().hex[:8]}"
        try:
            tmp.mkdir()
            (tmp / MARK_FILE).write_text("returnbus output folder: replaced whole by the next run\n",
                                         encoding="utf-8")
            yield tmp
            _swap(tmp, out)
        except OSError as e:
            shutil.rmtree(tmp, ignore_errors=True)
            raise write_failure(out, e) from None
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise


def _swap(tmp: Path, out: Path) -> None:
    """Put ``tmp`` in the place of ``out``, removing the ``out`` that was there."""
    if not out.exists():
        os.rename(tmp, out)
        return
    old = out.parent / f".{out.name}{_OLD}{uuid.uuid4().hex[:8]}"
    os.rename(out, old)
    os.rename(tmp, out)
    shutil.rmtree(old, ignore_errors=True)
