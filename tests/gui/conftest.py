"""GUI tests: the application set up once (fonts, translations), a window fixture.
Offscreen Qt and a user-data folder per test come from tests/conftest.py."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.corpus import corpus_path

# Before any Qt import: the window's language does not depend on the machine's locale.
os.environ.setdefault("REVIEWDESK_LANG", "zh_CN")


@pytest.fixture(scope="session", autouse=True)
def _app_setup(qapp):  # type: ignore[no-untyped-def]
    from gui.app import setup_application

    setup_application(qapp)
    return qapp


def new_window(qtbot, store_path: Path | None = None, show: bool = True,  # type: ignore[no-untyped-def]
               reviewer: str | None = "测试审阅"):
    """A main window (on the default store, or ``store_path``), shown, its store loaded.
    ``reviewer``: the name given at the session's first mark (None: not yet asked)."""
    from gui.main_window import MainWindow

    w = MainWindow(store_path) if store_path is not None else MainWindow()
    # The offscreen platform's one screen is 800×600, and the window's first size fits the screen
    # (gui.main_window.default_size): the tests use the size a desktop gives it; the ones about
    # a small screen (1280×720) resize it themselves.
    w.resize(1500, 920)
    if reviewer is not None:
        w.reviewer.use(reviewer)
    qtbot.addWidget(w)
    if show:
        w.show()
    qtbot.waitUntil(lambda: w.ctl.is_loaded, timeout=5000)
    return w


@pytest.fixture
def window(qtbot):  # type: ignore[no-untyped-def]
    w = new_window(qtbot)
    yield w
    w.close()


def corpus_file(rel: str) -> Path:
    """A file of the repo's own corpus (tests/corpus); fails loudly when it is missing."""
    return corpus_path(rel)


def wait_loaded(qtbot, w, count: int, timeout: int = 30000) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: w.queue_model.rowCount() >= count and not w.tasks, timeout=timeout)
