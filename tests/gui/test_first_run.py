"""Start-up: the first run opens the bundled samples, later runs the last session;
several files on the command line open together; the window layout is kept."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from gui import app as app_mod
from gui import settings

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "resources" / "samples"


def _start(qtbot, paths: list[str]):  # type: ignore[no-untyped-def]
    qapp = QApplication.instance()
    window = app_mod.start(qapp, paths)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.ctl.is_loaded, timeout=5000)
    return window


def _wait_queue(qtbot, window, n: int) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: window.queue_model.rowCount() == n and not window.tasks, timeout=30000)


def test_first_run_opens_the_samples_red_and_grey(qtbot) -> None:  # type: ignore[no-untyped-def]
    assert app_mod.is_first_run()
    w = _start(qtbot, [])
    _wait_queue(qtbot, w, 4)
    names = sorted(e.name for e in w.queue_model.entries())
    assert names == sorted(p.name for p in SAMPLES.glob("示例-*"))
    faulty = next(e for e in w.queue_model.entries() if e.name == "示例-有问题的报告.pdf")
    severities = {f.severity for f in faulty.report.findings}
    assert {"error", "warning"} <= severities
    # The window opens on the faulty sample, its findings listed (not on a clean one).
    qtbot.waitUntil(lambda: w.current is not None and w.current.path == faulty.path, timeout=5000)
    assert w.findings_model.rowCount() == len(faulty.report.findings) > 0
    w.close()
    assert not app_mod.is_first_run()


def test_later_runs_reopen_the_last_session_and_layout(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    report = tmp_path / "上次的报告.txt"
    report.write_text((SAMPLES / "示例-一致的报告.txt").read_text(encoding="utf-8"), encoding="utf-8")
    w = _start(qtbot, [str(report)])
    _wait_queue(qtbot, w, 1)
    w.resize(640, 480)
    w.main_split.setSizes([200, 250])
    sizes = w.main_split.sizes()
    w.close()

    w2 = _start(qtbot, [])
    _wait_queue(qtbot, w2, 1)
    assert [e.path for e in w2.queue_model.entries()] == [str(report)]
    assert (w2.width(), w2.height()) == (640, 480)
    assert w2.main_split.sizes() == sizes
    # An empty queue at closing means an empty window next time, not the samples again.
    w2.clear_queue()
    w2.close()
    w3 = _start(qtbot, [])
    qtbot.wait(300)
    assert w3.queue_model.rowCount() == 0 and not w3.tasks
    w3.close()


def test_session_skips_files_that_are_gone(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    gone = tmp_path / "gone.txt"
    settings.settings().setValue(app_mod.SESSION_KEY, [str(gone)])
    assert not app_mod.is_first_run()
    assert app_mod.startup_paths() == []


def test_several_files_on_the_command_line_open_together(qtbot) -> None:  # type: ignore[no-untyped-def]
    a = str(SAMPLES / "示例-一致的报告.pdf")
    b = str(SAMPLES / "示例-有问题的报告.txt")
    w = _start(qtbot, [a, b])
    _wait_queue(qtbot, w, 2)
    assert {e.path for e in w.queue_model.entries()} == {a, b}
    assert settings.recent_paths()[:2] == [a, b]
    w.close()


def test_handed_over_files_open_in_the_window(qtbot) -> None:  # type: ignore[no-untyped-def]
    from gui.single_instance import SingleInstance, send_to_running

    inst = SingleInstance()
    assert inst.listen()
    w = app_mod.start(QApplication.instance(), [str(SAMPLES / "示例-一致的报告.txt")], inst)
    qtbot.addWidget(w)
    qtbot.waitUntil(lambda: w.ctl.is_loaded, timeout=5000)
    _wait_queue(qtbot, w, 1)
    assert send_to_running([str(SAMPLES / "示例-有问题的报告.txt")])
    _wait_queue(qtbot, w, 2)
    inst.close()
    w.close()


def test_window_icon_is_set() -> None:
    assert not QApplication.windowIcon().isNull()
