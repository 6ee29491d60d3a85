"""Who is reviewing: the name the reviewer gave, remembered for the window and the CLI alike.

One small JSON file beside the store (``core.paths.user_data_dir``), so the headless
``correct`` takes the same name the window was given. The OS login is never a name:
without one a mark is refused (``core.annotations.NoReviewer``).
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path

from core.journal_storage import replace_file
from core.paths import user_data_dir

FILE_NAME = "reviewer.json"


def _path() -> Path:
    return user_data_dir() / FILE_NAME


def configured_reviewer() -> str:
    """The remembered name, or "" when none was given (or the file cannot be read)."""
    try:
        data = json.loads(_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    name = data.get("reviewer") if isinstance(data, dict) else None
    return name.strip() if isinstance(name, str) else ""


def set_configured_reviewer(name: str) -> None:
    """Remember ``name`` (written whole or not at all)."""
    path = _path()
    fd, tmp = tempfile.mkstemp(prefix=FILE_NAME + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"reviewer": name.strip()}, fh, ensure_ascii=False)
        replace_file(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
