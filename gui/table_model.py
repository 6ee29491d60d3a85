"""One extracted table of a report, laid out with its format's own row and column labels.

Rows follow the format definition, so a row the report lacks still appears (marked
缺失) instead of silently vanishing; cells are coloured by the findings that name them.

A cell is edited in place (F2, a double click, or typing): ``setData`` hands the text to
the window's ``edit`` callback, which records a correction through the review session;
the session re-checks and the model is refreshed from the same report (``refresh``), so
the selection and the current cell stay where the reviewer is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from core.model import Cell, Finding, Loc, Report
from core.numbers import number_text
from core.sheet import table_layout
from gui.labels import BLANK_BG, ERROR_BG, SEVERITY_ORDER, WARNING_BG, status_label
from gui.ocr_marks import ocr_badge, ocr_tooltip

_Index = QModelIndex | QPersistentModelIndex
LOC_ROLE = Qt.ItemDataRole.UserRole + 10
KEY_ROLE = Qt.ItemDataRole.UserRole + 11  # (row_id, col_id)
STATE_ROLE = Qt.ItemDataRole.UserRole + 12  # ok | blank | missing_row | no_column | error | warning
CORRECTED_ROLE = Qt.ItemDataRole.UserRole + 13  # the cell's CellCorrection, or None
CORRECTED_FG = QColor("#0b4fb3")  # the reviewer's value: blue, with a corner mark (gui/table_pane)

_MISSING = QBrush(QColor("#eeeeee"), Qt.BrushStyle.Dense6Pattern)
_HATCH = QBrush(BLANK_BG, Qt.BrushStyle.BDiagPattern)
_STATE_BRUSH = {
    "error": QBrush(ERROR_BG),
    "warning": QBrush(WARNING_BG),
    "missing_row": _MISSING,
    "no_column": _MISSING,
    "blank": _HATCH,
}
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_ROLES = frozenset(
    int(r)
    for r in (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.EditRole,
        Qt.ItemDataRole.DecorationRole,
        LOC_ROLE,
        KEY_ROLE,
        STATE_ROLE,
        CORRECTED_ROLE,
    )
)
# edit(table, row, col, text) -> True when taken (a correction recorded)
EditCallback = Callable[[str, str, str, str], bool]


@dataclass(frozen=True)
class RowSpec:
    id: str
    label: str
    columns: frozenset[str]  # the columns this row has in the format


_fonts: list[QFont] = []


def _italic() -> QFont:
    if not _fonts:  # made on first use: a QFont wants the application to exist
        font = QFont()
        font.setItalic(True)
        _fonts.append(font)
        bold = QFont()
        bold.setBold(True)
        _fonts.append(bold)
    return _fonts[0]


def _bold() -> QFont:
    _italic()
    return _fonts[1]


def _number_text(value: float | int | None) -> str:
    return number_text(value)


def layout_for(report: Report, table_id: str) -> tuple[list[RowSpec], list[tuple[str, str]]]:
    """Rows and (col id, label) columns for a table: core.sheet.table_layout, the one
    layout every sheet prints too."""
    lay = table_layout(report, table_id)
    return [RowSpec(r.id, r.label, r.columns) for r in lay.rows], list(lay.cols)


class TableModel(QAbstractTableModel):
    def __init__(
        self,
        report: Report,
        table_id: str,
        note_of: Callable[[str], str] | None = None,
        parent: Any = None,
        edit: EditCallback | None = None,
        locked: Callable[[], bool] | None = None,
    ) -> None:
        super().__init__(parent)
        self.report = report
        self.table_id = table_id
        self._edit = edit
        self._locked = locked or (lambda: False)
        # "cell:<table>:<row>:<col>" target -> comment, to show notes in tooltips.
        self._note_of = note_of or (lambda target: "")
        self._read()

    def _read(self) -> None:
        report, table_id = self.report, self.table_id
        self.present = table_id in report.tables
        self._rows, self._cols = layout_for(report, table_id)
        self._data = report.tables.get(table_id, {})
        # Worst severity and messages per cell, from the findings that name it.
        self._flags: dict[tuple[str, str], tuple[str, list[str]]] = {}
        for f in report.findings:
            if f.table != table_id:
                continue
            for key in f.cells:
                sev, msgs = self._flags.get(key, ("info", []))
                if SEVERITY_ORDER.get(f.severity, 9) < SEVERITY_ORDER.get(sev, 9):
                    sev = f.severity
                self._flags[key] = (sev, [*msgs, f.message])
        self._info: dict[tuple[int, int], tuple[Cell | None, str, tuple[str, str]]] = {}

    def refresh(self) -> None:
        """The report's tables and findings changed (a correction, a re-check): read them
        again. The same rows and columns keep the view's selection and current cell."""
        shape = ([r.id for r in self._rows], list(self._cols))
        rows, cols = layout_for(self.report, self.table_id)
        if ([r.id for r in rows], cols) != shape:
            self.beginResetModel()
            self._read()
            self.endResetModel()
            return
        self._read()
        self.refresh_notes()

    # helpers ------------------------------------------------------------------------
    def row_id(self, row: int) -> str:
        return self._rows[row].id

    def col_id(self, col: int) -> str:
        return self._cols[col][0]

    def index_of(self, row_id: str, col_id: str) -> QModelIndex:
        for r, spec in enumerate(self._rows):
            if spec.id == row_id:
                for c, (cid, _label) in enumerate(self._cols):
                    if cid == col_id:
                        return self.index(r, c)
                return self.index(r, 0)
        return QModelIndex()

    def is_missing_row(self, row: int) -> bool:
        return self.present and self._rows[row].id not in self._data

    def cell(self, row: int, col: int) -> Cell | None:
        return self._data.get(self._rows[row].id, {}).get(self._cols[col][0])

    def target(self, row: int, col: int) -> str:
        return f"cell:{self.table_id}:{self._rows[row].id}:{self._cols[col][0]}"

    def refresh_notes(self) -> None:
        if self._rows and self._cols:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(self._cols) - 1))

    # model ------------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._cols)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self._cols):
                return None
            if role == Qt.ItemDataRole.DisplayRole:
                return self._cols[section][1]
            if role == Qt.ItemDataRole.ToolTipRole:
                return self._cols[section][1]
            return None
        if not 0 <= section < len(self._rows):
            return None
        spec = self._rows[section]
        missing = self.is_missing_row(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{spec.label}  [{self.tr('missing')}]" if missing else spec.label
        if role == Qt.ItemDataRole.ToolTipRole:
            return spec.label
        if role == Qt.ItemDataRole.ForegroundRole and missing:
            return QBrush(QColor("#c0392b"))
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.editable(index.row(), index.column()):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def editable(self, row: int, col: int) -> bool:
        """A cell the format has (a missing row's too), of a report not signed off."""
        if self._edit is None or not self.present or self._locked():
            return False
        if not (0 <= row < len(self._rows) and 0 <= col < len(self._cols)):
            return False
        return self._cols[col][0] in self._rows[row].columns

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self._edit is None:
            return False
        row, col = index.row(), index.column()
        if not self.editable(row, col):
            return False
        text = str(value if value is not None else "").strip()
        if text == self._edit_text(row, col):
            return False  # opened and left as it was: no correction
        return self._edit(self.table_id, self._rows[row].id, self._cols[col][0], text)

    def _edit_text(self, row: int, col: int) -> str:
        c = self.cell(row, col)
        if c is None:
            return ""
        if c.corrected is not None:
            return _number_text(c.value)
        return c.raw if c.raw else _number_text(c.value)

    def _state(self, row: int, col: int) -> str:
        spec = self._rows[row]
        col_id = self._cols[col][0]
        if self.is_missing_row(row):
            return "missing_row"
        if col_id not in spec.columns and col_id not in self._data.get(spec.id, {}):
            return "no_column"
        flag = self._flags.get((spec.id, col_id))
        if flag and flag[0] in ("error", "warning"):
            return flag[0]
        c = self.cell(row, col)
        if c is None or c.value is None:
            return "blank"
        return "ok"

    def _cell_info(self, row: int, col: int) -> tuple[Cell | None, str, tuple[str, str]]:
        # A painted cell is asked for ten roles; its cell, state and key are worked out once.
        info = self._info.get((row, col))
        if info is None:
            info = (self.cell(row, col), self._state(row, col), (self._rows[row].id, self._cols[col][0]))
            self._info[(row, col)] = info
        return info

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ROLES or not index.isValid():
            return None
        row, col = index.row(), index.column()
        if not (0 <= row < len(self._rows) and 0 <= col < len(self._cols)):
            return None
        c, state, key = self._cell_info(row, col)
        if role == Qt.ItemDataRole.DisplayRole:
            if state == "missing_row":
                return self.tr("missing") if col == 0 else ""
            if c is None:
                return ""
            if c.corrected is not None:  # the reviewer's number; the printed one is in the tooltip
                text = _number_text(c.value) or self.tr("blank")
            else:
                text = c.raw if c.raw else ("" if c.value is None else str(c.value))
            note = self._note_of(self.target(row, col))
            return f"{text} ✎" if note else text
        if role == Qt.ItemDataRole.EditRole:
            return self._edit_text(row, col)
        if role == Qt.ItemDataRole.BackgroundRole:
            return _STATE_BRUSH.get(state)
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(CORRECTED_FG) if c is not None and c.corrected is not None else None
        if role == Qt.ItemDataRole.FontRole:
            if c is not None and c.corrected is not None:
                return _bold()
            return _italic() if c is not None and c.inferred else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, col, c, state, key)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT
        if role == Qt.ItemDataRole.DecorationRole:
            return ocr_badge(c)  # read by OCR (gui/ocr_marks.py)
        if role == LOC_ROLE:
            return c.loc if c is not None else None
        if role == KEY_ROLE:
            return key
        if role == STATE_ROLE:
            return state
        if role == CORRECTED_ROLE:
            return c.corrected if c is not None else None
        return None

    def _status_word(self, status: str) -> str:
        return {
            "blank": self.tr("blank"),
            "placeholder": self.tr("placeholder (—, /, 无)"),
            "not_a_number": self.tr("not a number"),
        }.get(status, status)

    def _tooltip(self, row: int, col: int, c: Cell | None, state: str, key: tuple[str, str]) -> str:
        lines = [f"{self._rows[row].label} / {self._cols[col][1]}"]
        if state == "missing_row":
            lines.append(self.tr("This row is missing from the report."))
        elif state == "no_column":
            lines.append(self.tr("The format has no such cell in this row."))
        elif c is not None and c.corrected is not None:
            k = c.corrected
            printed = k.original_raw or (_number_text(k.original) if k.original is not None else "")
            lines.append(
                self.tr("Printed: %1 → corrected: %2")
                .replace("%1", printed or self.tr("(nothing)"))
                .replace("%2", _number_text(c.value) or self.tr("blank"))
            )
            lines.append(
                self.tr("Corrected by %1 at %2")
                .replace("%1", k.by or self.tr("(anonymous)"))
                .replace("%2", k.at.replace("T", " ")[:19])
            )
            if k.reason:
                lines.append(self.tr("Reason: %1").replace("%1", k.reason))
        elif c is not None:
            lines.append(self.tr("Original text: %1").replace("%1", c.raw or "∅"))
            if c.unit:
                lines.append(self.tr("Unit: %1").replace("%1", c.unit))
            if c.status != "ok":
                lines.append(self.tr("Cell status: %1").replace("%1", status_label(c.status)))
            if c.inferred:
                lines.append(self.tr("Inferred: split from glued digits by the row's arithmetic"))
            ocr = ocr_tooltip(c)
            if ocr:
                lines.append(ocr)
        flag = self._flags.get(key)
        if flag:
            lines.extend(f"• {m}" for m in flag[1])
        note = self._note_of(self.target(row, col))
        if note:
            lines.append(self.tr("Note: %1").replace("%1", note))
        return "\n".join(lines)


def finding_indexes(model: TableModel, finding: Finding) -> list[QModelIndex]:
    """The model indexes of the cells a finding names (in this table)."""
    if finding.table != model.table_id:
        return []
    out = []
    for row_id, col_id in finding.cells:
        idx = model.index_of(row_id, col_id)
        if idx.isValid():
            out.append(idx)
    return out


def cells_loc(report: Report, finding: Finding) -> list[Loc]:
    cells = report.tables.get(finding.table or "", {})
    out: list[Loc] = []
    for row_id, col_id in finding.cells:
        c = cells.get(row_id, {}).get(col_id)
        if c is not None and c.loc is not None:
            out.append(c.loc)
    return out
