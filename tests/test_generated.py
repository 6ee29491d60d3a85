"""Reports generated from known tables (tests/fixturegen.py), in every source kind.

For each kind × encoding/flattening: a consistent report reads back cell for cell, with the
right year, template, agency and date, and without a single finding; each injected fault
gives exactly the findings ``fixturegen`` says it must (same rules, right cells), and
nothing else.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from core.pipeline import check_file
from tests import fixturegen as fg

V = fg.Variant
VARIANTS = [
    V("txt-utf8-lines", "txt", (("encoding", "utf-8"), ("style", "lines"))),
    V("txt-utf8sig-pipes", "txt", (("encoding", "utf-8-sig"), ("style", "pipes"))),
    V("txt-gb18030-lines", "txt", (("encoding", "gb18030"), ("style", "lines"))),
    V("txt-gb18030-pipes", "txt", (("encoding", "gb18030"), ("style", "pipes"))),
    V("txt-big5-lines", "txt", (("encoding", "big5"), ("style", "lines"))),
    V("txt-utf16-pipes", "txt", (("encoding", "utf-16"), ("style", "pipes"))),
    V("txt-utf8-glued", "txt", (("encoding", "utf-8"), ("style", "glued"))),
    V("html-utf8", "html", (("charset", "utf-8"),)),
    V("html-gbk", "html", (("charset", "gbk"),)),
    V("docx", "docx"),
    V("pdf", "pdf"),
    V("pdf-long", "pdf", (("long_intro", True),)),
]
TEMPLATES = [("2021", 2023), ("2019", 2020)]
# The encoding the contract names for what each writer wrote.
REPORTED_ENCODING = {
    "utf-8": "utf-8",
    "utf-8-sig": "utf-8",
    "gb18030": "gb18030",
    "big5": "big5",
    "utf-16": "utf-16",
    "gbk": "gb18030",
}

# Engine bugs: (variant, template, fault) -> precise description, marked xfail(strict).
# Empty now: the blank cells of line-by-line text and the prose of part 四 are read.
ENGINE_BUGS: dict[tuple[str, str, str], str] = {}


def _spec(variant: fg.Variant, template: str, year: int) -> fg.ReportSpec:
    return fg.consistent(
        template, year, seed=7 if template == "2021" else 11, glued_safe=variant.opt("style") == "glued"
    )


def _check(variant: fg.Variant, spec: fg.ReportSpec, tmp_path: Path) -> dict[str, Any]:
    path = variant.write(spec, tmp_path / f"report{variant.suffix}")
    return check_file(path).to_dict()


def _assert_read_back(spec: fg.ReportSpec, rep: dict[str, Any], variant: fg.Variant) -> None:
    assert rep["error"] is None, rep["error"]
    assert rep["template"] == spec.template
    assert rep["year"] == spec.year
    assert rep["agency"] == spec.agency
    assert rep["published"] == spec.published.isoformat()
    assert rep["source_format"] == variant.kind
    enc = variant.opt("encoding") or variant.opt("charset")
    assert rep["encoding"] == (REPORTED_ENCODING[enc] if enc else None)
    wrong = []
    for table, rows in spec.tables.items():
        got_rows = rep["tables"].get(table, {})
        assert set(got_rows) == set(rows), f"{table}: rows {sorted(set(got_rows) ^ set(rows))}"
        for row, cols in rows.items():
            for col, value in cols.items():
                cell = got_rows[row].get(col)
                want = None if isinstance(value, str) or value is None else value
                got = cell["value"] if cell else "ABSENT"
                if isinstance(want, float) and isinstance(got, int | float):
                    ok = abs(got - want) < 1e-6
                else:
                    ok = got == want and type(got) is type(want)
                if not ok:
                    wrong.append((table, row, col, value, got, cell and cell["raw"]))
    assert not wrong, wrong
    assert {s["id"] for s in rep["sections"] if s["found"]} == set(spec.sections)


def _assert_findings(expected: list[fg.Expect], rep: dict[str, Any]) -> None:
    findings = list(rep["findings"])
    unmatched = []
    for exp in expected:
        hit = next((f for f in findings if exp.matches(f)), None)
        if hit is None:
            unmatched.append(exp)
        else:
            findings.remove(hit)
    summary = [(f["rule"], f["severity"], f["cells"][:4], f["message"][:100]) for f in rep["findings"]]
    assert not unmatched, f"missing {unmatched}; got {summary}"
    assert not findings, (
        f"unexpected findings {[(f['rule'], f['severity'], f['cells'][:4]) for f in findings]}"
    )


CASES = [pytest.param(v, tpl, year, id=f"{v.name}-{tpl}") for v in VARIANTS for tpl, year in TEMPLATES]


@pytest.mark.parametrize(("variant", "template", "year"), CASES)
def test_consistent(variant: fg.Variant, template: str, year: int, tmp_path: Path) -> None:
    spec = _spec(variant, template, year)
    rep = _check(variant, spec, tmp_path)
    _assert_read_back(spec, rep, variant)
    _assert_findings([], rep)


def _fast_variant(template_index: int, fault_index: int, fault: str, template: str) -> str:
    """The one variant a (template, fault) pair runs on in the fast tier (-m "not slow"):
    rotated over the variants it applies to, so the fast tier still has every fault and
    every source kind; the whole cross product runs in the full suite."""
    usable = [v.name for v in VARIANTS if fg.applies(fault, template, v.kind, v.opt("style"))]
    return usable[(fault_index + 5 * template_index) % len(usable)]


def _fault_cases() -> list[Any]:
    out = []
    for v in VARIANTS:
        for ti, (tpl, year) in enumerate(TEMPLATES):
            for fi, name in enumerate(fg.FAULTS):
                if not fg.applies(name, tpl, v.kind, v.opt("style")):
                    continue
                marks = []
                bug = ENGINE_BUGS.get((v.name, tpl, name))
                if bug:
                    marks.append(pytest.mark.xfail(strict=True, reason=bug))
                if v.name != _fast_variant(ti, fi, name, tpl):
                    marks.append(pytest.mark.slow)
                out.append(pytest.param(v, tpl, year, name, id=f"{v.name}-{tpl}-{name}", marks=marks))
    return out


@pytest.mark.parametrize(("variant", "template", "year", "fault"), _fault_cases())
def test_fault(variant: fg.Variant, template: str, year: int, fault: str, tmp_path: Path) -> None:
    spec, expected = fg.FAULTS[fault](_spec(variant, template, year))
    if variant.opt("style") == "glued":
        assert fg.glued_unique(spec), "the fault made a glued row ambiguous: pick another seed"
    rep = _check(variant, spec, tmp_path)
    _assert_read_back(spec, rep, variant)
    _assert_findings(expected, rep)


def test_glued_ambiguous(tmp_path: Path) -> None:
    """Glued digits that split two ways: ambiguous_digits, the row's cells null (never a
    guessed split), and no row_sum / column_sum / balance over them."""
    spec, expected = fg.fault_glued_ambiguous(_spec(VARIANTS[6], "2021", 2023))
    amb = fg.ambiguous_rows(spec)
    assert amb and len(expected) == len(amb)
    path = fg.write_txt(spec, tmp_path / "amb.txt", style="glued")
    rep = check_file(path).to_dict()
    for rid in amb:
        assert all(c["value"] is None for c in rep["tables"]["applications"][rid].values()), rid
    _assert_findings(expected, rep)
