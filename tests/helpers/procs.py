"""Child processes as /proc shows them (Linux): the SIGTERM tests look for workers left behind."""

from __future__ import annotations

from pathlib import Path


def _stat_fields(stat: Path) -> list[str] | None:
    try:
        return stat.read_text(encoding="utf-8").rsplit(")", 1)[1].split()
    except OSError:
        return None


def children(pid: int) -> set[int]:
    """The processes whose parent is ``pid``."""
    out: set[int] = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        fields = _stat_fields(stat)
        if fields is not None and int(fields[1]) == pid:
            out.add(int(stat.parent.name))
    return out


def alive(pid: int) -> bool:
    """Running: a zombie has ended (only its parent may still reap it)."""
    fields = _stat_fields(Path(f"/proc/{pid}/stat"))
    return fields is not None and fields[0] != "Z"


def still_running(pids: set[int], within_s: float = 5.0) -> list[int]:
    """Those of ``pids`` still running after up to ``within_s`` seconds of waiting."""
    import time

    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline and any(alive(p) for p in pids):
        time.sleep(0.1)
    return [p for p in pids if alive(p)]
