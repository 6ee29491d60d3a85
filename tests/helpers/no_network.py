"""No network while reading reports: every way a reader could open a connection raises.

``block_network()`` patches ``socket.socket``, ``socket.create_connection`` and
``socket.getaddrinfo`` (and the module-level ``socket.socketpair`` / ``socket.fromfd`` are
left alone: they connect nothing) and records each attempt, so a reader that swallows the
exception is still caught: the caller asserts that ``attempts`` stayed empty.

Used in-process by the pytest fixture ``no_network`` (tests/test_hostile.py) and inside
the bounded child processes that read the hostile corpus (``python no_network.py`` is not a
thing: the child imports ``block_network`` from here).
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager


class NetworkAttempt(OSError):
    """Raised in place of any socket operation while the network is blocked."""


@contextmanager
def block_network() -> Iterator[list[str]]:
    """Within the block every connection attempt raises and is appended to the yielded list."""
    attempts: list[str] = []
    saved = (socket.socket, socket.create_connection, socket.getaddrinfo)

    def refuse(name: str):  # type: ignore[no-untyped-def]
        def _refuse(*args: object, **kwargs: object) -> None:
            attempts.append(f"{name}{args[:2]!r}")
            raise NetworkAttempt(f"network blocked during the test: {name}{args[:2]!r}")

        return _refuse

    socket.socket = refuse("socket.socket")  # type: ignore[assignment,misc]
    socket.create_connection = refuse("socket.create_connection")  # type: ignore[assignment]
    socket.getaddrinfo = refuse("socket.getaddrinfo")  # type: ignore[assignment]
    try:
        yield attempts
    finally:
        socket.socket, socket.create_connection, socket.getaddrinfo = saved  # type: ignore[misc]
