"""One batch runner for the command line and the window: a warm pool of worker processes.

Why processes: ``analyze`` is pure Python and holds the GIL for most of a file (a thread
would stall the window's painting), and a reader's C library may abort its process on a
hostile file, which must cost that file only, never the batch or the window.

- The pool is started lazily (``spawn``: the window's process has Qt threads, and forking
  those can deadlock) and kept warm: spawning a worker and importing the engine in it
  costs a few hundred milliseconds, paid once per program, not per folder.
- Results come back in input order (``map``/``analyze`` are iterators), with a progress
  callback and a ``cancelled`` callable checked between results.
- A worker that dies (``BrokenProcessPool``) fails nobody at once: each file the broken
  pool left unfinished is run again alone in a fresh worker; the one that kills that
  worker too gets a report with ``error``; the pool is rebuilt for the rest.
- Pages read by OCR are reported as they are done (``pages`` callback): each worker puts
  (path, page, pages) on a queue that the caller's waiting loop drains; the queue is made
  anew with the pool, so a worker killed mid-write can spoil only the pool it died with.
  With more than one worker, each OCRs with one thread (the cores are shared out by file).
- ``shutdown`` ends the workers (terminating any still busy): called at exit, and by the
  window's SIGTERM handler, so no worker outlives the program.

This module imports no Qt: the window uses it from a QThreadPool thread.
"""

from __future__ import annotations

import atexit
import dataclasses
import logging
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, TypeVar

from core.crossyear import cross_year_findings
from core.model import Finding, Report
from core.pipeline import Analysis, analyze, sha256_of

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")

DIED = "读取该文件时程序异常退出（文件可能已损坏或含恶意构造），已跳过"
POLL = 0.05  # seconds between looks at ``cancelled`` while a result is awaited


def default_jobs() -> int:
    # One core stays free for the window: busy workers on every core starve the GUI thread.
    return max(1, (os.cpu_count() or 2) - 1)


PageProgress = Callable[[str, int, int], None]  # (path, pages done, pages in all)

# --- what runs in a worker ---------------------------------------------------------------
_pages_queue: Any = None
_current_path = ""


LOG = "\x00log"  # marks a log record on the queue (a path never starts with NUL)


class _LogToParent(logging.Handler):
    """A worker's log records, onto the runner's queue: the parent hands them to its own
    loggers, so they reach the one log file (processes never write it themselves: a
    rotating file shared by processes breaks on Windows)."""

    def __init__(self, queue: Any) -> None:
        super().__init__()
        self.queue = queue

    def emit(self, record: logging.LogRecord) -> None:
        try:
            fields = {
                key: getattr(record, key)
                for key in ("name", "levelno", "levelname", "pathname", "filename", "module", "lineno",
                            "funcName", "created", "msecs", "process", "processName", "thread", "threadName")
            }  # fmt: skip
            fields["msg"], fields["args"] = record.getMessage(), None
            if record.exc_info:
                fields["exc_text"] = logging.Formatter().formatException(record.exc_info)
            self.queue.put((LOG, fields))
        except Exception:  # noqa: BLE001 - logging must never stop the reading
            self.handleError(record)


def init_worker(pages_queue: Any, ocr_threads: int, log_level: int = logging.WARNING) -> None:
    """Pool initializer: OCR threads for this worker, page progress and log records onto the queue."""
    global _pages_queue
    from core.readers import ocr

    _pages_queue = pages_queue
    root = logging.getLogger()
    root.addHandler(_LogToParent(pages_queue))
    root.setLevel(log_level)
    if ocr_threads:
        ocr.set_threads(ocr_threads)
    ocr.set_progress_callback(_page_done)


def _page_done(done: int, total: int, _name: str) -> None:
    q = _pages_queue
    if q is not None and _current_path:
        try:
            # Written to the pipe before the call returns (a SimpleQueue has no feeder
            # thread): a file's last page is always there before its result.
            q.put((_current_path, done, total))
        except Exception:  # noqa: BLE001 - progress is a nicety; the reading goes on
            log.debug("page progress lost", exc_info=True)


def warm() -> int:
    """Import the engine (and its format tables) before the first file comes."""
    from core import review  # noqa: F401
    from core.formats import load_formats

    load_formats()
    return os.getpid()


