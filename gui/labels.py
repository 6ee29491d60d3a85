"""Words and colours shared by several views.

The ids and their Chinese words are declared in core (core/labels.py, the rule registry);
this module only adds colours and Qt's translation for the window's own English-sourced
texts. Rule names and cell statuses are Chinese as declared: they are the reviewer's
vocabulary, the same in the window, the sheets and the CLI.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from core.labels import SEVERITY_ORDER, TABLE_IDS, status_label
from core.rules.registry import CROSS_YEAR_RULES, rule_name

__all__ = [
    "CROSS_YEAR_RULES", "SEVERITY_ORDER", "TABLE_IDS", "rule_label", "severity_color", "severity_label",
    "status_label", "table_label",
]

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


def rule_label(rule_id: str) -> str:
    """The rule's Chinese name from the registry (the id for an undeclared rule)."""
    return rule_name(rule_id)


def severity_color(severity: str) -> QColor | None:
    return {"error": ERROR_BG, "warning": WARNING_BG, "info": INFO_BG}.get(severity)
