"""The reviewer's notes: one TinyDB file, written so that an acknowledged note is never lost.

Notes are keyed by the report file's SHA-256, so a renamed or moved file keeps its notes
and a changed file is a new version. Every operation is one short transaction:

1. take an inter-process lock (``annotations.json.lock``), so two windows or processes
   on the same db serialise their read-modify-write cycles;
2. re-read the file under the lock (a fresh TinyDB each time: TinyDB caches query
   results and the next document id per instance, and either would silently clobber
   what another process wrote meanwhile);
3. apply the change in memory and commit it with one atomic replace: temp file in the
   same folder, write, flush, fsync, hard-link the current file to ``.bak``, replace,
   fsync the folder. A crash at any instant leaves either the old or the new file.

A file that does not parse (empty, truncated, garbage, not UTF-8) is moved aside as
``annotations.json.corrupt-<timestamp>`` and the last good copy (``.bak``) is restored;
``recovery_message`` then tells the reviewer. Opening never raises for a bad db file.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import logging
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, fields
from datetime import datetime
from pathlib import Path
from typing import Any

from filelock import FileLock
from tinydb import Query, TinyDB
from tinydb.storages import Storage

log = logging.getLogger(__name__)

STATUSES = ("待核实", "已确认", "已排除", "需整改")

REPORT_TARGET = "report"
ANNOTATIONS_TABLE = "annotations"
META_TABLE = "meta"

# Bump when the stored layout changes and add MIGRATIONS[old] that upgrades old -> old + 1.
SCHEMA_VERSION = 1
# from-version -> function that upgrades the raw tables dict in place by one version.
# A db written before the meta table existed is version 0 and has the same layout as 1.
Migration = Callable[[dict[str, dict[str, Any]]], None]
MIGRATIONS: dict[int, Migration] = {0: lambda tables: None}

LOCK_TIMEOUT_S = 30.0  # a live holder finishes in milliseconds; a dead one's lock is freed by the OS


def finding_target(finding_key: str) -> str:
    """The target of a note on a finding (``Finding.key()``)."""
    return f"finding:{finding_key}"


def cell_target(table: str, row: str, col: str) -> str:
    return f"cell:{table}:{row}:{col}"


def now_iso() -> str:
    """ISO 8601 local time with offset, to the second: what a reviewer reads back."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


def default_reviewer() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name (service account, odd env): leave it blank
        return ""


@dataclass
class Annotation:
    sha256: str
    target: str  # "report" | "finding:<Finding.key()>" | "cell:<table>:<row>:<col>"
    status: str = ""
    comment: str = ""
    reviewer: str = ""
    updated: str = ""  # ISO 8601 local time with offset
    file_name: str = ""  # last known name, for display

    def to_doc(self) -> dict[str, str]:
        return asdict(self)

    @staticmethod
    def from_doc(doc: dict[str, Any]) -> Annotation:
        # Tolerate fields added by a newer version and missing ones from an older one.
        known = {f.name for f in fields(Annotation)}
        return Annotation(**{k: str(v) for k, v in doc.items() if k in known and v is not None})


# --------------------------------------------------------------------------- file helpers


