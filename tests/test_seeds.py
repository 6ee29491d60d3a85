"""The five seed reports, checked against what a reviewer read in them by hand
(tests/expected/seeds/*.json: every cell value, every fault, the traps)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.pipeline import check_file
from tests.corpus import seed

EXPECTED = Path(__file__).resolve().parent / "expected" / "seeds"
CASES = sorted(EXPECTED.glob("*.json"))



def _load(case: Path) -> tuple[dict, dict]:
    exp = json.loads(case.read_text(encoding="utf-8"))
    rep = check_file(seed(exp["file"])).to_dict()
    return exp, rep


@pytest.fixture(scope="module", params=CASES, ids=[c.stem for c in CASES])
def case(request: pytest.FixtureRequest) -> tuple[dict, dict]:
    return _load(request.param)


def test_metadata(case: tuple[dict, dict]) -> None:
    exp, rep = case
    assert rep["error"] is None
    assert rep["template"] == exp["template"]
    assert rep["year"] == exp["year"]
    assert rep["agency"] == exp["agency"]
    assert rep["published"] == exp["published"]
    found = {s["id"] for s in rep["sections"] if s["found"]}
    assert set(exp["sections_found"]) <= found
    assert not (set(exp.get("sections_missing", [])) & found)


def test_every_cell(case: tuple[dict, dict]) -> None:
    exp, rep = case
    assert set(rep["tables"]) == set(exp["tables"])
    for table, rows in exp["tables"].items():
        assert set(rep["tables"][table]) == set(rows), table
        for row, cols in rows.items():
            for col, value in cols.items():
                cell = rep["tables"][table][row][col]
                assert cell["value"] == value, (table, row, col, cell["raw"])
                assert cell["loc"] is not None


def test_blank_cells(case: tuple[dict, dict]) -> None:
    exp, rep = case
    blank = {
        (t, r, c)
        for t, rows in rep["tables"].items()
        for r, cols in rows.items()
        for c, cell in cols.items()
        if cell["value"] is None
    }
    assert blank == {tuple(b) for b in exp["blank_cells"]}


def _cells(f: dict) -> set[tuple[str, str]]:
    # Expected files give cells as [row, col] or [table, row, col].
    return {tuple(c[-2:]) for c in f.get("cells") or []}


def test_each_fault_found(case: tuple[dict, dict]) -> None:
    exp, rep = case
    for fault in exp["faults"]:
        hits = [
            f
            for f in rep["findings"]
            if f["rule"] == fault["rule"]
            and f["severity"] in (fault.get("severity_ok") or [fault["severity"]])
            and _cells(fault) <= _cells(f)
            and (fault.get("actual") is None or f["actual"] == fault["actual"] or f["expected"] == fault["actual"])
        ]
        assert hits, f"not found: {fault}"


def test_no_false_errors(case: tuple[dict, dict]) -> None:
    """Every error finding is one the reviewer found; the traps stay silent."""
    exp, rep = case
    expected_rules = {f["rule"] for f in exp["faults"]}
    expected_rules |= {f["rule"] for f in exp.get("optional_findings", []) if f.get("severity") == "error"}
    for f in rep["findings"]:
        if f["severity"] == "error":
            assert f["rule"] in expected_rules, f
    for trap in exp.get("must_not_fire", []):
        if trap["rule"] not in expected_rules:
            assert not [f for f in rep["findings"] if f["rule"] == trap["rule"]], trap
