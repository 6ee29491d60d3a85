"""The batch (core/batch, `main.py batch`): rosters, matching, coverage, deadlines, scores with
their evidence, ranks per 类别, figures, the rubric, the report cache and engine_version, on
real reports of several bodies and years (tests/corpus/real) and hand-made rosters
(tests/corpus/batch)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from core.annotations import Annotation, AnnotationStore, finding_target
from core.batch.build import build_batch
from core.batch.deadlines import publisher_kind
from core.batch.matching import match_reports
from core.batch.roster import RosterError, Unit, load_roster, rows_to_roster
from core.batch.rubric import RubricError, default_rubric_path, load_rubric
from core.crossyear import apply_cross_year
from core.engine_version import engine_version, rules_digest
from core.pipeline import check_file, sha256_of
from tests.corpus import corpus_path, real

ROOT = Path(__file__).resolve().parents[1]

REPORTS_2024 = ["2024_fujian-pingtan-zone.txt", "2024_huaian-city.pdf", "2024_huaian-hongze-district.pdf",
                "2024_shanghai-stcsm-kewei.txt", "2023_fujian-pingtan-zone.txt", "2023_huaian-hongze-district.pdf"]
REPORTS_2021 = ["2021_fujian-pingtan-zone.txt", "2021_fujian-pingtan-finance-bureau.txt", "2020_fujian-pingtan-zone.txt"]
REPORTS_2011 = ["2011_fujian-pingtan-zone.txt", "2010_fujian-pingtan-county-finance-bureau.txt"]


def _dicts(names: list[str]) -> list[dict[str, Any]]:
    reps = [check_file(real(n)) for n in names]
    apply_cross_year(reps, [])
    return [r.to_dict() for r in reps]


@pytest.fixture(scope="module")
def reports_2024() -> list[dict[str, Any]]:
    return _dicts(REPORTS_2024)


@pytest.fixture(scope="module")
def reports_2021() -> list[dict[str, Any]]:
    return _dicts(REPORTS_2021)


def _roster(name: str):  # type: ignore[no-untyped-def]
    return load_roster(corpus_path(f"batch/{name}"))


def _unit(batch: dict[str, Any], name: str) -> dict[str, Any]:
    return next(u for u in batch["units"] if u["unit"] == name)


# ------------------------------------------------------------------ matching


def test_matching_keeps_a_government_its_office_and_departments_apart(reports_2024: list[dict[str, Any]]) -> None:
    batch = build_batch(reports_2024, 2024, _roster("roster_2024.csv"))
    hongze = _unit(batch, "洪泽区人民政府")
    # the roster's short name takes the report of 淮安市洪泽区人民政府 …
    assert [batch["reports"][s]["agency"] for s in hongze["reports"]] == ["淮安市洪泽区人民政府"]
    assert hongze["previous_reports"]  # and last year's (agency 洪泽区人民政府) for year-on-year
    # … and neither its 办公室 nor a department gets it: they are 缺报
    assert _unit(batch, "洪泽区人民政府办公室")["status"] == "missing"
    assert _unit(batch, "洪泽区交通运输局")["status"] == "missing"
    kewei = _unit(batch, "上海市科学技术委员会")  # by its alias 上海市科委
    assert kewei["status"] != "missing" and batch["reports"][kewei["reports"][0]]["matched_by"] == "alias"
    assert batch["unmatched_reports"] == []


def test_matching_short_roster_name_and_never_two_bodies_silently() -> None:
    units = [Unit("洪泽区交通运输局"), Unit("洪泽区人民政府"), Unit("洪泽区人民政府办公室"), Unit("淮安市交通运输局")]
    reps = [{"sha256": "a", "agency": "淮安市洪泽区交通运输局", "file": "a"},
            {"sha256": "b", "agency": "淮安市洪泽区人民政府办公室", "file": "b"},
            {"sha256": "c", "agency": "交通运输局", "file": "c"}]
    m = match_reports(units, reps)
    assert [r["sha256"] for r in m.by_unit["洪泽区交通运输局"]] == ["a"]
    assert [r["sha256"] for r in m.by_unit["洪泽区人民政府办公室"]] == ["b"]
    assert m.by_unit["洪泽区人民政府"] == [] and m.by_unit["淮安市交通运输局"] == []
    assert [r["sha256"] for r in m.unmatched] == ["c"] and "交通运输局" in m.messages[0]
    # Two roster units that both fit one report: it is left for the reviewer, named.
    twins = [Unit("洪泽区交通运输局"), Unit("淮安市洪泽区交通运输局", aliases=())]
    m = match_reports(twins, [{"sha256": "x", "agency": "洪泽区交通运输局", "file": "x"}])
    assert [r["sha256"] for r in m.by_unit["洪泽区交通运输局"]] == ["x"]  # the exact name wins
    m = match_reports([Unit("洪泽区交通运输局"), Unit("江苏省淮安市洪泽区交通运输局")],
                      [{"sha256": "y", "agency": "淮安市洪泽区交通运输局", "file": "y"}])
    assert m.unmatched and "多个名册单位" in m.messages[0]
    # Two bodies' reports that both fit one unit are never merged silently.
    reps = [{"sha256": s, "agency": a, "file": s, "year": 2024, "published": None}
            for s, a in (("p", "淮安市洪泽区交通运输局"), ("q", "洪泽区交通运输局"), ("r", "洪泽区交通运输局（洪泽区港航事业发展中心）"))]
    batch = build_batch(reps, 2024, rows_to_roster([["单位名称"], ["洪泽区交通运输局"]]))
    assert _unit(batch, "洪泽区交通运输局")["reports"] == ["p", "q", "r"]
    assert any("3 份2024年度报告" in m and "第一版" in m and "请核实是否同一单位" in m for m in batch["messages"])


def test_manual_match_from_the_store_is_used_and_undoable(tmp_path: Path, reports_2024: list[dict[str, Any]]) -> None:
    kewei = next(r for r in reports_2024 if r["agency"] == "上海市科委")
    store = AnnotationStore(tmp_path / "a.json")
    try:
        store.set_batch_fact(kewei["sha256"], "unit", "洪泽区交通运输局", by="张三")
        facts = store.batch_facts()
        batch = build_batch(reports_2024, 2024, _roster("roster_2024.csv"),
                            manual_matches={s: f["unit"] for s, f in facts.items() if "unit" in f})
        assert _unit(batch, "洪泽区交通运输局")["reports"] == [kewei["sha256"]]
        assert _unit(batch, "上海市科学技术委员会")["status"] == "missing"
        store.clear_batch_fact(kewei["sha256"], "unit", by="张三")  # the store records; it does not undo
        assert "unit" not in store.batch_facts().get(kewei["sha256"], {})
    finally:
        store.close()


# ------------------------------------------------------------------ coverage and deadlines


def test_publisher_kind_by_name_and_title() -> None:
    assert publisher_kind("平潭综合实验区") == "government"
    assert publisher_kind("淮安市洪泽区人民政府") == "government"
    assert publisher_kind("洪泽区人民政府办公室") == "department"
    assert publisher_kind("洪泽区人民政府办公室", "洪泽区人民政府2023年政府信息公开工作年度报告") == "government"
    # another body's report named in a list beside the text says nothing of this one
    assert publisher_kind("洪泽区交通运输局", "相关文章 洪泽区人民政府2023年政府信息公开工作年度报告") == "department"
    assert publisher_kind("岔河镇人民政府") == "township"
    assert publisher_kind("淮安市洪泽区交通运输局") == "department"


def test_late_under_the_default_deadline() -> None:
    """2011 (2008 regulation, 3月31日 for all): 平潭综合实验区 published 2012-04-11 is 逾期."""
    batch = build_batch(_dicts(REPORTS_2011), 2011, _roster("roster_pingtan.csv"))
    zone = _unit(batch, "平潭综合实验区")
    assert (zone["status"], zone["deadline"], zone["published"]) == ("late", "2012-03-31", "2012-04-11")
    assert "2008年条例" in zone["deadline_basis"]
    timely = next(d for d in zone["deductions"] if d["item_id"] == "timely")
    assert timely["evidence"] == [{"coverage": "late"}] and timely["points"] == -5
    assert _unit(batch, "平潭综合实验区教育与体育局")["status"] == "missing"


def test_government_in_time_by_default_late_under_a_changed_deadline(reports_2021: list[dict[str, Any]], tmp_path: Path) -> None:
    batch = build_batch(reports_2021, 2021, _roster("roster_pingtan.csv"))
    zone = _unit(batch, "平潭综合实验区")  # published 2022-02-08: a government's report, due 3月31日
    assert (zone["status"], zone["deadline"]) == ("submitted", "2022-03-31")
    assert _unit(batch, "平潭综合实验区财政金融局")["status"] == "submitted"  # 2022-01-13 ≤ 01-31
    missing = _unit(batch, "平潭综合实验区教育与体育局")
    assert missing["status"] == "missing" and "rank" not in missing and missing["score"] == 0
    assert missing["deductions"][0]["evidence"] == [{"coverage": "missing"}]
    # The office's own date for 本级政府 (the rubric per 类别) …
    rubric = tmp_path / "r.toml"
    rubric.write_text(default_rubric_path().read_text(encoding="utf-8").replace(
        '# "部门" = "01-20"', '"本级政府" = "02-01"'), encoding="utf-8")
    batch = build_batch(reports_2021, 2021, _roster("roster_pingtan.csv"), load_rubric(rubric))
    zone = _unit(batch, "平潭综合实验区")
    assert (zone["status"], zone["deadline"]) == ("late", "2022-02-01")
    # … the batch's default for 乡镇/街道 (a roster 类别 乡镇, or a town's name) …
    town = rows_to_roster([["单位名称", "类别"], ["平潭综合实验区", "乡镇"], ["岔河镇人民政府", ""]])
    assert {u["deadline"] for u in build_batch(reports_2021, 2021, town)["units"]} == {"2022-01-31"}
    rubric.write_text('batch_default_deadline = "02-15"\n' + rubric.read_text(encoding="utf-8"), encoding="utf-8")
    batch = build_batch(reports_2021, 2021, town, load_rubric(rubric))
    assert {u["deadline"] for u in batch["units"]} == {"2022-02-15"} and _unit(batch, "平潭综合实验区")["status"] == "submitted"
    # … and a roster's 截止日期 for one unit.
    roster = rows_to_roster([["单位名称", "截止日期"], ["平潭综合实验区", "2022-01-31"]])
    zone = _unit(build_batch(reports_2021, 2021, roster), "平潭综合实验区")
    assert (zone["status"], zone["deadline"]) == ("late", "2022-01-31") and "名册" in zone["deadline_basis"]


def test_date_unknown_costs_nothing_until_entered(reports_2024: list[dict[str, Any]]) -> None:
    batch = build_batch(reports_2024, 2024, _roster("roster_2024.csv"))
    city = _unit(batch, "淮安市人民政府")
    assert city["status"] == "date_unknown" and city["published"] is None
    assert not any(e.get("coverage") for d in city["deductions"] for e in d["evidence"])
    sha = city["reports"][0]
    batch = build_batch(reports_2024, 2024, _roster("roster_2024.csv"), published_facts={sha: "2025-04-02"})
    city = _unit(batch, "淮安市人民政府")
    assert (city["status"], city["published"]) == ("late", "2025-04-02")


# ------------------------------------------------------------------ scores


def _costing(batch: dict[str, Any], unit: str) -> list[dict[str, Any]]:
    return [e for d in _unit(batch, unit)["deductions"] for e in d["evidence"] if "finding" in e]


def test_confirmed_finding_costs_dismissed_does_not(reports_2024: list[dict[str, Any]]) -> None:
    base = build_batch(reports_2024, 2024, _roster("roster_2024.csv"))
    hongze = _unit(base, "洪泽区人民政府")
    evidence = _costing(base, "洪泽区人民政府")
    assert evidence and hongze["provisional"] is True and hongze["score"] < 10
    # every deduction names its evidence: the finding's id in the report it was found in
    rep = next(r for r in reports_2024 if r["sha256"] == hongze["reports"][0])
    ids = {f["id"]: f["rule"] for f in rep["findings"]}
    for e in evidence:
        assert e["sha256"] == rep["sha256"] and ids[e["finding"]] == e["rule"]

    def marked(status: str) -> list[dict[str, Any]]:
        out = json.loads(json.dumps(reports_2024))
        r = next(r for r in out if r["sha256"] == rep["sha256"])
        for f in r["findings"]:
            if f["id"] in {e["finding"] for e in evidence}:
                f["note"] = {"status": status, "comment": "", "by": "张三", "at": "2026-12-07T10:00:00+08:00"}
        return out

    confirmed = _unit(build_batch(marked("已确认"), 2024, _roster("roster_2024.csv")), "洪泽区人民政府")
    dismissed = _unit(build_batch(marked("已排除"), 2024, _roster("roster_2024.csv")), "洪泽区人民政府")
    assert confirmed["score"] == hongze["score"] < 10 and confirmed["provisional"] is False
    assert dismissed["score"] == 10 and dismissed["deductions"] == [] and dismissed["provisional"] is False


def test_caps_floor_and_ranks_per_category(reports_2024: list[dict[str, Any]], tmp_path: Path) -> None:
    rubric = tmp_path / "harsh.toml"
    rubric.write_text('max_points = 3\n[[item]]\nid = "all"\nname = "一切"\ncap = 100\n'
                      'rules = { ' + ", ".join(f"{r} = 2" for r in ("section_missing", "missing_row", "row_sum",
                                                                  "column_sum", "narrative_table", "blank_cell"))
                      + ' }\n[[item]]\nid = "x"\nname = "缺报"\ncap = 1\ncoverage = { missing = 5 }\n', encoding="utf-8")
    batch = build_batch(reports_2024, 2024, _roster("roster_2024.csv"), load_rubric(rubric))
    for u in batch["units"]:
        assert u["score"] >= 0
        for d in u["deductions"]:
            assert d["points"] >= -d["cap"]
    assert _unit(batch, "洪泽区交通运输局")["score"] == 2  # 缺报 costs 5, capped at 1
    batch = build_batch(reports_2024, 2024, _roster("roster_2024.csv"))
    by_cat: dict[str, list[dict[str, Any]]] = {}
    for u in batch["units"]:
        if u["status"] != "missing":
            by_cat.setdefault(u["category"], []).append(u)
    assert set(by_cat) == {"本级政府", "部门"}
    assert _unit(batch, "上海市科学技术委员会")["rank"] == 1  # the only 部门 with a report
    gov = sorted(by_cat["本级政府"], key=lambda u: -u["score"])
    assert [u["rank"] for u in gov][0] == 1
    for a, b in zip(gov, gov[1:], strict=False):  # equal scores, equal rank; else rank by position
        assert b["rank"] == (a["rank"] if a["score"] == b["score"] else gov.index(b) + 1)
    assert all("rank" not in u for u in batch["units"] if u["status"] == "missing")
    assert {u["band"] for u in batch["units"] if u["status"] == "missing"} == {"较差"}


# ------------------------------------------------------------------ figures


def test_figures_per_unit_batch_and_year_on_year(reports_2024: list[dict[str, Any]]) -> None:
    batch = build_batch(reports_2024, 2024, _roster("roster_2024.csv"))
    city = _unit(batch, "淮安市人民政府")
    app = next(r for r in reports_2024 if r["sha256"] == city["reports"][0])["tables"]["applications"]
    assert city["figures"]["applications_received"] == app["new_received"]["total"]["value"] == 3119
    share = (app["result.disclosed"]["total"]["value"] + app["result.partial"]["total"]["value"]) / app["result.total"]["total"]["value"]
    assert city["figures"]["disclosed_share"] == round(share, 4)
    assert "applications_received_yoy" not in city["figures"]  # no 2023 report of 淮安市 in the batch
    hongze = _unit(batch, "洪泽区人民政府")
    last = next(r for r in reports_2024 if r["sha256"] == hongze["previous_reports"][0])
    before = last["tables"]["applications"]["new_received"]["total"]["value"]
    assert hongze["figures"]["applications_received_yoy"] == round((95 - before) / before, 4)
    kewei = _unit(batch, "上海市科学技术委员会")  # 35 results: the 30 base holds; its 5 复议/诉讼 do not
    assert "correction_rate" in kewei["figures_small_base"] or "correction_rate" not in kewei["figures"]
    total = sum(u["figures"].get("applications_received", 0) for u in batch["units"])
    assert batch["figures"]["applications_received"] == total
    assert {f["id"] for f in batch["figure_defs"]} >= set(batch["figures"])
    assert all(f["name"] and f["formula"] for f in batch["figure_defs"])


# ------------------------------------------------------------------ bad input


def test_messy_roster_bad_rows_by_number_rest_used() -> None:
    roster = _roster("roster_messy_gbk.csv")
    assert [u.name for u in roster.units] == ["平潭综合实验区", "平潭综合实验区财政金融局", "平潭综合实验区教育与体育局"]
    texts = [p.text() for p in roster.problems]
    rows = {p.row for p in roster.problems}
    assert {1, 3, 4, 5, 6} <= rows
    assert any("序号" in t for t in texts) and any("联系人" in t for t in texts)
    assert any("第 5 行" in t and "重复" in t and "第 3 行" in t for t in texts)
    assert any("第 3 行" in t and "2月30日" in t for t in texts)
    assert roster.units[1].deadline is None and roster.units[2].deadline == "01-20"
    assert not any(p.row and p.row > 7 for p in roster.problems)  # trailing blank rows are no fault


def test_utf16_tab_separated_roster(tmp_path: Path) -> None:
    """Excel's "Unicode text" export: UTF-16 with a BOM, tab-separated."""
    path = tmp_path / "r.csv"
    path.write_bytes("单位名称\t类别\r\n平潭综合实验区\t本级政府\r\n平潭综合实验区财政金融局\t部门\r\n".encode("utf-16"))
    roster = load_roster(path)
    assert [(u.name, u.category) for u in roster.units] == [("平潭综合实验区", "本级政府"), ("平潭综合实验区财政金融局", "部门")]
    assert roster.problems == []


