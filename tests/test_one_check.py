"""One check (core/check.py) for the first reading and every re-check; ids given there and
nowhere else; the rules' knowledge from rules.toml and the formats; one atomic writer."""

from __future__ import annotations

import copy
import json
import pickle
from pathlib import Path

import pytest

from core.atomic import write_atomically
from core.check import add_cross_year, check
from core.crossyear import pair_years
from core.document import IMAGE_SUFFIXES, SOURCE_SUFFIXES
from core.formats import load_formats, standard_tables, table_ids
from core.labels import TABLE_SHORT, TABLE_TITLES
from core.model import Finding, Loc, Report
from core.numbers import number_text
from core.pipeline import analyze
from core.rules.registry import ARITHMETIC_RULES, SETTLED_BY_CORRECTION, TEXT_ARITHMETIC_RULES, load_rules
from tests.corpus import real, seed_files

HONGZE = real("2023_huaian-hongze-district.pdf")
PINGTAN = (real("2024_fujian-pingtan-zone.txt"), real("2023_fujian-pingtan-zone.txt"))
# Pairs with cross-year findings: year_jump; copied_text (three); year_jump on PDFs.
CROSS = [
    (real("2025_fujian-pingtan-zone.txt"), real("2024_fujian-pingtan-zone.txt")),
    (real("2010_fujian-pingtan-county-finance-bureau.txt"), real("2009_fujian-pingtan-county-finance-bureau.txt")),
    (real("2024_huaian-hongze-district.pdf"), HONGZE),
]


def _files() -> list[Path]:
    return [HONGZE, real("2024_huaian-city.pdf"), *PINGTAN, real("2019_shanghai-municipal-general-office.html"),
            *seed_files()[:3]]


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.name)
def test_a_recheck_without_corrections_is_the_first_reading(path: Path) -> None:
    """The first reading is the check with no corrections: checking its context again
    gives the same report, byte for byte, and the reading handed in is not changed."""
    a = analyze(path)
    first = json.dumps(a.report.to_dict(), ensure_ascii=False)
    assert a.context is not None
    reading = json.dumps(a.context.report.to_dict(), ensure_ascii=False)
    again = check(a)
    assert json.dumps(again.to_dict(), ensure_ascii=False) == first
    assert again is not a.report and again.findings is not a.report.findings
    assert json.dumps(a.report.to_dict(), ensure_ascii=False) == first
    assert json.dumps(a.context.report.to_dict(), ensure_ascii=False) == reading


def test_the_reading_runs_no_rule() -> None:
    """What the reading hands the check holds the reading's findings only (no arithmetic)."""
    a = analyze(HONGZE)
    assert a.context is not None
    rules = {f.rule for f in a.context.base_findings}
    assert not rules & ARITHMETIC_RULES
    assert {f.rule for f in a.report.findings} & ARITHMETIC_RULES  # the check found them


def test_to_dict_gives_no_ids() -> None:
    """Writing a report out changes nothing in it: a finding without an id keeps none (it
    is written with the basis's hash), and its report's other ids stay as they are."""
    f = Finding(rule="row_sum", severity="error", message="x", table="applications",
                cells=[("result.total", "total")], loc=Loc(start=3, end=9))
    twin = copy.copy(f)
    rep = Report(file="x.txt", sha256="", findings=[f, twin])
    d = rep.to_dict()
    assert f.id == "" and twin.id == ""
    assert d["findings"][0]["id"] == d["findings"][1]["id"] == f.key()


@pytest.mark.parametrize("pair", CROSS, ids=lambda p: p[0].name)
def test_cross_year_findings_get_their_ids_where_they_are_added(pair: tuple[Path, Path]) -> None:
    cur, prev = (analyze(p).report for p in pair)
    before = {f.id for f in cur.findings}
    add_cross_year([cur], [prev])
    added = [f for f in cur.findings if f.id not in before]
    assert added and all(f.id for f in cur.findings)
    assert len({f.id for f in cur.findings}) == len(cur.findings)


@pytest.mark.parametrize("pair", CROSS, ids=lambda p: p[0].name)
def test_the_check_takes_last_years_report_as_the_batch_does(pair: tuple[Path, Path]) -> None:
    """``check(…, previous=)`` and the batch's ``add_cross_year`` give the same findings."""
    cur, prev = (analyze(p) for p in pair)
    assert pair_years([cur.report], [prev.report]) == [(cur.report, prev.report)]
    one = check(cur, previous=prev.report).to_dict()["findings"]
    batch = pickle.loads(pickle.dumps(cur.report))
    add_cross_year([batch], [prev.report])
    assert one == batch.to_dict()["findings"]


# --------------------------------------------------------------------------- rules as data


def test_rule_knowledge_is_read_from_rules_toml(tmp_path: Path) -> None:
    assert TEXT_ARITHMETIC_RULES < ARITHMETIC_RULES
    assert "ocr_uncertain" not in ARITHMETIC_RULES and "ambiguous_digits" in SETTLED_BY_CORRECTION
    toml = tmp_path / "rules.toml"
    toml.write_text('[x]\nname = "x"\nseverity = "error"\ndescription = "x"\narithmetic = "text"\n'
                    'settled_by_correction = true\n', encoding="utf-8")
    spec = load_rules(toml)["x"]
    assert spec.arithmetic == "text" and spec.settled_by_correction
    toml.write_text('[x]\nname = "x"\nseverity = "error"\ndescription = "x"\narithmetic = "sum"\n',
                    encoding="utf-8")
    with pytest.raises(ValueError, match="arithmetic"):
        load_rules(toml)


def test_the_standard_tables_come_from_the_formats() -> None:
    ids = table_ids()
    assert ids == tuple(t.id for t in standard_tables())
    assert list(TABLE_SHORT) == list(TABLE_TITLES) == list(ids)
    for fmt in load_formats().values():
        assert set(fmt.tables) <= set(ids), fmt.id
    assert TABLE_SHORT["applications"] == "依申请"


def test_suffixes_and_numbers_have_one_home() -> None:
    assert set(IMAGE_SUFFIXES) < set(SOURCE_SUFFIXES)
    assert [number_text(v) for v in (None, 12.0, 12.5, 3, [1.0, 2])] == ["", "12", "12.5", "3", "1、2"]
    assert number_text(None, blank="空") == "空"


# --------------------------------------------------------------------------- the atomic writer


def test_a_failed_write_leaves_the_old_file_and_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "审阅表.csv"
    target.write_text("old", encoding="utf-8")

    def half(tmp: Path) -> None:
        tmp.write_text("half", encoding="utf-8")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_atomically(target, half)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]
    write_atomically(target, lambda tmp: tmp.write_text("new", encoding="utf-8"), mode=0o644)
    assert target.read_text(encoding="utf-8") == "new"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]
