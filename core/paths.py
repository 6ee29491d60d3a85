"""The one module that knows where things live: bundled resources, user data, settings.

Frozen builds (PyInstaller) unpack resources under ``sys._MEIPASS``; tests and portable
installs point user data elsewhere with ``REVIEWDESK_HOME``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "ReviewDesk"
APP_AUTHOR = "ReviewDesk"


def resources_dir() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def user_data_dir() -> Path:
    """Where annotations and settings live; ``REVIEWDESK_HOME`` overrides it."""
    override = os.environ.get("REVIEWDESK_HOME")
    if override:
        path = Path(override)
    else:
        import platformdirs

        path = Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path
