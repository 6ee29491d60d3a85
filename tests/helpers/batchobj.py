"""Batch inputs for the batch outputs' tests: real reports' ``check --json`` objects, and a
batch object shaped exactly as the contract's "batch" addition (output-contract.md).

``real_batch()`` checks real reports of the corpus (the same function ``check --json`` prints
from) and assembles the batch object by hand: a roster of five bodies, one of which has no
report (缺报), one published after its deadline (逾期), scores deducting per finding with its
evidence. The numbers are made here on purpose, so the writers are tested against a known
object; the engine's own batch (core/batch) is tested on its branch.
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
    # (unit, category, report file or None, deadline)
    ("平潭综合实验区", "政府", "2024_fujian-pingtan-zone.txt", "2025-03-31"),
    ("淮安市洪泽区人民政府", "政府", "2024_huaian-hongze-district.pdf", "2025-03-31"),
    ("淮安市人民政府", "政府", "2024_huaian-city.pdf", "2025-03-31"),
    ("上海市科学技术委员会", "部门", "2024_shanghai-stcsm-kewei.txt", "2025-01-31"),
    ("上海市=HYPERLINK(\"x\")局", "部门", None, "2025-01-31"),  # 缺报; a name that looks like a formula
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


def batch_from(reports: list[dict[str, Any]], roster: list[tuple[str, str, str | None, str]] = ROSTER,
               year: int = 2024) -> dict[str, Any]:
    by_name = {r["file"].replace("\\", "/").rsplit("/", 1)[-1]: r for r in reports}
    units: list[dict[str, Any]] = []
    for unit, category, name, deadline in roster:
        r = by_name.get(name) if name else None
        if r is None:
            units.append({"unit": unit, "category": category, "aliases": [], "status": "missing",
                          "reports": [], "deadline": deadline, "published": None,
                          "counts": {"error": 0, "warning": 0, "info": 0}, "review_state": "pending",
                          "score": 0.0, "provisional": False,
                          "deductions": [{"item": "按时报送", "points": -10.0, "evidence": [{"coverage": "missing"}]}],
                          "figures": {}})
            continue
        published = r.get("published")
        status = "date_unknown" if not published else ("late" if published > deadline else "submitted")
        counts = {s: sum(1 for f in r["findings"] if f["severity"] == s) for s in ("error", "warning", "info")}
        deductions = []
        if status == "late":
            deductions.append({"item": "按时发布", "points": -2.0, "evidence": [{"coverage": "late"}]})
        for f in r["findings"]:
            points = -1.0 if f["severity"] == "error" else -0.5
            deductions.append({"item": "数据准确", "points": points,
                               "evidence": [{"sha256": r["sha256"], "finding": f["id"]}]})
        score = max(0.0, 10.0 + sum(d["points"] for d in deductions))
        received = (r.get("tables", {}).get("applications", {}).get("new_received", {})
                    .get("total", {}).get("value"))
        units.append({"unit": unit, "category": category, "aliases": [], "status": status,
                      "reports": [r["sha256"]], "deadline": deadline, "published": published,
                      "counts": counts, "review_state": "pending", "score": score,
                      "provisional": bool(r["findings"]), "deductions": deductions,
                      "figures": {"applications_received": received} if received is not None else {}})
    # Ranks per category among scored units that are not missing; equal scores equal rank.
    for cat in {u["category"] for u in units}:
        ranked = sorted((u for u in units if u["category"] == cat and u["status"] != "missing"),
                        key=lambda u: -u["score"])
        for u in ranked:
            u["rank"] = 1 + sum(1 for v in ranked if v["score"] > u["score"])
    matched = {s for u in units for s in u["reports"]}
    return {"batch": {"year": year, "engine_version": "test", "rubric": {"name": "测试细则", "file": None,
                                                                          "max_points": 10},
                      "units": units,
                      "unmatched_reports": [r["sha256"] for r in reports if r["sha256"] not in matched
                                            and r.get("year") == year],
                      "figures": {}}}


def real_batch() -> tuple[dict[str, Any], list[dict[str, Any]]]:
    names = [n for _, _, n, _ in ROSTER if n] + PREVIOUS
    reports = check_reports(names)
    return batch_from(reports), reports
