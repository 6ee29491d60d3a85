"""Complete annual reports written from KNOWN tables, in every source kind, with faults.

A ``ReportSpec`` holds what a report says: its template, year, agency, date, the three
tables (``{table: {row: {col: value}}}``; value an int/float, None for a blank cell, or a
placeholder string such as "/") and the six parts' prose. ``consistent`` builds a random
but fully consistent one; ``FAULTS`` turn it into a faulty one and say which findings the
engine must then report (``Expect``). The ``write_*`` functions lay the same report out as
TXT (several encodings and flattenings), HTML, DOCX and PDF.

Nothing here imports the engine: the expectations are derived from the output contract
(../shared/spec/output-contract.md), not from the code under test.

This is the project's one report generator: scripts/gen_corpus.py (benchmarks, fuzz and
hostile-file tests) and build_spec/make_samples.py (the bundled samples) take the tables'
layout and labels from here. It stays under tests/ because it is test infrastructure that
is never shipped; the two scripts run from a checkout, where tests/ is always present.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import html as htmlmod
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Value = int | float | str | None
Tables = dict[str, dict[str, dict[str, Value]]]

APPLICANT_COLS = ("natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org")
APP_COLS = (*APPLICANT_COLS, "total")
REVIEW_PARTS = ("upheld", "corrected", "other", "pending")
REVIEW_COLS = (*REVIEW_PARTS, "total")
REVIEW_ROWS = ("review", "litigation_direct", "litigation_after_review")
# Header words of the tables (the same in 2019 and 2021).
ORG_APPLICANT_LABELS = ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
REVIEW_RESULT_LABELS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
RESULTS_HEADING = "三、本年度办理结果"

# --- the applications table: (row id, group label or None, label) in template order ------------

_WITHHELD = (
    ("state_secret", "1.属于国家秘密"),
    ("law_forbidden", "2.其他法律行政法规禁止公开"),
    ("three_safety", "3.危及“三安全一稳定”"),
    ("third_party", "4.保护第三方合法权益"),
    ("internal_affairs", "5.属于三类内部事务信息"),
    ("process_info", "6.属于四类过程性信息"),
    ("enforcement_file", "7.属于行政执法案卷"),
    ("query_matter", "8.属于行政查询事项"),
)
_UNAVAILABLE = (
    ("not_held", "1.本机关不掌握相关政府信息"),
    ("need_new", "2.没有现成信息需要另行制作"),
    ("unclear", "3.补正后申请内容仍不明确"),
)
_NOT_PROCESSED = (
    ("petition", "1.信访举报投诉类申请"),
    ("repeat", "2.重复申请"),
    ("publication", "3.要求提供公开出版物"),
    ("massive", "4.无正当理由大量反复申请"),
    ("confirm", "5.要求行政机关确认或重新出具已获取信息"),
)
_OTHER_2021 = (
    ("no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("no_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("other", "3.其他"),
)


@dataclass(frozen=True)
class AppRow:
    id: str
    label: str
    group: str | None = None  # "（三）不予公开" etc. for sub-rows
    result: bool = False  # under 三、本年度办理结果


def app_rows(template: str) -> list[AppRow]:
    rows = [
        AppRow("new_received", "一、本年新收政府信息公开申请数量"),
        AppRow("carried_over", "二、上年结转政府信息公开申请数量"),
        AppRow("result.disclosed", "（一）予以公开", result=True),
        AppRow("result.partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", result=True),
    ]
    rows += [AppRow(f"result.withheld.{i}", lab, "（三）不予公开", True) for i, lab in _WITHHELD]
    rows += [AppRow(f"result.unavailable.{i}", lab, "（四）无法提供", True) for i, lab in _UNAVAILABLE]
    rows += [AppRow(f"result.not_processed.{i}", lab, "（五）不予处理", True) for i, lab in _NOT_PROCESSED]
    if template == "2019":
        rows.append(AppRow("result.other", "（六）其他处理", result=True))
    else:
        rows += [AppRow(f"result.other.{i}", lab, "（六）其他处理", True) for i, lab in _OTHER_2021]
    rows.append(AppRow("result.total", "（七）总计", result=True))
    rows.append(AppRow("carry_forward", "四、结转下年度继续办理"))
    return rows


def app_layout(template: str) -> list[tuple[AppRow, str | None]]:
    """Each row with the heading printed just before it in a flat (one row a line) layout:
    三、本年度办理结果 before the first result row, a group's label before its first row."""
    out: list[tuple[AppRow, str | None]] = []
    seen: set[str] = set()
    results_started = False
    for row in app_rows(template):
        heading = None
        if row.result and not results_started:
            heading, results_started = RESULTS_HEADING, True
        if row.group is not None and row.group not in seen:
            heading = row.group
            seen.add(row.group)
        out.append((row, heading))
    return out


def result_row_ids(template: str) -> list[str]:
    return [r.id for r in app_rows(template) if r.result and r.id != "result.total"]


# --- the article20 table: blocks of (heading, column labels, rows) ------------------------------


@dataclass(frozen=True)
class A20Block:
    heading: str
    columns: tuple[tuple[str, str], ...]  # (col id, label)
    rows: tuple[tuple[str, str], ...]  # (row id, label)


