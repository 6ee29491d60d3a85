"""Which program judged (issue 20 §6; contract "Every object names its judge"): the
engine_version on the report object, the batch object, the XLSX sheet's 概要 and the
HTML/PDF sheet's head — one string, which changes with the rule data."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl

from core.engine_version import engine_version, rules_digest
from core.export import export_html, export_xlsx
from core.pipeline import check_file
from tests.corpus import real


def test_every_output_names_the_judge(tmp_path: Path) -> None:
    rep = check_file(real("2024_fujian-pingtan-zone.txt"))
    version = engine_version()
    assert rules_digest()[:12] in version
    assert json.loads(json.dumps(rep.to_dict()))["engine_version"] == version
    export_xlsx([(rep, {})], tmp_path / "s.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "s.xlsx")["概要"]
    head = [c.value for c in ws[1]]
    assert ws.cell(2, head.index("检查程序版本") + 1).value == version
    export_html([(rep, {})], tmp_path / "s.html")
    assert f"检查程序：{version}" in (tmp_path / "s.html").read_text(encoding="utf-8")
