"""Logging, configured once for the whole program (the window and ``main.py check``).

Modules log to their own loggers (``logging.getLogger(__name__)``) and never configure
anything; records propagate to the root logger, which writes them to a rotating file in
the user-data folder: ``<user data>/logs/reviewdesk.log`` (1 MB, three old files kept).
A windowed build has no console, so without this file ``log.exception`` went nowhere.
The batch runner's worker processes do not write the file themselves: their records come
back over the runner's queue and are handed to this process's loggers (core/runner.py).

Qt-free: the window's Qt messages are routed here by gui/qtlog.py. The level is INFO,
or what ``REVIEWDESK_LOG_LEVEL`` names (DEBUG, INFO, WARNING, ERROR).
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import tempfile
from pathlib import Path
from typing import TextIO

LOG_NAME = "reviewdesk.log"
MAX_BYTES = 1_000_000
BACKUPS = 3
FORMAT = "%(asctime)s %(levelname)-8s %(name)s [%(process)d]: %(message)s"


def log_dir() -> Path:
    """``<user data>/logs``; a temporary folder when the user-data folder cannot be written
    (a read-only or full home must not hide a crash)."""
    try:
        from core.paths import user_data_dir

        path = user_data_dir() / "logs"
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        path = Path(tempfile.gettempdir()) / "reviewdesk-logs"
        path.mkdir(parents=True, exist_ok=True)
    return path


class _FileHandler(logging.handlers.RotatingFileHandler):
    """Ours (so a second ``setup_logging`` replaces it instead of doubling every line)."""


def _level(level: int | str | None) -> int:
    name = level if level is not None else os.environ.get("REVIEWDESK_LOG_LEVEL", "INFO")
    if isinstance(name, int):
        return name
    value = logging.getLevelName(name.strip().upper())
    return value if isinstance(value, int) else logging.INFO


def setup_logging(level: int | str | None = None, stream: TextIO | None = None) -> Path:
    """Send every module logger's records to the log file (and WARNING+ to ``stream``).

    Idempotent: calling it again replaces the handlers it added. Returns the log file.
    """
    root = logging.getLogger()
    for h in [h for h in root.handlers if getattr(h, "_reviewdesk", False)]:
        root.removeHandler(h)
        h.close()
    path = log_dir() / LOG_NAME
    handler = _FileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True)
    handler.setFormatter(logging.Formatter(FORMAT))
    handlers: list[logging.Handler] = [handler]
    if stream is not None:
        console = logging.StreamHandler(stream)
        console.setLevel(logging.WARNING)
        console.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        handlers.append(console)
    for h in handlers:
        h._reviewdesk = True  # type: ignore[attr-defined]
        root.addHandler(h)
    root.setLevel(_level(level))
    return path


def log_file() -> Path | None:
    """The file the log goes to, when ``setup_logging`` has run."""
    for h in logging.getLogger().handlers:
        if isinstance(h, _FileHandler):
            return Path(h.baseFilename)
    return None
