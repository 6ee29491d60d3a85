"""The rule registry: every rule the engine can emit is declared, with its words."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from types import SimpleNamespace

import pytest

from core.formats import load_formats
from core.labels import CELL_STATUS_LABELS
from core.model import CELL_STATUSES, SEVERITIES, Cell, Finding, Report
from core.rules import registry
from core.rules.registry import CROSS_YEAR_RULES, RULES, RuleSpec, load_rules, rule_name, rule_spec

ROOT = Path(__file__).resolve().parents[1]

# The "Rule ids" table of the output contract (output-contract.md), copied here so the
# test runs from a clone without the spec beside it.
CONTRACT_RULES = (
    "section_missing missing_row blank_cell not_a_number row_sum column_sum balance review_sum "
    "narrative_sum narrative_table template_outdated late_publication fee_disclosure_missing "
    "negative_value section_empty carry_over in_force_rollforward year_jump copied_text "
    "duplicate_content no_text_layer missing_table ambiguous_digits row_misaligned "
    "outline_unrecognised ocr_uncertain"
).split()


def _emitted_in_source() -> set[str]:
    """Every ``rule="…"`` literal and every rule id passed to a finding helper in core/."""
    ids: set[str] = set()
    for path in (ROOT / "core").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        ids |= set(re.findall(r"\brule\s*=\s*\"(\w+)\"", text))
        ids |= set(re.findall(r"(?:_sum_finding|_row_totals)\(\s*(?:ctx,\s*\"\w+\",\s*)?\"(\w+)\"", text))
        ids |= set(re.findall(r"default_severity\(\"(\w+)\"\)", text))
    # The sum rules are declared as data: which rows sum to which total.
    checks = (ROOT / "resources" / "rules" / "checks.toml").read_text(encoding="utf-8")
    ids |= set(re.findall(r"^rule\s*=\s*\"(\w+)\"", checks, flags=re.M))
    return ids


def test_every_rule_emitted_in_core_is_declared() -> None:
    emitted = _emitted_in_source()
    # The scan must see the rules it is meant to see, or it proves nothing.
    assert {"column_sum", "row_sum", "review_sum", "balance", "carry_over", "missing_row"} <= emitted
    assert emitted - set(RULES) == set()


def test_every_contract_rule_is_declared() -> None:
    assert set(CONTRACT_RULES) - set(RULES) == set()


def test_every_rule_in_the_hand_labels_is_declared() -> None:
    seen = set()
    for path in (ROOT / "tests" / "expected").rglob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        for key in ("faults", "optional_findings"):
            for f in data.get(key, []) if isinstance(data, dict) else []:
                if isinstance(f, dict) and "rule" in f:
                    seen.add(f["rule"])
    assert "column_sum" in seen
    assert seen - set(RULES) == set()


def test_specs_are_complete_and_chinese() -> None:
    for spec in RULES.values():
        assert isinstance(spec, RuleSpec)
        assert spec.severity in SEVERITIES
        assert re.search(r"[\u4e00-\u9fff]", spec.name) and len(spec.name) <= 10, spec
        assert re.search(r"[\u4e00-\u9fff]", spec.description) and "\n" not in spec.description, spec
        assert spec.table in (None, "article20", "applications", "reviews", "any"), spec
    names = [s.name for s in RULES.values()]
    assert len(names) == len(set(names)), "two rules share a Chinese name"


def test_api() -> None:
    assert rule_name("column_sum") == "总计与分项不符"
    assert rule_name("no_such_rule") == "no_such_rule"
    assert rule_spec("no_such_rule") is None
    spec = rule_spec("carry_over")
    assert spec is not None and spec.cross_year and spec.table == "applications"
    assert set(CROSS_YEAR_RULES) == {"carry_over", "in_force_rollforward", "year_jump", "copied_text",
                                     "tables_unchanged"}
    with pytest.raises(TypeError):
        RULES["x"] = spec  # type: ignore[index]


def test_cross_year_rules_match_the_cross_year_module() -> None:
    """Every rule core/crossyear.py emits is marked cross-year, and only those."""
    text = (ROOT / "core" / "crossyear.py").read_text(encoding="utf-8")
    assert set(re.findall(r"rule=\"(\w+)\"", text)) == set(CROSS_YEAR_RULES)


def test_rule_severities_are_the_declared_defaults() -> None:
    """A rule that repeats a severity literal instead of asking the registry is caught."""
    for name in ("tables.py", "compliance.py"):
        text = (ROOT / "core" / "rules" / name).read_text(encoding="utf-8")
        assert not re.search(r"severity=\"\w+\"", text), name


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ('[x]\nname = "甲"\nseverity = "fatal"\ndescription = "说明"\n', "severity"),
        ('[x]\nname = "甲"\nseverity = "error"\ntable = "tables"\ndescription = "说明"\n', "table"),
        ('[x]\nname = "甲"\nseverity = "error"\ndescription = "说明"\nlevel = 1\n', "unknown keys"),
    ],
)
def test_bad_declarations_are_refused(tmp_path: Path, body: str, error: str) -> None:
    path = tmp_path / "rules.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ValueError, match=error):
        load_rules(path)


def test_registry_file_is_the_bundled_resource() -> None:
    with (ROOT / "resources" / "rules" / "rules.toml").open("rb") as fh:
        assert list(tomllib.load(fh)) == list(RULES)
    assert registry.default_severity("negative_value") == "error"


def test_rules_doc_is_up_to_date() -> None:
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_rules_doc.py"), "--check"],
                          capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert proc.returncode == 0, proc.stderr
    doc = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    for spec in RULES.values():
        assert f"| `{spec.id}` | {spec.name} |" in doc


def test_every_cell_status_has_words() -> None:
    assert set(CELL_STATUS_LABELS) == set(CELL_STATUSES)
    assert CELL_STATUS_LABELS["blank"] == "空白"


def test_blank_message_names_columns_in_words() -> None:
    """article20 rows each have their own columns: a table-wide blank count must still name
    the column in words (it printed 「decisions」 when the first blank row lacked it)."""
    from core.rules.tables import cell_problems

    fmt = load_formats()["2021"]
    table = fmt.tables["article20"]
    # A table left wholly blank: 处理决定数量 (three rows) is the column blank most often,
    # and the first blank row (规章) has no such column.
    rows = {row.id: {c.id: Cell(None, "", status="blank") for c in row.columns} for row in table.rows}
    report = Report(file="x.txt", sha256="0", template="2021", tables={"article20": rows})
    found: list[Finding] = cell_problems(SimpleNamespace(fmt=fmt, report=report))  # type: ignore[arg-type]
    blank = next(f for f in found if f.rule == "blank_cell")
    assert "「decisions」" not in blank.message and not re.search(r"「[a-z_]+」", blank.message)
    assert "处理决定数量" in blank.message


def test_checks_data_names_real_rows_columns_and_dates() -> None:
    import datetime as dt

    from core.rules.checks import load_checks
    from core.rules.compliance import deadline_for

    checks = load_checks()
    for fmt_id in ("2019", "2021"):
        fmt = load_formats()[fmt_id]
        for spec in checks.row_totals:
            table = fmt.tables[spec.table]
            assert RULES[spec.rule].table == spec.table
            assert {spec.total, *spec.parts} <= {c.id for r in table.rows for c in r.columns}, spec
        ct = checks.column_total
        table = fmt.tables[ct.table]
        assert ct.total_row in {r.id for r in table.rows} and len(ct.part_rows(table)) >= 15
        rows = {r.id for r in fmt.tables[checks.balance.table].rows}
        assert {r for r, _ in (*checks.balance.left, *checks.balance.right)} <= rows
    assert deadline_for(2018) == dt.date(2019, 3, 31)
    assert deadline_for(2019) == dt.date(2020, 1, 31)  # without an agency: a department's
    assert deadline_for(2024) == dt.date(2025, 1, 31)
    assert deadline_for(2024, "淮安市洪泽区交通运输局") == dt.date(2025, 1, 31)
    assert deadline_for(2024, "平潭综合实验区") == dt.date(2025, 3, 31)  # a government's own report
    assert deadline_for(2018, "平潭综合实验区财政金融局") == dt.date(2019, 3, 31)  # 2008: one date for all