def compact(analysis: Analysis) -> Analysis:
    """The analysis without what the window never reads (reader tokens, character boxes):
    everything a worker sends is unpickled in the caller's process, holding its GIL."""
    doc = analysis.document
    if doc is None or (doc.tokens is None and doc.char_boxes is None):
        return analysis
    small = dataclasses.replace(doc, tokens=None, char_boxes=None)
    # The context is kept (core.check.check re-runs the rules from it when the
    # reviewer corrects a cell), on the same slimmed document. A PDF's re-checked text
    # findings then lack boxes; the session keeps the boxes of the first reading by id.
    ctx = analysis.context
    if ctx is not None and ctx.doc is doc:
        ctx = dataclasses.replace(ctx, doc=small)
    return Analysis(small, analysis.report, ctx)


def analyze_item(item: tuple[str, str]) -> Analysis:
    """One (path, display name): ``analyze`` never raises for a bad file, and an engine bug
    is reported on that file's report too."""
    global _current_path
    path, name = item
    _current_path = path
    try:
        return compact(analyze(path, name))
    except Exception as exc:  # noqa: BLE001 - shown on that report, the rest goes on
        log.exception("analyze failed: %s", path)
        return Analysis(None, Report(file=name, sha256="", error=f"内部错误：{type(exc).__name__}: {exc}"))


def report_item(item: tuple[str, str]) -> Report:
    return analyze_item(item).report


def cross_year_chunk(pairs: list[tuple[Report, Report]]) -> list[list[Finding]]:
    return [cross_year_findings(cur, prev) for cur, prev in pairs]


def died_report(item: tuple[str, str]) -> Analysis:
    path, name = item
    return Analysis(None, Report(file=name, sha256=sha256_of(Path(path)), error=DIED))


