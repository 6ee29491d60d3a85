"""The Chinese words every sheet and summary uses for the engine's ids, in one place.

Rule names live in the rule registry (core/rules/registry.py); table ids, names, row and
column labels in the formats (resources/formats). gui/labels.py wraps these for the window.
"""

from __future__ import annotations

from core.formats import standard_tables
from core.model import CELL_STATUSES, SEVERITIES, CellStatus, Severity

SEVERITY_LABELS: dict[Severity, str] = {"error": "错误", "warning": "警告", "info": "提示"}
# Worst first: the order findings are listed in.
SEVERITY_ORDER: dict[str, int] = {s: i for i, s in enumerate(SEVERITIES)}

# The standard tables, from the formats (resources/formats/_common.toml): their ids in
# the report's order, short names (sheet tabs, the 表 column of a findings list) and the
# headings for a table whose format is unknown (a known format brings its own title).
TABLE_IDS = tuple(t.id for t in standard_tables())
TABLE_SHORT = {t.id: t.short for t in standard_tables()}
TABLE_TITLES = {t.id: t.title for t in standard_tables()}

CELL_STATUS_LABELS: dict[CellStatus, str] = {
    "ok": "正常",
    "blank": "空白",
    "placeholder": "占位符（/、—、无）",
    "not_a_number": "非数字",
    "missing": "未读到",
    "ambiguous": "数字粘连",
}
assert set(CELL_STATUS_LABELS) == set(CELL_STATUSES)  # a new status needs its words

UNREVIEWED = "未标注"
MISSING_ROW = "（报告中缺此行）"
INFERRED_CELL = "此值由连写数字按本行算术拆分推断"


def severity_label(severity: str) -> str:
    return SEVERITY_LABELS.get(severity, severity)  # type: ignore[call-overload]


def status_label(status: str) -> str:
    return CELL_STATUS_LABELS.get(status, status)  # type: ignore[call-overload]


def table_short(table_id: str | None) -> str:
    if not table_id:
        return ""
    return TABLE_SHORT.get(table_id, table_id)
