"""main.py's dispatch: known subcommands run headless, paths open the window, and
anything else is a usage error (exit 2) that never opens a window — with no display a
window would hang, so these run with DISPLAY and QT_QPA_PLATFORM removed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run_headless(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=60)


@pytest.mark.parametrize("args", [["frobnicate"], ["correct-me", "x"], ["--frobnicate"], ["no-such-report.pdf"]])
def test_unknown_word_is_a_usage_error(args: list[str]) -> None:
    proc = _run_headless(*args)
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""
    assert args[0] in proc.stderr
    assert "用法" in proc.stderr and "main.py check" in proc.stderr


def test_an_existing_file_among_a_missing_one_is_still_refused(tmp_path: Path) -> None:
    real = tmp_path / "report.txt"
    real.write_text("报告", encoding="utf-8")
    proc = _run_headless(str(real), str(tmp_path / "gone.txt"))
    assert proc.returncode == 2
    assert "gone.txt" in proc.stderr


def test_help_lists_every_command() -> None:
    import main

    proc = _run_headless("--help")
    assert proc.returncode == 0
    for word in main.COMMANDS:
        assert f"main.py {word}" in proc.stdout


def test_known_command_still_runs() -> None:
    proc = _run_headless("check", "--help")
    assert proc.returncode == 0
    assert "--json" in proc.stdout
