"""Analysing many files without starving the window: the engine runs in worker processes.

``analyze`` is pure Python; in a thread it would hold the GIL for most of each file and
the GUI thread, which needs the GIL for every model ``data()`` call while painting,
would stall for hundreds of milliseconds. Worker processes have their own interpreter.
This module imports no Qt, so spawned workers start light.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path

from core.model import Finding, Report
from core.pipeline import Analysis, analyze

log = logging.getLogger(__name__)

POOL_THRESHOLD = 4  # fewer files are quicker in the calling thread than a pool's start-up


def analyze_safely(path: Path) -> Analysis:
    """``analyze`` never raises for a bad file; an engine bug must not stop a folder either."""
    try:
        return analyze(path)
    except Exception as exc:  # noqa: BLE001 - shown on that report's row, the rest goes on
        log.exception("analyze failed: %s", path)
        return Analysis(
            None, Report(file=str(path), sha256="", error=f"内部错误：{type(exc).__name__}: {exc}")
        )


def analyze_many(files: list[Path], cancelled: Callable[[], bool]) -> Iterator[tuple[Path, Analysis]]:
    """Yield (file, analysis) in order; stops early (without error) once ``cancelled()``."""
    rest = files
    if len(rest) < POOL_THRESHOLD:
        for f in rest:
            if cancelled():
                return
            yield f, analyze_safely(f)
        return
    # One core stays free for the window: busy workers on every core starve the GUI thread.
    workers = max(1, min(len(rest), (os.cpu_count() or 2) - 1))
    # spawn, not fork: the parent has Qt threads, and forking those can deadlock.
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        futures: list[Future[Analysis]] = [pool.submit(analyze_safely, f) for f in rest]
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
                    result = fut.result(timeout=0.1)
                    break
                except FutureTimeout:
                    continue
                except Exception as exc:  # noqa: BLE001 - a dead worker fails one file, not the folder
                    result = Analysis(None, Report(file=str(f), sha256="", error=f"内部错误：{exc}"))
                    break
            yield f, result
    finally:
        for fut in futures:
            fut.cancel()


def _cross_year_pair(pair: tuple[Report, Report]) -> list[Finding]:
    from core.crossyear import CROSS_YEAR_RULES

    cur, prev = pair
    return [f for rule in CROSS_YEAR_RULES for f in rule(cur, prev)]


def cross_year_many(pairs: list[tuple[Report, Report]], cancelled: Callable[[], bool]) -> list[list[Finding]]:
    """The engine's cross-year findings for each (this year, last year) pair, in order.

    Off the GUI process for the same reason as ``analyze_many`` (difflib is slow Python).
    """
    if len(pairs) < POOL_THRESHOLD:
        out = []
        for pair in pairs:
            if cancelled():
                break
            out.append(_cross_year_pair(pair))
        return out
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=max(1, min(len(pairs), (os.cpu_count() or 2) - 1)), mp_context=ctx
    ) as pool:
        futures = [pool.submit(_cross_year_pair, p) for p in pairs]
        results: list[list[Finding]] = []
        for fut in futures:
            while True:
                if cancelled():
                    for f in futures:
                        f.cancel()
                    return results
                try:
                    results.append(fut.result(timeout=0.1))
                    break
                except FutureTimeout:
                    continue
        return results
