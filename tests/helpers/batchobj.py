"""Batch inputs for the batch outputs' tests: real reports' ``check --json`` objects and the
batch object the engine (core/batch) makes of them with a roster of five bodies, one of which
has no report (缺报) and a name that looks like a spreadsheet formula.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.corpus import real

ROOT = Path(__file__).resolve().parents[2]

ROSTER = [
    # (unit, category, its report in the corpus or None, 别名, 截止日期 or "" for the law's)
    ("平潭综合实验区", "政府", "2024_fujian-pingtan-zone.txt", "", "2025-02-28"),  # published 03-10: 逾期
    ("淮安市洪泽区人民政府", "政府", "2024_huaian-hongze-district.pdf", "", ""),
    ("淮安市人民政府", "政府", "2024_huaian-city.pdf", "", ""),
    ("上海市科学技术委员会", "部门", "2024_shanghai-stcsm-kewei.txt", "上海市科委", ""),
    ("上海市=HYPERLINK(\"x\")局", "部门", None, "", ""),  # 缺报; a name that looks like a formula
    ("+洪泽区交通运输局", "部门", None, "", ""),  # 缺报
]
PREVIOUS = ["2023_fujian-pingtan-zone.txt", "2023_huaian-hongze-district.pdf"]


def check_reports(names: list[str]) -> list[dict[str, Any]]:
    """The report objects exactly as ``check --json`` prints them (the command itself is run)."""
    out = subprocess.run([sys.executable, "-X", "utf8", str(ROOT / "main.py"), "check", "--json",
                          *(str(real(n)) for n in names)],
                         capture_output=True, text=True, encoding="utf-8", cwd=ROOT, check=False)
    if out.returncode not in (0, 1):
        raise RuntimeError(f"check failed ({out.returncode}): {out.stderr[-2000:]}")
    return [json.loads(line) for line in out.stdout.splitlines() if line.strip()]


def write_roster(path: Path, roster: list[tuple[str, str, str | None, str, str]] = ROSTER) -> Path:
    """The roster as an office would keep it: a UTF-8 CSV with 单位名称, 类别, 别名, 截止日期."""
    lines = ["单位名称,类别,别名,截止日期"] + [f'"{u.replace(chr(34), chr(34) * 2)}",{c},{a},{d}'
                                          for u, c, _, a, d in roster]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def real_batch(folder: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The batch object of the real engine (core.batch) over real reports of 2024 and 2023 and
    the roster above (written into ``folder``), wrapped as ``batch --json`` prints it."""
    from core.batch.build import build_batch
    from core.batch.roster import load_roster

    names = [n for _, _, n, _, _ in ROSTER if n] + PREVIOUS
    reports = check_reports(names)
    roster = load_roster(write_roster(folder / "名册.csv"))
    return {"batch": build_batch(reports, 2024, roster, engine_version="test")}, reports
