"""The batch view's charts drawn in a process of their own, returned as RGBA pixels.

Why a process: matplotlib's text layout, glyph loading and Agg rasterising are C calls that
keep the GIL for tens of milliseconds each, so a chart drawn in a worker THREAD stalls the
window's event loop for as long (measured 61–280 ms on opening a 1,000-unit batch). In a
process the window's interpreter only waits on a pipe. The drawing is core.batchdocs.charts
itself (``standard_charts`` then ``Chart.rgba``): the same pixels as the exports' charts.

One worker, started lazily (``spawn``: the window has Qt threads, forking them can deadlock)
and kept warm, so matplotlib and the CJK font are loaded once per program. Not the engine's
pool (core.runner): that one may be busy reading a folder, and the charts must not queue
behind it. A worker that dies is replaced once; if drawing there fails again, the charts are
drawn in the caller's thread (slower for the window, never missing). Ended at exit.

Pure Python, no Qt.
"""

from __future__ import annotations

import atexit
import dataclasses
import logging
import multiprocessing
import threading
import time
from collections.abc import Callable
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool

from core.batchdocs.model import BatchDoc, FindingRow

log = logging.getLogger(__name__)

Pixels = tuple[str, str, bytes, int, int]  # (chart id, title, RGBA rows, width, height)
POLL = 0.05  # seconds between looks at ``cancelled`` while the charts are drawn

_pool: ProcessPoolExecutor | None = None
_lock = threading.Lock()


def draw_here(doc: BatchDoc, figure: tuple[str, str] | None, dpi: float) -> list[Pixels]:
    """The charts of ``doc`` (and ``figure`` when chosen) at ``dpi``, in this process."""
    from core.batchdocs.charts import standard_charts

    out = []
    for c in standard_charts(doc, figure):
        c.figure.set_dpi(dpi)
        pixels, w, h = c.rgba()
        out.append((c.id, c.title, pixels, w, h))
    return out


def slim(doc: BatchDoc) -> BatchDoc:
    """What the charts read, without what they do not (report objects, deductions): less to
    pickle, and pickling is one C call that keeps the GIL in the sending process."""
    units = [dataclasses.replace(u, deductions=[], files=[], sha256s=[]) for u in doc.units]
    # The charts count findings by rule name only: one row per rule, repeated (pickle sends
    # a repeated object once).
    proto: dict[str, FindingRow] = {}
    findings = [proto.get(f.rule_name) or proto.setdefault(f.rule_name, dataclasses.replace(
        f, unit="", file="", finding_id="", message="", place="", note="", corrected="")) for f in doc.findings]
    return dataclasses.replace(doc, units=units, findings=findings, reports={}, messages=[])


def _executor(fresh: bool = False) -> ProcessPoolExecutor:
    global _pool
    with _lock:
        if _pool is not None and (fresh or getattr(_pool, "_broken", False)):
            _pool.shutdown(wait=False, cancel_futures=True)
            _pool = None
        if _pool is None:
            _pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
        return _pool


def _load() -> bool:
    from core.batchdocs.charts import font_family

    font_family()  # imports matplotlib and registers the CJK font: most of a first chart's time
    return True


def warm() -> None:
    """Start the chart process and load matplotlib in it, not waiting for it (the view calls
    this when first shown, so the first charts do not pay for it)."""
    try:
        _executor().submit(_load)
    except (BrokenProcessPool, RuntimeError, OSError) as exc:
        log.warning("chart process not started (%s)", exc)


def worker_pids() -> list[int]:
    procs = getattr(_pool, "_processes", None) or {}
    return [p.pid for p in list(procs.values()) if p.pid is not None]


def _wait(future: Future[list[Pixels]], cancelled: Callable[[], bool]) -> list[Pixels] | None:
    while True:
        if cancelled():
            future.cancel()
            return None
        try:
            return future.result(timeout=POLL)
        except FutureTimeout:
            continue


def submit(doc: BatchDoc, figure: tuple[str, str] | None, dpi: float) -> Callable[[Callable[[], bool]], list[Pixels] | None]:
    """Start drawing the charts in the chart process; returns the wait for them (given a
    ``cancelled`` callable; None once it is true). The wait blocks its thread, not the GIL;
    call both off the GUI thread."""
    job = slim(doc)
    try:
        future: Future[list[Pixels]] | None = _executor().submit(draw_here, job, figure, dpi)
    except (BrokenProcessPool, RuntimeError, OSError) as exc:
        log.warning("chart process not started (%s)", exc)
        future = None

    def wait(cancelled: Callable[[], bool] = lambda: False) -> list[Pixels] | None:
        for attempt in (0, 1):
            try:
                if future is not None and attempt == 0:
                    return _wait(future, cancelled)
                return _wait(_executor(fresh=True).submit(draw_here, job, figure, dpi), cancelled)
            except (BrokenProcessPool, CancelledError, RuntimeError, OSError) as exc:
                log.warning("chart process failed (%s); %s", exc, "restarting it" if not attempt else "drawing here")
                time.sleep(0.1 * attempt)
        return draw_here(doc, figure, dpi)

    return wait


def draw(doc: BatchDoc, figure: tuple[str, str] | None, dpi: float,
         cancelled: Callable[[], bool] = lambda: False) -> list[Pixels] | None:
    """The charts drawn in the chart process; None when ``cancelled()`` became true first."""
    return submit(doc, figure, dpi)(cancelled)


def shutdown() -> None:
    """End the chart process (at exit; the window's SIGTERM handler too)."""
    global _pool
    with _lock:
        pool, _pool = _pool, None
    if pool is None:
        return
    procs = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for p in procs:
        if p.is_alive():
            p.terminate()
        p.join(timeout=2)


atexit.register(shutdown)
