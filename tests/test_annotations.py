"""core.annotations: round trip, upsert, delete, sha keying, recovery, schema, two processes."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import re
from pathlib import Path

import pytest

import core.annotations as annotations
from core.annotations import (
    STATUSES,
    Annotation,
    AnnotationStore,
    NoReviewer,
    cell_target,
    finding_target,
)

SHA_A = "a" * 64
SHA_B = "b" * 64


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "annotations.json"


def _ann(target: str, sha: str = SHA_A, **kw: str) -> Annotation:
    base = {"status": "待核实", "comment": "请核对", "reviewer": "张三", "file_name": "2024年报.pdf"}
    base.update(kw)
    return Annotation(sha256=sha, target=target, **base)


# --------------------------------------------------------------------------- basics


def test_round_trip_all_fields(db: Path) -> None:
    store = AnnotationStore(db)
    a = Annotation(SHA_A, "report", "已确认", "总体无误", "李四", "2025-03-01T09:30:00+08:00", "x.pdf")
    store.save(a)
    assert store.get(SHA_A, "report") == a
    again = AnnotationStore(db)
    assert again.get(SHA_A, "report") == a
    assert again.recovery_message is None


def test_unicode_is_stored_as_utf8_text(db: Path) -> None:
    store = AnnotationStore(db)
    comment = '第(三)项"不予公开"合计应为 12，而非 21 —— 需整改 ✓ 🙂\n第二行\t制表'
    store.save(_ann(finding_target("column_sum|applications|"), comment=comment, reviewer="王五·审核"))
    got = AnnotationStore(db).get(SHA_A, finding_target("column_sum|applications|"))
    assert got is not None and got.comment == comment and got.reviewer == "王五·审核"
    raw = db.read_bytes()
    assert "不予公开".encode() in raw  # ensure_ascii=False: readable, not \\u escapes
    json.loads(raw.decode("utf-8"))


def test_save_fills_time_and_refuses_no_reviewer(db: Path) -> None:
    store = AnnotationStore(db)
    with pytest.raises(NoReviewer):  # never the OS login
        store.save(Annotation(SHA_A, "report", status="需整改"))
    assert store.get(SHA_A, "report") is None
    a = Annotation(SHA_A, "report", status="需整改", reviewer="张三")
    store.save(a)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", a.updated)
    assert store.get(SHA_A, "report") == a


def test_upsert_replaces_same_target(db: Path) -> None:
    store = AnnotationStore(db)
    store.save(_ann("report", status="待核实", comment="一"))
    store.save(_ann("report", status="已排除", comment="二"))
    store.save(_ann("report", sha=SHA_B, comment="其他版本"))
    assert len(store.all()) == 2
    got = store.get(SHA_A, "report")
    assert got is not None and (got.status, got.comment) == ("已排除", "二")


def test_delete(db: Path) -> None:
    store = AnnotationStore(db)
    store.save(_ann("report"))
    store.save(_ann(cell_target("applications", "new_received", "total")))
    store.delete(SHA_A, "report", "张三")
    store.delete(SHA_A, "no-such-target", "张三")  # deleting nothing is not an error
    assert store.get(SHA_A, "report") is None
    assert list(AnnotationStore(db).for_report(SHA_A)) == ["cell:applications:new_received:total"]


def test_for_report_separates_versions(db: Path) -> None:
    store = AnnotationStore(db)
    store.save(_ann("report"))
    store.save(_ann(finding_target("k"), comment="x"))
    store.save(_ann("report", sha=SHA_B))
    notes = store.for_report(SHA_A)
    assert set(notes) == {"report", "finding:k"}
    assert notes["finding:k"].comment == "x"
    assert store.for_report("0" * 64) == {}


def test_notes_follow_the_file_content_not_its_name(db: Path, tmp_path: Path) -> None:
    report = tmp_path / "某区政府2024年报.pdf"
    report.write_bytes(b"%PDF-1.4 same bytes")
    sha = hashlib.sha256(report.read_bytes()).hexdigest()
    store = AnnotationStore(db)
    store.save(_ann("report", sha=sha, file_name=report.name))
    moved = tmp_path / "sub" / "renamed.pdf"
    moved.parent.mkdir()
    report.rename(moved)
    assert set(store.for_report(hashlib.sha256(moved.read_bytes()).hexdigest())) == {"report"}
    moved.write_bytes(b"%PDF-1.4 changed bytes")  # a changed file is a new version
    assert store.for_report(hashlib.sha256(moved.read_bytes()).hexdigest()) == {}


def test_rejects_unknown_status_and_missing_key(db: Path) -> None:
    store = AnnotationStore(db)
    with pytest.raises(ValueError):
        store.save(_ann("report", status="OK"))
    with pytest.raises(ValueError):
        store.save(Annotation("", "report"))
    for s in STATUSES:
        store.save(_ann(f"finding:{s}", status=s))
    assert len(store.all()) == 4


def test_two_stores_in_one_process_merge(db: Path) -> None:
    one, two = AnnotationStore(db), AnnotationStore(db)
    one.save(_ann("finding:1"))
    two.save(_ann("finding:2"))
    one.save(_ann("finding:3"))
    assert set(two.for_report(SHA_A)) == {"finding:1", "finding:2", "finding:3"}


def test_closed_store_refuses_work(db: Path) -> None:
    store = AnnotationStore(db)
    store.close()
    with pytest.raises(RuntimeError):
        store.all()


def test_default_path_is_user_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REVIEWDESK_HOME", str(tmp_path / "home"))
    store = AnnotationStore()
    store.save(_ann("report"))
    assert (tmp_path / "home" / "annotations.json").is_file()


def test_backup_is_the_previous_state(db: Path) -> None:
    # Saves go to the journal; the snapshot (and with it .bak) turns over when the journal
    # is folded in: on open, on close, or when it has grown large.
    store = AnnotationStore(db)
    store.save(_ann("finding:1"))
    store.close()
    store = AnnotationStore(db)
    store.save(_ann("finding:2"))
    store.close()
    bak = json.loads(db.with_name("annotations.json.bak").read_text("utf-8"))
    assert [d["target"] for d in bak["annotations"].values()] == ["finding:1"]


def test_stale_temp_files_are_cleared_on_open(db: Path) -> None:
    AnnotationStore(db).save(_ann("report"))
    stale = db.with_name("annotations.json.k2j3h4.tmp")
    stale.write_bytes(b'{"half')
    db.with_name("annotations.json.bak.tmp").write_bytes(b"x")
    store = AnnotationStore(db)
    assert not stale.exists() and not db.with_name("annotations.json.bak.tmp").exists()
    assert store.recovery_message is None and store.get(SHA_A, "report") is not None


# --------------------------------------------------------------------------- recovery


def _two_saves(db: Path) -> None:
    """main = {1, 2}; .bak = {1}; journal empty (each close folds it into the snapshot)."""
    store = AnnotationStore(db)
    store.save(_ann("finding:1", comment="备份里的批注"))
    store.close()
    store = AnnotationStore(db)
    store.save(_ann("finding:2"))
    store.close()


def _truncated(db: Path) -> bytes:
    return db.read_bytes()[: len(db.read_bytes()) // 2]


BAD_FILES = {
    "empty": lambda db: b"",
    "whitespace": lambda db: b"  \n",
    "truncated": _truncated,
    "garbage": lambda db: b"\x00\x01garbage\xff\xfe not json",
    "not-utf8": lambda db: '{"annotations": {"1": {"comment": "中文"}}}'.encode("gbk"),
    "wrong-shape": lambda db: b"[1, 2, 3]",
    "wrong-table-shape": lambda db: b'{"annotations": [1, 2]}',
}


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_bad_db_is_moved_aside_and_backup_restored(db: Path, kind: str) -> None:
    _two_saves(db)
    bad = BAD_FILES[kind](db)
    db.write_bytes(bad)
    store = AnnotationStore(db)  # must not raise
    assert store.recovery_message and "备份恢复" in store.recovery_message
    got = store.get(SHA_A, "finding:1")
    assert got is not None and got.comment == "备份里的批注"
    asides = list(db.parent.glob("annotations.json.corrupt-*"))
    assert len(asides) == 1 and asides[0].read_bytes() == bad
    assert asides[0].name in store.recovery_message
    # The store goes on working and the main file is good again.
    store.save(_ann("finding:3"))
    again = AnnotationStore(db)
    assert again.recovery_message is None
    assert set(again.for_report(SHA_A)) == {"finding:1", "finding:3"}


def test_bad_db_without_backup_starts_empty(db: Path) -> None:
    db.write_bytes(b'{"annotations": {"1": {"sha')
    store = AnnotationStore(db)
    assert store.recovery_message and "没有可用的备份" in store.recovery_message
    assert store.all() == []
    store.save(_ann("report"))
    assert len(AnnotationStore(db).all()) == 1


def test_bad_db_and_bad_backup_start_empty(db: Path) -> None:
    _two_saves(db)
    db.write_bytes(b"")
    db.with_name("annotations.json.bak").write_bytes(b"\xff")
    store = AnnotationStore(db)
    assert store.recovery_message and store.all() == []
    assert len(list(db.parent.glob("annotations.json.corrupt-*"))) == 1


def test_missing_db_with_backup_is_restored(db: Path) -> None:
    """A crash between moving a bad file aside and restoring leaves only .bak behind."""
    _two_saves(db)
    db.unlink()
    store = AnnotationStore(db)
    assert store.recovery_message and "备份" in store.recovery_message
    assert set(store.for_report(SHA_A)) == {"finding:1"}
    assert db.is_file()


def test_corruption_found_later_is_recovered_too(db: Path) -> None:
    store = AnnotationStore(db)
    store.save(_ann("finding:1"))
    store.save(_ann("finding:2"))
    db.write_bytes(b"{")  # e.g. a sync tool wrote half a file while the window was open
    # The snapshot is set aside; both saves are still in the journal, so nothing is lost.
    assert set(store.for_report(SHA_A)) == {"finding:1", "finding:2"}
    assert store.recovery_message


# --------------------------------------------------------------------------- schema


def _raw(db: Path) -> dict:
    return json.loads(db.read_text("utf-8"))


def test_schema_version_is_stored(db: Path) -> None:
    AnnotationStore(db).save(_ann("report"))
    assert list(_raw(db)["meta"].values()) == [{"schema_version": annotations.SCHEMA_VERSION}]


def test_legacy_db_without_meta_is_stamped(db: Path) -> None:
    doc = _ann("report").to_doc()
    db.write_text(json.dumps({"annotations": {"1": doc}}, ensure_ascii=False), "utf-8")
    store = AnnotationStore(db)
    assert store.get(SHA_A, "report") is not None
    assert list(_raw(db)["meta"].values())[0]["schema_version"] == annotations.SCHEMA_VERSION


def test_migration_hook_runs_on_open(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    AnnotationStore(db).save(_ann("report", status="", comment="old"))

    def next_version(tables: dict) -> None:
        for d in tables["annotations"].values():
            d["status"] = d["status"] or "待核实"

    current = annotations.SCHEMA_VERSION
    monkeypatch.setattr(annotations, "SCHEMA_VERSION", current + 1)
    monkeypatch.setitem(annotations.MIGRATIONS, current, next_version)
    store = AnnotationStore(db)
    got = store.get(SHA_A, "report")
    assert got is not None and got.status == "待核实"
    assert list(_raw(db)["meta"].values())[0]["schema_version"] == current + 1


def test_newer_schema_is_not_stamped_down(db: Path) -> None:
    doc = _ann("report").to_doc()
    newer = {"annotations": {"1": {**doc, "future_field": 1}}, "meta": {"1": {"schema_version": 99}}}
    db.write_text(json.dumps(newer), "utf-8")
    store = AnnotationStore(db)
    assert store.get(SHA_A, "report") is not None  # unknown fields are ignored
    store.save(_ann("finding:x"))
    assert list(_raw(db)["meta"].values())[0]["schema_version"] == 99


# --------------------------------------------------------------------------- two processes


def _writer(db: str, who: str, n: int) -> None:
    store = AnnotationStore(Path(db))
    for i in range(n):
        store.save(_ann(cell_target("applications", who, str(i)), comment=f"{who}{i}"))


def test_two_processes_do_not_lose_updates(db: Path) -> None:
    ctx = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    procs = [ctx.Process(target=_writer, args=(str(db), who, 100)) for who in ("p1", "p2")]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    store = AnnotationStore(db)
    notes = store.for_report(SHA_A)
    assert len(notes) == 200
    assert notes["cell:applications:p2:99"].comment == "p299"
    assert store.recovery_message is None


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_saves_keep_the_db_permissions(db: Path) -> None:
    store = AnnotationStore(db)
    store.save(_ann("finding:1"))
    db.chmod(0o660)  # e.g. a db shared by a review team
    store.save(_ann("finding:2"))
    assert db.stat().st_mode & 0o777 == 0o660
