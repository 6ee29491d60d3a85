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
