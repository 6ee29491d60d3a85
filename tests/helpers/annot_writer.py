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


def kill_trial(db: Path, trial: int, rng: random.Random, naive: bool = False) -> TrialResult:
    """One trial: 1–2 writers on ``db``, each SIGKILLed at a random moment; then verify.

    ``naive`` makes the children write in place, non-atomically: the harness must catch that.
    """
    res = TrialResult()
    n_children = 1 if rng.random() < 0.6 else 2
    procs: list[tuple[str, subprocess.Popen[str]]] = []
    for c in range(n_children):
        sha = f"{trial:05d}{c}".ljust(64, "0")
        p = subprocess.Popen(
            [sys.executable, __file__, str(db), sha, str(rng.randrange(1 << 30))] + (["naive"] if naive else []),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
        )
        procs.append((sha, p))
    acked: dict[tuple[str, str], int] = {}
    for sha, p in procs:
        assert p.stdout is not None and p.stderr is not None
        started = False
        if rng.random() < 0.15:
            time.sleep(rng.uniform(0.0, 0.12))  # likely during start-up or opening the store
        else:
            line = p.stdout.readline()
            if line != "ready\n":
                res.failures.append(f"trial {trial}: child did not start: {line!r} {p.stderr.read()}")
            started = True
            time.sleep(rng.uniform(0.0, 0.04))
        os.kill(p.pid, signal.SIGKILL)
        p.wait()
        out = p.stdout.read()
        err = p.stderr.read()
        p.stdout.close()
        p.stderr.close()
        if p.returncode != -signal.SIGKILL:
            res.failures.append(f"trial {trial}: child exited {p.returncode} before the kill: {err[-2000:]}")
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


def run_trials(n: int, workdir: Path, seed: int = 0, per_db: int = 25) -> TrialResult:
    """``n`` kill trials; a fresh db every ``per_db`` trials keeps the file size realistic."""
    rng = random.Random(seed)
    total = TrialResult()
    for t in range(n):
        folder = workdir / f"db{t // per_db:04d}"
        folder.mkdir(parents=True, exist_ok=True)
        r = kill_trial(folder / "annotations.json", t, rng)
        total.acked += r.acked
        total.early_kills += r.early_kills
        total.failures.extend(r.failures)
    return total


def _break_atomicity() -> None:
    """Replace the atomic commit by an in-place write with a pause in the middle."""
    import core.annotations as annotations

    def in_place(self: annotations.AtomicJSONStorage, payload: bytes, keep_backup: bool) -> None:
        with open(self.path, "wb") as fh:
            fh.write(payload[: len(payload) // 2])
            fh.flush()
            time.sleep(0.001)
            fh.write(payload[len(payload) // 2 :])

    annotations.AtomicJSONStorage._atomic_write = in_place  # type: ignore[method-assign]


if __name__ == "__main__":
    if sys.argv[4:] == ["naive"]:
        _break_atomicity()
    child_main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
