"""Issue 17: real text as it comes, class by class, on real reports of the corpus.

Each case reads a real report (or the same report with one real sentence or row changed
the way other real reports print it) and asserts the careful reader's reading; its
opposite case stands beside it, so a rule that fires always, or never, fails here."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.extract.stated import body_of, other_scope
from core.model import Report
from core.pipeline import check_file

# The page chrome the precision script plants too: one copy of it.
from scripts.real_text_cases import _META_BLOCK, _OTHER_YEARS, _OWN_HEAD, _OWN_TITLE
from tests.corpus import real

PT2023 = "2023_fujian-pingtan-zone.txt"


def _edited(tmp_path: Path, name: str, old: str, new: str) -> Report:
    """The real report ``name`` with ``old`` replaced by ``new`` (which must be in it)."""
    text = real(name).read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = tmp_path / name
    path.write_text(text.replace(old, new), encoding="utf-8")
    return check_file(path)


def _values(rep: Report, table: str, row: str) -> list[object]:
    return [c.value for c in rep.tables[table][row].values()]


def _alarms(rep: Report, rule: str) -> list:  # type: ignore[type-arg]
    return [f for f in rep.findings if f.rule == rule and f.severity in ("error", "warning")]


# --- 1. rows in glued text -------------------------------------------------------------------


def test_a_row_that_printed_no_values_keeps_the_next_rows(tmp_path: Path) -> None:
    """2023 平潭's glued table with its "3.其他" row left blank: the label runs straight
    into "（七）总计801000081". The total's digits stay with the total, the 结转 row after
    it is still found, and the blank row is a blank row, not a missing one."""
    rep = _edited(tmp_path, PT2023, "3.其他1000001（七）", "3.其他（七）")
    assert _values(rep, "applications", "result.total") == [80, 1, 0, 0, 0, 0, 81]
    assert _values(rep, "applications", "carry_forward") == [0] * 7
    assert all(c.status == "blank" for c in rep.tables["applications"]["result.other.other"].values())
    assert not [f for f in rep.findings if f.rule in ("missing_row", "missing_table")]
    assert [f.cells[0][0] for f in rep.findings if f.rule == "blank_cell"] == ["result.other.other"]
    # The report as printed: the row has its values, nothing is blank.
    rep = check_file(real(PT2023))
    assert _values(rep, "applications", "result.other.other") == [1, 0, 0, 0, 0, 0, 1]
    assert not [f for f in rep.findings if f.rule == "blank_cell"]


def test_a_run_with_one_digit_per_cell_is_read_and_its_failing_sum_reported(tmp_path: Path) -> None:
    """"1000002": seven digits for seven cells have one reading, 1/0/0/0/0/0/2, although
    the row's 总计 then fails — that is the report's fault, reported as row_sum."""
    rep = _edited(tmp_path, PT2023, "3.其他1000001（七）", "3.其他1000002（七）")
    assert _values(rep, "applications", "result.other.other") == [1, 0, 0, 0, 0, 0, 2]
    sums = [f for f in rep.findings if f.rule == "row_sum"]
    assert len(sums) == 1 and sums[0].severity == "error" and sums[0].actual == 2 and sums[0].expected == 1
    assert not [f for f in rep.findings if f.rule == "ambiguous_digits" and f.cells[0][0] == "result.other.other"]
    # Eight digits for seven cells and no cut that adds up: more than one reading is
    # possible, so the run stays ambiguous and no sum is called wrong.
    rep = _edited(tmp_path, PT2023, "3.其他1000001（七）", "3.其他10000003（七）")
    amb = [f for f in rep.findings if f.rule == "ambiguous_digits" and f.cells[0][0] == "result.other.other"]
    assert len(amb) == 1 and not [f for f in rep.findings if f.rule == "row_sum"]


def test_a_glued_article20_run_is_cut_by_the_figures_the_text_states(tmp_path: Path) -> None:
    """2022 平潭: "8855698" has 15 cuts; the text says 现行有效…698件 and 本年度制发的…88件,
    which leave one: 88/55/698 — read, marked inferred, and said in a note."""
    rep = check_file(real("2022_fujian-pingtan-zone.txt"))
    cells = rep.tables["article20"]["normative_documents"]
    assert [c.value for c in cells.values()] == [88, 55, 698] and all(c.inferred for c in cells.values())
    notes = [f for f in rep.findings if f.rule == "ambiguous_digits" and f.table == "article20"]
    assert [f.severity for f in notes] == ["info"] and "88/55/698" in notes[0].message
    # Without the sentence that states the figures, the run stays ambiguous, with candidates.
    rep = _edited(tmp_path, "2022_fujian-pingtan-zone.txt",
                  "集中公开现行有效行政规范性文件698件，动态更新本年度制发的规范性文件88件", "集中公开行政规范性文件")
    amb = [f for f in rep.findings if f.rule == "ambiguous_digits" and f.table == "article20"]
    assert [f.severity for f in amb] == ["warning"] and amb[0].candidates
    assert rep.tables["article20"]["normative_documents"]["in_force"].value is None


def test_a_stated_figure_that_leaves_several_cuts_narrows_but_does_not_decide() -> None:
    """2023 平潭: 本年度制发…77件 leaves 77/1/32470, 77/13/2470, 77/132/470…; the 393 is
    another moment's stock and decides nothing. The run stays ambiguous and says so."""
    rep = check_file(real(PT2023))
    amb = [f for f in rep.findings if f.rule == "ambiguous_digits" and f.table == "article20"]
    assert [f.severity for f in amb] == ["warning"] and "本年制发件数 77" in amb[0].message
    assert "5 种拆分" in amb[0].message


