"""Cross-year rules on real reports of one agency (平潭综合实验区, 2019–2025)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from core.crossyear import apply_cross_year
from core.pipeline import check_file
from tests.corpus import real

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str) -> tuple[int, list[dict]]:
    proc = subprocess.run(
        [sys.executable, "main.py", "check", "--json", "--quiet", *args],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=120,
    )
    return proc.returncode, [json.loads(line) for line in proc.stdout.splitlines()]


def _rules(rep: dict) -> list[str]:
    return [f["rule"] for f in rep["findings"]]


def test_consistent_carry_over_gives_nothing() -> None:
    # 2021's 四、结转下年度 is 1 (自然人 1) and 2022's 二、上年结转 is 1: they agree.
    cur = check_file(real("2022_fujian-pingtan-zone.txt"))
    prev = check_file(real("2021_fujian-pingtan-zone.txt"))
    apply_cross_year([cur], [prev])
    assert not [f for f in cur.findings if f.rule == "carry_over"]


def test_carry_over_mismatch_found_with_previous(tmp_path: Path) -> None:
    text = (real("2022_fujian-pingtan-zone.txt")).read_text(encoding="utf-8")
    assert "上年结转政府信息公开申请数量 1000001" in text
    changed = tmp_path / "2022_changed.txt"
    changed.write_text(text.replace("上年结转政府信息公开申请数量 1000001", "上年结转政府信息公开申请数量 2000002"),
                       encoding="utf-8")
    code, reps = _run(str(changed), "--previous", str(real("2021_fujian-pingtan-zone.txt")))
    assert len(reps) == 1  # --previous reports are context, not output
    found = [f for f in reps[0]["findings"] if f["rule"] == "carry_over"]
    assert {tuple(c) for f in found for c in f["cells"]} == {("carried_over", "natural_person"),
                                                             ("carried_over", "total")}
    assert all(f["severity"] == "error" and f["expected"] == 1 and f["actual"] == 2 for f in found)
    assert code == 1


def test_folder_pairs_consecutive_years(tmp_path: Path) -> None:
    for year in (2009, 2010):
        shutil.copy(real(f"{year}_fujian-pingtan-county-finance-bureau.txt"), tmp_path)
    _, reps = _run(str(tmp_path))
    by_year = {r["year"]: r for r in reps}
    # 2010 is a near-verbatim copy of 2009 (MANIFEST): its prose is flagged, 2009's is not.
    copied = [f for f in by_year[2010]["findings"] if f["rule"] == "copied_text"]
    assert copied and all(f["severity"] == "warning" and f["actual"] >= 0.9 for f in copied)
    assert "copied_text" not in _rules(by_year[2009])


def test_series_has_no_false_cross_year_errors(tmp_path: Path) -> None:
    for year in range(2019, 2026):
        shutil.copy(real(f"{year}_fujian-pingtan-zone.txt"), tmp_path)
    _, reps = _run(str(tmp_path))
    assert len(reps) == 7
    for rep in reps:
        errors = [f for f in rep["findings"] if f["severity"] == "error"
                  and f["rule"] in ("carry_over", "in_force_rollforward")]
        assert not errors, (rep["file"], errors)
    # Tables are compared, never their own labels: no section is "copied" for its table.
    assert not any(f["rule"] == "copied_text" for rep in reps for f in rep["findings"])
