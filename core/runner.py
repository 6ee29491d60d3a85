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


# --- what runs in a worker ---------------------------------------------------------------
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
    # The context is kept (core.corrections.recheck re-runs the rules from it when the
    # reviewer corrects a cell), on the same slimmed document. A PDF's re-checked text
    # findings then lack boxes; the session keeps the boxes of the first reading by id.
    ctx = analysis.context
    if ctx is not None and ctx.doc is doc:
        ctx = dataclasses.replace(ctx, doc=small)
    return Analysis(small, analysis.report, ctx)


def analyze_item(item: tuple[str, str]) -> Analysis:
    """One (path, display name): ``analyze`` never raises for a bad file, and an engine bug
    is reported on that file's report too."""
    path, name = item
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
                self._pool = ProcessPoolExecutor(
                    max_workers=self.jobs, mp_context=multiprocessing.get_context("spawn")
                )
            return self._pool

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
            self._warm.clear()
        if pool is not None:
            self._kill(pool)

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
    ) -> Iterator[R]:
        """``fn(item)`` for each item in worker processes; results in input order.

        ``fn`` must be importable by name (a module-level function). Stops early, without
        error, once ``cancelled()``. A dying worker costs only the item that kills it
        (``on_death(item)`` stands for its result). With ``inline_first`` and the pool not
        warm yet, the first item runs in this thread while the workers start, so a
        reviewer sees a report sooner (the window only: a fatal file would take it down).
        """
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
                yield emit(_run_here(fn, items[0]))
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

    @staticmethod
    def _await(futures: dict[int, Future[R]], i: int, cancelled: Callable[[], bool]) -> Any:
        fut = futures[i]
        while True:
            if cancelled():
                return _CANCELLED
            try:
                return fut.result(timeout=POLL)
            except FutureTimeout:
                continue
            except (BrokenProcessPool, CancelledError):
                # A dead worker, or another thread rebuilt the pool under this item.
                return _BROKEN

    def _alone(self, fn: Callable[[T], R], item: T, on_death: Callable[[T], R]) -> R:
        """Run one item alone in a fresh worker: the one that dies again is the culprit."""
        with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as one:
            try:
                return one.submit(fn, item).result()
            except BrokenProcessPool:
                log.error("worker died on %r", item)
                return on_death(item)

    def analyze(
        self,
        files: Sequence[tuple[str, str]],
        *,
        cancelled: Callable[[], bool] = lambda: False,
        progress: Callable[[int, int, Analysis], None] | None = None,
        inline_first: bool = False,
    ) -> Iterator[Analysis]:
        """Analyses of (path, display name) items, in input order."""
        return self.map(
            analyze_item,
            list(files),
            on_death=died_report,
            cancelled=cancelled,
            progress=progress,
            inline_first=inline_first,
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


def _no_findings(chunk: list[tuple[Report, Report]]) -> list[list[Finding]]:
    return [[] for _ in chunk]


_CANCELLED = object()
_BROKEN = object()


def _run_here(fn: Callable[[T], R], item: T) -> R:
    """Run in this (non-GUI) thread. Meanwhile the GIL changes hands every 0.5 ms, not
    every 5: the window's thread, painting, waits for it on each Python call."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(min(before, 0.0005))
    try:
        return fn(item)
    finally:
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