# --- the runner ----------------------------------------------------------------------------
class Runner:
    """A lazily started, reusable pool of worker processes; safe to use from any thread."""

    def __init__(self, jobs: int | None = None) -> None:
        self.jobs = max(1, jobs or default_jobs())
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._warm = threading.Event()
        self._closed = False
        # One OCR thread per worker when several share the cores (0: the reader's default).
        self.ocr_threads = 1 if self.jobs > 1 else 0
        self._queue: Any = None  # a SimpleQueue of (path, page, pages) and log records, made with the pool
        self._listeners: dict[int, PageProgress] = {}
        self._drain_lock = threading.Lock()

    # pool -----------------------------------------------------------------------------
    def _executor(self, fresh: bool = False) -> ProcessPoolExecutor:
        with self._lock:
            if self._closed:
                raise RuntimeError("runner shut down")
            if self._pool is not None and (fresh or getattr(self._pool, "_broken", False)):
                self._kill(self._pool)
                self._pool = None
                self._warm.clear()
            if self._pool is None:
                self._pool, self._queue = self._new_pool(self.jobs)
            return self._pool

    def _new_pool(self, workers: int) -> tuple[ProcessPoolExecutor, Any]:
        ctx = multiprocessing.get_context("spawn")
        queue: Any = ctx.SimpleQueue()
        level = logging.getLogger().getEffectiveLevel()
        pool = ProcessPoolExecutor(
            max_workers=workers, mp_context=ctx, initializer=init_worker, initargs=(queue, self.ocr_threads, level)
        )
        return pool, queue

    # page progress ------------------------------------------------------------------------
    def _drain(self, queue: Any = None) -> None:
        """Hand the pages done so far to whoever listens for their file, and the workers'
        log records to this process's loggers (any thread may drain)."""
        queue = queue if queue is not None else self._queue
        if queue is None or not self._drain_lock.acquire(blocking=False):
            return
        try:
            while True:
                try:
                    if queue.empty():
                        return
                    message = queue.get()
                except Exception:  # noqa: BLE001 - a closed pipe, or a message cut by a dying worker
                    return
                if message[0] == LOG:
                    record = logging.makeLogRecord(message[1])
                    logging.getLogger(record.name).handle(record)
                    continue
                path, done, total = message
                for listener in list(self._listeners.values()):
                    listener(path, done, total)
        finally:
            self._drain_lock.release()

    @property
    def started(self) -> bool:
        return self._pool is not None

    @property
    def is_warm(self) -> bool:
        return self._warm.is_set()

    def warm_up(self) -> None:
        """Start every worker and load the engine in it. Blocks: call off the GUI thread."""
        pool = self._executor()
        for fut in [pool.submit(warm) for _ in range(self.jobs)]:
            fut.result()
        self._warm.set()

    def worker_pids(self) -> list[int]:
        pool = self._pool
        procs = getattr(pool, "_processes", None) or {}
        return [p.pid for p in list(procs.values()) if p.pid is not None]

    @staticmethod
    def _kill(pool: ProcessPoolExecutor) -> None:
        procs = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        # A worker busy on a file would finish it first; at shutdown nobody wants that file.
        for p in procs:
            if p.is_alive():
                p.terminate()
        for p in procs:
            p.join(timeout=2)
            if p.is_alive():
                p.kill()
                p.join(timeout=1)

    def shutdown(self) -> None:
        """End the workers (busy ones too). The runner can be used again afterwards."""
        with self._lock:
            pool, self._pool = self._pool, None
            queue, self._queue = self._queue, None
            self._warm.clear()
        if pool is not None:
            self._kill(pool)
        if queue is not None:
            queue.close()

    def close(self) -> None:
        with self._lock:
            self._closed = True
        self.shutdown()

    # work -------------------------------------------------------------------------------
    def map(
        self,
        fn: Callable[[T], R],
        items: Sequence[T],
        *,
        on_death: Callable[[T], R],
        cancelled: Callable[[], bool] = lambda: False,
        progress: Callable[[int, int, R], None] | None = None,
        inline_first: bool = False,
        pages: PageProgress | None = None,
    ) -> Iterator[R]:
        """``fn(item)`` for each item in worker processes; results in input order.

        ``fn`` must be importable by name (a module-level function). Stops early, without
        error, once ``cancelled()``. A dying worker costs only the item that kills it
        (``on_death(item)`` stands for its result). With ``inline_first`` and the pool not
        warm yet, the first item runs in this thread while the workers start, so a
        reviewer sees a report sooner (the window only: a fatal file would take it down).
        ``pages(path, done, total)``: a page of an item (a (path, name) pair) OCR'd, called
        on this thread while it waits for results.
        """
        if pages is None:
            yield from self._map(fn, items, on_death, cancelled, progress, inline_first)
            return
        mine = {str(it[0]) for it in items if isinstance(it, tuple) and it}

        def listener(path: str, done: int, total: int) -> None:
            if path in mine:
                pages(path, done, total)

        key = id(listener)
        self._listeners[key] = listener
        try:
            yield from self._map(fn, items, on_death, cancelled, progress, inline_first, listener)
        finally:
            self._listeners.pop(key, None)

    def _map(
        self,
        fn: Callable[[T], R],
        items: Sequence[T],
        on_death: Callable[[T], R],
        cancelled: Callable[[], bool],
        progress: Callable[[int, int, R], None] | None,
        inline_first: bool,
        here: PageProgress | None = None,
    ) -> Iterator[R]:
        total = len(items)
        done = 0

        def emit(result: R) -> R:
            nonlocal done
            done += 1
            if progress is not None:
                progress(done, total, result)
            return result

        start = 0
        futures: dict[int, Future[R]] = {}
        try:
            if inline_first and total and not self.is_warm:
                futures = self._submit(fn, items, 1)
                if cancelled():
                    return
                yield emit(_run_here(fn, items[0], here))
                start = 1
            else:
                futures = self._submit(fn, items, 0)
            for i in range(start, total):
                result = self._await(futures, i, cancelled)
                if result is _CANCELLED:
                    return
                if result is _BROKEN:
                    result = self._alone(fn, items[i], on_death)
                    # The rest go to a fresh pool (those already finished keep their result).
                    keep = {
                        j: f
                        for j, f in futures.items()
                        if j > i and f.done() and not f.cancelled() and f.exception() is None
                    }
                    pool = self._executor(fresh=True)
                    futures = {
                        j: keep.get(j) or pool.submit(fn, items[j]) for j in range(i + 1, total)
                    }
                yield emit(result)  # type: ignore[arg-type]
        finally:
            for fut in futures.values():
                fut.cancel()  # not started yet; a running one finishes its item and is dropped

    def _submit(self, fn: Callable[[T], R], items: Sequence[T], start: int) -> dict[int, Future[R]]:
        if start >= len(items):
            return {}
        pool = self._executor()
        return {i: pool.submit(fn, items[i]) for i in range(start, len(items))}

    def _await(self, futures: dict[int, Future[R]], i: int, cancelled: Callable[[], bool]) -> Any:
        fut = futures[i]
        while True:
            self._drain()
            if cancelled():
                return _CANCELLED
            try:
                result = fut.result(timeout=POLL)
                self._drain()  # the file's last pages before its result
                return result
            except FutureTimeout:
                continue
            except (BrokenProcessPool, CancelledError):
                # A dead worker, or another thread rebuilt the pool under this item.
                return _BROKEN

    def _alone(self, fn: Callable[[T], R], item: T, on_death: Callable[[T], R]) -> R:
        """Run one item alone in a fresh worker: the one that dies again is the culprit."""
        one, queue = self._new_pool(1)
        try:
            fut = one.submit(fn, item)
            while True:
                self._drain(queue)
                try:
                    result = fut.result(timeout=POLL)
                    self._drain(queue)  # the file's last pages before its result
                    return result
                except FutureTimeout:
                    continue
        except BrokenProcessPool:
            log.error("worker died on %r", item)
            return on_death(item)
        finally:
            one.shutdown(wait=True)
            queue.close()

    def analyze(
        self,
        files: Sequence[tuple[str, str]],
        *,
        cancelled: Callable[[], bool] = lambda: False,
        progress: Callable[[int, int, Analysis], None] | None = None,
        inline_first: bool = False,
        pages: PageProgress | None = None,
    ) -> Iterator[Analysis]:
        """Analyses of (path, display name) items, in input order; ``pages(path, done,
        total)`` after each page OCR'd. A scan never runs inline: OCR belongs in a worker
        (its engine and models would stay in the window's memory, and compete with it)."""
        files = list(files)
        return self.map(
            analyze_item,
            files,
            on_death=died_report,
            cancelled=cancelled,
            progress=progress,
            inline_first=inline_first and bool(files) and not likely_scan(files[0][0]),
            pages=pages,
        )

    def cross_year(
        self,
        pairs: Sequence[tuple[Report, Report]],
        *,
        cancelled: Callable[[], bool] = lambda: False,
        chunk: int = 8,
    ) -> list[list[Finding]]:
        """The cross-year findings of each (this year, last year) pair, in order; cancelled:
        those of the pairs done so far (a prefix). Pairs go in chunks: difflib is slow
        Python, and a folder's worth is then a few round trips."""
        chunks = [list(pairs[i : i + chunk]) for i in range(0, len(pairs), chunk)]
        out: list[list[Finding]] = []
        for found in self.map(cross_year_chunk, chunks, on_death=_no_findings, cancelled=cancelled):
            out.extend(found)
        return out