def test_xlsx_roster_with_merged_category(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for row in (["单位名称", "类别", "备注"], ["平潭综合实验区", "本级政府", ""], ["平潭综合实验区财政金融局", "部门", "x"],
                ["平潭综合实验区教育与体育局", None, ""], ["平潭综合实验区财政金融局", "部门", ""]):
        ws.append(row)
    ws.merge_cells("B3:B4")
    wb.save(tmp_path / "r.xlsx")
    roster = load_roster(tmp_path / "r.xlsx")
    assert [(u.name, u.category) for u in roster.units] == [
        ("平潭综合实验区", "本级政府"), ("平潭综合实验区财政金融局", "部门"), ("平潭综合实验区教育与体育局", "部门")]
    texts = [p.text() for p in roster.problems]
    assert any("合并单元格" in t and "B3:B4" in t for t in texts)
    assert any("第 5 行" in t and "重复" in t for t in texts) and any("备注" in t for t in texts)


@pytest.mark.parametrize("content, reason", [
    (b"\x00\x01\x02PK garbage", "不是"),
    ("名称不对,类别\n甲,部门\n".encode(), "单位名称"),
    ("单位名称,类别\n".encode(), "没有可用的单位"),
])
def test_unreadable_roster_is_refused_with_the_reason(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes(content)
    with pytest.raises(RosterError, match=reason):
        load_roster(path)
    bad_xlsx = tmp_path / "r.xlsx"
    bad_xlsx.write_bytes(content)
    with pytest.raises(RosterError, match="XLSX"):
        load_roster(bad_xlsx)


@pytest.mark.parametrize("text, line, reason", [
    ('max_points = 10\n[[item]]\nid = "a"\ncap = \n', 4, "TOML"),
    ('max_points = 10\n[[item]]\nid = "a"\nname = "甲"\ncap = -1\n', 3, "负数"),
    ('max_points = 10\n\n[[item]]\nid = "a"\ncoverage = { absent = 1 }\n', 5, "coverage"),
    ('max_points = 10\n[[item]]\nid = "a"\n[[item]]\nid = "a"\n', 3, "重复"),
    ('max_points = "十"\n[[item]]\nid = "a"\n', 1, "数字"),
])
def test_malformed_rubric_is_refused_with_line_and_reason(tmp_path: Path, text: str, line: int, reason: str) -> None:
    path = tmp_path / "rubric.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RubricError) as err:
        load_rubric(path)
    assert f"第 {line} 行" in str(err.value) and reason in str(err.value)


# ------------------------------------------------------------------ engine_version


def test_engine_version_changes_with_the_rules(tmp_path: Path) -> None:
    import shutil

    from core.paths import resources_dir

    for sub in ("rules", "formats"):
        shutil.copytree(resources_dir() / sub, tmp_path / sub)
    same = rules_digest(tmp_path)
    assert same == rules_digest()
    deadlines = tmp_path / "rules" / "deadlines.toml"
    deadlines.write_text(deadlines.read_text(encoding="utf-8").replace('batch_default = "01-31"', 'batch_default = "01-20"'),
                         encoding="utf-8")
    assert rules_digest(tmp_path) != same
    assert rules_digest()[:12] in engine_version()


# ------------------------------------------------------------------ the command


def _run(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["REVIEWDESK_HOME"] = str(home)
    return subprocess.run([sys.executable, "-X", "warn_default_encoding", "main.py", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=300)


def test_cli_round_trip_against_the_contract(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    for n in REPORTS_2024:
        (folder / n).write_bytes(real(n).read_bytes())
    home = tmp_path / "home"
    roster = str(corpus_path("batch/roster_2024.csv"))
    first = _run("batch", str(folder), "--year", "2024", "--roster", roster, "--json", "--quiet", "--jobs", "2", home=home)
    assert first.returncode in (0, 1), first.stderr
    lines = [json.loads(x) for x in first.stdout.splitlines()]
    reports, batch = lines[:-1], lines[-1]["batch"]
    assert list(lines[-1]) == ["batch"] and len(reports) == len(REPORTS_2024)
    # the report lines are exactly check --json's
    check = _run("check", str(folder), "--json", "--quiet", "--jobs", "2", home=tmp_path / "home2")
    assert [json.loads(x) for x in check.stdout.splitlines()] == reports
    assert first.returncode == check.returncode
    # the batch object's fields and types (contract "Additions of 2026-12-07")
    assert batch["year"] == 2024 and batch["engine_version"].startswith(reports[0]["engine_version"])
    assert set(batch["rubric"]) >= {"name", "file", "max_points"} and batch["rubric"]["file"] is None
    assert isinstance(batch["unmatched_reports"], list) and isinstance(batch["figures"], dict)
    shas = {r["sha256"] for r in reports}
    assert len(batch["units"]) == 6
    for u in batch["units"]:
        assert set(u) >= {"unit", "category", "aliases", "status", "reports", "deadline", "published", "counts",
                          "review_state", "score", "provisional", "deductions", "figures"}
        assert u["status"] in ("submitted", "missing", "late", "date_unknown")
        assert set(u["reports"]) <= shas and set(u["counts"]) == {"error", "warning", "info"}
        assert u["review_state"] in ("pending", "returned", "resubmitted", "passed")
        assert ("rank" in u) == (u["status"] != "missing")
        for d in u["deductions"]:
            assert d["item"] and d["points"] < 0 and d["evidence"]
            for e in d["evidence"]:
                assert e.get("coverage") in ("missing", "late") or (e["sha256"] in shas and e["finding"])
    assert {u["unit"] for u in batch["units"] if u["status"] == "missing"} == {"洪泽区人民政府办公室", "洪泽区交通运输局"}
    # the second run checks nothing again: every report comes from the cache, same output
    second = _run("batch", str(folder), "--year", "2024", "--roster", roster, "--json", "--jobs", "2", home=home)
    assert "其中 6 份使用已缓存的检查结果" in second.stderr
    assert second.stdout == first.stdout


def test_cli_store_decisions_and_bad_roster_exit_2(tmp_path: Path) -> None:
    hongze = real("2024_huaian-hongze-district.pdf")
    rep = check_file(hongze)
    store_path = tmp_path / "store.json"
    costing = [f for f in rep.findings if f.rule in ("section_missing", "missing_row", "blank_cell", "narrative_table")]
    assert costing
    with AnnotationStore(store_path) as store:
        for f in costing:
            store.save(Annotation(rep.sha256, finding_target(f.id), status="已排除", reviewer="张三"))
    roster = tmp_path / "r.csv"
    roster.write_text("单位名称,类别\n洪泽区人民政府,本级政府\n", encoding="utf-8")
    args = ["batch", str(hongze), "--year", "2024", "--roster", str(roster), "--json", "--quiet"]
    plain = json.loads(_run(*args, home=tmp_path / "h").stdout.splitlines()[-1])["batch"]["units"][0]
    stored = json.loads(_run(*args, "--store", str(store_path), home=tmp_path / "h").stdout.splitlines()[-1])["batch"]["units"][0]
    dismissed = {f.id for f in costing}
    assert any(e.get("finding") in dismissed for d in plain["deductions"] for e in d["evidence"])
    assert not any(e.get("finding") in dismissed for d in stored["deductions"] for e in d["evidence"])
    assert stored["score"] > plain["score"]
    # a publication date the reviewer entered (kept in the store) makes the unit late …
    with AnnotationStore(store_path) as store:
        store.set_batch_fact(rep.sha256, "published", "2025-04-05", by="张三")
    dated = json.loads(_run(*args, "--store", str(store_path), home=tmp_path / "h").stdout.splitlines()[-1])["batch"]
    assert (dated["units"][0]["status"], dated["units"][0]["published"]) == ("late", "2025-04-05")
    # … and undone, the date is unknown again
    with AnnotationStore(store_path) as store:
        store.clear_batch_fact(rep.sha256, "published", by="张三")
    undone = json.loads(_run(*args, "--store", str(store_path), home=tmp_path / "h").stdout.splitlines()[-1])["batch"]
    assert undone["units"][0]["status"] == "date_unknown"
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a workbook")
    proc = _run("batch", str(hongze), "--year", "2024", "--roster", str(bad), home=tmp_path / "h")
    assert proc.returncode == 2 and "bad.xlsx" in proc.stderr and proc.stdout == ""
    proc = _run("batch", str(hongze), "--year", "2024", "--out", str(tmp_path / "x.odt"), home=tmp_path / "h")
    assert proc.returncode == 2 and "x.odt" in proc.stderr and proc.stdout == ""
    rubric = tmp_path / "r.toml"
    rubric.write_text("max_points = 10\n[[item]\n", encoding="utf-8")
    proc = _run("batch", str(hongze), "--year", "2024", "--rubric", str(rubric), home=tmp_path / "h")
    assert proc.returncode == 2 and "第 2 行" in proc.stderr


# ------------------------------------------------------------------ the per-report rule reads the same deadlines


def test_late_publication_says_which_deadline_applied_and_why() -> None:
    from tests.corpus import seed

    dept = check_file(seed("001_4b7f8a35ff48d5ae.txt"))  # 开发区管委会办公室, 2019 report signed 2020-02-17
    late = [f for f in dept.findings if f.rule == "late_publication"]
    assert len(late) == 1 and late[0].expected == "2020-01-31"
    assert "第四十九条" in late[0].message and "政府部门" in late[0].message and "1月31日" in late[0].message
    old = check_file(real("2011_fujian-pingtan-zone.txt"))  # 2008 regulation: 3月31日 for all
    late = [f for f in old.findings if f.rule == "late_publication"]
    assert len(late) == 1 and late[0].expected == "2012-03-31" and "2008年条例" in late[0].message
    for year in (2020, 2021, 2022, 2023):  # a government's own report, published Feb/Mar: in time
        rep = check_file(real(f"{year}_fujian-pingtan-zone.txt"))
        assert rep.published and rep.published[5:7] in ("02", "03")
        assert not [f for f in rep.findings if f.rule == "late_publication"]


def test_returned_report_costs_what_the_rubric_says(reports_2024: list[dict[str, Any]]) -> None:
    out = json.loads(json.dumps(reports_2024))
    zone = next(r for r in out if r["agency"] == "平潭综合实验区" and r["year"] == 2024)
    zone["review_state"] = "returned"
    unit = _unit(build_batch(out, 2024, _roster("roster_2024.csv")), "平潭综合实验区")
    fixed = next(d for d in unit["deductions"] if d["item_id"] == "fixed")
    assert fixed["evidence"] == [{"sha256": zone["sha256"], "review_state": "returned"}] and fixed["points"] == -2
    zone["review_state"] = "resubmitted"
    unit = _unit(build_batch(out, 2024, _roster("roster_2024.csv")), "平潭综合实验区")
    assert not any(d["item_id"] == "fixed" for d in unit["deductions"])


# ------------------------------------------------------------------ facts, a roster from the reports, 定稿


def test_entered_facts_and_a_roster_built_from_the_reports(reports_2024: list[dict[str, Any]], tmp_path: Path) -> None:
    out = json.loads(json.dumps(reports_2024))
    wuqi = check_file(real("2023_shaanxi-wuqi-county-excerpt.txt")).to_dict()  # no agency, year 2023
    out.append(wuqi)
    with AnnotationStore(tmp_path / "s.json") as store:
        store.set_batch_fact(wuqi["sha256"], "year", "2024", by="张三")
        store.set_batch_fact(wuqi["sha256"], "unit", "洪泽区交通运输局", by="张三")
        store.set_batch_fact(wuqi["sha256"], "filed", "2025-01-10", by="张三")
        store.set_batch_fact(wuqi["sha256"], "url", "https://example.gov.cn/nb2024.html", by="张三")
        facts = store.batch_facts()
    batch = build_batch(out, 2024, _roster("roster_2024.csv"),
                        manual_matches={s: f["unit"] for s, f in facts.items() if "unit" in f}, report_facts=facts)
    unit = _unit(batch, "洪泽区交通运输局")
    assert unit["reports"] == [wuqi["sha256"]] and unit["status"] == "date_unknown"
    assert (unit["filed"], unit["url"]) == ("2025-01-10", "https://example.gov.cn/nb2024.html")
    # Without a roster: one unit per body, its 类别 the kind its name shows; last year's body
    # without a report this year is 缺报.
    batch = build_batch(reports_2024, 2024)
    cats = {u["unit"]: (u["category"], u["status"]) for u in batch["units"]}
    assert cats["平潭综合实验区"] == ("本级政府", "submitted") and cats["上海市科委"] == ("部门", "date_unknown")
    assert cats["淮安市洪泽区人民政府"][0] == "本级政府" and len(cats) == 4


def test_issued_batch_is_final(reports_2024: list[dict[str, Any]], tmp_path: Path) -> None:
    from core.batch.issue import IssueError, issue_batch, issued_batches, load_issued

    out = json.loads(json.dumps(reports_2024))
    batch = build_batch(out, 2024, _roster("roster_2024.csv"), engine_version=engine_version())
    with pytest.raises(IssueError):
        issue_batch(batch, out, "", by=" ")
    first = issue_batch(batch, out, default_rubric_path().read_text(encoding="utf-8"), "王科长", tmp_path)
    # a later decision: a new draft differs, the issued record stays as it was
    hongze = _unit(batch, "洪泽区人民政府")
    for r in out:
        if r["sha256"] == hongze["reports"][0]:
            for f in r["findings"]:
                f["note"] = {"status": "已排除", "comment": "", "by": "张三", "at": "2026-12-08T09:00:00+08:00"}
    draft = build_batch(out, 2024, _roster("roster_2024.csv"), engine_version=engine_version())
    assert _unit(draft, "洪泽区人民政府")["score"] > hongze["score"]
    record = load_issued(first.path)
    assert _unit(record["batch"], "洪泽区人民政府")["score"] == hongze["score"]
    assert record["issued"]["by"] == "王科长" and record["batch"]["engine_version"] == engine_version()
    assert "max_points" in record["rubric_text"] and record["decisions"] == {}
    second = issue_batch(draft, out, "", "王科长", tmp_path)
    assert [i.path for i in issued_batches(2024, tmp_path)] == [first.path, second.path]
    assert load_issued(second.path)["decisions"][hongze["reports"][0]]["notes"]
    tampered = json.loads(first.path.read_text(encoding="utf-8"))
    tampered["batch"]["units"][0]["score"] = 10
    first.path.write_text(json.dumps(tampered, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(IssueError, match="校验值"):
        load_issued(first.path)


def test_cli_issue_needs_an_issuer_and_an_empty_folder_is_all_missing(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    roster = str(corpus_path("batch/roster_pingtan.csv"))
    proc = _run("batch", str(empty), "--year", "2021", "--roster", roster, "--issue", home=tmp_path / "h")
    assert proc.returncode == 2 and "--reviewer" in proc.stderr
    proc = _run("batch", str(empty), "--year", "2021", "--roster", roster, "--json", "--issue", "--reviewer", "王科长",
                home=tmp_path / "h")
    assert proc.returncode == 0 and "没有找到可检查的报告文件" in proc.stderr and "已定稿" in proc.stderr
    batch = json.loads(proc.stdout.splitlines()[-1])["batch"]
    assert {u["status"] for u in batch["units"]} == {"missing"} and batch["issued"]["by"] == "王科长"
    assert Path(batch["issued"]["file"]).is_file()


def test_pair_cache_only_for_reports_as_read() -> None:
    from core.batch import cache
    from core.crossyear import cross_year_findings
    from core.model import CellCorrection

    cur, prev = check_file(real("2025_fujian-pingtan-zone.txt")), check_file(real("2024_fujian-pingtan-zone.txt"))
    found = cross_year_findings(cur, prev)
    assert [f.rule for f in found] == ["year_jump", "year_jump"]
    cache.save_pair(cur, prev, found)
    again = cache.load_pair(cur, prev)
    assert again is not None and [f.to_dict() for f in again] == [f.to_dict() for f in found]
    cell = next(c for rows in cur.tables.values() for cols in rows.values() for c in cols.values())
    cell.corrected = CellCorrection(cell.value, cell.raw, "张三", "2026-12-08T09:00:00+08:00")
    assert cache.load_pair(cur, prev) is None  # the reviewer's value changes what the rules see


def test_report_cache_gives_back_the_report_object_exactly() -> None:
    from core.batch.cache import report_from_dict
    from tests.corpus import real_files

    for path in real_files("*"):
        rep = check_file(path)
        d = json.loads(json.dumps(rep.to_dict()))
        back = report_from_dict(d, {s.id: s.text for s in rep.sections})
        assert back.to_dict() == d, path.name
        assert [s.text for s in back.sections] == [s.text for s in rep.sections]  # what copied_text reads


# ------------------------------------------------------------------ the batch sees copies, versions and duplicates


FIVE, SIX = "五、存在的主要问题及改进情况", "六、其他需要报告的事项"


def _batch_and_check(folder: Path, home: Path, *extra: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """`batch --json` over ``folder``, its report lines asserted equal to `check --json`'s."""
    got = _run("batch", str(folder), "--year", "2024", *extra, "--json", "--quiet", "--jobs", "2", home=home)
    assert got.returncode in (0, 1), got.stderr
    lines = [json.loads(x) for x in got.stdout.splitlines()]
    check = _run("check", str(folder), "--json", "--quiet", "--jobs", "2", home=home.parent / f"{home.name}-check")
    assert [json.loads(x) for x in check.stdout.splitlines()] == lines[:-1]
    return lines[:-1], lines[-1]["batch"]


def test_a_unit_that_copied_another_s_part_loses_the_original_points_the_source_does_not(tmp_path: Path) -> None:
    hongze = real("2024_huaian-hongze-district.pdf")
    body = next(s.text for s in check_file(hongze).sections if s.id == "problems")
    text = real("2024_fujian-pingtan-zone.txt").read_text(encoding="utf-8")
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / hongze.name).write_bytes(hongze.read_bytes())
    # 平潭 takes 洪泽's 五; 洪泽 prints no date, so the one added first (the folder's order:
    # 洪泽's name sorts first) is the source.
    copy = folder / "2024_pingtan-zone-copy.txt"
    copy.write_text(text[: text.index(FIVE) + len(FIVE)] + body + text[text.index(SIX):], encoding="utf-8")
    roster = str(corpus_path("batch/roster_2024.csv"))
    for home in ("first", "second"):  # fresh, then every report from the cache: the same findings and scores
        reports, batch = _batch_and_check(folder, tmp_path / "home", "--roster", roster)
        if home == "first":
            first = (reports, batch)
    assert (reports, batch) == first
    by_agency = {r["agency"]: r for r in reports}
    (taken,) = [f for f in by_agency["平潭综合实验区"]["findings"] if f["rule"] == "text_reused"]
    (given,) = [f for f in by_agency["淮安市洪泽区人民政府"]["findings"] if f["rule"] == "text_reused"]
    assert (taken["role"], given["role"]) == ("copy", "source")
    copier = _unit(batch, "平潭综合实验区")
    original = next(d for d in copier["deductions"] if d["item_id"] == "original")
    assert original["points"] == -1 and original["item"] == "内容不雷同"
    assert original["evidence"] == [{"sha256": by_agency["平潭综合实验区"]["sha256"], "finding": taken["id"],
                                     "rule": "text_reused", "points": -1, "status": "未审核", "provisional": True,
                                     "source": sha256_of(hongze)}]
    source = _unit(batch, "洪泽区人民政府")
    assert source["status"] != "missing"
    assert not any(d["item_id"] == "original" for d in source["deductions"])
    assert not any(e.get("finding") == given["id"] for d in source["deductions"] for e in d["evidence"])


def _shuyang_versions(folder: Path, fix_all: bool) -> tuple[Path, Path]:
    """沭阳县 2025 as returned (复议 总计 61→60, 予以公开 总计 294→295, dated 2026-01-23) and
    its revision dated 2026-01-28: with the first fault put right, or (``fix_all``) both."""
    review, disclosed = "| 27 | 10 | 9 | 15 | 61 |", "| 予以公开 | 290 | 1 | 0 | 0 | 3 | 0 | 294 |"
    text = real("2025_suqian-shuyang-county.txt").read_text(encoding="utf-8")
    wrong = text.replace(disclosed, disclosed.replace("294", "295"))
    v1 = folder / "沭阳县2025年报-第一稿.txt"
    v1.write_text(wrong.replace(review, review.replace("61", "60")), encoding="utf-8")
    v2 = folder / "沭阳县2025年报-修改稿.txt"
    v2.write_text((text if fix_all else wrong).replace("2026年1月23日", "2026年1月28日"), encoding="utf-8")
    return v1, v2


def _run25(folder: Path, home: Path) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    got = _run("batch", str(folder), "--year", "2025", "--json", "--quiet", "--jobs", "2", home=home)
    assert got.returncode in (0, 1), got.stderr
    lines = [json.loads(x) for x in got.stdout.splitlines()]
    check = _run("check", str(folder), "--json", "--quiet", "--jobs", "2", home=home.parent / f"{home.name}-check")
    assert [json.loads(x) for x in check.stdout.splitlines()] == lines[:-1]
    return lines[:-1], lines[-1]["batch"]


def test_two_versions_are_one_unit_scored_by_the_latest_timed_by_the_first(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    v1, v2 = _shuyang_versions(folder, fix_all=False)
    reports, batch = _run25(folder, tmp_path / "home")
    newer = next(r for r in reports if r["file"] == str(v2))
    older = next(r for r in reports if r["file"] == str(v1))
    assert newer["version_of"] == older["sha256"] and [f["rule"] for f in newer["fixed"]] == ["review_sum"]
    (unit,) = batch["units"]
    assert sorted(unit["reports"]) == sorted([older["sha256"], newer["sha256"]])
    assert unit["published"] == older["published"] == "2026-01-23" and newer["published"] == "2026-01-28"
    counts = {"error": 0, "warning": 0, "info": 0}
    for f in newer["findings"]:
        counts[f["severity"]] += 1
    assert unit["counts"] == counts and counts != {"error": 0, "warning": 0, "info": 0}
    charged = {e["finding"] for d in unit["deductions"] for e in d["evidence"] if "finding" in e}
    assert charged and charged <= {f["id"] for f in newer["findings"]}
    assert "review_sum" not in {e.get("rule") for d in unit["deductions"] for e in d["evidence"]}
    assert any("第一版" in m and v1.name in m for m in batch["messages"])


def test_a_returned_report_costs_nothing_under_fixed_once_its_revision_fixed_it(tmp_path: Path) -> None:
    rubric = load_rubric()
    for fix_all in (False, True):
        folder = tmp_path / f"fix_all_{fix_all}"
        folder.mkdir()
        v1, v2 = _shuyang_versions(folder, fix_all)
        reports, _ = _run25(folder, tmp_path / f"home_{fix_all}")
        for r in reports:  # the store's review state (the sign-off's): the first version returned
            r["review_state"] = "returned" if r["file"] == str(v1) else "resubmitted"
        older = next(r for r in reports if r["file"] == str(v1))
        for f in older["findings"]:  # returned for its sums (what the 退回意见 lists), not the prose
            if f["rule"] in ("review_sum", "row_sum", "column_sum"):
                f["note"] = {"status": "需整改", "comment": "合计不符", "by": "张三", "at": "2026-01-24T09:00:00"}
        (unit,) = build_batch(reports, 2025, None, rubric)["units"]
        fixed = [d for d in unit["deductions"] if d["item_id"] == "fixed"]
        newer = next(r for r in reports if r["file"] == str(v2))
        if fix_all:
            assert {"review_sum", "row_sum"} <= {f["rule"] for f in newer["fixed"]}
            # the real report's own narrative_table persists: charged under 数据准确, not here
            assert "narrative_table" in {f["rule"] for f in newer["findings"]}
            assert fixed == []
        else:
            (d,) = fixed
            assert d["points"] == -2 and d["evidence"][0] == {"sha256": older["sha256"], "review_state": "returned"}
            left = {e["rule"] for e in d["evidence"][1:]}
            assert left == {"row_sum", "column_sum"}  # review_sum was fixed; narrative_table was no reason
            assert all(e["sha256"] == newer["sha256"] and e["since_version"] == "persisting" for e in d["evidence"][1:])


def test_identical_files_are_one_report_in_the_batch(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    src = real("2024_fujian-pingtan-zone.txt")
    (folder / "a.txt").write_bytes(src.read_bytes())
    (folder / "b.txt").write_bytes(src.read_bytes())
    reports, batch = _batch_and_check(folder, tmp_path / "home")
    (rep,) = reports
    assert rep["file"] == str(folder / "a.txt") and rep["also"] == [str(folder / "b.txt")]
    (unit,) = batch["units"]
    assert unit["reports"] == [rep["sha256"]] and "version_of" not in rep
    assert any("b.txt" in m and "同一文件" in m for m in batch["messages"])


def test_report_cache_keeps_the_text_reuse_parts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A second batch normalises no part again: the cache hands back the parts it kept,
    equal to those made afresh."""
    from core.batch import cache
    from core.reuse import text

    monkeypatch.setenv("REVIEWDESK_HOME", str(tmp_path))
    rep = check_file(real("2024_fujian-pingtan-zone.txt"))
    cache.save(rep)
    text._KNOWN.clear()
    loaded = cache.load(rep.sha256, rep.file)
    assert loaded is not None
    kept = [text._KNOWN.get((s.id, s.title, s.text)) for s in loaded.sections if s.found]
    assert kept and all(p is not None for p in kept)
    assert text.parts_of(loaded) == kept  # served from what the cache kept …
    assert kept == [text.part_of(s.id, s.title, s.text) for s in rep.sections if s.found]  # … equal to fresh ones
    assert any(p.pieces for p in kept)