def a20_blocks(template: str) -> list[A20Block]:
    if template == "2019":
        made = (
            ("new_made", "本年新制作数量"),
            ("new_published", "本年新公开数量"),
            ("total_published", "对外公开总数量"),
        )
        items = (("prev_count", "上一年项目数量"), ("change", "本年增/减"), ("decisions", "处理决定数量"))
        return [
            A20Block("第二十条第（一）项", made, (("rules", "规章"), ("normative_documents", "规范性文件"))),
            A20Block(
                "第二十条第（五）项",
                items,
                (("licensing", "行政许可"), ("other_services", "其他对外管理服务事项")),
            ),
            A20Block("第二十条第（六）项", items, (("punishment", "行政处罚"), ("coercion", "行政强制"))),
            A20Block("第二十条第（八）项", items[:2], (("fees", "行政事业性收费"),)),
            A20Block(
                "第二十条第（九）项",
                (("count", "采购项目数量"), ("amount", "采购总金额")),
                (("procurement", "政府集中采购"),),
            ),
        ]
    made = (("issued", "本年制发件数"), ("repealed", "本年废止件数"), ("in_force", "现行有效件数"))
    dec = (("decisions", "本年处理决定数量"),)
    return [
        A20Block("第二十条第（一）项", made, (("rules", "规章"), ("normative_documents", "行政规范性文件"))),
        A20Block("第二十条第（五）项", dec, (("licensing", "行政许可"),)),
        A20Block("第二十条第（六）项", dec, (("punishment", "行政处罚"), ("coercion", "行政强制"))),
        A20Block(
            "第二十条第（八）项", (("amount", "本年收费金额（单位：万元）"),), (("fees", "行政事业性收费"),)
        ),
    ]


SECTION_IDS = ("overview", "proactive", "applications", "reviews", "problems", "other")
SECTION_TITLES = {
    "overview": "一、总体情况",
    "proactive": "二、主动公开政府信息情况",
    "applications": "三、收到和处理政府信息公开申请情况",
    "reviews": "四、政府信息公开行政复议、行政诉讼情况",
    "problems": "五、存在的主要问题及改进情况",
    "other": "六、其他需要报告的事项",
}
SECTION_TABLE = {"proactive": "article20", "applications": "applications", "reviews": "reviews"}

AGENCIES = (
    "江海市交通运输局",
    "青山县人民政府办公室",
    "临川区自然资源局",
    "东湖市生态环境局",
    "南屏县教育局",
)


# --- the spec ----------------------------------------------------------------------------------


@dataclass
class ReportSpec:
    template: str  # "2019" | "2021"
    year: int
    agency: str
    published: dt.date
    tables: Tables
    sections: dict[str, str] = field(default_factory=dict)  # section id -> body (prose before its table)
    after_table: dict[str, str] = field(default_factory=dict)  # section id -> prose after its table
    proactive_parts: tuple[int, int, int] = (0, 0, 0)  # 网站/新媒体/其他 for the 共N条其中 sentence
    doubled: bool = False  # the whole text written twice (TXT only)

    def copy(self) -> ReportSpec:
        return copy.deepcopy(self)

    def value(self, table: str, row: str, col: str) -> Value:
        return self.tables[table][row][col]


def _num(v: Value) -> int:
    return v if isinstance(v, int) else 0


def narrate(spec: ReportSpec) -> None:
    """(Re)write the prose from the tables, so the text agrees with them."""
    app = spec.tables["applications"]
    rev = spec.tables["reviews"]
    y = spec.year
    new = _num(app["new_received"]["total"])
    person = _num(app["new_received"]["natural_person"])
    org = sum(_num(app["new_received"][c]) for c in APPLICANT_COLS[1:])
    a, b, c = spec.proactive_parts
    spec.sections["overview"] = (
        f"{y}年，{spec.agency}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》，"
        "坚持“公开为常态、不公开为例外”，持续推进决策、执行、管理、服务、结果公开，不断提升政务公开质量和实效。\n"
        f"（一）主动公开方面。全年主动公开政府信息{a + b + c}条，其中政府网站发布{a}条、政务新媒体发布{b}条、其他渠道发布{c}条。\n"
        f"（二）依申请公开方面。本年度共收到政府信息公开申请{new}件，其中自然人{person}件、法人或其他组织{org}件。"
        f"上年结转政府信息公开申请{_num(app['carried_over']['total'])}件。"
        f"结转下年度继续办理{_num(app['carry_forward']['total'])}件。\n"
        "（三）政府信息管理方面。严格落实信息发布审核制度，做好公开前的保密审查，规范公文公开属性源头认定。\n"
        "（四）平台建设方面。持续优化政府网站信息公开专栏，加强政务新媒体日常监测和运维管理。\n"
        "（五）监督保障方面。将政务公开纳入年度绩效考核，定期开展自查，及时整改发现的问题。"
    )
    spec.sections["proactive"] = "本机关按照《条例》第二十条的规定主动公开的政府信息情况如下："
    spec.sections["applications"] = "本年度收到和处理政府信息公开申请的情况如下表所示："
    r = _num(rev["review"]["total"])
    lit = _num(rev["litigation_direct"]["total"]) + _num(rev["litigation_after_review"]["total"])
    if r == 0 and lit == 0:
        spec.sections["reviews"] = "本年度未发生因政府信息公开引起的行政复议、行政诉讼案件。"
    else:
        spec.sections["reviews"] = f"本年度因政府信息公开被申请行政复议{r}件，被提起行政诉讼{lit}件。"
    spec.sections["problems"] = (
        "（一）存在的主要问题：政策解读形式还不够丰富，部分信息更新不够及时，基层工作人员业务能力有待提高。\n"
        "（二）改进措施：一是丰富解读形式，多运用图表图解、视频等方式解读政策；二是加强栏目日常维护，"
        "确保信息及时更新；三是加强业务培训，提升工作人员的政务公开能力。"
    )
    if spec.template == "2021":
        spec.sections["other"] = (
            "本年度本机关未收取政府信息公开信息处理费。"
            "本机关将继续按照《政府信息公开信息处理费管理办法》的规定执行。"
        )
    else:
        spec.sections["other"] = "本年度无其他需要报告的事项。"


# Faults a glued flattening cannot carry: a run has no blank cell and no sign, and a row
# whose 总计 is wrong has no split that fits it (see fault_glued_ambiguous for that case).
GLUED_INCOMPATIBLE = frozenset(
    {"row_sum", "review_sum", "blank_cell", "placeholder_slash", "placeholder_dash", "negative_value"}
)


