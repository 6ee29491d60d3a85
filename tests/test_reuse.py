"""Text reuse (copied_text, text_reused, text_common, tables_unchanged) on real reports.

The copies are planted in real reports of the corpus: one part of one report replaced by
the same part of another, exactly as a body that copies would do it (the years changed).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from core.crossyear import series_keys
from core.model import Report
from core.pipeline import check_file, sha256_of
from core.reuse import Thresholds, apply_text_reuse, copied_shares, tables_equal
from core.reuse.index import covered_length, overlaps, shingle_hashes
from core.reuse.text import boilerplate, norm, part_of
from tests.corpus import real

ROOT = Path(__file__).resolve().parents[1]
FIVE = "五、存在的主要问题及改进情况"
SIX = "六、其他需要报告的事项"
REUSE = ("copied_text", "text_reused", "text_common", "tables_unchanged")


def _run(*args: str) -> tuple[int, list[dict], str]:
    proc = subprocess.run(
        [sys.executable, "main.py", "check", "--json", "--quiet", *args],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=300,
    )
    return proc.returncode, [json.loads(line) for line in proc.stdout.splitlines()], proc.stderr


def _five(text: str) -> str:
    return text[text.index(FIVE) + len(FIVE): text.index(SIX)]


def _with_five(text: str, body: str) -> str:
    """The report with its part 五 replaced by ``body``."""
    return text[: text.index(FIVE) + len(FIVE)] + body + text[text.index(SIX):]


def _reuse(rep: dict, rule: str | None = None) -> list[dict]:
    return [f for f in rep["findings"] if f["rule"] in REUSE and (rule is None or f["rule"] == rule)]


def test_part_five_copied_from_the_same_body_last_year(tmp_path: Path) -> None:
    last = real("2023_fujian-pingtan-zone.txt")
    text = real("2024_fujian-pingtan-zone.txt").read_text(encoding="utf-8")
    # 2024's 五 is 2023's, the years moved on by one: the classic copy.
    old_five = _five(last.read_text(encoding="utf-8")).replace("2024", "2025").replace("2023", "2024")
    copied = tmp_path / "2024_fujian-pingtan-zone.txt"
    copied.write_text(_with_five(text, old_five), encoding="utf-8")
    shutil.copy(last, tmp_path)
    _, reps, _ = _run(str(tmp_path))
    by_year = {r["year"]: r for r in reps}
    found = _reuse(by_year[2024])
    assert [f["rule"] for f in found] == ["copied_text"]
    f = found[0]
    assert f["section"] == "problems" and f["severity"] == "warning"
    assert f["share"] >= 0.95 and f["actual"] == f["share"]
    assert f["source"] == {"file": str(tmp_path / last.name), "sha256": sha256_of(last),
                           "agency": "平潭综合实验区", "year": 2023}
    assert "部分单位信息发布属性界定" in f["excerpt"]
    assert not _reuse(by_year[2023])


def test_real_series_has_no_copy_and_its_share_is_low() -> None:
    """The real 2024 report rewrote its 五: nothing is flagged, and the measured share says why."""
    cur, prev = check_file(real("2024_fujian-pingtan-zone.txt")), check_file(real("2023_fujian-pingtan-zone.txt"))
    shares = {h.part.section: h.share for h in copied_shares(cur, prev, Thresholds({"copied_text": {"share": 0}}))}
    assert shares["problems"] < 0.2 and shares["overview"] < 0.3
    assert copied_shares(cur, prev) == []


def _hongze_five() -> tuple[Path, str]:
    src = real("2024_huaian-hongze-district.pdf")
    rep = check_file(src)
    body = next(s.text for s in rep.sections if s.id == "problems")
    assert len(body) > 200
    return src, body


def test_part_five_copied_from_another_body_of_the_same_year(tmp_path: Path) -> None:
    src, body = _hongze_five()
    text = real("2024_fujian-pingtan-zone.txt").read_text(encoding="utf-8")
    copy = tmp_path / "2024_fujian-pingtan-zone.txt"
    copy.write_text(_with_five(text, body), encoding="utf-8")
    # Neither date decides (洪泽's report prints none): the one added first is the source.
    _, reps, _ = _run(str(src), str(copy))
    hongze, pingtan = reps
    got = _reuse(pingtan)
    assert [(f["rule"], f["section"], f["role"]) for f in got] == [("text_reused", "problems", "copy")]
    assert got[0]["severity"] == "warning" and got[0]["share"] >= 0.95
    assert got[0]["source"]["sha256"] == sha256_of(src) == got[0]["counterpart"]["sha256"]
    assert got[0]["source"]["agency"] == "淮安市洪泽区人民政府"
    # Both see it: the source is told its text went into the other report.
    mine = _reuse(hongze)
    assert [(f["rule"], f["section"], f["role"]) for f in mine] == [("text_reused", "problems", "source")]
    assert mine[0]["severity"] == "info" and mine[0]["share"] >= 0.95
    assert mine[0]["source"]["sha256"] == sha256_of(src)
    assert mine[0]["counterpart"]["sha256"] == sha256_of(copy)


def test_the_earlier_published_report_is_the_source(tmp_path: Path) -> None:
    _, body = _hongze_five()
    hongze = check_file(real("2024_huaian-hongze-district.pdf"))
    text = real("2024_fujian-pingtan-zone.txt").read_text(encoding="utf-8")
    copy = tmp_path / "copy.txt"
    copy.write_text(_with_five(text, body), encoding="utf-8")
    pingtan = check_file(copy)
    assert pingtan.published == "2025-03-10"
    hongze.published = "2025-03-20"  # published after 平潭, though added first
    reports = [hongze, pingtan]
    apply_text_reuse(reports, series_keys(reports))
    (h,) = [f for f in hongze.findings if f.rule == "text_reused"]
    (p,) = [f for f in pingtan.findings if f.rule == "text_reused"]
    assert h.reuse and h.reuse["role"] == "copy" and h.severity == "warning"
    assert p.reuse and p.reuse["role"] == "source" and p.severity == "info"
    assert h.source == p.source and h.source is not None and h.source["sha256"] == pingtan.sha256


def test_reports_of_different_bodies_share_no_text(tmp_path: Path) -> None:
    """Real reports of different bodies, all in the 2021 format with its prescribed opening,
    tables and fee sentence: boilerplate is left out and nothing is flagged."""
    names = ["2024_fujian-pingtan-zone.txt", "2024_huaian-city.pdf", "2024_huaian-hongze-district.pdf",
             "2024_shanghai-stcsm-kewei.txt", "2025_suqian-shuyang-county.txt",
             "2025_shanghai-municipal-general-office.txt", "2021_fujian-pingtan-finance-bureau.txt",
             "2021_fujian-pingtan-zone.txt", "2023_huaian-hongze-district.pdf"]
    reports = [check_file(real(n)) for n in names]
    apply_text_reuse(reports, series_keys(reports))
    flagged = [(r.file, f.message) for r in reports for f in r.findings if f.rule == "text_reused"
               # 洪泽区 2023 and 2024 are one body: copied_text's business, never text_reused
               ]
    assert flagged == []


def test_boilerplate_alone_never_triggers(tmp_path: Path) -> None:
    """Two bodies whose 五 holds only the format's prescribed words and the listed stock
    phrases: nothing to measure, nothing flagged."""
    stock = ("本报告根据《中华人民共和国政府信息公开条例》和《国务院办公厅政府信息与政务公开办公室关于印发"
             "〈中华人民共和国政府信息公开工作年度报告格式〉的通知》要求编制。本报告中所列数据的统计期限自2024年1月1日"
             "起至2024年12月31日止。根据《政府信息公开信息处理费管理办法》，本年度未收取信息处理费。"
             "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）")
    assert part_of("problems", FIVE, stock).text == ""
    one = tmp_path / "a.txt"
    one.write_text(_with_five(real("2024_fujian-pingtan-zone.txt").read_text(encoding="utf-8"), stock),
                   encoding="utf-8")
    other_src = real("2025_suqian-shuyang-county.txt").read_text(encoding="utf-8")
    heads = re.search(r"五、[^\n]*存在的主要问题[^\n]*\n", other_src)
    six = other_src.index("六、", heads.end()) if heads else -1
    assert heads and six > 0
    two = tmp_path / "b.txt"
    two.write_text(other_src[: heads.end()] + stock + "\n\n" + other_src[six:], encoding="utf-8")
    code, reps, _ = _run(str(one), str(two))
    assert [_reuse(r) for r in reps] == [[], []]


def test_empty_and_one_sentence_parts_are_not_judged(tmp_path: Path) -> None:
    text = real("2024_fujian-pingtan-zone.txt").read_text(encoding="utf-8")
    sentence = "我区将继续做好政府信息公开工作，不断提升政务公开质量。"
    for name, body in (("a.txt", "无。"), ("b.txt", "无。"), ("c.txt", sentence), ("d.txt", sentence)):
        (tmp_path / name).write_text(_with_five(text.replace("平潭综合实验区", name[0] + "县人民政府"), body),
                                     encoding="utf-8")
    code, reps, err = _run(str(tmp_path))
    assert len(reps) == 4 and "Traceback" not in err
    # The four share their 总体情况 (one body's text under four names): that is reused, and
    # nothing is said of their 五, empty or one sentence.
    assert all(f["section"] != "problems" for r in reps for f in _reuse(r))


def test_tables_and_text_unchanged_but_the_year(tmp_path: Path) -> None:
    """A 2025 report that is the 2024 one with the year changed (the city bureau whose 2010
    report was its 2008 one but for the year)."""
    last = real("2024_fujian-pingtan-zone.txt")
    text = last.read_text(encoding="utf-8").replace("2025", "2026").replace("2024", "2025")
    same = tmp_path / "2025_fujian-pingtan-zone.txt"
    same.write_text(text, encoding="utf-8")
    _, reps, _ = _run(str(same), "--previous", str(last))
    (rep,) = reps
    rules = {(f["rule"], f.get("section")) for f in _reuse(rep)}
    assert ("tables_unchanged", None) in rules
    assert {("copied_text", "overview"), ("copied_text", "problems")} <= rules
    (t,) = _reuse(rep, "tables_unchanged")
    assert t["source"]["sha256"] == sha256_of(last) and t["share"] == 1.0 and t["actual"] > 100


def test_real_consecutive_years_do_not_have_unchanged_tables() -> None:
    for year in range(2020, 2026):
        cur = check_file(real(f"{year}_fujian-pingtan-zone.txt"))
        prev = check_file(real(f"{year - 1}_fujian-pingtan-zone.txt"))
        assert tables_equal(cur, prev) is None, year


def test_all_zero_tables_alike_are_not_a_copy() -> None:
    """A small body with nothing to report prints zeros two years running: not suspicious."""
    cur = check_file(real("2024_fujian-pingtan-zone.txt"))
    prev = check_file(real("2024_fujian-pingtan-zone.txt"))
    prev.year = 2023
    assert tables_equal(cur, prev) is not None
    for rep in (cur, prev):
        for rows in rep.tables.values():
            for cols in rows.values():
                for cell in cols.values():
                    cell.value = 0 if cell.value is not None else None
    assert tables_equal(cur, prev) is None


def test_thresholds_are_the_declared_defaults_and_can_be_changed(tmp_path: Path) -> None:
    t = Thresholds.parse(["copied_text.share=0.2"])
    assert t.get("copied_text", "share") == 0.2 and t.get("text_reused", "share") == 0.6
    for bad in ("copied_text.share=2", "copied_text.nothing=1", "text_reused=0.5", "x.share=0.1",
                "copied_text.share=abc"):
        with pytest.raises(ValueError):
            Thresholds.parse([bad])
    code, reps, err = _run(str(real("2024_fujian-pingtan-zone.txt")), "--threshold", "copied_text.share=7")
    assert code == 2 and reps == [] and "阈值" in err
    # Lower the bar: the real 2024 overview (a part of it as in 2023) is flagged then; its
    # rewritten 五 still is not.
    code, reps, _ = _run(str(real("2024_fujian-pingtan-zone.txt")), "--previous",
                         str(real("2023_fujian-pingtan-zone.txt")), "--threshold", "copied_text.share=0.1")
    assert {f["section"] for f in _reuse(reps[0], "copied_text")} == {"overview"}


# ------------------------------------------------------------------ the index itself


def test_shingle_hash_is_positional_and_deterministic() -> None:
    a = shingle_hashes("一二三四五六七八九十")
    assert a.size == 3 and len(set(a.tolist())) == 3
    assert (shingle_hashes("零一二三四五六七八九十")[1:] == a).all()
    assert shingle_hashes("短文").size == 0


def test_covered_length_is_the_union_of_ranges() -> None:
    import numpy as np

    assert covered_length(np.array([0, 1, 2]), 8, 20) == 10
    assert covered_length(np.array([0, 20]), 8, 30) == 16
    assert covered_length(np.array([5]), 8, 10) == 5  # clipped to the text


def test_common_text_is_counted_apart() -> None:
    template = "全面推进基层政务公开标准化规范化建设持续深化政务公开助力经济社会高质量发展"
    own = ["甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥", "春夏秋冬东南西北上下左右前后内外高低远近",
           "金木水火土日月星辰山川河海风雨雷电霜雪冰霞", "琴棋书画诗酒花茶柴米油盐酱醋梅兰竹菊松柏杨柳",
           "赤橙黄绿青蓝紫黑白灰红粉棕银铜铁锡铅锌钛钢"]
    texts = [template + o for o in own]
    result = overlaps(texts, list(range(5)), common_min=5)
    for ov in result:
        assert ov.found_in == {}  # shared by five: a template, not a copy between two
        assert ov.common_reports == 5 and ov.common_chars == len(template)
    pairs = overlaps(texts[:2], [0, 1], common_min=5)
    assert pairs[0].found_in == {1: len(template)} and pairs[1].found_in == {0: len(template)}
    # Two parts of one report never count against each other.
    assert overlaps(texts[:2], [0, 0], common_min=5)[0].found_in == {}


def test_table_text_and_headings_are_not_prose() -> None:
    rep = check_file(real("2024_fujian-pingtan-zone.txt"))
    parts = {s.id: part_of(s.id, s.title, s.text) for s in rep.sections if s.found}
    assert parts["applications"].text == "" and parts["reviews"].text == "" and parts["proactive"].text == ""
    assert not parts["problems"].text.startswith("及改进情况")
    assert norm("2024年，我区（试点）") == "#年我区试点"
    assert any("勾稽关系" in p for p in boilerplate().phrases)


def test_traditional_and_simplified_copies_are_one_text() -> None:
    simp = "我局将进一步加强政务公开队伍建设，提升政策解读质量和水平，推动公开工作规范化。"
    trad = "我局將進一步加強政務公開隊伍建設，提升政策解讀質量和水平，推動公開工作規範化。"
    assert norm(simp) == norm(trad)


def test_no_reuse_on_an_unreadable_report() -> None:
    reports = [Report(file="x.pdf", sha256="a", error="文件为空（0 字节）"),
               check_file(real("2024_fujian-pingtan-zone.txt"))]
    apply_text_reuse(reports, series_keys(reports))
    assert not any(f.rule in REUSE for r in reports for f in r.findings)


def test_a_template_handed_to_many_bodies_is_common_not_reused() -> None:
    """One 六 sent down to five bodies: "common to 5 reports", no 雷同 between any two; with
    the reviewer's bar raised above five it counts as reuse again."""
    template = ("按照上级统一部署，本单位认真落实政府信息公开信息处理费管理办法，严格执行收费标准和程序。"
                "全年未发生信息处理费收取情况，今后将继续做好收费信息公开和解释说明工作，接受社会监督。"
                "同时加强对依申请公开工作人员的业务培训，确保收费政策执行到位、群众满意。")
    names = ["2024_fujian-pingtan-zone.txt", "2024_huaian-city.pdf", "2024_huaian-hongze-district.pdf",
             "2025_suqian-shuyang-county.txt", "2024_shanghai-stcsm-kewei.txt"]

    def batch() -> list[Report]:
        reports = [check_file(real(n)) for n in names]
        for rep in reports:
            (other,) = [s for s in rep.sections if s.id == "other" and s.found]
            other.text = template
        return reports

    reports = batch()
    apply_text_reuse(reports, series_keys(reports))
    for rep in reports:
        assert not [f for f in rep.findings if f.rule == "text_reused"], rep.file
        (common,) = [f for f in rep.findings if f.rule == "text_common"]
        assert common.section == "other" and common.share == 1.0
        assert common.reuse == {"common_reports": 5} and "5 份" in common.message
    reports = batch()
    apply_text_reuse(reports, series_keys(reports), Thresholds.parse(["text_reused.common_min_reports=6"]))
    assert all(any(f.rule == "text_reused" and f.section == "other" for f in r.findings) for r in reports)
    assert not [f for r in reports for f in r.findings if f.rule == "text_common"]


