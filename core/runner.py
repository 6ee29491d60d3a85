"""One batch runner for the command line and the window: a warm pool of worker processes.

Why processes: ``analyze`` is pure Python and holds the GIL for most of a file (a thread
would stall the window's painting), and a reader's C library may abort its process on a
hostile file, which must cost that file only, never the batch or the window.

- The pool is started lazily (``spawn``: the window's process has Qt threads, and forking
  those can deadlock) and kept warm: spawning a worker and importing the engine in it
  costs a few hundred milliseconds, paid once per program, not per folder.
- Results come back in input order (``map``/``analyze`` are iterators), with a progress
  callback and a ``cancelled`` callable checked between results.
- Each worker has a pipe of its own (no shared queue, no manager thread, no executor
  internals): the caller's thread sends it a task and waits on its pipe and its process
  together. A worker that dies — at any moment, even halfway through writing — is seen at
  once (its pipe reads EOF, its sentinel fires) and costs only the item it held: that item
  is run once more in a fresh worker, and the one that kills that worker too gets a report
  with ``error``. So nothing can wait forever on a worker that is gone, at exit or before.
- Pages read by OCR are reported as they are done (``pages`` callback), and a worker's log
  records handed to this process's loggers: both come up the worker's pipe ahead of its
  result. With more than one worker, each OCRs with one thread (the cores are shared out by file).
- ``shutdown`` ends the workers (terminating any still busy): called at exit (for every
  runner), and by the window's SIGTERM handler, so no worker outlives the program.

This module imports no Qt: the window uses it from a QThreadPool thread.
"""

from __future__ import annotations

import atexit
import collections
import contextlib
import dataclasses
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
import weakref
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection, wait
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
_outbox: Any = None
_current_path = ""


LOG = "\x00log"  # marks a log record on a worker's pipe (a path never starts with NUL)
_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}

# Worker starts under way in this process, any thread. A stop signal's KeyboardInterrupt raised
# in the middle of Process.start (between the child's spawn and the write of its start-up data)
# leaves a child reading that data from a closed pipe, which prints a traceback. Blocking the
# signals in the starting thread does not prevent it: the kernel hands the signal to another
# thread and Python runs the handler in the main thread, whichever thread is starting.
_starting = 0
_stop_deferred: int | None = None
_starting_lock = threading.Lock()


def stop_handler(signum: int, _frame: object) -> None:
    """A command's handler for SIGTERM/SIGINT: KeyboardInterrupt, as Ctrl+C — deferred while a
    worker is being started, and raised again (the same signal) the moment the start is done."""
    global _stop_deferred
    with _starting_lock:
        if _starting:
            _stop_deferred = signum
            return
    raise KeyboardInterrupt


@contextlib.contextmanager
def _starting_worker() -> Iterator[None]:
    global _starting, _stop_deferred
    with _starting_lock:
        _starting += 1
    try:
        yield
    finally:
        with _starting_lock:
            _starting -= 1
            deferred = _stop_deferred if not _starting else None
            if deferred is not None:
                _stop_deferred = None
        if deferred is not None:
            signal.raise_signal(deferred)  # its handler runs in the main thread, now safely
RESULT = "\x00result"  # marks the task's result: (RESULT, ok, value or exception)


class _LogToParent(logging.Handler):
    """A worker's log records, up its pipe (an _Outbox): the parent hands them to its own
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


def init_worker(outbox: Any, ocr_threads: int, log_level: int = logging.WARNING) -> None:
    """A worker's start: OCR threads for it, page progress and log records into ``outbox``."""
    global _outbox
    from core.readers import ocr

    _outbox = outbox
    root = logging.getLogger()
    root.addHandler(_LogToParent(outbox))
    root.setLevel(log_level)
    if ocr_threads:
        ocr.set_threads(ocr_threads)
    ocr.set_progress_callback(_page_done)


def _page_done(done: int, total: int, _name: str) -> None:
    q = _outbox
    if q is not None and _current_path:
        try:
            # Written to the worker's pipe before the call returns, the pipe its result
            # comes by: a file's last page is always there before its result.
            q.put((_current_path, done, total))
        except Exception:  # noqa: BLE001 - progress is a nicety; the reading goes on
            log.debug("page progress lost", exc_info=True)


