"""The crash handler, installed first thing in ``main.py`` (Qt-free).

An uncaught exception (at top level, in a Qt slot, or in a thread) is written with its
traceback to ``<user data>/logs/crash-*.log`` (and to the program log, when logging is set
up). The reviewer never sees a traceback:

- in the window: the dialog gui/crash.py registers with ``set_dialog`` (what happened,
  where the log is, 「复制详情」);
- headless (``main.py check``, ``--self-test``, ``--no-crash-dialog`` or
  ``REVIEWDESK_NO_CRASH_DIALOG=1``): one Chinese line on stderr naming the log.

A second exception while handling the first (say, the dialog itself fails) is not
handled again: it goes to the log, or failing that to Python's default hook.
"""

from __future__ import annotations

import datetime as _dt
import logging
import os
import platform
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from core.logsetup import log_dir, log_file

log = logging.getLogger(__name__)

# Shows the details and the log's path; False when it could not be shown.
Dialog = Callable[[str, Path | None], bool]

_state: dict[str, bool] = {"headless": True, "handling": False, "installed": False}
_dialog: list[Dialog] = []
_extra: list[str] = []  # lines the layers above add to every report (e.g. the Qt version)


def add_detail(line: str) -> None:
    if line not in _extra:
        _extra.append(line)


def set_dialog(show: Dialog | None) -> None:
    """Register the window's crash dialog (None: none, one line on stderr instead)."""
    _dialog[:] = [show] if show is not None else []


def dialogs_enabled() -> bool:
    return (bool(_dialog) and not _state["headless"]
            and os.environ.get("REVIEWDESK_NO_CRASH_DIALOG", "") in ("", "0"))


def details(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> str:
    from core import __version__

    head = [
        f"ReviewDesk {__version__}",
        f"time: {_dt.datetime.now().isoformat(timespec='seconds')}",
        f"python: {sys.version.split()[0]}  platform: {platform.platform()}",
        f"frozen: {bool(getattr(sys, 'frozen', False))}  argv: {sys.argv!r}",
    ]
    head += _extra
    program_log = log_file()
    if program_log is not None:
        head.append(f"log: {program_log}")
    return "\n".join([*head, ""]) + "".join(traceback.format_exception(exc_type, exc, tb))


def write_log(text: str) -> Path:
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = log_dir() / f"crash-{stamp}-{os.getpid()}.log"
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(text)
        fh.write("\n")
    return path


def _to_program_log(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    # Only into handlers someone set up: with none, logging's last resort would print the
    # traceback on stderr, which is what the reviewer must not see.
    if log_file() is not None:
        log.critical("uncaught %s", exc_type.__name__, exc_info=(exc_type, exc, tb))


def handle(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """``sys.excepthook``: log, then tell the reviewer plainly."""
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    if _state["handling"]:  # an exception while reporting one: log it, never loop
        try:
            write_log("(while handling an earlier crash)\n" + details(exc_type, exc, tb))
        except Exception:  # noqa: BLE001 - last resort below
            sys.__excepthook__(exc_type, exc, tb)
        return
    _state["handling"] = True
    try:
        text = details(exc_type, exc, tb)
        try:
            path: Path | None = write_log(text)
        except OSError:
            path = None
        try:
            _to_program_log(exc_type, exc, tb)
        except Exception:  # noqa: BLE001 - the crash log above is what counts
            pass
        if dialogs_enabled() and _dialog[0](text, path):
            return
        where = f"详情已写入 {path}" if path else "日志无法写入"
        sys.stderr.write(f"年报审阅台出现内部错误（{exc_type.__name__}），{where}。\n")
        sys.stderr.flush()
    finally:
        _state["handling"] = False


def _thread_hook(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is None:
        return
    handle(args.exc_type, args.exc_value, args.exc_traceback)


def install(headless: bool) -> None:
    """Install the hooks; ``headless`` turns the dialog off (one stderr line instead)."""
    _state["headless"] = headless
    if _state["installed"]:
        return
    _state["installed"] = True
    sys.excepthook = handle
    threading.excepthook = _thread_hook


def set_headless(headless: bool) -> None:
    _state["headless"] = headless
