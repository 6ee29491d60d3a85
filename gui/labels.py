"""Words and colours shared by several views, translated through Qt's mechanism."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
TABLE_IDS = ("article20", "applications", "reviews")
# Rules that compare two years of one agency; the comparison view lists them.
CROSS_YEAR_RULES = ("carry_over", "in_force_rollforward", "year_jump", "copied_text")

ERROR_BG = QColor("#f8c4c0")
WARNING_BG = QColor("#ffe2a8")
INFO_BG = QColor("#d8e8f8")
BLANK_BG = QColor("#d9d9d9")
DIFF_BG = QColor("#fff3a0")
HIGHLIGHT = QColor(230, 40, 40)

STATUS_COLORS = {
    "待核实": QColor("#b8860b"),
    "已确认": QColor("#c0392b"),
    "已排除": QColor("#2e7d32"),
    "需整改": QColor("#6a1b9a"),
}


def severity_label(severity: str) -> str:
    return {
        "error": QCoreApplication.translate("labels", "Error"),
        "warning": QCoreApplication.translate("labels", "Warning"),
        "info": QCoreApplication.translate("labels", "Info"),
    }.get(severity, severity)


def table_label(table_id: str) -> str:
    return {
        "article20": QCoreApplication.translate("labels", "Article 20"),
        "applications": QCoreApplication.translate("labels", "Applications"),
        "reviews": QCoreApplication.translate("labels", "Reviews & litigation"),
    }.get(table_id, table_id)


def severity_color(severity: str) -> QColor | None:
    return {"error": ERROR_BG, "warning": WARNING_BG, "info": INFO_BG}.get(severity)