def warm() -> int:
    """Import the engine (and its format tables) before the first file comes."""
    from core import check, review  # noqa: F401
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
    """The report alone, for callers that need nothing else (the command line): the
    document and the rules' context never cross the pipe (most of an analysis's bytes,
    pickled in the worker and unpickled here, holding this process's GIL)."""
    return analyze_item(item).report


def died_report_only(item: tuple[str, str]) -> Report:
    return died_report(item).report


def cross_year_chunk(pairs: list[tuple[Report, Report]]) -> list[list[Finding]]:
    return [cross_year_findings(cur, prev) for cur, prev in pairs]


def died_report(item: tuple[str, str]) -> Analysis:
    path, name = item
    return Analysis(None, Report(file=name, sha256=sha256_of(Path(path)), error=DIED))


# --- the runner ----------------------------------------------------------------------------
class _Worker:
    """One worker process and its own pipe: tasks go down it; page progress, log records
    and the result come back up it, in that order. No pipe is shared between workers, so a
    worker killed at any moment (even halfway through writing) spoils only its own pipe, and
    the pipe's end here reads EOF the moment the worker is gone (only the worker held the
    other end)."""

    def __init__(self, ctx: Any, generation: int, ocr_threads: int, level: int) -> None:
        here, there = ctx.Pipe(duplex=True)
        # A forked worker is born holding this end and the caller's ends of every other
        # worker's pipe: it closes them first thing, or it would never read EOF on its own
        # end when the caller dies, and could write into another worker's pipe.
        inherited = None
        if ctx.get_start_method() == "fork":
            inherited = [here, *(w.conn for runner in list(_runners) for w in list(runner._all))]
        # daemon: multiprocessing ends it at exit even if nobody called shutdown.
        self.process = ctx.Process(
            target=_worker_main, args=(there, ocr_threads, level, inherited), daemon=True, name="reviewdesk-worker"
        )
        self.process.start()
        there.close()
        self.conn: Connection = here
        self.generation = generation

    def stop(self, busy: bool) -> None:
        """End the process: an idle one is asked to leave, a busy one (or a deaf one) is
        terminated, then killed. The pipe is closed here only when idle: a busy worker's pipe
        belongs to the thread waiting on it, which sees EOF and closes it."""
        if not busy:
            try:
                self.conn.send(None)
            except (OSError, ValueError):
                pass
            self.process.join(timeout=1)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(timeout=2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(timeout=2)
        if not busy:
            self.conn.close()


def _worker_main(
    conn: Connection, ocr_threads: int, level: int, inherited: list[Connection] | None = None
) -> None:
    """A worker's life: tasks until told to stop or until the caller's end of the pipe closes."""
    # Ctrl+C reaches every process of the terminal's group: the caller answers it (and ends
    # the workers); a worker's own KeyboardInterrupt would only print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if inherited is not None:  # forked: undo what the caller's process left in this one
        for end in inherited:
            end.close()
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the caller's handler is the caller's
        for handler in logging.getLogger().handlers[:]:  # records go up the pipe, not to its log file
            logging.getLogger().removeHandler(handler)
    if hasattr(signal, "pthread_sigmask"):  # blocked by the caller while it started this worker
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
    init_worker(_Outbox(conn), ocr_threads, level)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return  # the caller is gone
        if task is None:
            return
        fn, item = task
        try:
            message = (RESULT, True, fn(item))
        except Exception as exc:  # noqa: BLE001 - raised again in the caller, as map's contract says
            message = (RESULT, False, exc)
        try:
            _outbox_send(conn, message)
        except Exception as exc:  # noqa: BLE001 - a result that cannot be pickled: say so, never stall
            _outbox_send(conn, (RESULT, False, RuntimeError(f"result not sendable: {type(exc).__name__}: {exc}")))


_send_lock = threading.Lock()


def _outbox_send(conn: Connection, message: Any) -> None:
    # One message at a time: an OCR thread's log record must not interleave with a result.
    with _send_lock:
        conn.send(message)


class _Outbox:
    """What the worker's log handler and page callback write to (``put``, as a queue has)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def put(self, message: Any) -> None:
        _outbox_send(self.conn, message)


class Runner:
    """A lazily started, reusable set of worker processes; safe to use from any thread (each
    worker serves one caller at a time; callers on several threads share the workers)."""

    def __init__(self, jobs: int | None = None, start_method: str = "spawn") -> None:
        self.jobs = max(1, jobs or default_jobs())
        # spawn by default: the window's process has Qt threads, and forking those can
        # deadlock. "fork" (see ``fork_if_safe``) starts a worker with the engine already
        # imported, for a process with one thread such as the command line.
        self.start_method = start_method
        self._lock = threading.Lock()
        self._idle: list[_Worker] = []
        self._all: set[_Worker] = set()
        self._generation = 0  # raised by shutdown: a map started before it stops
        self._warm = threading.Event()
        self._closed = False
        # One OCR thread per worker when several share the cores (0: the reader's default).
        self.ocr_threads = 1 if self.jobs > 1 else 0
        _runners.add(self)

    # workers ------------------------------------------------------------------------------
    def _take(self) -> _Worker | None:
        """An idle worker, a new one while fewer than ``jobs`` exist, else None."""
        with self._lock:
            if self._closed:
                raise RuntimeError("runner shut down")
            while self._idle:
                worker = self._idle.pop()
                if worker.process.is_alive():
                    return worker
                self._all.discard(worker)
                worker.conn.close()
            if len(self._all) >= self.jobs:
                return None
            ctx = multiprocessing.get_context(self.start_method)
            # SIGTERM/SIGINT held back while a worker starts: a handler raising in the middle
            # of Process.start would leave a child this runner does not know, reading its
            # start-up data from a pipe about to close (and printing a traceback). The child
            # inherits the mask and lifts it in _worker_main.
            mask = getattr(signal, "pthread_sigmask", None)
            held = mask(signal.SIG_BLOCK, _STOP_SIGNALS) if mask is not None else None
            try:
                with _starting_worker():
                    worker = _Worker(ctx, self._generation, self.ocr_threads, logging.getLogger().getEffectiveLevel())
                    self._all.add(worker)
            finally:
                if mask is not None and held is not None:
                    mask(signal.SIG_SETMASK, held)
            return worker

    def _give_back(self, worker: _Worker) -> None:
        with self._lock:
            if worker.generation == self._generation and worker in self._all:
                self._idle.append(worker)
                return
        worker.stop(busy=False)  # from before a shutdown

    def _drop(self, worker: _Worker) -> None:
        """A worker that died, or whose task nobody wants any more."""
        with self._lock:
            self._all.discard(worker)
        worker.stop(busy=True)
        worker.conn.close()

    @property
    def started(self) -> bool:
        return bool(self._all)

    @property
    def is_warm(self) -> bool:
        return self._warm.is_set()

    def warm_up(self) -> None:
        """Start every worker and load the engine in it. Blocks: call off the GUI thread."""
        for _ in self.map(_warm_item, range(self.jobs), on_death=_no_pid):
            pass
        self._warm.set()

    def worker_pids(self) -> list[int]:
        with self._lock:
            workers = list(self._all)
        return [w.process.pid for w in workers if w.process.pid is not None and w.process.is_alive()]

    def shutdown(self) -> None:
        """End the workers (busy ones too). The runner can be used again afterwards."""
        with self._lock:
            self._generation += 1
            idle, self._idle = self._idle, []
            busy = self._all.difference(idle)
            self._all = set()
            self._warm.clear()
        for worker in idle:
            worker.stop(busy=False)
        for worker in busy:
            worker.stop(busy=True)

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

        ``fn`` must be importable by name (a module-level function); an exception it raises
        is raised here. Stops early, without error, once ``cancelled()`` or once the runner is
        shut down. A dying worker costs only the item that kills it: the item is run once
        more in a fresh worker, and if that one dies too ``on_death(item)`` stands for its
        result. With ``inline_first`` and the pool not warm yet, the first item runs in
        this thread while the workers start, so a reviewer sees a report sooner (the window
        only: a fatal file would take it down). ``pages(path, done, total)``: a page of an
        item (a (path, name) pair) OCR'd, called on this thread while it waits for results.
        """
        items = list(items)
        total = len(items)
        generation = self._generation
        pending = collections.deque(range(total))
        results: dict[int, R] = {}
        deaths: collections.Counter[int] = collections.Counter()
        busy: dict[_Worker, int] = {}
        done = 0

        def emit(result: R) -> R:
            nonlocal done
            done += 1
            if progress is not None:
                progress(done, total, result)
            return result

        def dispatch() -> None:
            while pending:
                worker = self._take()
                if worker is None:
                    return
                i = pending.popleft()
                try:
                    worker.conn.send((fn, items[i]))
                except (OSError, ValueError):  # died before it was given the task
                    pending.appendleft(i)
                    self._drop(worker)
                    continue
                busy[worker] = i

        try:
            if inline_first and total and not self.is_warm:
                pending.popleft()
                dispatch()  # the workers start on the rest meanwhile
                if cancelled():
                    return
                yield emit(_run_here(fn, items[0], pages))
                nxt = 1
            else:
                nxt = 0
            while nxt < total:
                if cancelled() or self._generation != generation:
                    return
                dispatch()
                self._collect(busy, items, results, deaths, pending, on_death, pages)
                while nxt in results:
                    yield emit(results.pop(nxt))
                    nxt += 1
        finally:
            for worker in busy:  # results nobody will read: the worker is ended, not waited for
                self._drop(worker)

    def _collect(
        self,
        busy: dict[_Worker, int],
        items: Sequence[T],
        results: dict[int, R],
        deaths: collections.Counter[int],
        pending: collections.deque[int],
        on_death: Callable[[T], R],
        pages: PageProgress | None,
    ) -> None:
        """Wait up to POLL for the busy workers; take their messages, results and deaths."""
        if not busy:
            time.sleep(POLL)  # every worker serves another caller
            return
        handles: list[Any] = [w.conn for w in busy] + [w.process.sentinel for w in busy]
        ready = set(wait(handles, timeout=POLL))
        for worker in [w for w in busy if w.conn in ready or w.process.sentinel in ready]:
            i = busy[worker]
            result: Any = None
            try:
                while worker.conn.poll():
                    message = worker.conn.recv()
                    if message[0] == RESULT:
                        result = message
                        break
                    _handle(message, pages)
                else:
                    if worker.process.is_alive():
                        continue  # only its messages so far
            except (EOFError, OSError):
                pass  # the pipe ended: the worker is gone, halfway through a message or not
            if result is not None:
                del busy[worker]
                self._give_back(worker)
                if not result[1]:
                    raise result[2]
                results[i] = result[2]
                continue
            del busy[worker]
            self._drop(worker)
            deaths[i] += 1
            if deaths[i] >= 2:
                log.error("worker died on %r", items[i])
                results[i] = on_death(items[i])
            else:
                pending.appendleft(i)  # once more, in a fresh worker: the one that dies again is the culprit
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


def _handle(message: Any, pages: PageProgress | None) -> None:
    """A worker's message other than its result: a log record, or a page OCR'd."""
    if message[0] == LOG:
        record = logging.makeLogRecord(message[1])
        logging.getLogger(record.name).handle(record)
    elif pages is not None:
        path, done, total = message
        pages(path, done, total)


def _warm_item(_i: int) -> int:
    return warm()


def _no_pid(_i: int) -> int:
    return 0


def fork_if_safe() -> str:
    """"fork" where forking this process is safe — Linux (macOS's system libraries are not
    fork-safe), and no thread but this one — else "spawn". A forked worker starts with
    the engine this process imported: no second import per worker (half a second of CPU
    each, most of a one-file ``check``)."""
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return "fork"
    return "spawn"


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


_runners: weakref.WeakSet[Runner] = weakref.WeakSet()


def _shutdown_all() -> None:
    """At exit: every runner's workers ended (the shared one's and any other still open).
    Nothing here waits on a thread: the workers are processes, asked, then terminated."""
    for runner in list(_runners):
        runner.shutdown()


atexit.register(_shutdown_all)


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
    method = fork_if_safe()
    if method == "fork":
        warm()  # the engine and its format tables, loaded once here and inherited by each worker
    runner = Runner(jobs=max(1, min(jobs or os.cpu_count() or 1, len(files))), start_method=method)
    try:
        out: list[Report] = []
        # The report alone crosses the pipe: callers of check_paths need nothing else.
        for report in runner.map(report_item, files, on_death=died_report_only, pages=pages):
            out.append(report)
            if progress:
                progress(len(out), len(files), report)
        return out
    finally:
        runner.shutdown()
