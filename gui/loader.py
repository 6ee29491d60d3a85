"""Analysing many files without starving the window: the engine runs in worker processes.

``analyze`` is pure Python; in a thread it would hold the GIL for most of each file and
the GUI thread, which needs the GIL for every model ``data()`` call while painting,
would stall for hundreds of milliseconds. Worker processes have their own interpreter.
This module imports no Qt, so spawned workers start light.

The worker pool is one per program and lives as long as it does: spawning a worker and
importing the engine in it takes a few hundred milliseconds, paid once (``warm_up``,
called off the GUI thread right after the window shows) instead of per folder.

What a worker sends back is compact: the report and the document's text, not the
reader's tokens and per-character boxes (the bulk of a PDF's result), which the window
never uses; everything sent is unpickled in this process, holding the GIL.
"""

from __future__ import annotations

import atexit
import dataclasses
import logging
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path

from core.model import Finding, Report
from core.pipeline import Analysis, analyze

log = logging.getLogger(__name__)

POOL_THRESHOLD = 4  # fewer files are quicker in the calling thread than a cold pool's start-up

_pool: ProcessPoolExecutor | None = None
_pool_lock = threading.Lock()
_pool_warm = threading.Event()  # the workers are up and have the engine loaded


def worker_count() -> int:
    # One core stays free for the window: busy workers on every core starve the GUI thread.
    return max(1, (os.cpu_count() or 2) - 1)


def pool() -> ProcessPoolExecutor:
    """The program's worker pool, created on first use (from any thread)."""
    global _pool
    with _pool_lock:
        if _pool is not None and getattr(_pool, "_broken", False):
            log.error("worker pool broken (%s); starting a new one", _pool._broken)
            _pool.shutdown(wait=False, cancel_futures=True)
            _pool = None
            _pool_warm.clear()
        if _pool is None:
            # spawn, not fork: the parent has Qt threads, and forking those can deadlock.
            _pool = ProcessPoolExecutor(
                max_workers=worker_count(), mp_context=multiprocessing.get_context("spawn")
            )
        return _pool


def pool_started() -> bool:
    return _pool is not None


def shutdown_pool() -> None:
    global _pool
    with _pool_lock:
        p, _pool = _pool, None
        _pool_warm.clear()
    if p is not None:
        p.shutdown(wait=False, cancel_futures=True)


atexit.register(shutdown_pool)


def _warm() -> int:
    # Import the engine (and its format tables) in the worker before the first file comes.
    from core import review  # noqa: F401
    from core.crossyear import CROSS_YEAR_RULES  # noqa: F401
    from core.formats import load_formats

    load_formats()
    return os.getpid()


def warm_up() -> None:
    """Start the worker processes and load the engine in them; load the format tables here
    too (the window's table models read them). Blocks: call off the GUI thread."""
    futures = [pool().submit(_warm) for _ in range(worker_count())]
    from core.formats import load_formats

    load_formats()
    for fut in futures:
        fut.result()
    _pool_warm.set()


def compact(analysis: Analysis) -> Analysis:
    """The analysis without what the window never reads (reader tokens, character boxes)."""
    doc = analysis.document
    if doc is None or (doc.tokens is None and doc.char_boxes is None):
        return analysis
    return Analysis(dataclasses.replace(doc, tokens=None, char_boxes=None), analysis.report)


def analyze_safely(path: Path) -> Analysis:
    """``analyze`` never raises for a bad file; an engine bug must not stop a folder either."""
    try:
        return compact(analyze(path))
    except Exception as exc:  # noqa: BLE001 - shown on that report's row, the rest goes on
        log.exception("analyze failed: %s", path)
        return Analysis(
            None, Report(file=str(path), sha256="", error=f"内部错误：{type(exc).__name__}: {exc}")
        )


def _analyze_here(path: Path) -> Analysis:
    """Analyse in this (non-GUI) thread. Meanwhile the GIL changes hands every 0.5 ms, not
    every 5: each Python call the GUI thread makes while painting (a model's ``data``) waits
    for it, and a first paint makes hundreds of them."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(min(before, 0.0005))
    try:
        return analyze_safely(path)
    finally:
        sys.setswitchinterval(before)


def analyze_many(files: list[Path], cancelled: Callable[[], bool]) -> Iterator[tuple[Path, Analysis]]:
    """Yield (file, analysis) in order; stops early (without error) once ``cancelled()``."""
    rest = files
    if len(rest) < POOL_THRESHOLD and not pool_started():
        for f in rest:
            if cancelled():
                return
            yield f, analyze_safely(f)
        return
    first: list[tuple[Path, Analysis]] = []
    if not _pool_warm.is_set():
        # Workers still starting (a spawn and the engine's imports: some 0.3-0.5 s): the
        # first file is read here meanwhile, so the reviewer sees a report sooner. One
        # file only: this thread holds the GIL while it works, which the window shares.
        head, rest = rest[0], rest[1:]
        futures: list[Future[Analysis]] = [pool().submit(analyze_safely, f) for f in rest]
        if cancelled():
            for fut in futures:
                fut.cancel()
            return
        first.append((head, _analyze_here(head)))
    else:
        futures = [pool().submit(analyze_safely, f) for f in rest]
    yield from first
    yield from _in_order(rest, futures, cancelled)


def _in_order(
    rest: list[Path], futures: list[Future[Analysis]], cancelled: Callable[[], bool]
) -> Iterator[tuple[Path, Analysis]]:
    try:
        for f, fut in zip(rest, futures, strict=True):
            while True:
                if cancelled():
                    return
                try:
                    result = fut.result(timeout=0.05)
                    break
                except FutureTimeout:
                    continue
                except Exception as exc:  # noqa: BLE001 - a dead worker fails one file, not the folder
                    result = Analysis(None, Report(file=str(f), sha256="", error=f"内部错误：{exc}"))
                    break
            yield f, result
    finally:
        for fut in futures:
            fut.cancel()  # those not started yet; a running one finishes its file and is dropped


def _cross_year_pair(pair: tuple[Report, Report]) -> list[Finding]:
    from core.crossyear import cross_year_findings

    return cross_year_findings(*pair)


def _cross_year_chunk(pairs: list[tuple[Report, Report]]) -> list[list[Finding]]:
    return [_cross_year_pair(p) for p in pairs]


def cross_year_many(
    pairs: list[tuple[Report, Report]], cancelled: Callable[[], bool], chunk: int = 8
) -> list[list[Finding]]:
    """The engine's cross-year findings for each (this year, last year) pair, in order.

    Off the GUI process for the same reason as ``analyze_many`` (difflib is slow Python);
    pairs go in chunks, so a folder's worth is a few round trips. Cancelled: the findings
    of the pairs done so far (a prefix of ``pairs``).
    """
    if len(pairs) < POOL_THRESHOLD and not pool_started():
        out = []
        for pair in pairs:
            if cancelled():
                break
            out.append(_cross_year_pair(pair))
        return out
    futures = [pool().submit(_cross_year_chunk, pairs[i : i + chunk]) for i in range(0, len(pairs), chunk)]
    results: list[list[Finding]] = []
    try:
        for fut in futures:
            while True:
                if cancelled():
                    return results
                try:
                    results.extend(fut.result(timeout=0.05))
                    break
                except FutureTimeout:
                    continue
    finally:
        for fut in futures:
            fut.cancel()
    return results
