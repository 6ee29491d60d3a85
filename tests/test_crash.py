"""The crash handler (core/crash.py, Qt-free) and the program log (core/logsetup.py)."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from core import crash, logsetup

ROOT = Path(__file__).resolve().parents[1]

CRASH = """
import sys
sys.path.insert(0, {root!r})
from core import crash
crash.install(headless={headless})
crash.set_dialog(lambda text, path: print("DIALOG", file=sys.stderr) or True)
{setup}
def deep():
    raise RuntimeError("boom-секрет")
deep()
"""


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "REVIEWDESK_NO_CRASH_DIALOG"}
    env.update(REVIEWDESK_HOME=str(home), PYTHONIOENCODING="utf-8", **extra)
    return env


def _run(home: Path, headless: bool, setup: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    code = CRASH.format(root=str(ROOT), headless=headless, setup=setup)
    return subprocess.run([sys.executable, "-c", code], env=_env(home, **env), capture_output=True,
                          text=True, encoding="utf-8", timeout=60, check=False)


@pytest.fixture
def clean_logging() -> Iterator[None]:
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    yield
    for h in [h for h in root.handlers if h not in before]:
        root.removeHandler(h)
        h.close()
    root.setLevel(level)


def test_headless_prints_one_line_and_logs(tmp_path: Path) -> None:
    res = _run(tmp_path, headless=True)
    assert res.returncode == 1
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and "内部错误" in lines[0] and "Traceback" not in res.stderr, res.stderr
    logs = list((tmp_path / "logs").glob("crash-*.log"))
    assert len(logs) == 1 and str(logs[0]) in lines[0]
    text = logs[0].read_text(encoding="utf-8")
    assert "Traceback" in text and "boom-секрет" in text and "in deep" in text


def test_the_window_shows_the_registered_dialog(tmp_path: Path) -> None:
    res = _run(tmp_path, headless=False)
    assert res.stderr.strip() == "DIALOG", res.stderr


def test_env_turns_the_dialog_off(tmp_path: Path) -> None:
    res = _run(tmp_path, headless=False, REVIEWDESK_NO_CRASH_DIALOG="1")
    assert res.returncode == 1 and "DIALOG" not in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1, res.stderr


def test_crash_goes_to_the_program_log_too(tmp_path: Path) -> None:
    res = _run(tmp_path, headless=True, setup="from core.logsetup import setup_logging; setup_logging()")
    assert len(res.stderr.strip().splitlines()) == 1, res.stderr  # still no traceback on stderr
    text = (tmp_path / "logs" / logsetup.LOG_NAME).read_text(encoding="utf-8")
    assert "CRITICAL" in text and "uncaught RuntimeError" in text and "boom-секрет" in text
    crash_log = next((tmp_path / "logs").glob("crash-*.log")).read_text(encoding="utf-8")
    assert f"log: {tmp_path / 'logs' / logsetup.LOG_NAME}" in crash_log


def test_handler_does_not_recurse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("REVIEWDESK_HOME", str(tmp_path))
    monkeypatch.setitem(crash._state, "headless", False)
    monkeypatch.delenv("REVIEWDESK_NO_CRASH_DIALOG", raising=False)
    calls: list[int] = []

    def failing_dialog(text: str, path: Path | None) -> bool:
        calls.append(1)
        try:
            raise ValueError("dialog broke")
        except ValueError:
            crash.handle(*sys.exc_info())  # type: ignore[arg-type]
        return False

    monkeypatch.setattr(crash, "_dialog", [failing_dialog])
    try:
        raise RuntimeError("first")
    except RuntimeError:
        crash.handle(*sys.exc_info())  # type: ignore[arg-type]
    assert calls == [1]
    text = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "logs").glob("*.log"))
    assert "first" in text and "dialog broke" in text and "while handling an earlier crash" in text
    assert "内部错误" in capsys.readouterr().err


def test_crash_module_is_qt_free() -> None:
    code = ("import sys; import core.crash, core.logsetup, core.cli, core.sheet, core.export; "
            "print(any(m.startswith(('PySide6', 'gui')) for m in sys.modules))")
    res = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         encoding="utf-8", timeout=60, check=True)
    assert res.stdout.strip() == "False"


def test_module_loggers_reach_the_log_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clean_logging: None) -> None:
    monkeypatch.setenv("REVIEWDESK_HOME", str(tmp_path))
    monkeypatch.delenv("REVIEWDESK_LOG_LEVEL", raising=False)
    path = logsetup.setup_logging()
    assert path == tmp_path / "logs" / logsetup.LOG_NAME == logsetup.log_file()
    logsetup.setup_logging()  # twice: still one file handler, every line once
    logging.getLogger("core.pipeline").info("eins")
    logging.getLogger("core.pipeline").debug("not at INFO")
    try:
        raise OSError("zwei")
    except OSError:
        logging.getLogger("gui.main_window").exception("failed")
    text = path.read_text(encoding="utf-8")
    assert text.count("eins") == 1 and "core.pipeline" in text and "not at INFO" not in text
    assert "ERROR" in text and "gui.main_window" in text and "OSError: zwei" in text


def test_log_rotates_and_level_comes_from_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              clean_logging: None) -> None:
    monkeypatch.setenv("REVIEWDESK_HOME", str(tmp_path))
    monkeypatch.setenv("REVIEWDESK_LOG_LEVEL", "debug")
    monkeypatch.setattr(logsetup, "MAX_BYTES", 2000)
    path = logsetup.setup_logging()
    for i in range(100):
        logging.getLogger("core.x").debug("line %d %s", i, "x" * 40)
    rotated = sorted(p.name for p in path.parent.glob(logsetup.LOG_NAME + "*"))
    assert rotated == [logsetup.LOG_NAME, *(f"{logsetup.LOG_NAME}.{i}" for i in range(1, logsetup.BACKUPS + 1))]
    assert "line 99" in path.read_text(encoding="utf-8")
