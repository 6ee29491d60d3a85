"""Text against table on real wording (the MANIFEST's notes on these files)."""

from __future__ import annotations

from pathlib import Path

from core.pipeline import check_file
from tests.corpus import real


def test_shanghai_2019_text_contradicts_its_table() -> None:
    """MANIFEST: text 予以公开及部分公开258 vs table 272+3; 无法提供265 vs 337; '均获维持'
    while the table has 复议 and 诉讼 尚未审结. The table leaves its zeros blank, so these are
    warnings that say blanks were counted as 0."""
    rep = check_file(real("2019_shanghai-municipal-general-office.html"))
    found = [f for f in rep.findings if f.rule == "narrative_table"]
    by_actual = {f.actual: f for f in found if f.actual is not None}
    assert by_actual[258].expected == 275 and "空白按 0 计" in by_actual[258].message
    assert by_actual[265].expected == 337
    upheld = [f for f in found if "均获维持" in f.message]
    assert upheld and {tuple(c) for c in upheld[0].cells} == {("review", "pending"), ("litigation_direct", "pending")}
    assert all(f.severity == "warning" for f in found)
    # 共受理859件 and 答复805件 agree with the table: nothing said about them.
    assert 859 not in by_actual and 805 not in by_actual


def test_scope_of_another_body_is_a_warning_with_the_sentence() -> None:
    """2024 洪泽区: '区政府办代表区政府受理…17件' while the table (the whole district) says 95."""
    rep = check_file(real("2024_huaian-hongze-district.pdf"))
    found = [f for f in rep.findings if f.rule == "narrative_table"]
    assert len(found) == 1 and found[0].severity == "warning"
    assert found[0].actual == 17 and found[0].expected == 95 and "代表" in (found[0].quote or "")


def test_claims_are_data_and_name_cells_of_the_2021_format() -> None:
    """resources/rules/claims.toml: every claim's cells are table/row/column ids of the
    format the narrative checks read (a row ending in "*" names rows that exist under it),
    and a claim with a count captures it while a "none" claim captures none."""
    from core.formats import load_formats
    from core.rules.narrative import claims

    tables = load_formats()["2021"].tables
    loaded = claims()
    assert len(loaded) >= 15
    for claim in loaded:
        for table, row, col in claim.cells:
            t = tables[table]
            rows = {r.id for r in t.rows}
            if row.endswith("*"):
                assert any(r.startswith(row[:-1]) for r in rows), (claim.what, row)
                columns = t.columns
            else:
                assert row in rows, (claim.what, row)
                columns = t.row(row).columns  # 第二十条's rows have columns of their own
            assert col in {c.id for c in columns}, (claim.what, col)
        assert (claim.pattern.groups == 0) == claim.zero, claim.what


def test_a_stated_count_no_cut_of_a_glued_run_can_give_is_a_warning(tmp_path: Path) -> None:
    """A year-end figure no cut of the glued run can give: the 2023 平潭 row "77132470"
    (last cell 0, 70, 470, 2470 or 32470 however it is cut — never 393) against the
    sentence rewritten to state a year-end stock ("截至2023年底，现行有效…393件").
    2022 平潭: 698 against "8855698" fits a cut (…/698): nothing to say."""
    text = real("2023_fujian-pingtan-zone.txt").read_text(encoding="utf-8")
    year_end = text.replace("清理并集中发布现行有效行政规范性文件393件", "截至2023年底,现行有效行政规范性文件393件")
    assert year_end != text
    path = tmp_path / "2023_fujian-pingtan-zone.txt"
    path.write_text(year_end, encoding="utf-8")
    rep = check_file(path)
    found = [f for f in rep.findings if f.rule == "narrative_table" and f.table == "article20"]
    assert len(found) == 1 and found[0].severity == "warning"
    assert found[0].cells == [("normative_documents", "in_force")] and found[0].actual == 393
    assert "77132470" in found[0].message and "393" in found[0].message
    rep = check_file(real("2022_fujian-pingtan-zone.txt"))
    assert not [f for f in rep.findings if f.rule == "narrative_table" and f.table == "article20"]


def test_a_stock_counted_at_another_moment_is_a_note_at_most() -> None:
    """2023 平潭 as published: '清理并集中发布现行有效行政规范性文件393件' is the stock
    after the clean-up, not the year-end figure (393 + the 77 issued = 470, the cut
    77/132/470): an info note quoting the sentence, and the run stays ambiguous."""
    rep = check_file(real("2023_fujian-pingtan-zone.txt"))
    found = [f for f in rep.findings if f.rule == "narrative_table" and f.table == "article20"]
    assert [f.severity for f in found] == ["info"] and "清理" in found[0].message
    assert "393" in (found[0].quote or "")
    amb = [f for f in rep.findings if f.rule == "ambiguous_digits" and f.table == "article20"]
    assert len(amb) == 1 and amb[0].severity == "warning"
    assert rep.tables["article20"]["normative_documents"]["in_force"].value is None


def _kinds(path: Path) -> list:  # type: ignore[type-arg]
    return [f for f in check_file(path).findings if f.rule == "narrative_sum" and "各类别" in f.message]


def test_a_closed_list_of_kinds_above_the_published_total_before_it_is_an_error(tmp_path: Path) -> None:
    """2014 平潭: "2014年主动公开政府信息 2543条。其中…" then, a paragraph on, "主要类别有：
    机构职能类信息594条，…，其他应主动公开的信息946条" = 2641: more than was published."""
    found = _kinds(real("2014_fujian-pingtan-zone.txt"))
    assert len(found) == 1 and found[0].severity == "error"
    assert (found[0].expected, found[0].actual) == (2641, 2543)
    text = real("2014_fujian-pingtan-zone.txt").read_text(encoding="utf-8")
    assert "其他应主动公开的信息946条" in text
    # Adding up to the total, or short of it (the list may cover 各工作部门 only): nothing.
    for other in ("848", "500"):
        fixed = tmp_path / f"2014_{other}.txt"
        fixed.write_text(text.replace("其他应主动公开的信息946条", f"其他应主动公开的信息{other}条"), encoding="utf-8")
        assert not _kinds(fixed), other
    # Not closed by 其他: a list of the main kinds only, which proves nothing.
    open_list = tmp_path / "2014_open.txt"
    open_list.write_text(text.replace("其他应主动公开的信息946条", "社会保障类信息946条"), encoding="utf-8")
    assert not _kinds(open_list)


def test_a_list_of_kinds_with_its_own_total_is_left_to_the_total_check() -> None:
    """2019 平潭财政金融局: "在主动公开的90条政府信息中，全文电子化的…共90条，…" carries
    its own total: not compared with a count before it."""
    assert not _kinds(real("2019_fujian-pingtan-finance-bureau.txt"))