def consistent(template: str, year: int, seed: int, *, glued_safe: bool = False) -> ReportSpec:
    """Random but fully consistent tables and text.

    Row 总计 = the six applicant columns; (七)总计 = the sum of the result rows per column;
    一 + 二 = (七) + 四 per column; each 复议/诉讼 总计 = the sum of its four results.
    ``glued_safe``: every row's digits split in exactly one way when glued (see
    ``glued_splits``), so a glued flattening can be read back unambiguously; and so they
    still do after each fault a glued run can carry.
    """
    for attempt in range(1000):
        spec = _random_spec(template, year, seed * 1000 + attempt, glued_safe)
        if not glued_safe or (
            glued_unique(spec)
            and all(
                glued_unique(fault(spec)[0])
                for name, fault in FAULTS.items()
                if name not in GLUED_INCOMPATIBLE and _applies(name, template)
            )
        ):
            return spec
    raise RuntimeError("no glued-safe tables found")


def _random_spec(template: str, year: int, seed: int, small: bool) -> ReportSpec:
    rnd = random.Random(seed)
    rows = app_rows(template)
    results = [r.id for r in rows if r.result and r.id != "result.total"]
    app: dict[str, dict[str, Value]] = {}
    busy = set(rnd.sample(results, k=rnd.randint(3, 7))) | {"result.disclosed"}
    cap = 4 if small else 40
    for rid in results:
        cells: dict[str, Value] = {}
        for c in APPLICANT_COLS:
            if rid in busy and (c == "natural_person" or rnd.random() < 0.3):
                cells[c] = rnd.randint(0, cap if c == "natural_person" else 3)
            else:
                cells[c] = 0
        app[rid] = cells
    app["result.total"] = {c: sum(_num(app[r][c]) for r in results) for c in APPLICANT_COLS}
    app["carried_over"] = {c: rnd.randint(0, min(2, _num(app["result.total"][c]))) for c in APPLICANT_COLS}
    app["carry_forward"] = {c: rnd.randint(0, 2) if c == "natural_person" else 0 for c in APPLICANT_COLS}
    app["new_received"] = {
        c: _num(app["result.total"][c]) + _num(app["carry_forward"][c]) - _num(app["carried_over"][c])
        for c in APPLICANT_COLS
    }
    for cells in app.values():
        cells["total"] = sum(_num(cells[c]) for c in APPLICANT_COLS)
    app = {r.id: app[r.id] for r in rows}  # template order

    rev: dict[str, dict[str, Value]] = {}
    quiet = rnd.random() < 0.4
    for rid in REVIEW_ROWS:
        cells = {c: (0 if quiet else rnd.randint(0, 2 if small else 3)) for c in REVIEW_PARTS}
        cells["total"] = sum(_num(v) for v in cells.values())
        rev[rid] = cells

    a20: dict[str, dict[str, Value]] = {}
    hi = 9 if small else 300
    for block in a20_blocks(template):
        for rid, _ in block.rows:
            cells = {}
            for cid, _ in block.columns:
                if cid == "amount":
                    cells[cid] = round(rnd.uniform(1, 50000), 2)
                elif cid == "change":
                    cells[cid] = rnd.randint(0, 9) if small else rnd.randint(-5, 5)
                elif cid == "decisions" and len(block.columns) == 1:
                    cells[cid] = rnd.randint(0, 3000)
                else:
                    cells[cid] = rnd.randint(0, hi)
            a20[rid] = cells
    if template == "2019" and not small:
        a20["punishment"]["change"] = -2  # 本年增/减 may be negative: not a fault

    parts = (rnd.randint(50, 900), rnd.randint(10, 300), rnd.randint(0, 80))
    month_day = rnd.choice([(1, 10), (1, 18), (1, 20), (1, 28), (1, 31)])
    spec = ReportSpec(
        template=template,
        year=year,
        agency=rnd.choice(AGENCIES),
        published=dt.date(year + 1, *month_day),
        tables={"article20": a20, "applications": app, "reviews": rev},
        proactive_parts=parts,
    )
    narrate(spec)
    return spec


def _applies(fault: str, template: str) -> bool:
    if fault == "fee_disclosure_missing":
        return template == "2021"
    if fault == "template_outdated":
        return template == "2019"
    return True


def applies(fault: str, template: str, kind: str, style: str | None = None) -> bool:
    """Whether a fault can be written in this template and source kind."""
    if fault == "duplicate_content" and kind != "txt":
        return False
    if style == "glued" and fault in GLUED_INCOMPATIBLE:
        return False
    return _applies(fault, template)


# --- glued digits: how many ways a run splits ---------------------------------------------------


def _pieces(digits: str, n: int) -> Iterator[list[int]]:
    """All ways to cut ``digits`` into n numbers without leading zeros."""
    if n == 0:
        if not digits:
            yield []
        return
    for k in range(1, len(digits) - n + 2):
        head = digits[:k]
        if len(head) > 1 and head[0] == "0":
            break
        for rest in _pieces(digits[k:], n - 1):
            yield [int(head), *rest]


def glued_splits(digits: str, groups: list[int], summed: bool) -> list[list[int]]:
    """Splits of a run into consecutive groups of ``groups`` sizes; with ``summed`` each
    group's last number must equal the sum of the others (a row with its 总计)."""
    n = sum(groups)
    out = []
    for p in _pieces(digits, n):
        ok = True
        i = 0
        for g in groups:
            part = p[i : i + g]
            i += g
            if summed and sum(part[:-1]) != part[-1]:
                ok = False
                break
        if ok:
            out.append(p)
    return out


def _run(cells: dict[str, Value], cols: tuple[str, ...] | list[str]) -> str:
    return "".join(str(cells[c]) for c in cols)


def glued_unique(spec: ReportSpec) -> bool:
    for cells in spec.tables["applications"].values():
        if len(glued_splits(_run(cells, APP_COLS), [7], True)) != 1:
            return False
    rev = spec.tables["reviews"]
    if len(glued_splits("".join(_run(rev[r], REVIEW_COLS) for r in REVIEW_ROWS), [5, 5, 5], True)) != 1:
        return False
    for block in a20_blocks(spec.template):
        cols = [c for c, _ in block.columns]
        for rid, _ in block.rows:
            vals = spec.tables["article20"][rid]
            if any(isinstance(vals[c], float) for c in cols):
                continue
            if len(cols) > 1 and len(glued_splits(_run(vals, cols), [len(cols)], False)) != 1:
                return False
    return True


