"""Every long task of the window through one helper: progress, cancel, failure, success.

Like Anki's ``QueryOp``/``CollectionOp`` or Picard's ``run_task``: a caller says what to
do off the GUI thread and what to do with the result; ``Operations`` keeps the list of
running tasks, the status bar's progress bar and cancel button, and reports failures in
one way (logged, a dialog, the status bar) unless the caller handles them itself.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMessageBox, QProgressBar, QPushButton, QStatusBar, QWidget

from gui.tasks import Task, run_task, start_task

log = logging.getLogger(__name__)


class PagesRead(NamedTuple):
    """A progress payload: a page of a file OCR'd. Shown on the bar, not counted as a file."""

    path: str
    done: int
    total: int


class Pending(NamedTuple):
    """A progress payload: the files a load is about to read (not counted as files done)."""

    paths: tuple[str, ...]


class Operations(QObject):
    def __init__(self, parent: QWidget, status_bar: QStatusBar) -> None:
        super().__init__(parent)
        self._parent = parent
        self._status = status_bar
        self.tasks: list[Task] = []
        self._waiting: list[Task] = []
        self._total = 0
        self._done = 0
        self._pages: PagesRead | None = None  # the file being OCR'd, while it is
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(260)
        self.progress.setFormat("%v / %m")
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.cancel_all)
        status_bar.addPermanentWidget(self.progress)
        status_bar.addPermanentWidget(self.cancel_button)
        self.progress.hide()
        self.cancel_button.hide()
        # QProgressBar.setValue repaints synchronously; at one report per 20 ms that alone
        # would stall the window, so the bar's numbers are refreshed at most 10 times a second.
        self._paint_timer = QTimer(self, singleShot=True, interval=100)
        self._paint_timer.timeout.connect(self._paint)
        # While this says so, new tasks wait for ``release`` (the window's first paint).
        self.hold: Callable[[], bool] = lambda: False

    def run(
        self,
        work: Callable[[Task], Any],
        *,
        success: Callable[[Any], None] | None = None,
        failure: Callable[[BaseException], None] | None = None,
        progress: Callable[[int, int, Any], None] | None = None,
        failed_text: str = "",
        cancelled_text: str = "",
        counted: bool = True,
    ) -> Task:
        """Run ``work(task)`` off the GUI thread. ``success(result)`` on the GUI thread
        (``None`` when cancelled); a failure goes to ``failure`` if given, else it is
        logged and shown in a dialog titled ``failed_text``. ``progress(done, total,
        payload)`` is forwarded; with ``counted`` the status bar's bar follows it."""
        task: Task | None = None

        def on_progress(done: int, total: int, payload: Any) -> None:
            if isinstance(payload, PagesRead | Pending):
                if isinstance(payload, PagesRead):
                    self._pages = payload if payload.done < payload.total else None
                    self._changed()
                if progress is not None:
                    progress(done, total, payload)  # the queue shows the files being read
                return
            if counted:
                if payload is None and done == 0:
                    self._total += total
                else:
                    self._done += 1
                self._changed()
            if progress is not None:
                progress(done, total, payload)

        def on_done(result: Any) -> None:
            self._finish(task)
            if result is None and cancelled_text:
                self._status.showMessage(cancelled_text, 5000)
            if success is not None:
                success(result)

        def on_error(exc: BaseException) -> None:
            self._finish(task)
            if failure is not None:
                failure(exc)
                return
            log.error("%s", failed_text or "background task failed", exc_info=exc)
            self.show_error(failed_text or self.tr("The operation failed"), str(exc))

        wait = self.hold()
        task = run_task(work, on_done, on_error, on_progress, defer=wait)
        if wait:
            self._waiting.append(task)
        self.tasks.append(task)
        self._changed()
        return task

    def release(self) -> None:
        """Start the tasks held back (see ``hold``)."""
        self.hold = lambda: False
        waiting, self._waiting = self._waiting, []
        for task in waiting:
            start_task(task)

    def show_error(self, title: str, message: str) -> None:
        self._status.showMessage(f"{title}: {message}")
        QMessageBox.critical(self._parent, title, message)

    def cancel_all(self) -> None:
        for t in list(self.tasks):
            t.cancel()
        if self.tasks:
            self._status.showMessage(self.tr("Cancelling…"), 3000)

    @property
    def busy(self) -> bool:
        return bool(self.tasks)

    def _finish(self, task: Task | None) -> None:
        if task in self.tasks:
            self.tasks.remove(task)
        if not self.tasks:
            self._total = self._done = 0
            self._pages = None
        self._changed()

    def _changed(self) -> None:
        busy = bool(self.tasks)
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        if not self._paint_timer.isActive():
            self._paint_timer.start()

    def _paint(self) -> None:
        pages = self._pages
        if pages is not None:
            # OCR takes seconds a page: the pages of the file being read, not the file count.
            self.progress.setMaximumWidth(420)
            self.progress.setFormat(self.page_text(pages))
            self.progress.setMaximum(pages.total)
            self.progress.setValue(pages.done)
            return
        self.progress.setMaximumWidth(260)
        self.progress.setFormat("%v / %m")
        # No count to show (the cross-year checks after a load): a busy bar, not "0 / 1".
        self.progress.setMaximum(self._total)
        self.progress.setValue(self._done)

    def page_text(self, pages: PagesRead) -> str:
        return (
            self.tr("OCR page %1/%2 – %3")
            .replace("%1", str(pages.done))
            .replace("%2", str(pages.total))
            .replace("%3", Path(pages.path).name)
        )
