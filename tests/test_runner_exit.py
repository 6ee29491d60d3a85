"""The runner never hangs its process: a worker that dies at any moment — halfway through
writing its result, while busy, while idle, while the program exits — costs at most the
file it was reading, and the program still ends.

Each case runs in a child process (the hang was at interpreter exit, which a test can only
see from outside), under a timeout that is a failure, not a measure: the child either ends
within it or has hung.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from multiprocessing.connection import Connection
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HUNG = 120  # seconds: far beyond what each case needs even on a loaded machine


def dies_mid_write(item: str) -> str:
    """Die as a worker killed while sending its result would: a message's header and a
    few of its bytes on every pipe this worker may write to, then the process ends."""
    if item != "die":
        return item.upper()
    import gc

    for obj in gc.get_objects():
        if isinstance(obj, Connection) and obj.writable and not obj.closed:
            try:
                os.write(obj.fileno(), (1 << 20).to_bytes(4, "big") + b"partial")
            except OSError:
                pass
    os._exit(137)


def _died(item: str) -> str:
    return f"died:{item}"


def _child_mid_write() -> None:
    from core.runner import Runner

    runner = Runner(jobs=2)
    out = list(runner.map(dies_mid_write, ["a", "die", "b", "c"], on_death=_died))
    print(json.dumps(out))  # the runner's pool is left to the exit (as the window's is)


def _child_mid_write_forked() -> None:
    """The same with forked workers (the command line's, where forking is safe)."""
    from core.runner import Runner, fork_if_safe

    runner = Runner(jobs=2, start_method=fork_if_safe())
    out = list(runner.map(dies_mid_write, ["a", "die", "b", "c"], on_death=_died))
    print(json.dumps(out))


def _run_child(case: str) -> subprocess.CompletedProcess[str]:
    code = f"import sys; sys.path[:0] = [{str(ROOT)!r}]; from tests.test_runner_exit import {case}; {case}()"
    # A session of its own: a hung child's workers are ended with it (killpg), not left behind.
    posix = os.name == "posix"
    proc = subprocess.Popen(
        [sys.executable, "-X", "warn_default_encoding", "-c", code],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8", cwd=ROOT,
        start_new_session=posix,
    )  # fmt: skip
    try:
        out, err = proc.communicate(timeout=HUNG)
    except subprocess.TimeoutExpired:
        if posix:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.kill()
        out, err = proc.communicate()
        pytest.fail(f"{case}: the process hung ({HUNG} s): {err[-3000:]}")
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def test_a_worker_dying_mid_write_costs_its_file_and_the_program_ends() -> None:
    proc = _run_child("_child_mid_write")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert json.loads(proc.stdout) == ["A", "died:die", "B", "C"]


def test_a_forked_worker_dying_mid_write_costs_its_file_and_the_program_ends() -> None:
    proc = _run_child("_child_mid_write_forked")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert json.loads(proc.stdout) == ["A", "died:die", "B", "C"]


def naps(item: int) -> int:
    import time

    time.sleep(0.05 * (item % 4))
    return item * 2


def _died_int(item: int) -> int:
    return -1


def _kill(pid: int) -> None:
    import signal as sig

    try:
        os.kill(pid, sig.SIGKILL if hasattr(sig, "SIGKILL") else sig.SIGTERM)
    except OSError:
        pass  # ended on its own meanwhile


def _child_kill_loop(rounds: int = 30) -> None:
    """Workers killed mid-task, at idle and just before the exit, ``rounds`` times over;
    every map still gives each item its own result or its death, in order."""
    import random
    import threading
    import time

    from core.runner import Runner

    rng = random.Random(18)
    runner = Runner(jobs=2)
    items = list(range(8))
    for r in range(rounds):
        pids = runner.worker_pids()
        if pids and r % 3 == 1:  # at idle
            _kill(rng.choice(pids))
        killer = threading.Timer(rng.uniform(0.0, 0.3), lambda: [_kill(p) for p in runner.worker_pids()[:1]])
        killer.start()  # mid-task (or between tasks)
        out = list(runner.map(naps, items, on_death=_died_int))
        killer.join()
        assert len(out) == len(items) and all(o in (i * 2, -1) for i, o in zip(items, out, strict=True)), out
    # At exit: a map left half-read, a worker killed under it, no shutdown called.
    it = runner.map(naps, items, on_death=_died_int)
    next(it)
    for pid in runner.worker_pids()[:1]:
        _kill(pid)
    time.sleep(0.1)
    print(json.dumps({"rounds": rounds, "workers": len(runner.worker_pids())}))


def test_a_worker_killed_at_idle_is_replaced_and_the_program_ends() -> None:
    proc = _run_child("_child_idle_kill")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert json.loads(proc.stdout) == [[0, 2, 4], [0, 2, 4]]


def _child_idle_kill() -> None:
    from core.runner import Runner

    runner = Runner(jobs=1)
    first = list(runner.map(naps, [0, 1, 2], on_death=_died_int))
    for pid in runner.worker_pids():
        _kill(pid)
    print(json.dumps([first, list(runner.map(naps, [0, 1, 2], on_death=_died_int))]))


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="kills workers with SIGKILL (POSIX)")
def test_workers_killed_mid_task_at_idle_and_at_exit_many_times() -> None:
    proc = _run_child("_child_kill_loop")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert json.loads(proc.stdout)["rounds"] == 30


def test_a_stop_signal_waits_for_a_worker_start_then_stops() -> None:
    """SIGTERM's KeyboardInterrupt raised between a child's spawn and the write of its start-up
    data left the child reading a closed pipe (a traceback on stderr in
    test_sigterm_ends_check_and_its_workers, once in a few loaded runs): the stop is held
    while a start is under way and delivered when it is done."""
    import signal

    from core import runner

    old = signal.signal(signal.SIGTERM, runner.stop_handler)
    reached_the_end_of_the_start = False
    try:
        with pytest.raises(KeyboardInterrupt):
            with runner._starting_worker():
                runner.stop_handler(signal.SIGTERM, None)  # arrives mid-start: held
                reached_the_end_of_the_start = True
        assert reached_the_end_of_the_start
        with pytest.raises(KeyboardInterrupt):  # with no start under way: at once
            runner.stop_handler(signal.SIGTERM, None)
    finally:
        signal.signal(signal.SIGTERM, old)
