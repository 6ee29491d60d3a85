"""The reviewer's year pairs in the store: kept by sha256, with history, undoable, locked
with the report (issue 11)."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.annotations import AnnotationStore, ReportLocked


def test_pairs_by_hand_are_kept_with_history(tmp_path: Path) -> None:
    path = tmp_path / "annotations.json"
    store = AnnotationStore(path)
    paired = store.set_pair("cur", "prev", "2024.pdf", "2023.pdf", by="李审阅")
    store.set_pair("other", None, "2024_city.pdf", by="李审阅")
    assert store.manual_pairs() == {"cur": "prev", "other": None}
    with pytest.raises(ValueError):
        store.set_pair("cur", "cur")
    # Undo of the pairing: back to automatic (no entry), redo: paired again.
    store.revert(paired)
    assert store.manual_pairs() == {"other": None}
    store.reapply(paired)
    store.clear_pair("other")
    assert store.manual_pairs() == {"cur": "prev"}
    history = [(h.target, h.field, h.old, h.new, h.by) for h in store.history("cur")]
    assert history[0] == ("pair", "pair", "自动", "2023.pdf（prev）", "李审阅")
    assert [h[3] for h in history] == ["2023.pdf（prev）", "自动", "2023.pdf（prev）"]
    assert [(h.old, h.new) for h in store.history("other")] == [("自动", "不配对"), ("不配对", "自动")]
    # A signed report's pairing is part of what was signed.
    store.sign("cur", "无问题", "李审阅", "王复核")
    with pytest.raises(ReportLocked):
        store.set_pair("cur", None)
    store.close()
    again = AnnotationStore(path)
    assert again.manual_pairs() == {"cur": "prev"}
    again.close()