# --- expectations ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Expect:
    """A finding the engine must report: same rule; ``cells`` all among the finding's cells;
    ``section`` the part it speaks of; ``severity`` when the contract fixes it."""

    rule: str
    table: str | None = None
    cells: tuple[tuple[str, str], ...] = ()
    section: str | None = None
    severity: str | None = None

    def matches(self, f: dict[str, Any]) -> bool:
        if f["rule"] != self.rule:
            return False
        if self.severity and f["severity"] != self.severity:
            return False
        if self.table and f.get("table") != self.table:
            return False
        if self.section and f.get("section") != self.section:
            return False
        got = {tuple(c) for c in f.get("cells") or []}
        return set(self.cells) <= got


# --- faults ------------------------------------------------------------------------------------

Fault = Callable[[ReportSpec], tuple[ReportSpec, list[Expect]]]


def _bump(cells: dict[str, Value], col: str, k: int) -> None:
    cells[col] = _num(cells[col]) + k


def fault_row_sum(spec: ReportSpec) -> tuple[ReportSpec, list[Expect]]:
    """(一)予以公开 总计 one too many. The row's total is also a part of the 总计 column's
    (七)总计, so that column's sum breaks as well: row_sum + column_sum(total)."""
    s = spec.copy()
    _bump(s.tables["applications"]["result.disclosed"], "total", 1)
    return s, [
        Expect("row_sum", "applications", (("result.disclosed", "total"),), severity="error"),
        Expect("column_sum", "applications", (("result.total", "total"),), severity="error"),
    ]


def fault_column_sum(spec: ReportSpec) -> tuple[ReportSpec, list[Expect]]:
    """(七)总计 one too many for 自然人 (and so for 总计, keeping the row sum), compensated in
    一、本年新收 (自然人 and 总计, keeping that row sum and the 勾稽关系): column_sum for the
    自然人 and the 总计 columns, nothing else. The text follows the new 本年新收."""
    s = spec.copy()
    app = s.tables["applications"]
    for row in ("result.total", "new_received"):
        _bump(app[row], "natural_person", 1)
        _bump(app[row], "total", 1)
    narrate(s)
    return s, [
        Expect("column_sum", "applications", (("result.total", "natural_person"),), severity="error"),
        Expect("column_sum", "applications", (("result.total", "total"),), severity="error"),
    ]


def fault_balance(spec: ReportSpec) -> tuple[ReportSpec, list[Expect]]:
    """一、本年新收 自然人 (and its 总计) one too many: the 勾稽关系 fails in the 自然人 and
    总计 columns; every row and column sum still holds. The text follows the table."""
    s = spec.copy()
    app = s.tables["applications"]
    _bump(app["new_received"], "natural_person", 1)
    _bump(app["new_received"], "total", 1)
    narrate(s)
    cells = (("new_received", "natural_person"), ("result.total", "natural_person"))
    return s, [
        Expect("balance", "applications", cells, severity="error"),
        Expect(
            "balance",
            "applications",
            (("new_received", "total"), ("result.total", "total")),
            severity="error",
        ),
    ]


def fault_review_sum(spec: ReportSpec) -> tuple[ReportSpec, list[Expect]]:
    """行政复议 总计 one too many (the text follows the wrong total, so it agrees)."""
    s = spec.copy()
    _bump(s.tables["reviews"]["review"], "total", 1)
    narrate(s)
    return s, [Expect("review_sum", "reviews", (("review", "total"),), severity="error")]


def _blank(spec: ReportSpec, value: Value) -> tuple[ReportSpec, list[Expect]]:
    s = spec.copy()
    row = "result.withheld.state_secret"
    cells = s.tables["applications"][row]
    if cells["research"] != 0:  # keep every sum of the other cells true
        raise ValueError("generator expects 国家秘密/科研机构 = 0")
    cells["research"] = value
    return s, [Expect("blank_cell", "applications", ((row, "research"),), severity="warning")]


def fault_blank_cell(spec: ReportSpec) -> tuple[ReportSpec, list[Expect]]:
    """A 0 left blank (a cell of 不予公开 1.国家秘密): blank_cell only; the sums over it
    are not checked (a blank is not 0)."""
    return _blank(spec, None)


def fault_placeholder(spec: ReportSpec) -> tuple[ReportSpec, list[Expect]]:
    """The same cell holds "/": blank_cell, value null (never 0, never a negative)."""
    return _blank(spec, "/")


def fault_placeholder_dash(spec: ReportSpec) -> tuple[ReportSpec, list[Expect]]:
    return _blank(spec, "—")


def fault_negative(spec: ReportSpec) -> tuple[ReportSpec, list[Expect]]:
    """不予公开 1.国家秘密 自然人 = -1 and its row 总计 moved with it, compensated in (一)予以公开
    (自然人 and 总计): every sum still holds; negative_value for the 自然人 cell and, as that
    row's 总计 then is negative too (it was 0 apart from 自然人), for its 总计."""
    s = spec.copy()
    app = s.tables["applications"]
    src, dst = "result.withheld.state_secret", "result.disclosed"
    k = _num(app[src]["natural_person"]) + 1
    for col in ("natural_person", "total"):
        _bump(app[src], col, -k)
        _bump(app[dst], col, k)
    out = [Expect("negative_value", "applications", ((src, "natural_person"),), severity="error")]
    if _num(app[src]["total"]) < 0:
        out.append(Expect("negative_value", "applications", ((src, "total"),), severity="error"))
    return s, out


def fault_narrative_table(spec: ReportSpec) -> tuple[ReportSpec, list[Expect]]:
    """The text says 收到申请 N+2 件 (no breakdown), the table's 本年新收 总计 is N."""
    s = spec.copy()
    n = _num(s.tables["applications"]["new_received"]["total"])
    lines = s.sections["overview"].split("\n")
    # Not N + 上年结转: that the engine rightly takes for a wider count (a warning).
    d = 3 if _num(s.tables["applications"]["carried_over"]["total"]) == 2 else 2
    lines[2] = f"（二）依申请公开方面。本年度共收到政府信息公开申请{n + d}件，均已按时答复。"
    s.sections["overview"] = "\n".join(lines)
    return s, [Expect("narrative_table", "applications", (("new_received", "total"),), severity="error")]