# --- 2. what a 其中 list belongs to -------------------------------------------------------------


def test_a_list_after_the_kinds_breaks_down_the_sentences_total(tmp_path: Path) -> None:
    """"…申请共计81件，涉及自然人80件、商业企业1件。其中：予以公开及部分公开42件…": the
    其中 list (42+5+31+1+2 = 81) breaks down the total 81, not the 1 just before it."""
    rep = _edited(tmp_path, PT2023, "商业企业1件。办结依申请公开81件，其中：", "商业企业1件。其中：")
    assert not _alarms(rep, "narrative_sum")
    # The same list one short of its total (43 for 42): an error against 81.
    rep = _edited(tmp_path, PT2023, "商业企业1件。办结依申请公开81件，其中：予以公开及部分公开42件",
                  "商业企业1件。其中：予以公开及部分公开43件")
    sums = _alarms(rep, "narrative_sum")
    assert len(sums) == 1 and sums[0].severity == "error" and sums[0].actual == 81 and sums[0].expected == 82


# --- 3. scope is a rule -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("agency", "rank", "government"),
    [
        ("淮安市洪泽区人民政府", 3, True),
        ("平潭综合实验区", 3, True),
        ("平潭综合实验区管委会", 3, True),
        ("平潭综合实验区财政金融局", 3, False),
        ("上海市科委", 2, False),
        ("上海市人民政府办公厅", 2, True),
        ("兴安盟区域经济合作局", 2, False),
        ("苍溪县乡村振兴局", 3, False),
        ("平潭县城市管理局", 3, False),  # 城市 is no place under 县
        ("上海市市场监督管理局", 2, False),
    ],
)
def test_the_body_level_is_read_from_its_agency_name(agency: str, rank: int, government: bool) -> None:
    body = body_of(agency)
    assert body is not None and (body.rank, body.government) == (rank, government)


def test_whole_area_words_are_another_scope_only_when_wider_or_not_the_bodys_own() -> None:
    sentence = "2023年全区共收到政府信息公开申请81件"
    assert other_scope("平潭综合实验区", sentence) is None  # a government's own area
    assert other_scope("平潭综合实验区财政金融局", sentence) == "全区"  # a department's: wider
    assert other_scope("淮安市洪泽区人民政府", "全市收到申请9件") == "全市"  # a wider unit
    assert other_scope("兴安盟区域经济合作局", "全盟收到申请9件") == "全盟"
    assert other_scope(None, sentence) == "全区"  # no agency: the safe reading
    assert other_scope("平潭综合实验区", "本系统收到申请9件") == "本系统"
    assert other_scope("平潭综合实验区", "截至6月底,现行有效规范性文件9件") == "截至"
    assert other_scope("平潭综合实验区", "截至2023年12月31日,现行有效规范性文件9件") is None


def test_a_governments_own_area_is_compared_a_departments_wider_area_is_a_note(tmp_path: Path) -> None:
    """2023 平潭 (the zone's own report) with '办结依申请公开81件' said of 全区 and changed
    to 82: the zone's own area, so the contradiction with the table stands. The same
    sentence in the report of one of its bureaus speaks of a wider area: an info note."""
    old = "办结依申请公开81件，其中：予以公开及部分公开42件"
    new = "全区办结依申请公开82件，其中：予以公开及部分公开43件"
    rep = _edited(tmp_path, PT2023, old, new)
    assert rep.agency == "平潭综合实验区"
    found = [f for f in rep.findings if f.rule == "narrative_table" and f.actual == 82]
    assert [f.severity for f in found] == ["error"]
    text = real(PT2023).read_text(encoding="utf-8").replace(old, new)
    text = text.replace("平潭综合实验区2023年度", "平潭综合实验区财政金融局2023年度").replace("管委会办公室", "财政金融局")
    path = tmp_path / "bureau.txt"
    path.write_text(text, encoding="utf-8")
    rep = check_file(path)
    assert rep.agency == "平潭综合实验区财政金融局"
    found = [f for f in rep.findings if f.rule == "narrative_table" and f.actual == 82]
    assert [f.severity for f in found] == ["info"] and "全区" in found[0].message


