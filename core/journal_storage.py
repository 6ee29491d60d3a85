"""A TinyDB storage that stays fast as the db grows: a snapshot plus an append-only journal.

TinyDB's own JSON storage rewrites the whole file on every write, so a save costs time in
proportion to everything ever stored (60 ms at 10,000 notes). Here a write appends one
record to ``<db>.journal`` and fsyncs it; the snapshot ``<db>`` (a plain TinyDB JSON
document that TinyDB's ``JSONStorage`` can open) is rewritten only when the journal is
compacted — on open, on close, and when it has grown large.

Files (all in the db's folder):

- ``annotations.json``: the snapshot, written atomically (temp file, fsync, ``.bak`` :=
  the previous snapshot by hard link, ``os.replace``, fsync of the folder). Its
  ``_journal`` table holds the *generation* G of the journal that continues it.
- ``annotations.json.journal``: a header line ``{"generation": G}`` and one line per
  write, ``<crc32 hex> <json>\\n``. A write is acknowledged only after its line is fsync'd.
  A last line without its newline, or whose checksum fails, is a write that was never
  acknowledged (the writer died in it): it is ignored, and the next writer cuts it off
  before appending, so a new record is never glued to a torn one.

Compaction writes snapshot G+1 and then a fresh journal with header G+1. A crash between
the two leaves journal G beside snapshot G+1: a journal older than its snapshot is already
in it and is ignored. Records are idempotent (put this document, delete that one), so a
journal replayed onto an older snapshot (restored from ``.bak``) only adds.

Every method is to be called under the store's inter-process lock; ``refresh`` brings the
in-memory tables up to date with what other processes wrote (the journal's tail, or a
full reload when another process compacted).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import zlib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from core.atomic import replace_file, write_atomically

log = logging.getLogger(__name__)

Tables = dict[str, dict[str, Any]]
# ("put", table, doc_id, doc) | ("del", table, doc_id, None)
Op = tuple[str, str, str, Any]
JOURNAL_TABLE = "_journal"
COMPACT_BYTES = 8 * 1024 * 1024  # a journal this long is folded into the snapshot at the next write


# --------------------------------------------------------------------------- file helpers


def parse_tables(raw: bytes) -> Tables | None:
    """The db's tables, or None when the bytes are not a TinyDB JSON document."""
    try:
        text = raw.decode("utf-8-sig")  # -sig: a copy re-saved by Notepad still loads
        data = json.loads(text)
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    for table in data.values():
        if not isinstance(table, dict) or not all(isinstance(d, dict) for d in table.values()):
            return None
    return data


def _sync(fd: int) -> None:
    """Data (and the new size) on disk before the write is acknowledged."""
    if hasattr(os, "fdatasync"):
        os.fdatasync(fd)  # the size is flushed too; only the mtime is spared
    else:
        os.fsync(fd)


def _line(obj: Any) -> bytes:
    body = json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return b"%08x " % zlib.crc32(body) + body + b"\n"


