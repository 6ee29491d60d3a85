"""Cross-year rules on real reports of one agency (平潭综合实验区, 2019–2025)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from core.crossyear import apply_cross_year
from core.pipeline import check_file
from core.rules.registry import rule_name
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


def test_cross_year_error_on_an_uncertain_reading_is_a_doubt_in_either_year(tmp_path: Path) -> None:
    """carry_over compares this year's 二、上年结转 with last year's 四、结转下年度. When
    either reading came from OCR with little confidence, the mismatch is an ocr_uncertain
    warning naming that cell (and, for last year's, that report), not an error; once the
    reviewer has confirmed the reading, the error stands again."""
    from core.model import CellCorrection

    text = real("2022_fujian-pingtan-zone.txt").read_text(encoding="utf-8")
    changed = tmp_path / "2022_changed.txt"
    changed.write_text(text.replace("上年结转政府信息公开申请数量 1000001", "上年结转政府信息公开申请数量 2000002"),
                       encoding="utf-8")

    def carry(cur_conf: float | None, prev_conf: float | None, confirmed: bool = False) -> tuple[set, list]:
        cur, prev = check_file(changed), check_file(real("2021_fujian-pingtan-zone.txt"))
        now = cur.tables["applications"]["carried_over"]["natural_person"]
        last = prev.tables["applications"]["carry_forward"]["natural_person"]
        if cur_conf is not None:
            now.ocr = {"confidence": cur_conf}
        if prev_conf is not None:
            last.ocr = {"confidence": prev_conf}
            if confirmed:
                last.corrected = CellCorrection(last.value, last.raw, "审阅人", "2026-11-29T23:30:00", "按原文确认")
        apply_cross_year([cur], [prev])
        # What the cross-year rule made of the 自然人 column (the changed figure also upsets
        # this year's balance, and the 总计 column has its own carry_over).
        found = [f for f in cur.findings if ("carried_over", "natural_person") in [tuple(c) for c in f.cells]
                 and (f.rule == "carry_over" or f"（{rule_name('carry_over')}）" in f.message)]
        return {(f.rule, f.severity) for f in found}, found

    assert carry(None, None)[0] == {("carry_over", "error")}
    assert carry(0.99, 0.99)[0] == {("carry_over", "error")}  # sure readings: the error stands
    rules, found = carry(0.61, None)
    assert rules == {("ocr_uncertain", "warning")}
    # The cells and the check in the format's and the registry's words, never their ids.
    assert "「自然人」识别为" in found[0].message and "0.61" in found[0].message
    assert "carried_over" not in found[0].message and "natural_person" not in found[0].message
    rules, found = carry(None, 0.58)
    assert rules == {("ocr_uncertain", "warning")}
    assert "2021 年度报告" in found[0].message and "「自然人」识别为" in found[0].message
    assert "0.58" in found[0].message and rule_name("carry_over") in found[0].message
    assert "carry_forward" not in found[0].message and "carry_over" not in found[0].message
    assert carry(None, 0.58, confirmed=True)[0] == {("carry_over", "error")}