def _fsync_dir(folder: Path) -> None:
    """Make a rename durable: POSIX needs the directory entry flushed too (Windows cannot)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _replace(src: str | Path, dst: str | Path) -> None:
    # On Windows a virus scanner or indexer may hold the target open for a moment.
    for attempt in range(20):
        try:
            os.replace(src, dst)
            return
        except PermissionError:
            if os.name != "nt" or attempt == 19:
                raise
            time.sleep(0.05)


def _parse(raw: bytes) -> dict[str, dict[str, Any]] | None:
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


# --------------------------------------------------------------------------- storage


class AtomicJSONStorage(Storage):
    """A TinyDB storage for one transaction: read once, commit once, atomically.

    TinyDB calls ``read``/``write`` several times per operation (``upsert`` is an update
    then an insert); the data is kept in memory for the transaction and ``commit`` writes
    it in a single atomic replace, so ``.bak`` is always a whole committed state.
    Use only under the store's lock.
    """

    def __init__(self, path: str | Path, on_recover: Callable[[str], None] | None = None) -> None:
        super().__init__()
        self.path = Path(path)
        self.bak_path = self.path.with_name(self.path.name + ".bak")
        self._on_recover = on_recover
        self._data: dict[str, dict[str, Any]] | None = None
        self._loaded = False
        self._dirty = False
        self._main_good = False  # the file on disk parsed: worth keeping as .bak

    def read(self) -> dict[str, dict[str, Any]] | None:
        if not self._loaded:
            self._data = self._load()
            self._loaded = True
        return self._data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self._data = data
        self._loaded = True
        self._dirty = True

    def close(self) -> None:
        pass  # nothing held open between calls; commit() is explicit

    def commit(self) -> None:
        if self._dirty and self._data is not None:
            payload = json.dumps(self._data, ensure_ascii=False, separators=(",", ":"))
            self._atomic_write(payload.encode("utf-8"), keep_backup=self._main_good)
            self._main_good = True
            self._dirty = False

    # -- loading and recovery

    def _load(self) -> dict[str, dict[str, Any]] | None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            # Normally a new db. But a crash inside _recover (after moving the bad file aside,
            # before restoring) or a stray delete leaves only .bak: bring that back.
            return self._restore_missing()
        data = _parse(raw)
        if data is not None:
            self._main_good = True
            return data
        return self._recover(raw)

    def _recover(self, raw: bytes) -> dict[str, dict[str, Any]] | None:
        what = "为空" if not raw.strip() else "已损坏(内容不完整或不是有效的 JSON/UTF-8)"
        aside = self._move_aside()
        restored: dict[str, dict[str, Any]] | None = None
        bak_raw = b""
        with contextlib.suppress(OSError):
            bak_raw = self.bak_path.read_bytes()
        if bak_raw:
            restored = _parse(bak_raw)
        aside_note = f"原文件已另存为 {aside.name}。" if aside else "原文件无法移走。"
        if restored is not None:
            n = len(restored.get(ANNOTATIONS_TABLE, {}))
            # Put the good copy back as the main file (without touching .bak itself).
            self._atomic_write(bak_raw, keep_backup=False)
            self._main_good = True
            msg = f"批注库文件 {self.path.name} {what}，已从备份恢复 {n} 条批注(备份之后的修改可能丢失)。{aside_note}"
        else:
            msg = f"批注库文件 {self.path.name} {what}，且没有可用的备份，已新建空的批注库。{aside_note}"
        log.warning("%s", msg)
        if self._on_recover:
            self._on_recover(msg)
        return restored

    def _restore_missing(self) -> dict[str, dict[str, Any]] | None:
        try:
            bak_raw = self.bak_path.read_bytes()
        except OSError:
            return None  # a new db: TinyDB starts empty
        restored = _parse(bak_raw)
        if not restored or not restored.get(ANNOTATIONS_TABLE):
            return None
        self._atomic_write(bak_raw, keep_backup=False)
        self._main_good = True
        n = len(restored[ANNOTATIONS_TABLE])
        msg = f"批注库文件 {self.path.name} 不见了，已从备份 {self.bak_path.name} 恢复 {n} 条批注(备份之后的修改可能丢失)。"
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
            _replace(self.path, target)
            return target
        except OSError:
            log.exception("cannot move the corrupt annotation db aside")
            return None

    # -- writing

    def _atomic_write(self, payload: bytes, keep_backup: bool) -> None:
        folder = self.path.parent
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=self.path.name + ".", suffix=".tmp")
        try:
            # Keep the db's permissions (mkstemp is owner-only): a shared folder stays shared.
            with contextlib.suppress(OSError):
                os.chmod(tmp, self.path.stat().st_mode & 0o777)
            with os.fdopen(fd, "wb") as fh:
                fh.write(payload)
                fh.flush()
                os.fsync(fh.fileno())
            if keep_backup and self.path.exists():
                self._rotate_backup()
            _replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        _fsync_dir(folder)

    def _rotate_backup(self) -> None:
        """.bak := the current (good) file. The main file is never modified in place, only
        replaced, so a hard link is an exact, free snapshot; copy where links don't work."""
        tmp = self.bak_path.with_name(self.bak_path.name + ".tmp")
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        try:
            os.link(self.path, tmp)
        except OSError:
            shutil.copyfile(self.path, tmp)
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
        _replace(tmp, self.bak_path)


# --------------------------------------------------------------------------- the store