# --- 6. a saved page's own metadata ----------------------------------------------------------

PT2024_HTML = "2024_fujian-pingtan-zone.html"


def _page(tmp_path: Path, *, meta: bool, title: bool) -> Report:
    """The real 2024 平潭 page as its site serves it in the 信息公开 column: a metadata block
    instead of the 来源/时间 line, and a list of the other years' reports (no dates) before
    the article; with or without the article's own title."""
    html = real(PT2024_HTML).read_text(encoding="utf-8")
    assert _OWN_HEAD in html and _OWN_TITLE in html
    html = html.replace(_OWN_HEAD, "").replace("<body>", "<body>" + _OTHER_YEARS, 1)
    if meta:
        html = html.replace(_OWN_TITLE, _META_BLOCK + _OWN_TITLE)
    if not title:
        html = html.replace(_OWN_TITLE, "").replace("<title>平潭综合实验区2024年度", "<title>")
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    return check_file(path)


def test_the_year_and_date_come_from_the_page_never_from_the_list_beside_it(tmp_path: Path) -> None:
    rep = _page(tmp_path, meta=True, title=True)
    assert (rep.year, rep.published) == (2024, "2025-03-10")
    # Without its own title the list's first item (2023) is not the report's: the 统计期限
    # (2024) is; and the list names no agency of this year's report.
    rep = _page(tmp_path, meta=False, title=False)
    assert rep.year == 2024 and rep.published is None and rep.agency is None
    # A title standing alone (not among others of other years) is still the report's.
    rep = _page(tmp_path, meta=False, title=True)
    assert rep.year == 2024 and rep.agency == "平潭综合实验区" and rep.published is None


@pytest.mark.parametrize(
    "ending",
    [
        # The reply-style report's real closing lines: the signer, not the 版记's office.
        "此函 平潭综合实验区海坛片区管理局 2022年1月7日 海坛片区管理局党政办公室 2022年1月7日印发",
        "此函\n平潭综合实验区海坛片区管理局\n2022年1月7日\n海坛片区管理局党政办公室 2022年1月7日印发",
        "特此报告。\n平潭综合实验区海坛片区管理局\n2022年1月7日",
    ],
)
def test_the_agency_is_a_bodys_name(ending: str) -> None:
    from core.detect import detect_agency

    text = "二〇二一年，我局认真贯彻落实《条例》，各项工作有序推进。\n" + ending
    assert detect_agency(text, 2021)[0] == "平潭综合实验区海坛片区管理局"


# --- 4. values out of place ---------------------------------------------------------------------

_DISCLOSED = "予以公开</p></td><td><p>71</p></td><td><p>0</p></td>"


def test_a_row_read_with_a_value_missing_is_uncertain_not_an_arithmetic_error(tmp_path: Path) -> None:
    """The real 2024 平潭 page with the 自然人 value of (一)予以公开 dropped (as a scan that
    missed a "71", or a converter that lost a cell): six values for seven columns. Which
    column each belongs to cannot be told, so the row is row_misaligned naming its cells,
    and no column_sum is called wrong on values slid one column left (once: 自然人 146
    against 217 and 其他 71 against 0, two false errors)."""
    rep = _edited(tmp_path, PT2024_HTML, _DISCLOSED, "予以公开</p></td><td><p>0</p></td>")
    mis = [f for f in rep.findings if f.rule == "row_misaligned"]
    assert len(mis) == 1 and mis[0].severity == "warning" and len(mis[0].cells) == 7
    assert all(c.value is None for c in rep.tables["applications"]["result.disclosed"].values())
    assert [c.raw for c in rep.tables["applications"]["result.disclosed"].values()][:6] == ["0", "0", "0", "0", "0", "71"]
    assert not [f for f in rep.findings if f.severity == "error"]
    # The row read whole, with a real fault in it (72 for 71): found, as an error.
    rep = _edited(tmp_path, PT2024_HTML, _DISCLOSED, "予以公开</p></td><td><p>72</p></td><td><p>0</p></td>")
    assert not [f for f in rep.findings if f.rule == "row_misaligned"]
    errors = {(f.rule, f.cells[0][1] if f.cells else None) for f in rep.findings if f.severity == "error"}
    assert ("row_sum", "result.disclosed") in {(f.rule, f.cells[0][0]) for f in rep.findings if f.severity == "error"}
    assert any(rule == "column_sum" for rule, _ in errors)
