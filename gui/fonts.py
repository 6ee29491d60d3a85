"""Chinese fonts: a fresh machine has none, and Qt would draw boxes.

The bundled WenQuanYi Micro Hei (resources/fonts/, see README there) is registered at
start; the system's own CJK fonts, when present, still come first in fallback order.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase

from core.paths import resources_dir

log = logging.getLogger(__name__)

_registered: list[str] = []


def register_fonts() -> list[str]:
    """Register bundled fonts once; returns their family names."""
    if _registered:
        return _registered
    folder = resources_dir() / "fonts"
    for path in sorted(folder.glob("*.tt[cf]")) + sorted(folder.glob("*.otf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("font not loaded: %s", path)
            continue
        _registered.extend(QFontDatabase.applicationFontFamilies(font_id))
    return _registered


def cjk_family() -> str:
    """The family to ask for where Chinese must render (PDF export, the window)."""
    families = register_fonts()
    return families[0] if families else QFont().defaultFamily()


def ui_font(point_size: int = 10) -> QFont:
    font = QFont()
    families = register_fonts()
    if families:
        # Keep the platform's UI face for Latin text, fall back to the CJK face for Chinese.
        font.setFamilies([QFont().defaultFamily(), *families])
    font.setPointSize(point_size)
    return font