def _narrative_review(spec: ReportSpec, where: str) -> tuple[ReportSpec, list[Expect]]:
    s = spec.copy()
    rev = s.tables["reviews"]["review"]
    _bump(rev, "upheld", 1)
    _bump(rev, "total", 1)
    lit = [s.tables["reviews"][r]["total"] for r in ("litigation_direct", "litigation_after_review")]
    sentence = "本年度未发生因政府信息公开引起的行政复议、行政诉讼案件。"
    if where == "reviews":
        s.sections["reviews"] = sentence
    else:
        s.sections["reviews"] = "本机关政府信息公开行政复议、行政诉讼情况见下表。"
        s.sections["overview"] += "\n（六）复议诉讼方面。" + sentence
    out = [Expect("narrative_table", "reviews", (("review", "total"),), severity="error")]
    if any(_num(v) for v in lit):
        out.append(Expect("narrative_table", "reviews", (("litigation_direct", "total"),), severity="error"))
    return s, out


def fault_narrative_review(spec: ReportSpec) -> tuple[ReportSpec, list[Expect]]:
    """四 opens with "未发生…行政复议、行政诉讼" while the table has one 复议 (sums kept)."""
    return _narrative_review(spec, "reviews")


def fault_narrative_review_overview(spec: ReportSpec) -> tuple[ReportSpec, list[Expect]]:
    """The same contradiction, the sentence standing in 一、总体情况."""
    return _narrative_review(spec, "overview")


def fault_narrative_sum(spec: ReportSpec) -> tuple[ReportSpec, list[Expect]]:
    """共N条，其中 a、b、c: the parts add up to N+7."""
    s = spec.copy()
    a, b, c = s.proactive_parts
    s.sections["overview"] = s.sections["overview"].replace(f"其他渠道发布{c}条", f"其他渠道发布{c + 7}条")
    return s, [Expect("narrative_sum", severity="error")]


def fault_section_missing(spec: ReportSpec) -> tuple[ReportSpec, list[Expect]]:
    """五、存在的主要问题及改进情况 left out, heading and body."""
    s = spec.copy()
    del s.sections["problems"]
    return s, [Expect("section_missing", section="problems", severity="warning")]


def fault_missing_row(spec: ReportSpec) -> tuple[ReportSpec, list[Expect]]:
    """不予公开 8.属于行政查询事项 dropped (its counts moved to 6.过程性信息 first, so all
    remaining sums hold): missing_row only."""
    s = spec.copy()
    app = s.tables["applications"]
    gone = "result.withheld.query_matter"
    for col in APP_COLS:
        _bump(app["result.withheld.process_info"], col, _num(app[gone][col]))
    del app[gone]
    return s, [Expect("missing_row", "applications", ((gone, "total"),), severity="warning")]


def fault_late(spec: ReportSpec) -> tuple[ReportSpec, list[Expect]]:
    """Dated 20 April of the next year: after the deadline of every kind of body (a
    department's 1月31日, a government's own report's 3月31日)."""
    s = spec.copy()
    s.published = dt.date(s.year + 1, 4, 20)
    return s, [Expect("late_publication", severity="warning")]


def fault_fee_missing(spec: ReportSpec) -> tuple[ReportSpec, list[Expect]]:
    """A 2021-format report whose 六 says nothing of 信息处理费."""
    if spec.template != "2021":
        raise ValueError("fee disclosure is a 2021-format requirement")
    s = spec.copy()
    s.sections["other"] = "本年度无其他需要报告的事项。"
    return s, [Expect("fee_disclosure_missing", section="other", severity="warning")]


def fault_template_outdated(spec: ReportSpec) -> tuple[ReportSpec, list[Expect]]:
    """2019-format tables in a report for 2022 (the 2021 format is in force from 2021)."""
    if spec.template != "2019":
        raise ValueError("needs a 2019-format spec")
    s = spec.copy()
    s.year = 2022
    s.published = dt.date(2023, 1, 20)
    narrate(s)
    return s, [Expect("template_outdated", severity="error")]


def fault_doubled(spec: ReportSpec) -> tuple[ReportSpec, list[Expect]]:
    """The whole text twice in the file (TXT only)."""
    s = spec.copy()
    s.doubled = True
    return s, [Expect("duplicate_content", severity="warning")]


def fault_glued_ambiguous(spec: ReportSpec) -> tuple[ReportSpec, list[Expect]]:
    """For the glued flattening only: a row of 10/1/0/0/0/0/11 glues to "10100011", which
    also splits as 1/0/10/0/0/0/11 with the same sum. The counts are added to an empty
    result row and to (七)总计 and 一、本年新收 (all sums hold). Every row whose run then
    splits more than one way must be reported ambiguous_digits, its cells null, and not
    be checked as any one split (no row_sum); the sums over null cells are not checked."""
    s = spec.copy()
    app = s.tables["applications"]
    target = next(
        r for r in result_row_ids(s.template) if r in app and all(_num(app[r][c]) == 0 for c in APP_COLS)
    )
    add = dict.fromkeys(APP_COLS, 0)
    add.update(natural_person=10, commercial=1, total=11)
    for row in (target, "result.total", "new_received"):
        for col, k in add.items():
            _bump(app[row], col, k)
    narrate(s)
    out = []
    for rid, cells in app.items():
        if len(glued_splits(_run(cells, APP_COLS), [7], True)) > 1:
            out.append(Expect("ambiguous_digits", "applications", ((rid, "total"),), severity="warning"))
    return s, out


def ambiguous_rows(spec: ReportSpec) -> list[str]:
    """Applications rows whose glued run splits more than one way."""
    return [
        rid
        for rid, cells in spec.tables["applications"].items()
        if len(glued_splits(_run(cells, APP_COLS), [7], True)) > 1
    ]


