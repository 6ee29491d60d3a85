"""Settings in one INI file under the user data folder.

Kept beside the annotations (``core.paths.user_data_dir``) rather than in the platform's
registry so that ``REVIEWDESK_HOME`` isolates tests and portable installs completely.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

from core.paths import user_data_dir
from core.reviewer import configured_reviewer, set_configured_reviewer

MAX_RECENT = 10


def settings() -> QSettings:
    return QSettings(str(user_data_dir() / "settings.ini"), QSettings.Format.IniFormat)


def reviewer_name() -> str:
    """The remembered reviewer (``core.reviewer``, which the CLI reads too); a name kept
    in this INI by an earlier version is moved there once."""
    name = configured_reviewer()
    if not name:
        old = str(settings().value("reviewer", "") or "").strip()
        if old:
            set_configured_reviewer(old)
            settings().remove("reviewer")
            name = old
    return name


def set_reviewer_name(name: str) -> None:
    set_configured_reviewer(name)


def recent_paths() -> list[str]:
    value = settings().value("recent", [])
    if isinstance(value, str):  # QSettings hands back a bare string for a one-item list
        return [value] if value else []
    return [str(v) for v in value] if isinstance(value, list | tuple) else []


def add_recent(paths: list[str]) -> list[str]:
    recent = recent_paths()
    for p in reversed(paths):
        if p in recent:
            recent.remove(p)
        recent.insert(0, p)
    recent = recent[:MAX_RECENT]
    settings().setValue("recent", recent)
    return recent


def clear_recent() -> None:
    settings().setValue("recent", [])


def dialog_folder(kind: str = "open") -> str:
    """Where a file dialog starts: the folder last used for ``kind`` (open | export) when it
    still exists, else the user's documents folder (never the program's own folder)."""
    from pathlib import Path

    from PySide6.QtCore import QStandardPaths

    saved = str(settings().value(f"dialogs/{kind}", "") or "")
    if saved and Path(saved).is_dir():
        return saved
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return docs if docs and Path(docs).is_dir() else str(Path.home())


def remember_dialog_folder(kind: str, chosen: str) -> None:
    """Remember the folder of what the reviewer chose (a file's folder, or the folder itself)."""
    from pathlib import Path

    p = Path(chosen)
    folder = p if p.is_dir() else p.parent
    settings().setValue(f"dialogs/{kind}", str(folder))
