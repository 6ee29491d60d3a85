"""Every file the program writes whole — the review sheets (XLSX, CSV, HTML, PDF), the
store's snapshot, the OCR cache — is written here: into a temp file beside the target,
then put in its place in one step. A reader never sees half a file, and a failed or
interrupted write leaves the old file as it was and no temp file behind.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


class TargetLocked(PermissionError):
    """The file could not be replaced (on Windows: open in another program, e.g. Excel)."""


def fsync_dir(folder: Path) -> None:
    """Make a rename durable: POSIX needs the directory entry flushed too (Windows cannot)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def replace_file(src: str | Path, dst: str | Path, *, attempts: int | None = None) -> None:
    """``os.replace``, tried again for a second where Windows refuses it: a virus scanner or
    indexer may hold the target open for a moment (a program that keeps it open, Excel,
    makes it fail for good: PermissionError). ``attempts``: default 20 on Windows, 1 elsewhere."""
    tries = attempts if attempts is not None else (20 if os.name == "nt" else 1)
    for attempt in range(tries):
        try:
            os.replace(src, dst)
            return
        except PermissionError:
            if attempt == tries - 1:
                raise
            time.sleep(0.05)


def write_atomically(
    path: str | Path,
    write: Callable[[Path], object],
    *,
    mode: int | None = None,
    durable: bool = False,
    before_replace: Callable[[], None] | None = None,
    prefix: str | None = None,
) -> None:
    """``write(tmp)`` fills a temp file beside ``path``, which then replaces ``path``.

    ``mode``: the permissions the file gets (mkstemp's are owner-only). ``durable``: the
    bytes and the rename are fsync'd before this returns (the store; a sheet can be written
    again). ``before_replace`` runs once the new file is complete, just before the swap.
    ``prefix``: the temp file's name up to its random part (default ``.NAME.``, hidden).
    """
    path = Path(path)
    folder = path.parent
    fd, name = tempfile.mkstemp(dir=folder, prefix=prefix if prefix is not None else f".{path.name}.", suffix=".tmp")
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        if mode is not None:
            os.chmod(tmp, mode)
        if durable:
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
        if before_replace is not None:
            before_replace()
        try:
            replace_file(tmp, path)
        except PermissionError as exc:
            raise TargetLocked(f"{path}: {exc.strerror or exc}") from exc
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    if durable:
        fsync_dir(folder)
