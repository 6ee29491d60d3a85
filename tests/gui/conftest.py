"""GUI tests: offscreen Qt, a throwaway home for settings and annotations, fonts loaded."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Before any Qt import: no display needed, and never the real home.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("REVIEWDESK_LANG", "zh_CN")


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("REVIEWDESK_HOME", str(home))
    return home


@pytest.fixture(scope="session", autouse=True)
def _app_setup(qapp):  # type: ignore[no-untyped-def]
    from gui.app import setup_application

    setup_application(qapp)
    return qapp


@pytest.fixture
def window(qtbot):  # type: ignore[no-untyped-def]
    from gui.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.ctl.is_loaded, timeout=5000)
    yield w
    w.close()


ROOT = Path(__file__).resolve().parents[2]


def corpus_file(rel: str) -> Path:
    """A corpus file: the repo's own copy (tests/corpus) once it is there, else the shared
    one beside the checkout. Fails loudly when neither has it."""
    for base in (ROOT / "tests" / "corpus", ROOT.parent / "shared" / "corpus"):
        if (base / rel).is_file():
            return base / rel
    raise FileNotFoundError(f"corpus file missing: {rel}")


def wait_loaded(qtbot, w, count: int, timeout: int = 30000) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: w.queue_model.rowCount() >= count and not w.tasks, timeout=timeout)
