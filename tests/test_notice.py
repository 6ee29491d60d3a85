"""The 退回意见 / 复核意见 DOCX, read back with python-docx, and the reviewer's notes carried
over to a revision (``check --store … --notice``). The report is a real one (沭阳县 2025)
with two faults planted; its revision corrects one."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import docx

from core.annotations import Annotation, AnnotationStore, finding_target
from core.pipeline import check_file
from tests.test_versions import _versions

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str) -> tuple[int, list[dict], str]:
    proc = subprocess.run(
        [sys.executable, "main.py", "check", "--json", "--quiet", *args],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=300,
    )
    return proc.returncode, [json.loads(line) for line in proc.stdout.splitlines()], proc.stderr


def _noted_store(tmp_path: Path, v1: Path) -> Path:
    """The reviewer's notes on the first version: 复议 总计 需整改, 予以公开 已确认, the
    narrative warning dismissed."""
    db = tmp_path / "store.json"
    rep = check_file(v1)
    by_rule = {f.rule: f for f in rep.findings}
    with AnnotationStore(db) as store:
        for rule, status, comment in (("review_sum", "需整改", "行政复议总计应为 61"),
                                      ("row_sum", "已确认", "予以公开一行总计与分项不符"),
                                      ("narrative_table", "已排除", "正文口径含上年结转，不算错误")):
            store.save(Annotation(rep.sha256, finding_target(by_rule[rule].id), status, comment, reviewer="王审阅"))
    return db


def _text(document: docx.document.Document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += ["|".join(c.text for c in row.cells) for row in table.rows]
    return "\n".join(parts)


def test_return_notice_lists_the_confirmed_findings_with_their_places(tmp_path: Path) -> None:
    v1, _ = _versions(tmp_path)
    db = _noted_store(tmp_path, v1)
    out = tmp_path / "退回意见.docx"
    code, (rep,), err = _run(str(v1), "--store", str(db), "--notice", str(out))
    assert "退回意见已写出" in err
    document = docx.Document(str(out))
    text = _text(document)
    assert document.paragraphs[0].text == "关于《沐阳县人民政府2025年政府信息公开工作年度报告》的退回意见"
    assert "存在以下 2 个问题，现予退回" in text
    (table,) = document.tables
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == ["序号", "位置", "问题类型", "问题说明", "审阅意见"]
    by_comment = {r[4]: r for r in rows[1:]}
    review = by_comment["行政复议总计应为 61"]
    finding = next(f for f in rep["findings"] if f["rule"] == "review_sum")
    assert review[1] == f"第{finding['loc']['line']}行" and review[3] == finding["message"]
    assert "予以公开一行总计与分项不符" in by_comment
    # What the reviewer dismissed is not sent back.
    assert "正文口径含上年结转" not in text


def test_revision_notice_says_what_was_fixed_and_what_remains(tmp_path: Path) -> None:
    v1, v2 = _versions(tmp_path)
    db = _noted_store(tmp_path, v1)
    out = tmp_path / "复核意见.docx"
    code, reps, err = _run(str(v1), str(v2), "--store", str(db), "--notice", str(out))
    assert "复核意见已写出" in err
    first, second = reps
    # The notes carried over by finding id, marked as the older version's.
    notes = {f["rule"]: f.get("note") for f in second["findings"]}
    assert notes["row_sum"] is not None and notes["row_sum"]["status"] == "已确认"
    assert notes["row_sum"]["inherited_from"] == first["sha256"] and notes["row_sum"]["by"] == "王审阅"
    assert [f["rule"] for f in second["fixed"]] == ["review_sum"]
    document = docx.Document(str(out))
    text = _text(document)
    assert document.paragraphs[0].text.endswith("的复核意见")
    assert "已整改 1 项，仍存在 3 项，新出现 0 项" in text
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[1:4] == ["一、已整改的问题", "二、仍存在的问题", "三、新出现的问题"]
    fixed_table = document.tables[0]
    assert [c.text for c in fixed_table.rows[1].cells][2] == "复议诉讼合计不符"
    persisting = {row.cells[2].text for row in document.tables[1].rows[1:]}
    assert {"行合计不符", "总计与分项不符"} <= persisting
    assert "（无）" in text  # nothing new


def test_notice_refuses_two_different_reports(tmp_path: Path) -> None:
    v1, _ = _versions(tmp_path)
    other = ROOT / "tests" / "corpus" / "real" / "2024_fujian-pingtan-zone.txt"
    code, _, err = _run(str(v1), str(other), "--notice", str(tmp_path / "x.docx"))
    assert code == 2 and "--notice 只用于一份报告" in err
    assert not (tmp_path / "x.docx").exists()
