"""Draw the app icon with Qt and write it as PNG, ICO (Windows) and ICNS (macOS).

    .venv/bin/python build_spec/make_icon.py      # writes resources/icons/reviewdesk.{png,ico,icns}

A rounded red square with a white 「审」 in the bundled CJK font. ICO and ICNS simply
wrap PNG images (both formats allow it), so no converter or Pillow is needed.
The output is committed; run this again only to change the icon.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "resources" / "icons"

ICO_SIZES = (16, 32, 48, 256)
ICNS_TYPES = {32: b"ic11", 64: b"ic12", 128: b"ic07", 256: b"ic08", 512: b"ic09"}


def render(size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QImage, QPainter

    from gui.fonts import register_fonts

    families = register_fonts()
    img = QImage(size, size, QImage.Format.Format_ARGB32)
    img.fill(Qt.GlobalColor.transparent)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    m = size * 0.04
    rect = QRectF(m, m, size - 2 * m, size - 2 * m)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#b3261e"))
    p.drawRoundedRect(rect, size * 0.2, size * 0.2)
    # A thin paper edge along the bottom: a report on the desk.
    p.setBrush(QColor("#f3e6c8"))
    p.drawRoundedRect(QRectF(size * 0.2, size * 0.78, size * 0.6, size * 0.07), size * 0.02, size * 0.02)
    font = QFont(families[0] if families else "sans-serif")
    font.setPixelSize(int(size * 0.58))
    font.setBold(True)
    p.setFont(font)
    p.setPen(QColor("white"))
    p.drawText(QRectF(0, -size * 0.06, size, size), Qt.AlignmentFlag.AlignCenter, "审")
    p.end()
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    img.save(buf, "PNG")
    buf.close()
    return bytes(data.data())


def ico(pngs: dict[int, bytes]) -> bytes:
    head = struct.pack("<HHH", 0, 1, len(pngs))
    offset = 6 + 16 * len(pngs)
    entries, blobs = b"", b""
    for size, png in sorted(pngs.items()):
        dim = 0 if size >= 256 else size  # 0 means 256 in an ICO directory
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(png), offset)
        blobs += png
        offset += len(png)
    return head + entries + blobs


def icns(pngs: dict[int, bytes]) -> bytes:
    body = b"".join(ICNS_TYPES[s] + struct.pack(">I", 8 + len(png)) + png for s, png in sorted(pngs.items()))
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    sizes = sorted(set(ICO_SIZES) | set(ICNS_TYPES))
    pngs = {s: render(s) for s in sizes}
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "reviewdesk.png").write_bytes(pngs[256])
    (OUT / "reviewdesk.ico").write_bytes(ico({s: pngs[s] for s in ICO_SIZES}))
    (OUT / "reviewdesk.icns").write_bytes(icns({s: pngs[s] for s in ICNS_TYPES}))
    for p in sorted(OUT.iterdir()):
        print(f"{p.relative_to(ROOT)}  {p.stat().st_size} bytes")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
