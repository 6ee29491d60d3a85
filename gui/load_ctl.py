"""Opening files and folders, and the cross-year pass after a load, in the background.

Files are analysed by the program's one batch runner (``core.runner.shared``, worker
processes); each analysis joins the review session as it arrives, in batches at most
every 50 ms so the views lay out and repaint once per batch instead of once per report.
When a load ends, the pairs of years the session found (``core.crossyear.pair_years``)
are checked, also in the workers.
"""

from __future__ import annotations

import gc
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QStatusBar, QWidget

from core import runner
from core.pipeline import Analysis, collect_files
from core.session import ReviewSession
from gui import settings
from gui.ops import Operations, PagesRead, Pending
from gui.tasks import Task, run_task

log = logging.getLogger(__name__)


class LoadController(QObject):
    recent_changed = Signal()
    # The files being read and not yet in the queue changed (``pending``).
    pending_changed = Signal()

    def __init__(
        self, session: ReviewSession, ops: Operations, status_bar: QStatusBar, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.ops = ops
        self._status = status_bar
        self.runner = runner.shared()
        self._pending: list[tuple[str, Analysis]] = []
        self._flush_timer = QTimer(self, singleShot=True, interval=50)
        self._flush_timer.timeout.connect(self.flush)
        self._warming = False
        # path -> (pages read, pages): a file opened and not yet in the queue; (0, 0) until
        # its reading starts. A scan takes seconds a page: the queue says so from the start.
        self.pending: dict[str, tuple[int, int]] = {}

    def open_paths(self, paths: list[str], remember: bool = True) -> Task | None:
        """Analyse files and folders; each report joins the session as it is done.
        ``remember``: add them to the recent-files list (not for a restored session)."""
        paths = [str(p) for p in paths if p]
        if not paths:
            return None
        if remember:
            settings.add_recent(paths)
            self.recent_changed.emit()
        rn = self.runner
        self._set_pending({p: (0, 0) for p in paths if Path(p).is_file()})

        def work(task: Task) -> int:
            files = collect_files(paths)
            task.progress(0, len(files), None)
            task.progress(0, len(files), Pending(tuple(str(f) for f in files)))
            items = [(str(f), str(f)) for f in files]
            def pages(path: str, done: int, total: int) -> None:
                task.progress(done, total, PagesRead(path, done, total))

            for i, analysis in enumerate(
                rn.analyze(items, cancelled=lambda: task.cancelled, inline_first=True, pages=pages), start=1
            ):
                task.progress(i, len(files), (items[i - 1][0], analysis))
            task.check()
            return len(files)

        def progress(_done: int, _total: int, payload: Any) -> None:
            if isinstance(payload, Pending):
                self._set_pending({p: self.pending.get(p, (0, 0)) for p in payload.paths})
                return
            if isinstance(payload, PagesRead):
                if payload.path in self.pending:
                    self._set_pending({payload.path: (payload.done, payload.total)})
                return
            if payload is None:
                return
            path, analysis = payload
            self._drop_pending([path])
            if analysis.report.error:
                # What could not be read is in the log too: the queue's red row is gone
                # once the queue is closed, and support asks for the log.
                log.warning("refused to read %s: %s", path, analysis.report.error)
            self._pending.append(payload)
            if not self.session.entries():
                self.flush()  # the first report is shown at once
            elif not self._flush_timer.isActive():
                self._flush_timer.start()

        def finished(result: Any) -> None:
            self.flush()
            self._drop_pending(list(self.pending))
            if result == 0:
                self.say_nothing_found(paths)
            elif result is not None:
                self._status.showMessage(self.tr("%1 reports loaded").replace("%1", str(result)), 5000)
            self.check_cross_year()

        def failed(exc: BaseException) -> None:
            self.flush()
            self._drop_pending(list(self.pending))
            log.error("loading failed", exc_info=exc)
            self.ops.show_error(self.tr("Loading failed"), str(exc))

        return self.ops.run(
            work,
            success=finished,
            failure=failed,
            progress=progress,
            cancelled_text=self.tr("Loading cancelled"),
        )

    def _set_pending(self, updates: dict[str, tuple[int, int]]) -> None:
        if updates:
            self.pending.update(updates)
            self.pending_changed.emit()

    def _drop_pending(self, paths: list[str]) -> None:
        gone = [p for p in paths if self.pending.pop(p, None) is not None]
        if gone:
            self.pending_changed.emit()

    def pending_lines(self, limit: int = 3) -> list[str]:
        """What the queue shows for the files being read: name and page progress."""
        lines = []
        for path, (done, total) in list(self.pending.items())[:limit]:
            name = Path(path).name
            if total:
                lines.append(self.tr("Reading %1 — page %2/%3").replace("%1", name)
                             .replace("%2", str(done)).replace("%3", str(total)))
            else:
                lines.append(self.tr("Waiting to be read: %1").replace("%1", name))
        more = len(self.pending) - limit
        if more > 0:
            lines.append(self.tr("and %1 more files").replace("%1", str(more)))
        return lines

    def say_nothing_found(self, paths: list[str]) -> QMessageBox:
        """A folder without reports: said in a box the reviewer cannot miss (not modal to
        the program's flow: ``open``, so a script or test is never blocked)."""
        log.info("no reports found in %s", ", ".join(paths))
        parent = self.parent()
        box = QMessageBox(
            QMessageBox.Icon.Information,
            self.tr("No reports found"),
            self.tr("No report files were found in:\n%1\n\nReports are PDF, Word (.docx), HTML, "
                    "text or image files; folders are searched with their subfolders.")
            .replace("%1", "\n".join(paths)),
            QMessageBox.StandardButton.Ok,
            parent if isinstance(parent, QWidget) else None,
        )
        self.nothing_box = box
        box.open()
        return box

    def flush(self) -> None:
        """Move the analyses received so far into the session, in one batch."""
        self._flush_timer.stop()
        if not self._pending:
            return
        batch, self._pending = self._pending, []
        self.session.add(batch)
        # Opened reports live as long as the queue; moving them out of the collector's
        # reach keeps full collections (100 ms with a folder's worth) off the GUI thread.
        gc.freeze()

    def clear(self) -> None:
        self.ops.cancel_all()
        self._pending.clear()
        self._drop_pending(list(self.pending))
        self.session.clear()

    def check_cross_year(self) -> Task | None:
        """The cross-year rules over every pair of years the session holds that has not
        been checked yet, in the worker processes: the queue's counts and a whole-queue
        export have them, not only the reports the reviewer opened."""
        todo = self.session.pairs_to_check()
        if not todo:
            return None
        pairs = [(e.report, prev) for e, prev in todo]
        rn = self.runner

        def work(task: Task) -> list[Any]:
            return rn.cross_year(pairs, cancelled=lambda: task.cancelled)

        def done(result: Any) -> None:
            for (e, prev), found in zip(todo, result or [], strict=False):
                self.session.set_cross_year(e, prev, found)

        def failed(exc: BaseException) -> None:
            # Logged only: the per-report findings stand, and a later load tries these pairs again.
            log.error("cross-year check failed", exc_info=exc)

        return self.ops.run(work, success=done, failure=failed, counted=False)

    def warm_pool(self) -> None:
        """Start the worker processes (and load the engine in them) off the GUI thread once
        the window is up, so the first folder does not wait for them."""
        if self._warming or self.runner.started:
            return
        self._warming = True
        from core.formats import load_formats

        def warm(_t: Task) -> None:
            load_formats()  # the window's table models read them
            self.runner.warm_up()

        run_task(warm, None, lambda exc: log.warning("worker pool warm-up failed: %s", exc))

    def shutdown(self) -> None:
        self.runner.shutdown()
