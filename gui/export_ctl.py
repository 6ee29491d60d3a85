"""Exporting review sheets (XLSX, PDF, HTML, CSV) in the background.

The window's sheets are the CLI's ``check --store`` sheets: each report as the reviewer
corrected it, with ``annotate(report, store.review_of(sha))`` (notes by finding id,
orphan notes, sign-off) and the store's history, read on the export's own thread."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QStatusBar, QWidget

from core.annotations import HistoryEntry, ReportReview, annotate
from core.model import Report
from core.session import Entry, ReviewSession
from gui import settings
from gui.ops import Operations
from gui.tasks import Task

SUFFIXES = (".xlsx", ".pdf", ".html", ".csv")


def with_suffix_of_filter(path: str, chosen_filter: str) -> str:
    """A name typed without a known suffix takes the chosen filter's (``Excel (*.xlsx)``)."""
    if Path(path).suffix.lower() in SUFFIXES:
        return path
    m = re.search(r"\*(\.\w+)", chosen_filter or "")
    return path + (m.group(1) if m else ".xlsx")


class ExportController:
    def __init__(
        self,
        parent: QWidget,
        session: ReviewSession,
        ops: Operations,
        status_bar: QStatusBar,
        read_reviews: Callable[[list[str]], tuple[dict[str, ReportReview], dict[str, list[HistoryEntry]]]]
        | None = None,
    ) -> None:
        self.parent = parent
        self.session = session
        self.ops = ops
        self._status = status_bar
        # sha256s -> (review, history) from the store; called on the export's thread.
        self._read_reviews = read_reviews

    def choose(self, entries: list[Entry]) -> Task | None:
        if not entries:
            return None
        path, chosen = QFileDialog.getSaveFileName(
            self.parent,
            QCoreApplication.translate("MainWindow", "Export review sheet"),
            settings.dialog_folder("export"),
            QCoreApplication.translate("MainWindow", "Excel (*.xlsx);;PDF review sheet (*.pdf);;HTML (*.html);;CSV (*.csv)"),
        )
        if not path:
            return None
        settings.remember_dialog_folder("export", path)
        return self.export(with_suffix_of_filter(path, chosen), entries)

    def items(self, entries: list[Entry]) -> list[tuple[Report, dict[str, Any]]]:
        return [(e.report, self.session.notes_of(e.report.sha256)) for e in entries]

    def export(self, path: str, entries: list[Entry]) -> Task:
        # Copies: the store's marks go on them in the worker, the session's reports stay.
        items = []
        for rep, notes in self.items(entries):
            mine = copy.copy(rep)
            mine.findings = [copy.copy(f) for f in rep.findings]
            items.append((mine, notes))
        reviewer = settings.reviewer_name()
        suffix = Path(path).suffix.lower()
        read_reviews = self._read_reviews

        def work(task: Task) -> str:
            task.progress(0, 1, None)
            history: dict[str, list[HistoryEntry]] | None = None
            if read_reviews is not None:
                reviews, history = read_reviews([r.sha256 for r, _n in items if r.sha256 and not r.error])
                for i, (r, notes) in enumerate(items):
                    if r.sha256 in reviews:  # the store's marks, exactly as check --store reads them
                        annotate(r, reviews[r.sha256])
                        items[i] = (r, dict(reviews[r.sha256].notes) or notes)
            if suffix == ".pdf":
                from gui.export_pdf import export_pdf

                export_pdf(items, path, reviewer=reviewer, history=history)
            else:
                from core.export import export

                export(items, path, reviewer=reviewer, history=history)
            task.progress(1, 1, None)
            return path

        def done(result: Any) -> None:
            if result is not None:
                self._status.showMessage(
                    QCoreApplication.translate("MainWindow", "Exported to %1").replace("%1", str(result)), 8000
                )

        return self.ops.run(work, success=done, failed_text=QCoreApplication.translate("MainWindow", "Export failed"))
