"""Real reports against hand-read labels (tests/expected/real and tests/expected/pdf):
metadata, every labelled cell, every fault, and no error the reader did not find."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.model import Report
from core.pipeline import check_file

REAL = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"
EXPECTED = Path(__file__).resolve().parent / "expected"


def _cases() -> list[Path]:
    out = []
    for folder in ("real", "pdf"):
        out.extend(sorted((EXPECTED / folder).glob("*.json")))
    return out


def _source(exp: dict) -> Path:
    name = exp["file"]
    return REAL / name


CASES = [c for c in _cases() if _source(json.loads(c.read_text(encoding="utf-8"))).is_file()]
_cache: dict[Path, tuple[dict, Report]] = {}


def _load(case: Path) -> tuple[dict, dict]:
    if case not in _cache:
        exp = json.loads(case.read_text(encoding="utf-8"))
        _cache[case] = (exp, check_file(_source(exp)))
    exp, rep = _cache[case]
    return exp, rep.to_dict()


def _severities(f: dict) -> set[str]:
    return set(f.get("severity_ok") or [f["severity"]])


def _cells(f: dict) -> set[tuple[str, str]]:
    return {tuple(c[-2:]) for c in f.get("cells") or []}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_metadata(case: Path) -> None:
    exp, rep = _load(case)
    assert rep["error"] is None
    assert rep["template"] == exp["template"]
    assert rep["year"] == exp["year"]
    if exp.get("excerpt"):
        return
    if exp.get("agency"):
        assert rep["agency"] in [exp["agency"], *exp.get("agency_alternatives", [])]
    if "published" in exp:
        assert rep["published"] in [exp["published"], *exp.get("published_alternatives", [])]


def _ambiguous_cells(exp: dict) -> set[tuple[str, str, str]]:
    out = set()
    for run in exp.get("ambiguous_runs", []):
        table, row = run.get("table"), run.get("row")
        for col in exp.get("tables", {}).get(table, {}).get(row, {}):
            out.add((table, row, col))
    return out


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_cells(case: Path) -> None:
    exp, rep = _load(case)
    if exp.get("excerpt") or not exp.get("tables"):
        return
    loose = _ambiguous_cells(exp)
    wrong = []
    for table, rows in exp["tables"].items():
        for row, cols in rows.items():
            for col, value in cols.items():
                cell = rep["tables"].get(table, {}).get(row, {}).get(col)
                got = cell["value"] if cell else "<missing>"
                if (table, row, col) in loose and got is None:
                    continue
                if got != value:
                    wrong.append((table, row, col, value, got))
    assert not wrong, wrong


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_faults_found(case: Path) -> None:
    exp, rep = _load(case)
    missing = []
    for fault in exp.get("faults", []):
        hits = [
            f for f in rep["findings"]
            if f["rule"] == fault["rule"]
            and f["severity"] in _severities(fault)
            and _cells(fault) <= _cells(f)
            and (fault.get("row") is None or any(c[0] == fault["row"] for c in f["cells"]) or not f["cells"])
        ]
        if fault.get("row") and fault["rule"] == "missing_row":
            hits = [f for f in hits if fault["row"] in f["message"] or any(c[0] == fault["row"] for c in f["cells"])]
        if not hits:
            missing.append(fault)
    assert not missing, missing


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_no_unexpected_errors(case: Path) -> None:
    exp, rep = _load(case)
    allowed = {f["rule"] for f in exp.get("faults", []) if "error" in _severities(f)}
    allowed |= {f["rule"] for f in exp.get("optional_findings", []) if f.get("severity") == "error"}
    unexpected = [f for f in rep["findings"] if f["severity"] == "error" and f["rule"] not in allowed]
    assert not unexpected, unexpected
    fault_rules = {f["rule"] for f in exp.get("faults", [])} | {f["rule"] for f in exp.get("optional_findings", [])}
    for trap in exp.get("must_not_fire", []):
        if trap["rule"] not in fault_rules:
            fired = [f for f in rep["findings"] if f["rule"] == trap["rule"]]
            assert not fired, (trap, fired)
