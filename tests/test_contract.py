"""The machine contract of `main.py check --json` (../shared/spec/output-contract.md):
every object has the contract's fields with the contract's types and ids."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from core.formats import load_formats
from tests.corpus import corpus_path, seed, seed_files

ROOT = Path(__file__).resolve().parents[1]
SEEDS = corpus_path("seeds")
REAL = corpus_path("real")

RULES = {
    "section_missing", "missing_row", "blank_cell", "not_a_number", "row_sum", "column_sum", "balance",
    "review_sum", "narrative_sum", "narrative_table", "template_outdated", "late_publication",
    "fee_disclosure_missing", "negative_value", "section_empty", "carry_over", "in_force_rollforward",
    "year_jump", "copied_text", "duplicate_content", "no_text_layer",
    # our additions (the contract allows more)
    "missing_table", "ambiguous_digits", "row_misaligned",
    # the reuse rules (contract addition of 2026-12-07)
    "text_reused", "text_common", "tables_unchanged",
}
SECTION_IDS = {"overview", "proactive", "applications", "fees", "reviews", "problems", "other"}


def _check(paths: list[str]) -> tuple[subprocess.CompletedProcess[str], list[dict]]:
    proc = subprocess.run([sys.executable, "main.py", "check", "--json", *paths], cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8", timeout=300)
    return proc, [json.loads(line) for line in proc.stdout.splitlines()]


def _loc_ok(loc: dict | None) -> bool:
    if loc is None:
        return True
    if "page" in loc:
        return isinstance(loc["page"], int) and loc["page"] >= 1 and (
            loc["bbox"] is None or (len(loc["bbox"]) == 4 and loc["bbox"][0] <= loc["bbox"][2]
                                    and loc["bbox"][1] <= loc["bbox"][3]))
    return isinstance(loc["start"], int) and isinstance(loc["end"], int) and 0 <= loc["start"] <= loc["end"]


def test_seeds_and_real_follow_the_contract() -> None:
    proc, reps = _check([str(SEEDS), str(REAL)])
    assert "Traceback" not in proc.stderr
    assert len(reps) >= 5
    formats = load_formats()
    for rep in reps:
        assert set(rep) >= {"file", "sha256", "source_format", "encoding", "template", "agency", "year",
                            "published", "sections", "tables", "findings", "error"}
        assert len(rep["sha256"]) == 64
        assert rep["template"] in ("2008", "2019", "2021", "unknown")
        if rep["error"]:
            continue
        assert rep["source_format"] in ("pdf", "html", "txt", "docx")
        assert (rep["encoding"] is None) == (rep["source_format"] in ("pdf", "docx"))
        assert rep["published"] is None or len(rep["published"]) == 10
        for sec in rep["sections"]:
            assert sec["id"] in SECTION_IDS and isinstance(sec["found"], bool) and _loc_ok(sec["loc"])
        fmt = formats.get(rep["template"])
        for table_id, rows in rep["tables"].items():
            tdef = fmt.tables[table_id]
            row_ids = {r.id for r in tdef.rows}
            for row_id, cols in rows.items():
                assert row_id in row_ids
                assert set(cols) <= {c.id for c in tdef.row(row_id).columns}
                for cell in cols.values():
                    assert set(cell) >= {"value", "raw", "unit", "loc"}
                    assert cell["value"] is None or isinstance(cell["value"], int | float)
                    assert isinstance(cell["raw"], str) and cell["unit"] in (None, "元", "万元")
                    assert _loc_ok(cell["loc"])
        for f in rep["findings"]:
            assert f["rule"] in RULES, f["rule"]
            assert f["severity"] in ("error", "warning", "info")
            assert f["message"] and f["table"] in (None, "article20", "applications", "reviews")
            assert all(len(c) == 2 for c in f["cells"]) and _loc_ok(f["loc"])
    # Exit status: some real reports hold arithmetic errors.
    assert proc.returncode == 1


def test_text_locations_point_at_the_cells() -> None:
    """A cell's loc is the place of its raw text in the decoded text the viewer shows."""
    from core.pipeline import analyze

    for path in seed_files():
        result = analyze(path)
        text = result.document.text
        for rows in result.report.tables.values():
            for cols in rows.values():
                for cell in cols.values():
                    if cell.raw and cell.loc and cell.status == "ok" and not cell.inferred:
                        shown = text[cell.loc.start:cell.loc.end]
                        assert shown.replace(" ", "") == cell.raw.replace(" ", ""), (path.name, cell)


def test_human_output_and_exit_codes(tmp_path: Path) -> None:
    consistent = seed("003_8892f81a886242bc.txt")
    faulty = seed("001_4b7f8a35ff48d5ae.txt")
    ok = subprocess.run([sys.executable, "main.py", "check", str(consistent)], cwd=ROOT,
                        capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert ok.returncode == 0 and "格式 2019" in ok.stdout
    bad = subprocess.run([sys.executable, "main.py", "check", str(faulty)], cwd=ROOT,
                         capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert bad.returncode == 1 and "column_sum" in bad.stdout and "[错误]" in bad.stdout
    missing = subprocess.run([sys.executable, "main.py", "check", str(tmp_path / "nope.pdf")], cwd=ROOT,
                             capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert missing.returncode == 2 and "找不到" in missing.stderr
