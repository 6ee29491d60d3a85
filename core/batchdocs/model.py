"""What every batch output shows, derived once from the contract's batch object.

The 通报 (DOCX), the batch workbook (XLSX), the batch PDF and the batch view all read a
``BatchDoc``: the rows they print are made here, so the four cannot disagree with each other
or with the batch object. Inputs are plain dicts exactly as ``batch --json`` prints them: the
batch object (``{"batch": {...}}`` or its inner dict) and the report objects of ``check --json``
(looked up by ``sha256``). Nothing here computes a score, a rank or a status: those are the
engine's; this module only names, groups and orders them.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from core.labels import UNREVIEWED, severity_label, table_short
from core.paths import resources_dir
from core.rules.registry import rule_name

NOT_RANKED = "—"
COVERAGE_FACTS = ("missing", "late")


@cache
def words() -> dict[str, Any]:
    """resources/batchdocs/batchdocs.toml: titles, status words, 等次 bands, kinds of problem."""
    with (resources_dir() / "batchdocs" / "batchdocs.toml").open("rb") as fh:
        return tomllib.load(fh)


def status_label(status: str) -> str:
    return str(words()["status"].get(status, status))


def review_state_label(state: str | None) -> str:
    if not state:
        return ""
    return str(words()["review_state"].get(state, state))


def bands_of(batch: Mapping[str, Any]) -> list[tuple[str, float]]:
    """The 等次 bands, highest first: the engine's (``bands``: [{name, min}]) when the batch
    gives them, else the shipped table's."""
    if batch.get("bands"):
        bands = [(str(b["name"]), float(b.get("min", 0))) for b in batch["bands"]]
    else:
        bands = [(str(b["name"]), float(b["floor"])) for b in words()["grade"]]
    return sorted(bands, key=lambda b: -b[1])


def grade_of(unit: Mapping[str, Any], bands: list[tuple[str, float]]) -> str:
    """The engine's 等次 (``band``) when it gives one, else by ``bands``; none without a score."""
    for key in ("band", "grade"):
        if unit.get(key):
            return str(unit[key])
    score = unit.get("score")
    if not isinstance(score, int | float):
        return ""
    return next((name for name, floor in bands if score >= floor), "")


def kind_of(rule: str) -> str:
    for kind in words()["kind"]:
        if rule in kind["rules"]:
            return str(kind["name"])
    return "其他问题"


def template_label(template: str) -> str:
    """The format's name as the sheets print it (未识别 for unknown, blank for no report)."""
    if not template:
        return ""
    from core.formats import load_formats

    fmt = load_formats().get(template)
    return fmt.name if fmt else "未识别"


def place_text(finding: Mapping[str, Any]) -> str:
    """Where to look in the report: its page or line, else the table it is about."""
    loc = finding.get("loc") or {}
    if loc.get("page") is not None:
        return f"第{loc['page']}页"
    if loc.get("line") is not None:
        return f"第{loc['line']}行"
    if loc.get("start") is not None:
        return f"第{loc['start']}字"
    table = table_short(finding.get("table"))
    if table:
        return f"{table}表"
    section = finding.get("section")
    return str(words()["section"].get(section, section)) if section else ""


def _num(v: Any) -> str:
    if v is None:
        return "空"
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v)


def corrected_text(report: Mapping[str, Any], finding: Mapping[str, Any]) -> str:
    """The finding's cells the reviewer corrected: 'row/col 原 20 → 26', one per cell."""
    table = (report.get("tables") or {}).get(finding.get("table") or "", {})
    parts = []
    for cell_ref in finding.get("cells") or []:
        if len(cell_ref) != 2:
            continue
        cell = (table.get(cell_ref[0]) or {}).get(cell_ref[1]) or {}
        fix = cell.get("corrected")
        if fix:
            parts.append(f"{cell_ref[0]}/{cell_ref[1]} 原{_num(fix.get('original'))} → {_num(cell.get('value'))}")
    return "；".join(parts)


def score_text(unit: Mapping[str, Any]) -> str:
    score = unit.get("score")
    if not isinstance(score, int | float):
        return ""
    text = f"{score:g}"
    return text + "（暂定）" if unit.get("provisional") else text


def rank_text(unit: Mapping[str, Any]) -> str:
    rank = unit.get("rank")
    return str(rank) if isinstance(rank, int) else NOT_RANKED


@dataclass
class FindingRow:
    unit: str
    sha256: str
    file: str
    finding_id: str
    rule: str
    rule_name: str
    kind: str
    severity: str
    message: str
    place: str
    status: str
    note: str
    corrected: str


