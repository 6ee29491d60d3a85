"""The annotation store under SIGKILL: the db always loads and no acknowledged note is lost.

Each trial starts one or two writer processes (tests/helpers/annot_writer.py) that save in
a loop and print an id only after ``save()`` returned; the test kills them at random
moments (some while opening the store, most mid-save) and reopens the db. 240 trials
here (200 forked writers, 40 fresh interpreters); 1,000: scripts/bench_annotations.py.
"""

from __future__ import annotations

import importlib.util
import os
import random
import sys
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.name != "posix", reason="SIGKILL semantics are POSIX-only"),
]

_HELPER = Path(__file__).parent / "helpers" / "annot_writer.py"


def _harness():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("annot_writer", _HELPER)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("annot_writer", mod)
    spec.loader.exec_module(mod)
    return mod


def test_sigkill_forked_writers(tmp_path: Path) -> None:
    """200 trials with forked writers (no interpreter start-up per trial, so many fit)."""
    w = _harness()
    result = w.run_trials(200, tmp_path, seed=11, mode="fork")
    assert not result.failures, "\n".join(result.failures[:20])
    # The trials must really have exercised saves, not only killed children at start-up.
    assert result.acked > 1000
    assert result.early_kills < 100


def test_sigkill_fresh_interpreter_writers(tmp_path: Path) -> None:
    """Fewer trials with real ``python annot_writer.py`` children: kills during start-up too."""
    w = _harness()
    result = w.run_trials(40, tmp_path, seed=22, mode="exec")
    assert not result.failures, "\n".join(result.failures[:20])
    assert result.acked > 100


def test_harness_catches_a_non_atomic_writer(tmp_path: Path) -> None:
    """The kill test is only worth something if it fails for an in-place writer."""
    w = _harness()
    rng = random.Random(5)
    broken = sum(
        bool(w.kill_trial(tmp_path / "annotations.json", t, rng, naive=True, mode="fork").failures)
        for t in range(15)
    )
    assert broken > 0