def _unline(line: bytes) -> Any:
    """The record of one complete journal line, or None when it is damaged."""
    if len(line) < 10 or line[8:9] != b" ":
        return None
    body = line[9:]
    try:
        if int(line[:8], 16) != zlib.crc32(body):
            return None
        return json.loads(body.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return None


def _generation(tables: Tables | None) -> int:
    for doc in (tables or {}).get(JOURNAL_TABLE, {}).values():
        with contextlib.suppress(TypeError, ValueError):
            return int(doc.get("generation", 0))
    return 0


# --------------------------------------------------------------------------- storage


class JournalStorage(Storage):
    """Snapshot + journal; see the module docstring. Use only under the store's lock."""

    def __init__(self, path: str | Path, on_recover: Callable[[str], None] | None = None,
                 on_change: Callable[[str, str, str, Any, Any], None] | None = None) -> None:
        super().__init__()
        self.path = Path(path)
        self.journal_path = self.path.with_name(self.path.name + ".journal")
        self.bak_path = self.path.with_name(self.path.name + ".bak")
        self._on_recover = on_recover
        # (kind, table, doc_id, new doc, old doc); kind "put" | "del" | "table" | "reload"
        self.on_change = on_change
        self._data: Tables = {}
        self._loaded = False
        self._gen = 0
        self._offset = 0  # end of the last complete journal record applied
        self._journal_records = 0
        self._snap_sig: tuple[int, int, int] | None = None
        self._journal_ino: int | None = None
        self._table_ids: dict[str, int] = {}
        self._main_good = False

    # -- the TinyDB interface

    def read(self) -> Tables:
        if not self._loaded:
            self.refresh()
        return self._data

    def write(self, data: Tables) -> None:
        """A write through TinyDB's own table API: journal every table it rebuilt."""
        changed = {name: table for name, table in data.items() if self._table_ids.get(name) != id(table)}
        for name in set(self._table_ids) - set(data):
            changed[name] = {}
        if changed:
            self._append({"tables": changed})
            for name, table in changed.items():
                self._data[name] = table
                self._emit("table", name, "", None, None)
            self._remember_ids()

    def close(self) -> None:
        pass  # nothing is held open between calls

    # -- what the store uses

    @property
    def journal_records(self) -> int:
        return self._journal_records

    def apply(self, ops: list[Op]) -> None:
        """Make ``ops`` durable (one journal record, fsync'd) and apply them in memory."""
        if not ops:
            return
        self._append({"ops": [list(op) for op in ops]})
        self._apply_ops(ops)
        if self._offset > COMPACT_BYTES:
            self.compact()

    def refresh(self) -> None:
        """Catch up with the files: the journal's new records, or everything anew when the
        snapshot was replaced or the journal restarted by another process."""
        sig = self._stat(self.path)
        jst = self._stat(self.journal_path)
        same_journal = jst is not None and jst[0] == self._journal_ino and jst[1] >= self._offset
        if self._loaded and sig == self._snap_sig and (same_journal or (jst is None and self._offset == 0)):
            if jst is not None and jst[1] > self._offset:
                self._replay(self._offset)
            return
        self._load_all()

    def compact(self) -> None:
        """Fold the journal into a new snapshot (generation + 1) and start a new journal."""
        gen = self._gen + 1
        self._data[JOURNAL_TABLE] = {"1": {"generation": gen}}
        payload = json.dumps(self._data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        self.atomic_write(payload, keep_backup=self._main_good)
        self._main_good = True
        self._gen = gen
        self._snap_sig = self._stat(self.path)
        self._new_journal()
        self._remember_ids()

    def needs_compaction(self) -> bool:
        return self._journal_records > 0 or self._snap_sig is None

    # -- loading

    @staticmethod
    def _stat(path: Path) -> tuple[int, int, int] | None:
        try:
            st = path.stat()
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_size, st.st_mtime_ns)

    def _load_all(self) -> None:
        data = self._load_snapshot()
        self._data = data if data is not None else {}
        self._gen = _generation(data)
        self._snap_sig = self._stat(self.path)
        self._offset = 0
        self._journal_records = 0
        self._journal_ino = None
        self._loaded = True
        jst = self._stat(self.journal_path)
        if jst is not None:
            self._journal_ino = jst[0]
            self._replay(0)
        self._remember_ids()
        self._emit("reload", "", "", None, None)

    def _replay(self, start: int) -> None:
        try:
            with open(self.journal_path, "rb") as fh:
                fh.seek(start)
                chunk = fh.read()
        except FileNotFoundError:
            return
        pos = start
        bad = 0
        lines = chunk.split(b"\n")
        for line in lines[:-1]:  # the last piece has no newline: torn or empty
            end = pos + len(line) + 1
            rec = _unline(line)
            if pos == 0:  # the header
                jgen = rec.get("generation", -1) if isinstance(rec, dict) else -1
                if not isinstance(jgen, int) or jgen < self._gen:
                    # Older than the snapshot (compaction died before restarting the
                    # journal): already folded in. Start the snapshot's own journal.
                    self._new_journal()
                    return
                pos = end
                continue
            if not isinstance(rec, dict):
                bad += 1
            elif "ops" in rec:
                self._apply_ops([tuple(op) for op in rec["ops"]])  # type: ignore[misc]
                self._journal_records += 1
            elif "tables" in rec:
                for name, table in rec["tables"].items():
                    self._data[name] = table
                    self._emit("table", name, "", None, None)
                self._journal_records += 1
            pos = end
        self._offset = pos
        if bad:
            msg = f"批注库日志 {self.journal_path.name} 中有 {bad} 条记录已损坏，已跳过；其余记录已读入。"
            log.warning("%s", msg)
            if self._on_recover:
                self._on_recover(msg)

    def _load_snapshot(self) -> Tables | None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return self._restore_missing()
        data = parse_tables(raw)
        if data is not None:
            self._main_good = True
            return data
        return self._recover(raw)

    def _recover(self, raw: bytes) -> Tables | None:
        what = "为空" if not raw.strip() else "已损坏(内容不完整或不是有效的 JSON/UTF-8)"
        aside = self._move_aside()
        restored: Tables | None = None
        bak_raw = b""
        with contextlib.suppress(OSError):
            bak_raw = self.bak_path.read_bytes()
        if bak_raw:
            restored = parse_tables(bak_raw)
        aside_note = f"原文件已另存为 {aside.name}。" if aside else "原文件无法移走。"
        if restored is not None:
            n = len(restored.get("annotations", {}))
            self.atomic_write(bak_raw, keep_backup=False)
            self._main_good = True
            msg = (f"批注库文件 {self.path.name} {what}，已从备份恢复 {n} 条批注"
                   f"(并重放了其后的日志；备份之后的修改可能丢失)。{aside_note}")
        else:
            self._main_good = False
            msg = f"批注库文件 {self.path.name} {what}，且没有可用的备份，已新建空的批注库。{aside_note}"
        log.warning("%s", msg)
        if self._on_recover:
            self._on_recover(msg)
        return restored

    def _restore_missing(self) -> Tables | None:
        try:
            bak_raw = self.bak_path.read_bytes()
        except OSError:
            return None  # a new db
        restored = parse_tables(bak_raw)
        if not restored or not restored.get("annotations"):
            return None
        self.atomic_write(bak_raw, keep_backup=False)
        self._main_good = True
        n = len(restored["annotations"])
        msg = (f"批注库文件 {self.path.name} 不见了，已从备份 {self.bak_path.name} 恢复 {n} 条批注"
               "(备份之后的修改可能丢失)。")
        log.warning("%s", msg)
        if self._on_recover:
            self._on_recover(msg)
        return restored

    def _move_aside(self) -> Path | None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        n = 1
        while target.exists():
            target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{n}")
            n += 1
        try:
            replace_file(self.path, target)
            return target
        except OSError:
            log.exception("cannot move the corrupt annotation db aside")
            return None

    # -- applying

    def _apply_ops(self, ops: list[Op]) -> None:
        for kind, table, doc_id, doc in ops:
            docs = self._data.setdefault(table, {})
            old = docs.get(doc_id)
            if kind == "put":
                docs[doc_id] = doc
                self._emit("put", table, doc_id, doc, old)
            elif kind == "del" and old is not None:
                del docs[doc_id]
                self._emit("del", table, doc_id, None, old)
        self._remember_ids()

    def _emit(self, kind: str, table: str, doc_id: str, doc: Any, old: Any) -> None:
        if self.on_change is not None:
            self.on_change(kind, table, doc_id, doc, old)

    def _remember_ids(self) -> None:
        self._table_ids = {name: id(t) for name, t in self._data.items()}

    # -- writing

    def _new_journal(self) -> None:
        """Start the journal of the current generation: header only, atomically."""
        header = _line({"generation": self._gen})
        self._replace_with(self.journal_path, header)
        jst = self._stat(self.journal_path)
        self._journal_ino = jst[0] if jst else None
        self._offset = len(header)
        self._journal_records = 0

    def _append(self, record: dict[str, Any]) -> None:
        if not self._loaded:
            self.refresh()
        jst = self._stat(self.journal_path)
        if jst is None or jst[0] != self._journal_ino or self._offset == 0:
            self._new_journal()
        line = _line(record)
        with open(self.journal_path, "r+b") as fh:
            if os.fstat(fh.fileno()).st_size != self._offset:
                # A dead writer's torn record lies beyond what was applied: cut it off.
                # (Only then: a truncate is a metadata change that makes the sync slower.)
                fh.truncate(self._offset)
            fh.seek(self._offset)
            fh.write(line)
            fh.flush()
            _sync(fh.fileno())
        self._offset += len(line)
        self._journal_records += 1

    def atomic_write(self, payload: bytes, keep_backup: bool) -> None:
        self._replace_with(self.path, payload, before_replace=self._rotate_backup if keep_backup else None)

    def _replace_with(self, target: Path, payload: bytes, before_replace: Callable[[], None] | None = None) -> None:
        """``target`` := ``payload``, atomically (core.atomic): a temp file beside it,
        fsync'd, replaced, the folder fsync'd. ``before_replace`` runs once the new bytes
        are safe on disk. Temp files are named ``NAME.*.tmp`` (cleared on open)."""
        # Keep the db's permissions (mkstemp is owner-only): a shared folder stays shared.
        try:
            mode: int | None = self.path.stat().st_mode & 0o777
        except OSError:
            mode = None

        def before() -> None:
            if before_replace is not None and target.exists():
                before_replace()

        write_atomically(target, lambda tmp: tmp.write_bytes(payload), mode=mode, durable=True,
                         before_replace=before, prefix=target.name + ".")

    def _rotate_backup(self) -> None:
        """.bak := the current (good) snapshot. The snapshot is never modified in place, only
        replaced, so a hard link is an exact, free copy; copy where links don't work."""
        tmp = self.bak_path.with_name(self.bak_path.name + ".tmp")
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        try:
            os.link(self.path, tmp)
        except OSError:
            shutil.copyfile(self.path, tmp)
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
        replace_file(tmp, self.bak_path)
