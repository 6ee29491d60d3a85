"""One window per user: a second launch hands its files over and exits."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from gui import single_instance
from gui.single_instance import SingleInstance, claim, send_to_running, server_name

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "resources" / "samples"


def _env() -> dict[str, str]:
    # REVIEWDESK_HOME is the test's own (conftest), so the server name is the test's own too.
    return dict(os.environ, QT_QPA_PLATFORM="offscreen", REVIEWDESK_NO_CRASH_DIALOG="1")


def test_server_name_is_per_user_and_per_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a = server_name()
    monkeypatch.setenv("REVIEWDESK_HOME", str(tmp_path / "other"))
    b = server_name()
    assert a != b and a.startswith("reviewdesk-") and b.startswith("reviewdesk-")
    assert len(a) < 80  # Unix socket paths are short


def test_nobody_listening_means_become_the_server(qtbot) -> None:  # type: ignore[no-untyped-def]
    assert not send_to_running(["x.pdf"])
    inst = claim(["x.pdf"])
    assert inst is not None and inst.server.isListening()
    # A later claim hands over instead.
    with qtbot.waitSignal(inst.received, timeout=5000) as sig:
        proc = subprocess.Popen(
            [sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv[1]);"
             "from gui.single_instance import send_to_running; sys.exit(0 if send_to_running(['y.txt']) else 3)",
             str(ROOT)],
            env=_env(),
        )  # fmt: skip
    assert sig.args == [[os.path.abspath("y.txt")]]
    assert proc.wait(timeout=20) == 0
    inst.close()


def test_second_main_py_hands_its_files_to_the_window(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    inst = SingleInstance()
    assert inst.listen()
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "b.pdf").write_bytes(b"%PDF-1.4")
    with qtbot.waitSignal(inst.received, timeout=30000) as sig:
        # Relative names from another working folder arrive as absolute paths.
        proc = subprocess.Popen(
            [sys.executable, str(ROOT / "main.py"), "a.txt", "b.pdf"], cwd=tmp_path, env=_env(),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
        )  # fmt: skip
    assert sig.args == [[str(tmp_path / "a.txt"), str(tmp_path / "b.pdf")]]
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    inst.close()


@pytest.mark.skipif(sys.platform == "win32", reason="Unix socket files only")
def test_stale_socket_file_is_taken_over(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # A crashed window leaves its socket file behind; nobody accepts on it.
    probe = QLocalServer()
    assert probe.listen(server_name())
    path = probe.fullServerName()
    probe.close()
    dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    dead.bind(path)  # bound, never listening: connections are refused
    try:
        inst = claim([])
        assert inst is not None and inst.server.isListening()
        sock = QLocalSocket()
        sock.connectToServer(server_name())
        assert sock.waitForConnected(1000)
        sock.disconnectFromServer()
        inst.close()
    finally:
        dead.close()


def test_garbage_on_the_socket_is_ignored(qtbot) -> None:  # type: ignore[no-untyped-def]
    inst = SingleInstance()
    assert inst.listen()
    got: list[list[str]] = []
    inst.received.connect(got.append)
    sock = QLocalSocket()
    sock.connectToServer(inst.name)
    assert sock.waitForConnected(1000)
    sock.write(b"not json\n")
    sock.flush()
    qtbot.wait(200)
    assert got == []
    assert send_to_running(["ok.txt"])
    qtbot.waitUntil(lambda: bool(got), timeout=3000)
    assert got == [[os.path.abspath("ok.txt")]]
    inst.close()


@pytest.mark.slow
def test_two_programs_one_window(tmp_path: Path, _isolated_home: Path) -> None:
    """Two real launches: the second exits at once and the first window opens its file."""
    report = tmp_path / "报告.txt"
    report.write_text((SAMPLES / "示例-一致的报告.txt").read_text(encoding="utf-8"), encoding="utf-8")
    first = subprocess.Popen([sys.executable, str(ROOT / "main.py")], env=_env(), stderr=subprocess.PIPE, text=True,
                             encoding="utf-8", start_new_session=True)  # its own group: see the cleanup below
    try:
        deadline = time.monotonic() + 60
        while True:  # wait until the first window listens
            sock = QLocalSocket()
            sock.connectToServer(server_name())
            if sock.waitForConnected(200):
                sock.abort()
                break
            assert first.poll() is None, first.stderr.read() if first.stderr else ""
            assert time.monotonic() < deadline, "first window never listened"
            time.sleep(0.2)
        second = subprocess.run(
            [sys.executable, str(ROOT / "main.py"), str(report)], env=_env(),
            capture_output=True, text=True, encoding="utf-8", timeout=60, check=False,
        )  # fmt: skip
        assert second.returncode == 0, second.stderr
        settings = _isolated_home / "settings.ini"
        deadline = time.monotonic() + 30
        while "报告.txt" not in (settings.read_text(encoding="utf-8") if settings.exists() else ""):
            assert time.monotonic() < deadline, "the first window did not open the file"
            time.sleep(0.2)
        assert first.poll() is None  # still the one window
    finally:
        first.terminate()
        first.wait(timeout=20)
        # Clean-up, not the check of it: whatever the window left behind (its analysis
        # workers) goes with its process group, so a test run leaves no process behind.
        if hasattr(os, "killpg"):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(first.pid, signal.SIGKILL)
        if first.stderr:
            first.stderr.close()


def test_module_has_no_display_dependency() -> None:
    # The hand-over happens before any window exists; the module must not need widgets.
    assert "PySide6.QtWidgets" not in single_instance.__dict__
