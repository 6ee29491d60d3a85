"""Issue 11, class by class, on realistic text: dates among page chrome, sentences about
other things, reports with no outline or cut off, one agency under two names.

Each class: several shapes that must give no finding, and a real fault in a sentence or
page of the same shape that must still be found (no silent misses)."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.crossyear import agency_key, group_key, pair_years, series_keys
from core.detect import choose_published, mask_chrome
from core.model import Report
from core.pipeline import check_file
from tests import fixturegen as fg
from tests import gen_variants as gv
from tests.corpus import corpus_path

REAL = corpus_path("real")


def _check_txt(spec: fg.ReportSpec, tmp_path: Path, name: str = "r.txt") -> dict:
    return check_file(fg.write_txt(spec, tmp_path / name)).to_dict()


def _rules(rep: dict, severities: tuple[str, ...] = ("error", "warning")) -> list[tuple[str, str]]:
    return [(f["rule"], f["severity"]) for f in rep["findings"] if f["severity"] in severities]


# --- 1. dates from the page, not the report ----------------------------------------------------

PAGE_HEAD = (
    "2025年12月30日 星期二\n采集时间：2025-12-30 10:12:31\n页面生成时间：2025-12-30 10:12:30\n"
    "青山县2023年政府信息公开工作年度报告\n公开日期：2024-01-22\n"
)
RELATED = "相关文章\n东湖市2022年政府信息公开工作年度报告 2023-01-29\n北岭县2024年政府信息公开工作年度报告 2025-03-28\n"


@pytest.mark.parametrize(
    ("text", "want", "label"),
    [
        # The clock, the crawler and the page generator are later; the label holds the date.
        (PAGE_HEAD + "正文……。\n青山县人民政府\n2024年1月20日\n" + RELATED, "2024-01-22", "公开日期"),
        # No label: the signature, not the list of other reports under it.
        ("青山县2023年政府信息公开工作年度报告\n正文……。\n青山县人民政府\n2024年1月20日\n" + RELATED, "2024-01-20", "落款"),
        # 成文日期 when no 公开日期 is given; a visit stamp in the footer is not a date of the report.
        ("成文日期：2024年1月18日\n正文……。\n访问时间：2026-02-01 09:00\n", "2024-01-18", "成文日期"),
        # 上一篇/下一篇 lines carry other documents' dates.
        ("正文……。\n青山县人民政府\n2024年1月25日\n上一篇：青山县2022年度报告 2023-03-30\n", "2024-01-25", "落款"),
    ],
)
def test_publication_date_from_the_report(text: str, want: str, label: str) -> None:
    choice = choose_published(text, 2023)
    assert choice is not None and choice.chosen.date == want and choice.chosen.label == label


def test_a_very_late_report_is_still_late() -> None:
    """A report put out three years late: its labelled 发布日期 is used, not dropped."""
    choice = choose_published("发布日期：2027-05-06\n正文……。\n", 2023)
    assert choice is not None and choice.chosen.date == "2027-05-06"
    # …while an unlabelled date that far off is not taken for the publication.
    assert choose_published("正文……。\n青山县人民政府\n2027年5月6日\n", 2023) is None


def test_chrome_mask_keeps_offsets_and_the_report() -> None:
    text = PAGE_HEAD + "一、总体情况\n" + RELATED
    masked = mask_chrome(text)
    assert len(masked) == len(text)
    assert "星期二" not in masked and "采集时间" not in masked and "东湖市" not in masked
    assert "公开日期：2024-01-22" in masked and "一、总体情况" in masked


def test_late_publication_says_which_date_and_where(tmp_path: Path) -> None:
    spec, _ = fg.fault_late(fg.consistent("2021", 2023, seed=7))
    page = gv.Page(signed=spec.published.replace(day=10))
    rep = check_file(gv.write_html_page(spec, tmp_path / "late.html", page)).to_dict()
    late = [f for f in rep["findings"] if f["rule"] == "late_publication"]
    assert len(late) == 1 and late[0]["severity"] == "warning"
    msg = late[0]["message"]
    assert "公开日期" in msg and spec.published.isoformat() in msg  # the date used, quoted
    assert "成文日期" in msg or "落款" in msg  # the other date the page gives
    assert late[0]["loc"] is not None and late[0]["quote"]


def test_year_and_agency_not_from_a_sidebar(tmp_path: Path) -> None:
    spec = fg.consistent("2021", 2023, seed=7)
    rep = check_file(gv.write_html_page(spec, tmp_path / "p.html", gv.Page(related_first=True))).to_dict()
    assert rep["year"] == 2023 and rep["agency"] == spec.agency


def test_list_of_other_reports_without_a_heading(tmp_path: Path) -> None:
    """A sidebar with no 相关文章 heading above it: titles followed by their dates are items."""
    spec = fg.consistent("2021", 2023, seed=7)
    items = "\n".join(
        f"{a}{y}年政府信息公开工作年度报告 {d}"
        for a, y, d in (("北岭县人民政府", 2024, "2025-03-28"), ("东湖市生态环境局", 2023, "2024-01-29"))
    )
    path = tmp_path / "sidebar.txt"
    path.write_text(items + "\n" + fg.report_text(spec), encoding="utf-8")
    rep = check_file(path).to_dict()
    assert (rep["year"], rep["agency"], rep["published"]) == (2023, spec.agency, spec.published.isoformat())
    assert _rules(rep) == []


# --- 2. sentences about other things ----------------------------------------------------------


GUARDED = [
    "其中1件申请内容不明确，已书面告知申请人补正，截至目前未收到该申请人提交的补正材料。",
    "全年未收到申请人对答复结果的投诉。",
    "收到政府信息公开申请数量同比增加2件，主要涉及征地补偿。",
    "全年接听12345热线转办的政府信息公开咨询申请35件。",
    "政府门户网站累计访问量120万人次，较上年增长15%。",
    "全年办理人大代表建议15件、政协提案22件，未收到不满意的反馈。",
    "行政复议案件较上年减少1件。",
    "信访部门转来涉及政府信息公开申请事项的来信3件，已按信访程序办理。",
    # Examples picked from a total, some not counted: short of it contradicts nothing.
    "通过部门网站发布政府信息393件，其中包括：行政规范性文件13件；规划计划文件2件；部门预算、决算以及人大代表建议办理情况等。",
]


@pytest.mark.parametrize("sentence", GUARDED)
def test_sentence_about_another_thing_is_not_about_the_table(sentence: str, tmp_path: Path) -> None:
    spec = fg.consistent("2021", 2023, seed=7)
    spec.sections["applications"] += "\n" + sentence
    rep = _check_txt(spec, tmp_path)
    assert _rules(rep) == [], rep["findings"]


CONTRADICTIONS = [
    ("本年度收到政府信息公开申请{wrong}件，其中1件已告知申请人补正，目前未收到补正材料。", "applications"),
    ("本年度未收到政府信息公开申请，也未收到申请人提交的补正材料。", "applications"),
    ("本年度共收到政府信息公开申请{wrong}件，较上年增加2件。", "applications"),
    ("因政府信息公开被申请行政复议2件，较上年增加2件。", "reviews"),
]


@pytest.mark.parametrize(("sentence", "table"), CONTRADICTIONS)
def test_real_contradiction_of_the_same_shape_is_still_an_error(sentence: str, table: str, tmp_path: Path) -> None:
    spec = fg.consistent("2021", 2023, seed=7)
    n = spec.tables["applications"]["new_received"]["total"]
    assert isinstance(n, int) and n > 0 and spec.tables["reviews"]["review"]["total"] == 0
    spec.sections["applications"] += "\n" + sentence.format(wrong=n + 3)
    rep = _check_txt(spec, tmp_path)
    hits = [f for f in rep["findings"] if f["rule"] == "narrative_table" and f["table"] == table]
    assert hits and all(f["severity"] == "error" for f in hits), rep["findings"]


def test_examples_that_exceed_their_total_are_still_an_error(tmp_path: Path) -> None:
    spec = fg.consistent("2021", 2023, seed=7)
    spec.sections["applications"] += "\n通过部门网站发布政府信息393件，其中包括：行政规范性文件300件；规划计划文件120件。"
    rep = _check_txt(spec, tmp_path)
    assert _rules(rep) == [("narrative_sum", "error")], rep["findings"]


def test_wider_scope_is_a_note_not_an_alarm(tmp_path: Path) -> None:
    spec = fg.consistent("2021", 2023, seed=7)
    spec.sections["applications"] += "\n据统计，全市各级行政机关共收到政府信息公开申请4188件。"
    rep = _check_txt(spec, tmp_path)
    assert _rules(rep) == []
    notes = [f for f in rep["findings"] if f["rule"] == "narrative_table"]
    assert len(notes) == 1 and notes[0]["severity"] == "info" and "全市" in notes[0]["quote"]


# --- 4. no outline, no finding? never --------------------------------------------------------

TOWNSHIP_2008 = """青石镇人民政府2008年政府信息公开工作年度报告
根据《中华人民共和国政府信息公开条例》的要求，现将我镇2008年政府信息公开工作情况报告如下。
2008年5月1日《条例》施行以来，我镇成立了政府信息公开工作领导小组，由镇长任组长，党政办具体负责日常工作。
全年通过镇政务公开栏、县政府门户网站乡镇专栏主动公开政府信息86条，其中机构职能类12条、政策法规类20条、
财政收支类18条、民生救助类36条。镇便民服务中心设置了政府信息查阅点，全年接待群众查阅120人次。
青石镇人民政府
2009年3月20日
"""

COMPLETE_NO_HEADINGS = """白沙乡人民政府2010年政府信息公开工作年度报告
全年主动公开政府信息54条。全年未收到政府信息公开申请，未收取任何费用，也没有减免收费的情况。
全年未发生因政府信息公开引起的行政复议和行政诉讼。
工作中还存在公开内容不够全面等问题，下一步将加强培训、改进公开方式。
白沙乡人民政府
2011年3月18日
"""


def test_township_report_without_headings(tmp_path: Path) -> None:
    path = tmp_path / "township.txt"
    path.write_text(TOWNSHIP_2008, encoding="utf-8")
    rep = check_file(path).to_dict()
    assert rep["template"] == "unknown" and rep["error"] is None
    rules = {(f["rule"], f.get("section")) for f in rep["findings"]}
    assert ("outline_unrecognised", None) in rules
    missing = {s for r, s in rules if r == "section_missing"}
    assert missing == {"applications", "fees", "reviews", "problems"}
    assert all(f["severity"] == "warning" for f in rep["findings"])


def test_report_without_headings_but_with_every_part(tmp_path: Path) -> None:
    path = tmp_path / "complete.txt"
    path.write_text(COMPLETE_NO_HEADINGS, encoding="utf-8")
    rep = check_file(path).to_dict()
    assert [f["rule"] for f in rep["findings"]] == ["outline_unrecognised"]


def test_cut_off_report_gets_one_finding(tmp_path: Path) -> None:
    spec = fg.consistent("2021", 2023, seed=7)
    text = fg.report_text(spec)
    cut = text.index("（三）政府信息管理方面") + 14  # in mid-sentence of the overview
    path = tmp_path / "cut.txt"
    path.write_text(text[:cut], encoding="utf-8")
    rep = check_file(path).to_dict()
    assert [(f["rule"], f["severity"]) for f in rep["findings"]] == [("section_missing", "warning")]
    assert "不完整" in rep["findings"][0]["message"] and rep["findings"][0]["loc"] is not None


def test_complete_report_missing_a_part_is_not_called_cut_off(tmp_path: Path) -> None:
    spec, _ = fg.fault_section_missing(fg.consistent("2021", 2023, seed=7))
    rep = _check_txt(spec, tmp_path)
    msgs = [f["message"] for f in rep["findings"] if f["rule"] == "section_missing"]
    assert len(msgs) == 1 and "不完整" not in msgs[0]


def test_report_ending_in_its_statistics_table_is_not_cut_off() -> None:
    rep = check_file(REAL / "2015_fujian-pingtan-zone.txt").to_dict()
    assert not any("不完整" in f["message"] for f in rep["findings"])


# --- 5. one agency, two names -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("洪泽区人民政府", "淮安市洪泽区人民政府"),
        ("平潭综合实验区", "平潭综合实验区管委会"),
        ("平潭综合实验区管理委员会", "福建省平潭综合实验区"),
        ("攸县人民政府办公室", "攸县人民政府"),
        ("福州市晋安区", "晋安区人民政府"),
    ],
)
def test_one_agency_two_names(a: str, b: str) -> None:
    assert agency_key(a) == agency_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("淮安市人民政府", "淮安市洪泽区人民政府"),
        ("淮安市交通运输局", "宿迁市交通运输局"),
        ("平潭综合实验区", "平潭综合实验区财政金融局"),
        ("苏州市工业园区管委会", "无锡市工业园区管委会"),
    ],
)
def test_two_agencies_stay_two(a: str, b: str) -> None:
    assert agency_key(a) != agency_key(b)


def _rep(name: str, agency: str | None, year: int, sha: str) -> Report:
    return Report(file=name, sha256=sha, agency=agency, year=year)


def test_pairing_by_key_manual_and_unpaired() -> None:
    r23 = _rep("a/2023_hongze.pdf", "洪泽区人民政府", 2023, "s23")
    r24 = _rep("a/2024_hongze.pdf", "淮安市洪泽区人民政府", 2024, "s24")
    city = _rep("a/2024_huaian.pdf", "淮安市人民政府", 2024, "c24")
    assert pair_years([r23, r24, city], []) == [(r24, r23)]
    assert pair_years([r23, r24, city], [], manual={"s24": None}) == []  # unpaired by hand
    assert pair_years([r23, r24, city], [], manual={"c24": "s23"}) == [(r24, r23), (city, r23)]


def test_same_district_name_in_two_cities_is_not_paired() -> None:
    fz = _rep("x/2023.txt", "福州市鼓楼区人民政府", 2023, "f")
    nj = _rep("y/2024.txt", "南京市鼓楼区人民政府", 2024, "n")
    assert pair_years([fz, nj], []) == []
    keys = series_keys([fz, nj])  # the overview groups them apart too
    assert keys["f"] != keys["n"]


def test_reports_without_agency_grouped_by_file_name() -> None:
    a = _rep("c/2022_shaanxi-wuqi-county-excerpt.txt", None, 2022, "1")
    b = _rep("c/2023_shaanxi-wuqi-county-excerpt.txt", None, 2023, "2")
    c = _rep("c/2023_hunan-youxian-county-office-excerpt.txt", None, 2023, "3")
    assert group_key(a) == group_key(b) != group_key(c)
    assert pair_years([a, b, c], []) == [(b, a)]


def test_real_hongze_pair_runs_the_cross_year_rules() -> None:
    cur = check_file(REAL / "2024_huaian-hongze-district.pdf")
    prev = check_file(REAL / "2023_huaian-hongze-district.pdf")
    city = check_file(REAL / "2024_huaian-city.pdf")
    assert cur.agency != prev.agency  # 淮安市洪泽区人民政府 / 洪泽区人民政府
    assert pair_years([cur, prev, city], []) == [(cur, prev)]


def test_two_names_of_one_agency_run_carry_over(tmp_path: Path) -> None:
    """洪泽区人民政府 (2023) and 淮安市洪泽区人民政府 (2024): paired, so a 上年结转 that differs
    from last year's 结转下年度 is found; with the same figure nothing is said."""
    from core.crossyear import apply_cross_year

    prev_spec = fg.consistent("2021", 2023, seed=7)
    prev_spec.agency = "洪泽区人民政府"
    fg.narrate(prev_spec)
    cur_spec = fg.consistent("2021", 2024, seed=11)
    cur_spec.agency = "淮安市洪泽区人民政府"
    fg.narrate(cur_spec)
    carried = prev_spec.tables["applications"]["carry_forward"]
    cur_spec.tables["applications"]["carried_over"] = dict(carried)  # as last year left them
    prev = check_file(fg.write_txt(prev_spec, tmp_path / "2023.txt"))
    cur = check_file(fg.write_txt(cur_spec, tmp_path / "2024.txt"))
    assert (prev.agency, cur.agency) == ("洪泽区人民政府", "淮安市洪泽区人民政府")
    assert pair_years([cur, prev], []) == [(cur, prev)]
    before = len(cur.findings)
    apply_cross_year([cur], [prev])
    assert not [f for f in cur.findings[before:] if f.rule == "carry_over"]
    # Now last year's report says one more case went forward than this year's took over.
    prev.tables["applications"]["carry_forward"]["total"].value = (
        cur.tables["applications"]["carried_over"]["total"].value or 0) + 1
    cur.findings = cur.findings[:before]
    apply_cross_year([cur], [prev])
    found = [f for f in cur.findings if f.rule == "carry_over"]
    assert found and found[0].severity == "error" and found[0].cells == [("carried_over", "total")]