def likely_scan(path: str) -> bool:
    """An image file, or a PDF whose first page has no text layer (a few ms: one page opened)."""
    from core.document import IMAGE_SUFFIXES

    p = Path(path)
    if p.suffix.lower() in IMAGE_SUFFIXES:
        return True
    if p.suffix.lower() != ".pdf":
        return False
    try:
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(str(p))
        try:
            if len(pdf) == 0:
                return False
            text = pdf[0].get_textpage()
            return bool(text.count_chars() == 0)
        finally:
            pdf.close()
    except Exception:  # noqa: BLE001 - unreadable here: the reader says why, in a worker
        return True


def _no_findings(chunk: list[tuple[Report, Report]]) -> list[list[Finding]]:
    return [[] for _ in chunk]


_CANCELLED = object()
_BROKEN = object()


def _run_here(fn: Callable[[T], R], item: T, pages: PageProgress | None = None) -> R:
    """Run in this (non-GUI) thread. Meanwhile the GIL changes hands every 0.5 ms, not
    every 5: the window's thread, painting, waits for it on each Python call."""
    from core.readers import ocr

    before = sys.getswitchinterval()
    sys.setswitchinterval(min(before, 0.0005))
    path = str(item[0]) if isinstance(item, tuple) and item else ""
    if pages is not None:
        ocr.set_progress_callback(lambda done, total, _name: pages(path, done, total))
    try:
        return fn(item)
    finally:
        if pages is not None:
            ocr.set_progress_callback(None)
        sys.setswitchinterval(before)


# --- the program's shared runner -------------------------------------------------------------
_shared: Runner | None = None
_shared_lock = threading.Lock()


def shared() -> Runner:
    """The program's one runner (the window's): started on first use, ended at exit."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = Runner()
        return _shared


def shutdown_shared() -> None:
    if _shared is not None:
        _shared.shutdown()


atexit.register(shutdown_shared)


def check_paths(
    files: list[tuple[str, str]],
    jobs: int | None = None,
    progress: Callable[[int, int, Report], None] | None = None,
    pages: Callable[[str, int, int], None] | None = None,
) -> list[Report]:
    """Check (path, display name) pairs in worker processes; results in input order.
    ``pages(path, done, total)`` after each page a worker OCR'd.

    Workers, even for one file: a reader's C library may abort its process on a hostile
    file, and that must cost one report, not the batch (see ``Runner``).
    """
    if not files:
        return []
    runner = Runner(jobs=max(1, min(jobs or os.cpu_count() or 1, len(files))))
    try:
        out = []
        for analysis in runner.analyze(files, pages=pages):
            out.append(analysis.report)
            if progress:
                progress(len(out), len(files), analysis.report)
        return out
    finally:
        runner.shutdown()
