"""The batch view in the window: its tab, its menu, its roster and year, its exports, and the
session's changes feeding it (a confirmed, dismissed or corrected finding re-scores at once).

``attach(window)`` is the one call the main window makes. The batch is computed from the
reports of the queue with their notes (as ``check --store`` gives them) by the engine
(core.batch.build.build_batch), in the view's worker; here only a snapshot of the session is
taken on the GUI thread (references, no conversion), so a large queue never stalls the window.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMenu, QPushButton, QSpinBox, QToolButton

from core.annotations import Annotation, NoReviewer
from core.model import Report
from core.session import (
    NotesChanged,
    NotesLoaded,
    PairsChanged,
    ReportChanged,
    ReportsAdded,
    ReportsCleared,
    ReviewStateChanged,
    SignoffChanged,
)
from gui.batch_view import BatchView, Source
from gui.tasks import run_task

if TYPE_CHECKING:
    from core.batch.roster import Roster
    from core.session import Event
    from gui.main_window import MainWindow

# Facts the reviewer enters per unit (store's batch facts), with their menu words.
FACTS: dict[str, str] = {"published": str(QT_TRANSLATE_NOOP("BatchController", "Enter publication date…")),
                         "filed": str(QT_TRANSLATE_NOOP("BatchController", "Enter filing date…")),
                         "url": str(QT_TRANSLATE_NOOP("BatchController", "Enter web address…"))}
# The session's changes that re-score the batch (typed events, core.session).
_LIVE = (ReportsAdded, ReportsCleared, ReportChanged, NotesChanged, PairsChanged, SignoffChanged, NotesLoaded,
         ReviewStateChanged)


def report_object(report: Report, notes: Mapping[str, Annotation]) -> dict[str, Any]:
    """The report as ``check --store --json`` prints it: findings carry their notes."""
    d = report.to_dict()
    for f in d.get("findings") or []:
        ann = notes.get(f"finding:{f.get('id')}")
        if ann is not None:
            f["note"] = ann.note_dict()
    return d


class BatchController(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.view = BatchView()
        self.view.snapshot = self.snapshot
        self.roster: Roster | None = None
        self.roster_path: str | None = None
        self.opened = False  # nothing is computed until the view is first shown
        # The facts the reviewer entered (store's batch_facts: sha256 -> {fact: value}), read
        # on the store thread once the view opens and kept here as they are entered.
        self.facts: dict[str, dict[str, str | None]] | None = None
        self.view.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.table.customContextMenuRequested.connect(self._unit_menu)

        self.year = QSpinBox()
        self.year.setRange(0, 2100)
        self.year.setSpecialValueText(self.tr("Year: latest"))
        self.year.setPrefix(self.tr("Year "))
        self.year.valueChanged.connect(lambda _v: self.view.schedule())
        roster_button = QPushButton(self.tr("Roster…"))
        roster_button.clicked.connect(self.choose_roster)
        export_button = QToolButton()
        export_button.setText(self.tr("Export"))
        export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(export_button)
        for suffix, label in ((".docx", self.tr("Notice (Word)…")), (".xlsx", self.tr("Batch workbook (Excel)…")),
                              (".pdf", self.tr("Batch PDF…"))):
            menu.addAction(label, self._exporter(suffix))
        export_button.setMenu(menu)
        for w in (self.year, roster_button, export_button):
            self.view.tools.addWidget(w)

        tabs = window.centre_tabs
        self.tab_index = tabs.addTab(self.view, self.tr("Batch"))
        tabs.currentChanged.connect(self._tab_changed)
        self.view.report_requested.connect(self._open_report)
        self.view.failed.connect(lambda msg: window.statusBar().showMessage(msg, 8000))
        window.session.subscribe(self._on_event)

        self.action = QAction(self.tr("Batch view"), window)
        self.action.setShortcut(QKeySequence("Ctrl+B"))
        self.action.triggered.connect(self.show)
        bar = window.menuBar()
        batch_menu = QMenu(self.tr("&Batch"), bar)
        last = bar.actions()[-1] if bar.actions() else None  # 帮助 stays the last menu
        if last is not None:
            bar.insertMenu(last, batch_menu)
        else:
            bar.addMenu(batch_menu)
        batch_menu.addAction(self.action)
        batch_menu.addAction(self.tr("Import roster…"), self.choose_roster)

    # showing -----------------------------------------------------------------------------
    def show(self) -> None:
        self.window.centre_tabs.setCurrentWidget(self.view)

    def _tab_changed(self, index: int) -> None:
        if self.window.centre_tabs.widget(index) is self.view and not self.opened:
            self.open()

    def open(self) -> None:
        """First showing: read the entered facts on the store thread, then compute."""
        self.opened = True
        if self.facts is not None:
            self.view.refresh()
            return

        def loaded(facts: dict[str, dict[str, str | None]] | None) -> None:
            self.facts = facts or {}
            self.view.refresh()

        self.window.ctl.on_store(lambda store: store.batch_facts(), loaded)

    def _on_event(self, event: Event) -> None:
        if self.opened and isinstance(event, _LIVE):
            self.view.schedule()

    def _open_report(self, path: str) -> None:
        self.window.open_report_path(path)
        self.window.centre_tabs.setCurrentWidget(self.window.source)

    # computing (the snapshot on the GUI thread, the rest in the view's worker) -------------
    def snapshot(self) -> Source:
        """On the GUI thread: what the worker needs, by reference (reports are replaced, not
        changed, when re-checked; notes are copied, they are small). The reports are the
        session's after its batch-wide passes (text reuse, versions, identical files as one),
        the same ``batch`` scores after ``after_checking``: one path, one score."""
        session = self.window.session
        items = [(e.report, dict(session.notes_of(e.report.sha256))) for e in session.distinct()]
        # A later version shows the older one's marks on the findings it still has, as
        # ``batch`` does (core.versions.inherit_notes): by finding id, its own first.
        older_notes = {e.sha: dict(session.notes_of(e.report.version_of)) for e in session.distinct()
                       if e.report.version_of}
        roster, year = self.roster, self.year.value()
        facts = {sha: dict(f) for sha, f in (self.facts or {}).items()}

        def work() -> tuple[dict[str, Any], list[dict[str, Any]]]:
            from core.batch.build import build_batch

            reports = [report_object(r, notes) for r, notes in items]
            for d in reports:
                inherited = older_notes.get(d.get("sha256") or "", {})
                for f in d.get("findings") or [] if inherited else []:
                    ann = inherited.get(f"finding:{f.get('id')}")
                    if "note" not in f and ann is not None:
                        f["note"] = {**ann.note_dict(), "inherited_from": d["version_of"]}
            chosen = year or _latest_year(reports)
            matches = {sha: f["unit"] for sha, f in facts.items() if "unit" in f}
            return {"batch": build_batch(reports, chosen, roster, manual_matches=matches, report_facts=facts)}, reports

        return work

    # roster and exports --------------------------------------------------------------------
    def choose_roster(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, self.tr("Import roster"), "",
                                              self.tr("Roster (*.xlsx *.csv)"))
        if path:
            self.load_roster(path)

    def load_roster(self, path: str) -> None:
        from core.batch.roster import RosterError, load_roster

        try:
            roster = load_roster(path)
        except RosterError as exc:
            self.window.statusBar().showMessage(self.tr("Roster not read: %1").replace("%1", str(exc)), 10000)
            return
        self.roster, self.roster_path = roster, path
        problems = getattr(roster, "problems", None) or []
        self.window.statusBar().showMessage(
            self.tr("Roster %1: %2 units, %3 rows set aside").replace("%1", Path(path).name)
            .replace("%2", str(len(roster.units))).replace("%3", str(len(problems))), 8000)
        self.show()
        self.open()

    # facts no file shows, entered per unit ----------------------------------------------
    def _unit_menu(self, pos: Any) -> None:
        index = self.view.table.indexAt(pos)
        unit = self.view.model.unit_at(self.view.proxy.mapToSource(index).row()) if index.isValid() else None
        if unit is None:
            return
        menu = QMenu(self.view)
        for fact, label in FACTS.items():
            act = menu.addAction(self.tr(label), self._fact_entry(unit.unit, fact))
            act.setEnabled(bool(unit.sha256s))  # a 缺报 unit has no report to attach a fact to
        menu.exec(self.view.table.viewport().mapToGlobal(pos))

    def _fact_entry(self, unit: str, fact: str) -> Callable[[], None]:
        return lambda: self.ask_fact(unit, fact)

    def ask_fact(self, unit: str, fact: str) -> None:
        row = next((u for u in self.view.model.units if u.unit == unit), None)
        if row is None or not row.sha256s:
            return
        sha = row.sha256s[0]
        current = (self.facts or {}).get(sha, {}).get(fact) or ""
        text, ok = QInputDialog.getText(self.view, self.tr(FACTS[fact]), f"{unit}：", text=current)
        if ok:
            self.set_fact(sha, fact, text.strip() or None)

    def set_fact(self, sha: str, fact: str, value: str | None) -> bool:
        """Record a fact in the store (None forgets it) and re-score; False for a bad date."""
        if value and fact in ("published", "filed"):
            try:
                date.fromisoformat(value)
            except ValueError:
                self.window.statusBar().showMessage(
                    self.tr("Not a date (YYYY-MM-DD): %1").replace("%1", value), 8000)
                return False
        try:
            by = self.window.session.who()  # a fact names who entered it, never the OS login
        except NoReviewer as exc:
            self.window.statusBar().showMessage(str(exc), 8000)
            return False
        name = next((e.name for e in self.window.session.entries() if e.sha == sha), "")

        def write(store: Any) -> Any:
            if value is None:
                return store.clear_batch_fact(sha, fact, by=by)
            return store.set_batch_fact(sha, fact, value, file_name=name, by=by)

        facts = self.facts if self.facts is not None else {}
        self.facts = facts
        if value is None:
            facts.get(sha, {}).pop(fact, None)
        else:
            facts.setdefault(sha, {})[fact] = value
        self.window.ctl.on_store(write)
        self.view.schedule()
        return True

    def _exporter(self, suffix: str) -> Callable[[], None]:
        return lambda: self.export(suffix)

    def export(self, suffix: str) -> None:
        shown = self.view.rendered
        if shown is None:
            self.window.statusBar().showMessage(self.tr("The batch is not computed yet"), 5000)
            return
        path, _ = QFileDialog.getSaveFileName(self.window, self.tr("Export batch"),
                                              f"通报{shown.doc.year}{suffix}", f"*{suffix}")
        if not path:
            return
        if not path.lower().endswith(suffix):
            path += suffix
        bar = self.window.statusBar()

        def work(_task: Any) -> str:
            from core.batchdocs import write_batch

            write_batch(shown.batch, shown.reports, path)
            return path

        run_task(work, lambda p: bar.showMessage(self.tr("Written: %1").replace("%1", str(p)), 8000),
                 lambda e: bar.showMessage(self.tr("Export failed: %1").replace("%1", str(e)), 10000))


def _latest_year(reports: list[dict[str, Any]]) -> int:
    """The batch's year when none is chosen: the latest year most reports have."""
    years: Counter[int] = Counter(y for r in reports if isinstance(y := r.get("year"), int))
    if not years:
        return 0
    top = max(years.values())
    return max(y for y, n in years.items() if n >= top / 2)


def attach(window: MainWindow) -> BatchController:
    """The batch tab and menu in ``window`` (the main window's one call)."""
    return BatchController(window)
