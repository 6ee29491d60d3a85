"""Crash-test harness for core.annotations.

Run as a script it is the *child*: it opens the store and saves annotations in a loop,
printing ``<target>\t<seq>`` on stdout only after ``save()`` has returned, i.e. only for
what the store has acknowledged as durable. ``kill_trial`` is the *parent*: it starts one
or two such children, SIGKILLs them at random moments and checks the db afterwards.
Used by tests/test_annotations_crash.py and scripts/bench_annotations.py.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from core.annotations import STATUSES, Annotation, AnnotationStore  # noqa: E402


def child_main(db: str, sha: str, seed: int) -> None:
    rng = random.Random(seed)
    store = AnnotationStore(Path(db))
    print("ready", flush=True)
    seq = 0
    saved: list[str] = []
    while True:
        seq += 1
        # One save in three rewrites an earlier note: an update must not lose to a crash either.
        if saved and rng.random() < 0.33:
            target = rng.choice(saved)
        else:
            target = f"cell:applications:{sha}:{seq}"
            saved.append(target)
        store.save(Annotation(sha256=sha, target=target, status=STATUSES[seq % 4],
                              comment=f"第{seq}次 批注 ={seq}", reviewer="审阅人", file_name="年报.pdf"))
        print(f"{target}\t{seq}", flush=True)


@dataclass
class TrialResult:
    acked: int = 0  # acknowledged saves checked
    early_kills: int = 0  # children killed before they had opened the store
    failures: list[str] = field(default_factory=list)


class _Child:
    """A writer process: a fresh interpreter (``exec``) or a fork of this one (``fork``).

    Forking skips the ~0.1 s interpreter start-up, so the test suite can afford hundreds
    of trials; the store is still opened anew in the child and the child is a separate
    process that dies by SIGKILL. ``exec`` also covers kills during start-up and import.
    """

    def __init__(self, db: Path, sha: str, seed: int, naive: bool, mode: str) -> None:
        self.err = ""
        if mode == "fork":
            r, w = os.pipe()
            pid = os.fork()
            if pid == 0:  # the child: never return into the caller's code
                try:
                    os.close(r)
                    os.dup2(w, 1)
                    os.close(w)
                    sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
                    if naive:
                        _break_atomicity()
                    child_main(str(db), sha, seed)
                except BaseException:  # noqa: BLE001 - report and leave without running pytest's code
                    import traceback

                    traceback.print_exc()
                finally:
                    os._exit(3)
            os.close(w)
            self.pid = pid
            self.stdout = os.fdopen(r, encoding="utf-8")
            self._popen: subprocess.Popen[str] | None = None
        else:
            args = [sys.executable, __file__, str(db), sha, str(seed)] + (["naive"] if naive else [])
            self._popen = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                           text=True, encoding="utf-8")
            self.pid = self._popen.pid
            assert self._popen.stdout is not None
            self.stdout = self._popen.stdout

    def kill_and_collect(self) -> tuple[int, str]:
        """SIGKILL, reap, and return (exit status, everything it printed)."""
        os.kill(self.pid, signal.SIGKILL)
        if self._popen is not None:
            self._popen.wait()
            status = self._popen.returncode
            assert self._popen.stderr is not None
            self.err = self._popen.stderr.read()
            self._popen.stderr.close()
        else:
            _, raw = os.waitpid(self.pid, 0)
            status = -os.WTERMSIG(raw) if os.WIFSIGNALED(raw) else os.WEXITSTATUS(raw)
        out = self.stdout.read()
        self.stdout.close()
        return status, out


def kill_trial(db: Path, trial: int, rng: random.Random, naive: bool = False, mode: str = "exec") -> TrialResult:
    """One trial: 1–2 writers on ``db``, each SIGKILLed at a random moment; then verify.

    ``naive`` makes the children write in place, non-atomically: the harness must catch that.
    ``mode`` is "exec" (fresh interpreter) or "fork" (see _Child); "fork" falls back to
    "exec" when this process runs other threads, where forking is unsafe.
    """
    if mode == "fork" and threading.active_count() > 1:
        mode = "exec"
    res = TrialResult()
    n_children = 1 if rng.random() < 0.6 else 2
    procs: list[tuple[str, _Child]] = []
    for c in range(n_children):
        sha = f"{trial:05d}{c}".ljust(64, "0")
        procs.append((sha, _Child(db, sha, rng.randrange(1 << 30), naive, mode)))
    acked: dict[tuple[str, str], int] = {}
    early_window = 0.12 if mode == "exec" else 0.004
    for sha, p in procs:
        started = False
        if rng.random() < 0.15:
            time.sleep(rng.uniform(0.0, early_window))  # likely during start-up or opening the store
        else:
            line = p.stdout.readline()
            if line != "ready\n":
                res.failures.append(f"trial {trial}: child did not start: {line!r}")
            started = True
            time.sleep(rng.uniform(0.0, 0.04))
        status, out = p.kill_and_collect()
        if status != -signal.SIGKILL:
            res.failures.append(f"trial {trial}: child exited {status} before the kill: {p.err[-2000:]}")
        lines = out.split("\n")[:-1]  # the last piece is '' or an unterminated (unacknowledged) line
        if not started and "ready" not in lines:
            res.early_kills += 1
        for ln in lines:
            if ln == "ready":
                continue
            target, seq = ln.split("\t")
            acked[(sha, target)] = int(seq)
    store = AnnotationStore(db)
    if store.recovery_message:
        res.failures.append(f"trial {trial}: db needed recovery: {store.recovery_message}")
    stored = {(a.sha256, a.target): a for a in store.all()}
    store.close()
    for key, seq in acked.items():
        ann = stored.get(key)
        if ann is None:
            res.failures.append(f"trial {trial}: acknowledged {key} missing")
            continue
        got = int(ann.comment.split("次")[0].removeprefix("第"))
        if got < seq:  # a later, unacknowledged save may have landed; an older one must not
            res.failures.append(f"trial {trial}: {key} holds seq {got}, acknowledged {seq}")
    res.acked = len(acked)
    return res


def run_trials(n: int, workdir: Path, seed: int = 0, per_db: int = 25, mode: str = "exec") -> TrialResult:
    """``n`` kill trials; a fresh db every ``per_db`` trials keeps the file size realistic."""
    rng = random.Random(seed)
    total = TrialResult()
    for t in range(n):
        folder = workdir / f"db{t // per_db:04d}"
        folder.mkdir(parents=True, exist_ok=True)
        r = kill_trial(folder / "annotations.json", t, rng, mode=mode)
        total.acked += r.acked
        total.early_kills += r.early_kills
        total.failures.extend(r.failures)
    return total


def _break_atomicity() -> None:
    """Replace the journal by rewriting the whole db in place, with a pause in the middle."""
    import json

    import core.journal_storage as journal_storage

    def in_place(self: journal_storage.JournalStorage, ops: list) -> None:
        self._apply_ops(ops)
        payload = json.dumps(self._data, ensure_ascii=False).encode("utf-8")
        with open(self.path, "wb") as fh:
            fh.write(payload[: len(payload) // 2])
            fh.flush()
            time.sleep(0.001)
            fh.write(payload[len(payload) // 2 :])

    journal_storage.JournalStorage.apply = in_place  # type: ignore[method-assign]


if __name__ == "__main__":
    if sys.argv[4:] == ["naive"]:
        _break_atomicity()
    child_main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