FAULTS: dict[str, Fault] = {
    "row_sum": fault_row_sum,
    "column_sum": fault_column_sum,
    "balance": fault_balance,
    "review_sum": fault_review_sum,
    "blank_cell": fault_blank_cell,
    "placeholder_slash": fault_placeholder,
    "placeholder_dash": fault_placeholder_dash,
    "negative_value": fault_negative,
    "narrative_table": fault_narrative_table,
    "narrative_review": fault_narrative_review,
    "narrative_review_overview": fault_narrative_review_overview,
    "narrative_sum": fault_narrative_sum,
    "section_missing": fault_section_missing,
    "missing_row": fault_missing_row,
    "late_publication": fault_late,
    "fee_disclosure_missing": fault_fee_missing,
    "template_outdated": fault_template_outdated,
    "duplicate_content": fault_doubled,
}


# --- layout: the tables as grids of (possibly merged) cells ------------------------------------


@dataclass
class GCell:
    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    value: bool = False  # a number cell (not a label or header)


@dataclass
class Grid:
    table: str
    n_cols: int
    cells: list[GCell] = field(default_factory=list)
    value_rows: dict[int, str] = field(default_factory=dict)  # grid row -> template row id

    @property
    def n_rows(self) -> int:
        return max(c.row + c.rowspan for c in self.cells)

    def rows(self) -> list[list[GCell]]:
        out: list[list[GCell]] = [[] for _ in range(self.n_rows)]
        for c in self.cells:
            out[c.row].append(c)
        for r in out:
            r.sort(key=lambda c: c.col)
        return out

    def covered(self, row: int) -> int:
        """How many grid slots of ``row`` are covered by cells starting in an earlier row."""
        n = 0
        for c in self.cells:
            if c.row < row < c.row + c.rowspan:
                n += c.colspan
        return n


def cell_text(v: Value) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.2f}"
    return str(v)


def applications_grid(spec: ReportSpec) -> Grid:
    present = spec.tables["applications"]
    g = Grid("applications", 10)
    add = g.cells.append
    add(GCell(0, 0, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3, True))
    add(GCell(0, 3, "申请人情况", 1, 7, True))
    add(GCell(1, 3, "自然人", 2, 1, True))
    add(GCell(1, 4, "法人或其他组织", 1, 5, True))
    add(GCell(1, 9, "总计", 2, 1, True))
    for i, lab in enumerate(ORG_APPLICANT_LABELS):
        add(GCell(2, 4 + i, lab, header=True))
    rows = [r for r in app_rows(spec.template) if r.id in present]
    r = 3
    n_result = sum(1 for x in rows if x.result)
    first_result = True
    groups_done: set[str] = set()
    for row in rows:
        if row.result and first_result:
            add(GCell(r, 0, RESULTS_HEADING, n_result, 1))
            first_result = False
        if not row.result:
            add(GCell(r, 0, row.label, 1, 3))
        elif row.group is None:
            add(GCell(r, 1, row.label, 1, 2))
        else:
            if row.group not in groups_done:
                n = sum(1 for x in rows if x.group == row.group)
                add(GCell(r, 1, row.group, n, 1))
                groups_done.add(row.group)
            add(GCell(r, 2, row.label))
        for i, col in enumerate(APP_COLS):
            add(GCell(r, 3 + i, cell_text(present[row.id][col]), value=True))
        g.value_rows[r] = row.id
        r += 1
    return g


def reviews_grid(spec: ReportSpec) -> Grid:
    rev = spec.tables["reviews"]
    g = Grid("reviews", 15)
    add = g.cells.append
    add(GCell(0, 0, "行政复议", 1, 5, True))
    add(GCell(0, 5, "行政诉讼", 1, 10, True))
    labels = REVIEW_RESULT_LABELS
    for i, lab in enumerate(labels):
        add(GCell(1, i, lab, 2, 1, True))
    add(GCell(1, 5, "未经复议直接起诉", 1, 5, True))
    add(GCell(1, 10, "复议后起诉", 1, 5, True))
    for i, lab in enumerate(labels * 2):
        add(GCell(2, 5 + i, lab, header=True))
    for b, rid in enumerate(REVIEW_ROWS):
        for i, col in enumerate(REVIEW_COLS):
            add(GCell(3, b * 5 + i, cell_text(rev[rid][col]), value=True))
    g.value_rows[3] = "reviews"
    return g


def article20_grid(spec: ReportSpec) -> Grid:
    a20 = spec.tables["article20"]
    g = Grid("article20", 4)
    add = g.cells.append
    r = 0
    for block in a20_blocks(spec.template):
        add(GCell(r, 0, block.heading, 1, 4, True))
        r += 1
        add(GCell(r, 0, "信息内容", header=True))
        span = 4 - len(block.columns)
        for i, (_, lab) in enumerate(block.columns):
            last = i == len(block.columns) - 1
            add(GCell(r, 1 + i, lab, 1, 1 + (span - 1 if last else 0) if span > 1 else 1, True))
        r += 1
        for rid, lab in block.rows:
            if rid not in a20:
                continue
            add(GCell(r, 0, lab))
            for i, (cid, _) in enumerate(block.columns):
                last = i == len(block.columns) - 1
                add(
                    GCell(
                        r,
                        1 + i,
                        cell_text(a20[rid][cid]),
                        1,
                        1 + (span - 1 if last else 0) if span > 1 else 1,
                        value=True,
                    )
                )
            g.value_rows[r] = rid
            r += 1
    return g


GRIDS: dict[str, Callable[[ReportSpec], Grid]] = {
    "article20": article20_grid,
    "applications": applications_grid,
    "reviews": reviews_grid,
}


# --- the document as blocks ----------------------------------------------------------------------


def cn_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def title(spec: ReportSpec) -> str:
    return f"{spec.agency}{spec.year}年政府信息公开工作年度报告"


