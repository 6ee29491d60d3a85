"""One window per user: a second launch hands its files to the window already open.

The first ``main.py`` to start listens on a per-user local socket (a Unix socket or a
Windows named pipe); a later launch connects, sends its paths as one JSON line and exits,
so there is never a second process writing the annotation database. If nobody answers,
the later launch becomes the listener itself (a crashed first instance leaves a stale
socket file on Unix, which is removed then).

The name includes the user name and a hash of ``user_data_dir()``: two users on one
machine, or a test with its own ``REVIEWDESK_HOME``, never talk to each other's window.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
import os

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QAbstractSocket, QLocalServer, QLocalSocket

from core.paths import user_data_dir

log = logging.getLogger(__name__)

CONNECT_MS = 500
REPLY_MS = 3000


def server_name() -> str:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (some containers)
        user = str(os.getuid()) if hasattr(os, "getuid") else "user"
    digest = hashlib.sha256(str(user_data_dir().resolve()).encode("utf-8")).hexdigest()[:12]
    safe_user = "".join(c if c.isalnum() else "_" for c in user)[:32]
    return f"reviewdesk-{safe_user}-{digest}"


def _encode(paths: list[str]) -> bytes:
    return (json.dumps({"paths": paths}, ensure_ascii=False) + "\n").encode("utf-8")


def send_to_running(paths: list[str], name: str | None = None) -> bool:
    """Hand ``paths`` (made absolute) to a running window; False when none answers."""
    sock = QLocalSocket()
    sock.connectToServer(name or server_name())
    if not sock.waitForConnected(CONNECT_MS):
        return False
    sock.write(_encode([os.path.abspath(p) for p in paths]))
    sock.flush()
    if not sock.waitForBytesWritten(REPLY_MS):
        log.warning("running window did not take the paths: %s", sock.errorString())
    # The reply only tells us the window read the message; a busy window that is slow to
    # answer still has the server, and starting a second writer would be worse.
    if sock.waitForReadyRead(REPLY_MS):
        log.debug("running window replied %r", bytes(sock.readAll().data()))
    sock.disconnectFromServer()
    return True


class SingleInstance(QObject):
    """The listening side: emits ``received(paths)`` for each later launch."""

    received = Signal(list)

    def __init__(self, name: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name or server_name()
        self.server = QLocalServer(self)
        # Only this user may connect (Unix: socket file mode 0700-ish; Windows: pipe ACL).
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._accept)
        self._buffers: dict[QLocalSocket, bytes] = {}

    def listen(self, remove_stale: bool = False) -> bool:
        """Start listening; ``remove_stale`` first removes a leftover socket (call it only
        after a connection attempt found nobody answering)."""
        if remove_stale:
            QLocalServer.removeServer(self.name)
        if self.server.listen(self.name):
            return True
        if self.server.serverError() != QAbstractSocket.SocketError.AddressInUseError or remove_stale:
            log.warning("single-instance server not started: %s", self.server.errorString())
        return False

    def close(self) -> None:
        self.server.close()
        for sock in list(self._buffers):
            self._forget(sock)
            sock.abort()

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            sock = self.server.nextPendingConnection()
            sock.setParent(self)  # owned here, not by the server, and freed in _forget
            self._buffers[sock] = b""
            sock.readyRead.connect(self._read)
            sock.disconnected.connect(self._disconnected)

    def _read(self) -> None:
        sock = self.sender()
        if not isinstance(sock, QLocalSocket) or sock not in self._buffers:
            return
        data = self._buffers[sock] + bytes(sock.readAll().data())
        self._buffers[sock] = data
        if b"\n" not in data:
            if len(data) > 1_000_000:  # not ours; do not buffer forever
                self._forget(sock)
                sock.abort()
            return
        line = data.split(b"\n", 1)[0]
        try:
            paths = [str(p) for p in json.loads(line.decode("utf-8")).get("paths", [])]
        except (ValueError, AttributeError, UnicodeDecodeError):
            log.warning("single-instance: unreadable message %r", line[:200])
            self._forget(sock)
            sock.abort()
            return
        sock.write(b"ok\n")
        sock.flush()
        self.received.emit(paths)

    def _disconnected(self) -> None:
        sock = self.sender()
        if isinstance(sock, QLocalSocket):
            self._forget(sock)

    def _forget(self, sock: QLocalSocket) -> None:
        if self._buffers.pop(sock, None) is None:
            return
        sock.readyRead.disconnect(self._read)
        sock.disconnected.disconnect(self._disconnected)
        sock.deleteLater()


def claim(paths: list[str]) -> SingleInstance | None:
    """Hand ``paths`` to a running window (returns None: this launch should exit), or
    become the listener (returns it; keep it alive as long as the window)."""
    name = server_name()
    if send_to_running(paths, name):
        return None
    instance = SingleInstance(name)
    if instance.listen():
        return instance
    # The name is taken: either a launch at the same moment won the race (it answers
    # now), or a crashed window left its socket file behind (nobody answers).
    if send_to_running(paths, name):
        return None
    instance.listen(remove_stale=True)
    return instance  # even without a listener the window opens, as before
