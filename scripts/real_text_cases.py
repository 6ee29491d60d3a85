"""Issue 17's classes as cases on real reports: the report as published, or with one real
row or sentence changed the way other real reports print it, each with its truth read by
hand. ``scripts/precision.py --classes`` scores them; tests/test_real_text.py asserts the
same cases one by one.

A case's truth: the cells a careful reader reads (``cells``: (table, row) → values, None
for a cell that cannot be told), the findings it must give (``must``: rule, table,
severities), and the rules of its class that must not raise an alarm (``quiet``: an
error or warning of these is a false finding).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "tests" / "corpus" / "real"
PT2023 = "2023_fujian-pingtan-zone.txt"
PT2024_HTML = "2024_fujian-pingtan-zone.html"
_ALARM = ("error", "warning")
_DISCLOSED = "予以公开</p></td><td><p>71</p></td><td><p>0</p></td>"
_OWN_HEAD = ('<span class="article_source">来源：平潭综合实验区管委会办公室</span> '
             '<span class="article_time">时间：2025-03-10 15:35</span>')
_OWN_TITLE = '<div class="article_title text_align_center">平潭综合实验区2024年度政府信息公开工作年度报告</div>'
_META_BLOCK = (
    '<table class="xxgk_table"><tr><td>索引号：</td><td>FJPT-00101-0400-2025-00003</td>'
    "<td>发布机构：</td><td>平潭综合实验区管委会办公室</td></tr>"
    "<tr><td>生成日期：</td><td>2025-03-10</td><td>发布日期：</td><td>2025-03-10</td></tr></table>"
)
_OTHER_YEARS = (
    '<div class="list"><div class="tit">政府信息公开年报</div><ul>'
    '<li><a href="t1.htm">平潭综合实验区2023年度政府信息公开工作年度报告</a></li>'
    '<li><a href="t2.htm">平潭综合实验区2025年度政府信息公开工作年度报告</a></li>'
    '<li><a href="t3.htm">平潭综合实验区2022年度政府信息公开工作年度报告</a></li></ul></div>'
)


@dataclass(frozen=True)
class Case:
    cls: int  # the class of issue 17
    name: str
    file: str
    edits: tuple[tuple[str, str], ...] = ()
    cells: dict[tuple[str, str], list[Any]] = field(default_factory=dict)
    must: tuple[tuple[str, str | None, tuple[str, ...]], ...] = ()  # rule, table, severities
    quiet: tuple[str, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict)  # year / published / agency


CASES: tuple[Case, ...] = (
    Case(1, "a row with no values runs into the next label", PT2023, (("3.其他1000001（七）", "3.其他（七）"),),
         cells={("applications", "result.total"): [80, 1, 0, 0, 0, 0, 81],
                ("applications", "carry_forward"): [0] * 7,
                ("applications", "result.other.other"): [None] * 7},
         must=(("blank_cell", "applications", ("warning",)),), quiet=("missing_row", "missing_table")),
    Case(1, "one digit per cell, the row's sum fails", PT2023, (("3.其他1000001（七）", "3.其他1000002（七）"),),
         cells={("applications", "result.other.other"): [1, 0, 0, 0, 0, 0, 2]},
         must=(("row_sum", "applications", ("error",)),)),
    Case(1, "more digits than cells and no cut adds up", PT2023, (("3.其他1000001（七）", "3.其他10000003（七）"),),
         cells={("applications", "result.other.other"): [None] * 7},
         must=(("ambiguous_digits", "applications", ("warning",)),), quiet=("row_sum",)),
    Case(1, "a glued 第二十条 run cut by the stated figures", "2022_fujian-pingtan-zone.txt",
         cells={("article20", "normative_documents"): [88, 55, 698]}),
    Case(1, "… and without the sentence that states them", "2022_fujian-pingtan-zone.txt",
         (("集中公开现行有效行政规范性文件698件，动态更新本年度制发的规范性文件88件", "集中公开行政规范性文件"),),
         cells={("article20", "normative_documents"): [None] * 3},
         must=(("ambiguous_digits", "article20", ("warning",)),)),
    Case(2, "a 其中 list after a list of kinds", PT2023, (("商业企业1件。办结依申请公开81件，其中：", "商业企业1件。其中："),),
         quiet=("narrative_sum",)),
    Case(2, "… one more than its total", PT2023,
         (("商业企业1件。办结依申请公开81件，其中：予以公开及部分公开42件", "商业企业1件。其中：予以公开及部分公开43件"),),
         must=(("narrative_sum", None, ("error",)),)),
    Case(3, "a stock after a clean-up against a glued run", PT2023, quiet=("narrative_table",)),
    Case(3, "… stated as the year-end figure", PT2023,
         (("清理并集中发布现行有效行政规范性文件393件", "截至2023年底,现行有效行政规范性文件393件"),),
         must=(("narrative_table", "article20", ("warning",)),)),
    Case(3, "全区 in the zone's own report", PT2023,
         (("办结依申请公开81件，其中：予以公开及部分公开42件", "全区办结依申请公开82件，其中：予以公开及部分公开43件"),),
         must=(("narrative_table", "applications", ("error",)),)),
    Case(3, "全区 in one of its bureaus' report", PT2023,
         (("办结依申请公开81件，其中：予以公开及部分公开42件", "全区办结依申请公开82件，其中：予以公开及部分公开43件"),
          ("平潭综合实验区2023年度", "平潭综合实验区财政金融局2023年度"), ("管委会办公室", "财政金融局")),
         quiet=("narrative_table",)),
    Case(4, "a row read with a value missing", PT2024_HTML, ((_DISCLOSED, "予以公开</p></td><td><p>0</p></td>"),),
         cells={("applications", "result.disclosed"): [None] * 7},
         must=(("row_misaligned", "applications", ("warning",)),), quiet=("column_sum", "row_sum")),
    Case(4, "… read whole, with a real fault in it", PT2024_HTML,
         ((_DISCLOSED, "予以公开</p></td><td><p>72</p></td><td><p>0</p></td>"),),
         cells={("applications", "result.disclosed"): [72, 0, 0, 0, 0, 0, 71]},
         must=(("row_sum", "applications", ("error",)), ("column_sum", "applications", ("error",))),
         quiet=("row_misaligned",)),
    Case(6, "a metadata block and other years' reports beside", PT2024_HTML,
         ((_OWN_HEAD, ""), ("<body>", "<body>" + _OTHER_YEARS), (_OWN_TITLE, _META_BLOCK + _OWN_TITLE)),
         meta={"year": 2024, "published": "2025-03-10", "agency": "平潭综合实验区"}),
    Case(6, "… no title of its own, no date", PT2024_HTML,
         ((_OWN_HEAD, ""), ("<body>", "<body>" + _OTHER_YEARS), (_OWN_TITLE, ""),
          ("<title>平潭综合实验区2024年度", "<title>")),
         meta={"year": 2024, "published": None, "agency": None}),
)


@dataclass
class ClassTally:
    cases: int = 0
    cells: int = 0
    cells_right: int = 0
    faults: int = 0
    found: int = 0
    false: int = 0
    meta: int = 0
    meta_right: int = 0
    listing: list[str] = field(default_factory=list)


def _build(case: Case, folder: Path) -> Path:
    text = (REAL / case.file).read_text(encoding="utf-8")
    for old, new in case.edits:
        if old not in text:
            raise ValueError(f"{case.name}: {old!r} not in {case.file}")
        text = text.replace(old, new, 1)
    path = folder / f"{len(list(folder.iterdir()))}_{case.file}"
    path.write_text(text, encoding="utf-8")
    return path


def score(check: Any) -> dict[int, ClassTally]:
    """``check``: path → report dict (core.pipeline.check_file(...).to_dict())."""
    out: dict[int, ClassTally] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for case in CASES:
            t = out.setdefault(case.cls, ClassTally())
            t.cases += 1
            rep = check(_build(case, Path(tmp)))
            for (table, row), want in case.cells.items():
                got = [c.get("value") for c in rep["tables"].get(table, {}).get(row, {}).values()]
                got += ["<missing>"] * (len(want) - len(got))
                for w, g in zip(want, got, strict=False):
                    t.cells += 1
                    t.cells_right += w == g
                if got[: len(want)] != want:
                    t.listing.append(f"  CELLS {case.name}: {table}/{row} {got} (want {want})")
            for rule, table, sev in case.must:
                t.faults += 1
                hit = any(f["rule"] == rule and f["severity"] in sev and (table is None or f["table"] == table)
                          for f in rep["findings"])
                t.found += hit
                if not hit:
                    t.listing.append(f"  MISS {case.name}: {rule} {table or ''}")
            for f in rep["findings"]:
                if f["rule"] in case.quiet and f["severity"] in _ALARM:
                    t.false += 1
                    t.listing.append(f"  FALSE {case.name}: {f['severity']} {f['rule']} {f['message'][:90]}")
            for key, want in case.meta.items():
                t.meta += 1
                t.meta_right += rep.get(key) == want
                if rep.get(key) != want:
                    t.listing.append(f"  META {case.name}: {key} {rep.get(key)!r} (want {want!r})")
    return out