@dataclass
class UnitRow:
    unit: str
    category: str
    status: str  # the contract's word
    status_label: str
    published: str
    deadline: str
    deadline_met: str  # 是 / 否 / 未知 / "" (no report)
    template: str
    files: list[str]
    sha256s: list[str]
    errors: int
    warnings: int
    infos: int
    review_state: str
    score: float | None
    score_text: str
    provisional: bool
    rank: int | None
    rank_text: str
    grade: str
    deductions: list[dict[str, Any]]
    figures: dict[str, float]
    previous_figures: dict[str, float] = field(default_factory=dict)  # last year's, from its report


@dataclass
class BatchDoc:
    year: int
    engine_version: str
    rubric: dict[str, Any]
    units: list[UnitRow]
    findings: list[FindingRow]
    figures: dict[str, float]
    unmatched: list[str]
    reports: dict[str, dict[str, Any]] = field(repr=False, default_factory=dict)
    bands: list[tuple[str, float]] = field(default_factory=list)
    figure_names: dict[str, str] = field(default_factory=dict)  # FIGURE_ID -> its Chinese name
    figure_kinds: dict[str, str] = field(default_factory=dict)  # FIGURE_ID -> count | ratio | yoy
    messages: list[str] = field(default_factory=list)  # the engine's notes on files and roster rows
    issued: dict[str, Any] | None = None  # 定稿: {id, at, by, file} when the batch was issued

    @property
    def stage(self) -> str:
        """草稿 until issued; then 定稿 with its id and date (what a reader must know first)."""
        if not self.issued:
            return "草稿"
        return f"定稿（编号 {self.issued.get('id', '')}，{str(self.issued.get('at', ''))[:10]}）"

    @property
    def title(self) -> str:
        return str(words()["document"]["title"]).format(year=self.year)

    def coverage_counts(self) -> dict[str, int]:
        """Units by status, every status of the contract present (zero where none)."""
        counts = Counter(u.status for u in self.units)
        return {s: counts.get(s, 0) for s in words()["status"]}

    def findings_by_rule(self) -> list[tuple[str, int]]:
        """(rule's Chinese name, count), most frequent first, ties by name."""
        counts = Counter(f.rule_name for f in self.findings)
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))

    def problems_by_kind(self) -> list[tuple[str, list[tuple[str, int]]]]:
        """主要问题: each kind (in the data's order) with the units that have it and how often."""
        order = [str(k["name"]) for k in words()["kind"]] + ["其他问题"]
        by_kind: dict[str, Counter[str]] = {}
        for f in self.findings:
            by_kind.setdefault(f.kind, Counter())[f.unit] += 1
        return [(k, sorted(by_kind[k].items(), key=lambda kv: (-kv[1], kv[0]))) for k in order if k in by_kind]

    def rule_of(self, sha256: str, finding_id: str) -> str | None:
        """The rule of a finding named by a deduction's evidence (None if no report has it)."""
        if not hasattr(self, "_rules"):
            self._rules = {(s, str(f.get("id"))): str(f.get("rule")) for s, r in self.reports.items()
                           for f in r.get("findings") or []}
        return self._rules.get((sha256, finding_id))

    def default_figure(self) -> tuple[str, str] | None:
        """The figure the printed outputs chart: the first declared one any unit has."""
        for fid, name in self.figure_names.items():
            if any(fid in u.figures for u in self.units):
                return fid, name
        return None

    def units_with(self, status: str) -> list[UnitRow]:
        return [u for u in self.units if u.status == status]

    def findings_of(self, unit: str) -> list[FindingRow]:
        return [f for f in self.findings if f.unit == unit]


def _deadline_met(unit: Mapping[str, Any]) -> str:
    status = unit.get("status")
    if status == "missing":
        return ""
    if status == "date_unknown" or not unit.get("published"):
        return "未知"
    return "否" if status == "late" else "是"


def _finding_rows(unit: str, report: Mapping[str, Any]) -> Iterable[FindingRow]:
    for f in report.get("findings") or []:
        note = f.get("note") or {}
        rule = str(f.get("rule", ""))
        yield FindingRow(
            unit=unit,
            sha256=str(report.get("sha256", "")),
            file=str(report.get("file", "")),
            finding_id=str(f.get("id", "")),
            rule=rule,
            rule_name=rule_name(rule),
            kind=kind_of(rule),
            severity=severity_label(str(f.get("severity", ""))),
            message=str(f.get("message", "")),
            place=place_text(f),
            status=str(note.get("status") or UNREVIEWED),
            note=str(note.get("comment") or ""),
            corrected=corrected_text(report, f),
        )