def blocks(spec: ReportSpec) -> list[tuple[str, str]]:
    """("title"|"p"|"h"|"table"|"sign", text or table id) in reading order."""
    out: list[tuple[str, str]] = [("title", title(spec))]
    out.append(
        (
            "p",
            f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和上级有关要求编制。"
            f"本报告所列数据的统计期限自{spec.year}年1月1日起至{spec.year}年12月31日止。"
            "如对本报告有任何疑问，请与本机关政务公开工作机构联系。",
        )
    )
    for sid in SECTION_IDS:
        if sid not in spec.sections:
            continue
        out.append(("h", SECTION_TITLES[sid]))
        for para in spec.sections[sid].split("\n"):
            out.append(("p", para))
        if sid in SECTION_TABLE:
            out.append(("table", SECTION_TABLE[sid]))
        if sid in spec.after_table:
            out.append(("p", spec.after_table[sid]))
    out.append(("sign", spec.agency))
    out.append(("sign", cn_date(spec.published)))
    return out


# --- TXT ---------------------------------------------------------------------------------------

TXT_ENCODINGS = ("utf-8", "utf-8-sig", "gb18030", "big5", "utf-16")
TXT_STYLES = ("lines", "pipes", "glued")


def _flatten(grid: Grid, style: str) -> list[str]:
    lines: list[str] = []
    for ri, row in enumerate(grid.rows()):
        if style == "glued":
            # The row's labels, then its numbers with nothing between them; a row with an
            # amount (a decimal number) keeps a space between its numbers, as a run like
            # "843159.89" (8 and 43159.89) could not be split by anyone.
            vals = [c.text for c in row if c.value]
            sep = " " if any("." in v for v in vals) else ""
            lines.append("".join(c.text for c in row if not c.value) + sep.join(vals))
            continue
        if style == "lines":
            lines.extend(c.text for c in row)
            continue
        # pipes: "cell |" per line; the row's last cell carries one more "|" per slot that a
        # merged cell covers (as web-page-to-text converters leave them); an all-filler line
        # "||||" stands for a row of blank cells.
        filler = grid.n_cols - sum(c.colspan for c in row) - grid.covered(ri)
        extra = sum(c.colspan - 1 for c in row) + grid.covered(ri) + filler
        for i, c in enumerate(row):
            tail = " " + "|" * extra if i == len(row) - 1 and extra else ""
            lines.append(f"{c.text} |{tail}")
    return lines


def text_lines(spec: ReportSpec, style: str = "lines") -> list[str]:
    lines: list[str] = []
    for kind, text in blocks(spec):
        if kind == "table":
            lines.extend(_flatten(GRIDS[text](spec), style))
        else:
            lines.append(text)
    return lines


def report_text(spec: ReportSpec, style: str = "lines") -> str:
    text = "\n".join(text_lines(spec, style)) + "\n"
    if spec.doubled:
        text = text + "\n" + text
    return text


def to_traditional(text: str) -> str:
    """Simplified to Traditional with OpenCC ``s2t``. Where s2t picks a variant Big5 lacks
    (爲, 裏, 綫…), the Taiwan-standard form (``t2tw``) is used for that character."""
    import opencc

    trad = opencc.OpenCC("s2t").convert(text)
    tw = opencc.OpenCC("t2tw")
    out = []
    for ch in trad:
        try:
            ch.encode("big5")
        except UnicodeEncodeError:
            ch = tw.convert(ch)
        out.append(ch)
    return "".join(out)


def write_txt(spec: ReportSpec, path: Path, *, encoding: str = "utf-8", style: str = "lines") -> Path:
    text = report_text(spec, style)
    if encoding == "big5":
        text = to_traditional(text)
    path.write_bytes(text.encode(encoding))
    return path


# --- HTML --------------------------------------------------------------------------------------