class AnnotationStore:
    """The reviewer's notes, safe against crashes and against a second window or process."""

    def __init__(self, path: Path | None = None) -> None:
        if path is None:
            from core.paths import user_data_dir

            path = user_data_dir() / "annotations.json"
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.recovery_message: str | None = None
        self._file_lock = FileLock(str(self.path) + ".lock", timeout=LOCK_TIMEOUT_S)
        self._thread_lock = threading.RLock()
        self._closed = False
        self._open()

    # -- public API

    def for_report(self, sha256: str) -> dict[str, Annotation]:
        """target -> annotation for one report version."""
        with self._transaction() as db:
            docs = db.table(ANNOTATIONS_TABLE, cache_size=0).search(Query().sha256 == sha256)
        return {a.target: a for a in map(Annotation.from_doc, docs)}

    def get(self, sha256: str, target: str) -> Annotation | None:
        with self._transaction() as db:
            doc = db.table(ANNOTATIONS_TABLE, cache_size=0).get(_key(sha256, target))
        return Annotation.from_doc(doc) if doc else None  # type: ignore[arg-type]

    def save(self, ann: Annotation) -> None:
        """Insert or replace the note on (sha256, target); on disk when this returns.

        A blank ``updated`` or ``reviewer`` is filled in (now, the login name) on ``ann``
        itself, so the caller shows what was stored.
        """
        if ann.status and ann.status not in STATUSES:
            raise ValueError(f"unknown status {ann.status!r}; expected one of {STATUSES}")
        if not ann.sha256 or not ann.target:
            raise ValueError("an annotation needs sha256 and target")
        if not ann.updated:
            ann.updated = now_iso()
        if not ann.reviewer:
            ann.reviewer = default_reviewer()
        with self._transaction(write=True) as db:
            db.table(ANNOTATIONS_TABLE, cache_size=0).upsert(ann.to_doc(), _key(ann.sha256, ann.target))

    def delete(self, sha256: str, target: str) -> None:
        with self._transaction(write=True) as db:
            db.table(ANNOTATIONS_TABLE, cache_size=0).remove(_key(sha256, target))

    def all(self) -> list[Annotation]:
        with self._transaction() as db:
            docs = db.table(ANNOTATIONS_TABLE, cache_size=0).all()
        return [Annotation.from_doc(d) for d in docs]

    def close(self) -> None:
        # Nothing is held open between operations; this only makes later use an error.
        self._closed = True

    def __enter__(self) -> AnnotationStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- internals

    def _note_recovery(self, msg: str) -> None:
        self.recovery_message = msg if not self.recovery_message else f"{self.recovery_message}\n{msg}"

    @contextlib.contextmanager
    def _transaction(self, write: bool = False) -> Iterator[TinyDB]:
        """Lock, fresh TinyDB on the current file, commit once on success."""
        if self._closed:
            raise RuntimeError("AnnotationStore is closed")
        # Reads take the lock too: on Windows a reader holding the file open would make
        # a writer's os.replace fail, and a read under the lock never sees a half state.
        with self._thread_lock, self._file_lock:
            db = TinyDB(self.path, storage=AtomicJSONStorage, on_recover=self._note_recovery)
            storage: AtomicJSONStorage = db.storage  # type: ignore[assignment]
            try:
                yield db
                if write:
                    _stamp_schema(db)
                # A read that recovered a corrupt file has already rewritten it from .bak.
                storage.commit()
            finally:
                db.close()

    def _open(self) -> None:
        """Clear leftovers of a crashed writer, recover a bad file, migrate an old one."""
        with self._thread_lock, self._file_lock:
            # Under the lock nobody is mid-write, so any temp file is a dead writer's.
            for stale in self.path.parent.glob(self.path.name + ".*.tmp"):
                with contextlib.suppress(OSError):
                    stale.unlink()
            db = TinyDB(self.path, storage=AtomicJSONStorage, on_recover=self._note_recovery)
            storage: AtomicJSONStorage = db.storage  # type: ignore[assignment]
            try:
                tables = storage.read()
                if tables and ANNOTATIONS_TABLE in tables:
                    version = _schema_version(tables)
                    if version < SCHEMA_VERSION:
                        _migrate(tables, version)
                        storage.write(tables)
                        _stamp_schema(db)
                        storage.commit()
                    elif version > SCHEMA_VERSION:
                        log.warning("annotation db schema %s is newer than this program's %s",
                                    version, SCHEMA_VERSION)
            except OSError:
                # A folder we cannot write to must not stop the program; saves will report it.
                log.exception("cannot prepare the annotation db %s", self.path)
            finally:
                db.close()


def _key(sha256: str, target: str) -> Any:
    q = Query()
    return (q.sha256 == sha256) & (q.target == target)


def _schema_version(tables: dict[str, dict[str, Any]]) -> int:
    for doc in tables.get(META_TABLE, {}).values():
        if "schema_version" in doc:
            try:
                return int(doc["schema_version"])
            except (TypeError, ValueError):
                return 0
    return 0


def _migrate(tables: dict[str, dict[str, Any]], version: int) -> None:
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise RuntimeError(f"no migration from annotation schema {version}")
        step(tables)
        version += 1


def _stamp_schema(db: TinyDB) -> None:
    meta = db.table(META_TABLE, cache_size=0)
    current = meta.all()
    if current and _as_int(current[0].get("schema_version")) >= SCHEMA_VERSION:
        return  # never stamp a newer db down
    meta.truncate()
    meta.insert({"schema_version": SCHEMA_VERSION})


def _as_int(v: Any) -> int:
    try:
        return int(v)
    except (TypeError, ValueError):
        return 0