def test_hundreds_of_near_identical_reports_are_one_template() -> None:
    """300 bodies filing the same report under their own names: every sentence is common
    to 300 reports — said once per part, no 300 × 299 copy findings, quickly."""
    import copy

    base = check_file(real("2024_fujian-pingtan-zone.txt"))
    reports = []
    for i in range(300):
        rep = copy.deepcopy(base)
        rep.sha256, rep.file, rep.agency = f"{i:064x}", f"{i}.txt", f"第{i}号乡人民政府"
        reports.append(rep)
    apply_text_reuse(reports, series_keys(reports))
    assert not [f for r in reports for f in r.findings if f.rule == "text_reused"]
    commons = [f for f in reports[0].findings if f.rule == "text_common"]
    assert {f.section for f in commons} == {"overview", "problems"}
    assert all(f.reuse == {"common_reports": 300} for f in commons)


def test_a_short_part_taken_into_a_longer_one_is_flagged_on_the_taker(tmp_path: Path) -> None:
    """洪泽区's whole 五 pasted into the middle of 平潭's longer 五 (published later): less than
    the bar of 平潭's part, all of 洪泽区's — 平潭 is the one warned, and told why."""
    src, body = _hongze_five()
    text = real("2024_fujian-pingtan-zone.txt").read_text(encoding="utf-8")
    own = _five(text)
    longer = tmp_path / "2024_fujian-pingtan-zone.txt"
    # 平潭's own 五 three times over (rewritten years) around 洪泽区's.
    longer.write_text(_with_five(text, own + body.removeprefix("及改进情况") + own.replace("2025", "2026")
                                 + own.replace("2024", "2023")), encoding="utf-8")
    _, reps, _ = _run(str(src), str(longer))
    hongze, pingtan = reps
    (mine,) = _reuse(hongze)
    assert mine["role"] == "source" and mine["share"] >= 0.95
    (taker,) = _reuse(pingtan)
    assert taker["role"] == "copy" and taker["severity"] == "warning" and taker["share"] < 0.6
    assert "对方该部分的" in taker["message"]