def _html_table(grid: Grid) -> str:
    out = ['<table border="1" cellspacing="0" cellpadding="0" class="MsoNormalTable">']
    for row in grid.rows():
        tds = []
        for c in row:
            attrs = ""
            if c.rowspan > 1:
                attrs += f' rowspan="{c.rowspan}"'
            if c.colspan > 1:
                attrs += f' colspan="{c.colspan}"'
            body = htmlmod.escape(c.text) if c.text else "&nbsp;"
            tds.append(
                f'<td{attrs} style="border:solid windowtext 1pt"><p align="center"><span>{body}</span></p></td>'
            )
        out.append("<tr>" + "".join(tds) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def write_html(spec: ReportSpec, path: Path, *, charset: str = "utf-8") -> Path:
    body = []
    for kind, text in blocks(spec):
        if kind == "title":
            continue
        if kind == "table":
            body.append(_html_table(GRIDS[text](spec)))
        elif kind == "h":
            body.append(f'<p style="text-indent:2em"><strong>{htmlmod.escape(text)}</strong></p>')
        elif kind == "sign":
            body.append(f'<p style="text-align:right">{htmlmod.escape(text)}</p>')
        else:
            body.append(f'<p style="text-indent:2em">{htmlmod.escape(text)}</p>')
    pub = spec.published.isoformat()
    page = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta charset="{charset}">
<title>{htmlmod.escape(title(spec))}_政府信息公开年报</title>
<link rel="stylesheet" href="/css/main.css">
<script type="text/javascript">
var _hmt = _hmt || [];
var fake = "一、本年新收政府信息公开申请数量 99999 行政复议 88888";
document.write('<table><tr><td>本年新收</td><td>777</td></tr></table>');
</script>
</head>
<body>
<div class="top-bar">欢迎访问{htmlmod.escape(spec.agency)}门户网站 | 无障碍浏览 | 长者模式 | 登录</div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
<li><a href="/bsfw/">办事服务</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/nb/">政府信息公开年报</a></div>
<div class="main">
<div class="sidebar"><h3>信息公开</h3><ul><li>机构职能</li><li>政策文件</li><li>规划计划</li><li>政府信息公开年报</li></ul></div>
<div class="article">
<h1 class="title">{htmlmod.escape(title(spec))}</h1>
<div class="info">发布时间：{pub}　来源：{htmlmod.escape(spec.agency)}　浏览次数：1024　字号：【大 中 小】</div>
<div class="TRS_Editor" id="zoom">
{chr(10).join(body)}
</div>
<div class="tools">【打印本页】【关闭窗口】 分享到：</div>
</div>
</div>
<div class="footer"><p>主办单位：{htmlmod.escape(spec.agency)}　承办单位：信息中心</p>
<p>网站标识码：3300000001　备案号：浙ICP备12345678号　版权所有</p></div>
<script>console.log("二、上年结转政府信息公开申请数量 5");</script>
</body>
</html>
"""
    codec = {"gbk": "gbk", "gb2312": "gbk", "gb18030": "gb18030"}.get(charset.lower(), charset)
    path.write_bytes(page.encode(codec))
    return path


# --- DOCX --------------------------------------------------------------------------------------


def write_docx(spec: ReportSpec, path: Path) -> Path:
    import docx

    d = docx.Document()
    for kind, text in blocks(spec):
        if kind == "table":
            _docx_table(d, GRIDS[text](spec))
        elif kind == "title":
            d.add_heading(text, level=1)
        else:
            d.add_paragraph(text)
    d.save(str(path))
    return path


def _docx_table(d: Any, grid: Grid) -> None:
    t = d.add_table(rows=grid.n_rows, cols=grid.n_cols)
    t.style = "Table Grid"
    # Table.cell() walks the whole table each call; take the cells once, fill, then merge
    # (merging moves nothing: the covered cells are still empty).
    cells = t._cells
    for c in grid.cells:
        cells[c.row * grid.n_cols + c.col].text = c.text
    for c in grid.cells:
        if c.rowspan > 1 or c.colspan > 1:
            corner = cells[(c.row + c.rowspan - 1) * grid.n_cols + c.col + c.colspan - 1]
            cells[c.row * grid.n_cols + c.col].merge(corner)


# --- PDF ---------------------------------------------------------------------------------------

_FONT = "STSong-Light"


def write_pdf(spec: ReportSpec, path: Path, *, long_intro: bool = False, encrypt: str | None = None) -> Path:
    """A ruled PDF. ``long_intro`` pads the overview so the applications table starts low on
    a page and breaks over to the next one."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont(_FONT))
    body = ParagraphStyle(
        "body", fontName=_FONT, fontSize=10.5, leading=16, wordWrap="CJK", firstLineIndent=21
    )
    head = ParagraphStyle("head", parent=body, fontSize=12, firstLineIndent=0)
    ttl = ParagraphStyle("ttl", parent=body, fontSize=15, leading=22, alignment=1, firstLineIndent=0)
    sign = ParagraphStyle("sign", parent=body, alignment=2, firstLineIndent=0)
    cellst = ParagraphStyle("cell", fontName=_FONT, fontSize=8, leading=10, wordWrap="CJK", alignment=1)
    story: list[Any] = []
    for kind, text in blocks(spec):
        if kind == "table":
            story.append(Spacer(1, 4))
            story.append(_pdf_table(GRIDS[text](spec), cellst, Paragraph, Table, TableStyle, colors, mm))
            story.append(Spacer(1, 6))
        elif kind == "title":
            story.append(Paragraph(text, ttl))
        elif kind == "h":
            story.append(Paragraph(text, head))
        elif kind == "sign":
            story.append(Paragraph(text, sign))
        else:
            story.append(Paragraph(text, body))
            if long_intro and text.startswith("（五）监督保障"):
                for i in range(9):
                    story.append(
                        Paragraph(
                            f"（补充{i + 1}）本机关持续加强政务公开标准化规范化建设，完善公开目录，"
                            "健全工作制度，推动政务公开工作提质增效，更好地服务经济社会发展。",
                            body,
                        )
                    )
    kwargs: dict[str, Any] = {}
    if encrypt is not None:
        kwargs["encrypt"] = encrypt
    doc = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=title(spec),
        **kwargs,
    )
    doc.build(story)
    return path


def _pdf_table(
    grid: Grid, cellst: Any, Paragraph: Any, Table: Any, TableStyle: Any, colors: Any, mm: float
) -> Any:
    data: list[list[Any]] = [["" for _ in range(grid.n_cols)] for _ in range(grid.n_rows)]
    style: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("FONTNAME", (0, 0), (-1, -1), _FONT),
        ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
    ]
    for c in grid.cells:
        data[c.row][c.col] = Paragraph(htmlmod.escape(c.text), cellst) if len(c.text) > 4 else c.text
        if c.rowspan > 1 or c.colspan > 1:
            style.append(("SPAN", (c.col, c.row), (c.col + c.colspan - 1, c.row + c.rowspan - 1)))
    width = 170 * mm
    if grid.table == "applications":
        widths = [14 * mm, 18 * mm, 40 * mm] + [(width - 72 * mm) / 7] * 7
    elif grid.table == "reviews":
        widths = [width / 15] * 15
    else:
        widths = [50 * mm] + [(width - 50 * mm) / 3] * 3
    return Table(data, colWidths=widths, style=TableStyle(style), splitByRow=1)


# --- one entry point ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Variant:
    """One way of writing a report: source kind and its options."""

    name: str
    kind: str  # txt | html | docx | pdf
    options: tuple[tuple[str, Any], ...] = ()

    @property
    def suffix(self) -> str:
        return {"txt": ".txt", "html": ".html", "docx": ".docx", "pdf": ".pdf"}[self.kind]

    def opt(self, key: str, default: Any = None) -> Any:
        return dict(self.options).get(key, default)

    def write(self, spec: ReportSpec, path: Path) -> Path:
        kw = dict(self.options)
        if self.kind == "txt":
            return write_txt(spec, path, **kw)
        if self.kind == "html":
            return write_html(spec, path, **kw)
        if self.kind == "docx":
            return write_docx(spec, path)
        return write_pdf(spec, path, **kw)


def replace(spec: ReportSpec, **changes: Any) -> ReportSpec:
    return dataclasses.replace(spec.copy(), **changes)
