"""The reviewer's year pairs in the store: kept by sha256, with history, undoable, locked
with the report (issue 11)."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.annotations import AnnotationStore, ReportLocked


def test_pairs_by_hand_are_kept_with_history(tmp_path: Path) -> None:
    path = tmp_path / "annotations.json"
    store = AnnotationStore(path)
    store.set_pair("cur", "prev", "2024.pdf", "2023.pdf", by="李审阅")
    store.set_pair("other", None, "2024_city.pdf", by="李审阅")
    assert store.manual_pairs() == {"cur": "prev", "other": None}
    with pytest.raises(ValueError):
        store.set_pair("cur", "cur", by="李审阅")
    # The window's undo of the pairing (back to automatic), then its redo: recorded as such.
    store.clear_pair("cur", "李审阅", action="undo")
    assert store.manual_pairs() == {"other": None}
    store.set_pair("cur", "prev", "2024.pdf", "2023.pdf", by="李审阅", action="redo")
    store.clear_pair("other", "李审阅")
    assert store.manual_pairs() == {"cur": "prev"}
    history = [(h.target, h.field, h.old, h.new, h.by) for h in store.history("cur")]
    assert history[0] == ("pair", "pair", "自动", "2023.pdf（prev）", "李审阅")
    assert [h[3] for h in history] == ["2023.pdf（prev）", "自动", "2023.pdf（prev）"]
    assert [h.action for h in store.history("cur")] == ["", "undo", "redo"]
    assert [(h.old, h.new) for h in store.history("other")] == [("自动", "不配对"), ("不配对", "自动")]
    # A signed report's pairing is part of what was signed.
    store.sign("cur", "问题已说明", "李审阅", "王复核")
    with pytest.raises(ReportLocked):
        store.set_pair("cur", None, by="李审阅")
    store.close()
    again = AnnotationStore(path)
    assert again.manual_pairs() == {"cur": "prev"}
    again.close()


def test_check_with_the_store_follows_the_pairs_by_hand(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import hashlib
    import json

    from core.cli import run_check
    from core.model import Report
    from core.sheet import HISTORY_FIELDS, target_text
    from tests.corpus import real

    files = [str(real("2023_huaian-hongze-district.pdf")), str(real("2024_huaian-hongze-district.pdf"))]
    db = tmp_path / "annotations.json"

    def year_jumps() -> list[str]:
        run_check(["--json", "--jobs", "1", "--store", str(db), *files])
        reports = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]
        return [r["file"] for r in reports for f in r["findings"] if f["rule"] == "year_jump"]

    assert year_jumps() == [files[1]]  # 洪泽区 2024 ↔ 2023: one agency, paired automatically
    sha = hashlib.sha256(Path(files[1]).read_bytes()).hexdigest()
    store = AnnotationStore(db)
    store.set_pair(sha, None, "2024_huaian-hongze-district.pdf", by="李审阅")
    entry = store.history(sha)[-1]
    store.close()
    assert year_jumps() == []  # unpaired by hand in the window: not compared here either
    # The review record names the change in words.
    assert HISTORY_FIELDS[entry.field] == "跨年配对"
    assert target_text(Report(file=files[1], sha256=sha), entry.target) == "与上一年度报告的配对"
