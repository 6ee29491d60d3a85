"""Cell values and glued digit runs (core/numbers.py), and how the engine uses them."""

from __future__ import annotations

import pytest

from core.numbers import Group, parse_cell, split_run
from core.pipeline import check_file
from tests.corpus import real

ROW = [Group(7, True)]


@pytest.mark.parametrize(
    ("raw", "value", "status", "unit"),
    [
        ("0", 0, "ok", None), ("1,234", 1234, "ok", None), ("-18", -18, "ok", None),
        ("768060元", 768060, "ok", "元"), ("43027665.50元", 43027665.5, "ok", "元"), ("12.5万元", 12.5, "ok", "万元"),
        ("", None, "blank", None), ("  ", None, "blank", None),
        ("/", None, "placeholder", None), ("—", None, "placeholder", None), ("-", None, "placeholder", None),
        ("无", None, "placeholder", None), ("——", None, "placeholder", None),
        ("见附件", None, "not_a_number", None), ("3-5", None, "not_a_number", None),
    ],
)
def test_parse_cell(raw: str, value: object, status: str, unit: str | None) -> None:
    p = parse_cell(raw)
    assert (p.value, p.status, p.unit) == (value, status, unit)


def test_unique_split_by_row_arithmetic() -> None:
    assert split_run(["713000074"], ROW) == [["71", "3", "0", "0", "0", "0", "74"]]
    assert split_run(["640020470"], ROW) == [["64", "0", "0", "2", "0", "4", "70"]]
    # A space in the source is a certain boundary.
    assert split_run(["500000", "5"], ROW) == [["5", "0", "0", "0", "0", "0", "5"]]
    # 复议/诉讼: three blocks of five, each 总计 the sum of four.
    assert split_run(["10203120001200000"], [Group(5, True)] * 3) == [
        ["1", "0", "2", "0", "3", "12", "0", "0", "0", "12", "0", "0", "0", "0", "0"]
    ]


def test_several_or_no_splits_are_not_guessed() -> None:
    assert len(split_run(["270020130"], ROW)) == 2
    assert split_run(["00000002"], ROW) == []  # 2 cannot be the sum of six zeros
    assert len(split_run(["693665"], [Group(3, False)])) == 2  # no arithmetic: many splits


def test_glued_report_cells_inferred_and_ambiguous_ones_pointed_at() -> None:
    rep = check_file(real("2021_fujian-pingtan-zone.txt"))
    new = rep.tables["applications"]["new_received"]
    assert [new[c].value for c in new] == [64, 0, 0, 2, 0, 4, 70]
    assert all(cell.inferred for cell in new.values())
    disclosed = rep.tables["applications"]["result.disclosed"]
    assert all(c.value is None and c.status == "ambiguous" for c in disclosed.values())
    amb = [f for f in rep.findings if f.rule == "ambiguous_digits" and f.cells[0][0] == "result.disclosed"]
    assert len(amb) == 1 and amb[0].severity == "warning"
    assert amb[0].candidates == [["2", "7", "0", "0", "20", "1", "30"], ["27", "0", "0", "2", "0", "1", "30"]]
    # The columns' (七)总计 and 勾稽关系 leave one reading; it is named, not filled in.
    assert "只有 27/0/0/2/0/1/30 相符" in amb[0].message
    # Inferred rows prove nothing about their own totals: no row_sum on them.
    assert not [f for f in rep.findings if f.rule == "row_sum"]