def build(batch: Mapping[str, Any], reports: Iterable[Mapping[str, Any]] = ()) -> BatchDoc:
    """``batch``: the batch object (with or without its ``"batch"`` wrapper); ``reports``: the
    report objects of the run (any order; those no unit names are ignored)."""
    b = batch.get("batch", batch)
    bands = bands_of(b)
    by_sha = {str(r.get("sha256")): dict(r) for r in reports if r.get("sha256")}
    units: list[UnitRow] = []
    findings: list[FindingRow] = []
    for u in b.get("units") or []:
        name = str(u.get("unit", ""))
        shas = [str(s) for s in u.get("reports") or []]
        own = [by_sha[s] for s in shas if s in by_sha]
        counts = u.get("counts") or {}
        score = u.get("score")
        units.append(UnitRow(
            unit=name,
            category=str(u.get("category") or ""),
            status=str(u.get("status", "")),
            status_label=status_label(str(u.get("status", ""))),
            published=str(u.get("published") or ""),
            deadline=str(u.get("deadline") or ""),
            deadline_met=_deadline_met(u),
            template=template_label(str(own[0].get("template") or "")) if own else "",
            files=[str(r.get("file", "")) for r in own],
            sha256s=shas,
            errors=int(counts.get("error", 0)),
            warnings=int(counts.get("warning", 0)),
            infos=int(counts.get("info", 0)),
            review_state=review_state_label(u.get("review_state")),
            score=float(score) if isinstance(score, int | float) else None,
            score_text=score_text(u),
            provisional=bool(u.get("provisional")),
            rank=u.get("rank") if isinstance(u.get("rank"), int) else None,
            rank_text=rank_text(u),
            grade=grade_of(u, bands),
            deductions=list(u.get("deductions") or []),
            figures=dict(u.get("figures") or {}),
            previous_figures=_previous_figures(u, by_sha),
        ))
        for r in own:
            findings.extend(_finding_rows(name, r))
    return BatchDoc(
        year=int(b.get("year") or 0),
        engine_version=str(b.get("engine_version") or ""),
        rubric=dict(b.get("rubric") or {}),
        units=units,
        findings=findings,
        figures=dict(b.get("figures") or {}),
        unmatched=[str(s) for s in b.get("unmatched_reports") or []],
        reports=by_sha,
        bands=bands,
        figure_names=figure_names(b),
        figure_kinds={str(d["id"]): str(d.get("kind") or "count") for d in b.get("figure_defs") or []},
        messages=[str(m) for m in b.get("messages") or []],
        issued=dict(b["issued"]) if isinstance(b.get("issued"), Mapping) else None,
    )


def _previous_figures(unit: Mapping[str, Any], by_sha: Mapping[str, Mapping[str, Any]]) -> dict[str, float]:
    """The unit's figures in last year's report (``previous_reports``, an additive field of the
    engine), by the engine's own formulas: the 'across years' of the figure chart."""
    prev = [by_sha[s] for s in unit.get("previous_reports") or [] if s in by_sha]
    if not prev:
        return {}
    from core.batch.figures import figure_parts

    return {fid: v for fid, p in figure_parts(prev[0], None).items() if (v := p.value) is not None}


def figure_names(batch: Mapping[str, Any]) -> dict[str, str]:
    """FIGURE_ID → Chinese name, from the batch's ``figure_defs`` or else the engine's data."""
    defs = batch.get("figure_defs")
    if defs:
        return {str(d["id"]): str(d.get("name") or d["id"]) for d in defs}
    try:
        with (resources_dir() / "batch" / "figures.toml").open("rb") as fh:
            return {str(d["id"]): str(d.get("name") or d["id"]) for d in tomllib.load(fh).get("figure", [])}
    except (OSError, tomllib.TOMLDecodeError, KeyError):
        return {}


def evidence_text(deduction: Mapping[str, Any], doc: BatchDoc) -> str:
    """A deduction's evidence in words: the finding's rule and id, or the coverage fact."""
    parts = []
    for ev in deduction.get("evidence") or []:
        if ev.get("coverage"):
            parts.append(status_label(str(ev["coverage"])))
            continue
        rule = doc.rule_of(str(ev.get("sha256")), str(ev.get("finding")))
        parts.append(f"{rule_name(rule) if rule else '问题'}（{ev.get('finding', '')}）")
    return "；".join(parts)
