"""Deadlines by year and publisher kind, from ``resources/rules/deadlines.toml`` (the one source
the per-report ``late_publication`` rule and the batch's coverage both read)."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from core.paths import resources_dir

Kind = Literal["government", "department", "township"]
KINDS: tuple[Kind, ...] = ("government", "department", "township")


class DeadlineDataError(ValueError):
    """deadlines.toml (or an override) is not what it must be."""


@dataclass(frozen=True)
class Regulation:
    from_year: int
    name: str
    basis: str
    due: dict[str, str]  # kind -> "MM-DD" | "batch"
    why: str = ""  # where the date is one for every kind, why (else the kind's own)


@dataclass(frozen=True)
class Deadline:
    """One report's deadline and why it is that date."""

    date: dt.date
    kind: Kind | None  # None: set by the roster or the rubric, not by the regulation's kind
    basis: str  # "2019年修订的条例第四十九条" or "名册截止日期"
    why: str  # the sentence a finding quotes

    def text(self) -> str:
        return f"{self.date.isoformat()}（{self.basis}：{self.why}）"


@dataclass(frozen=True)
class DeadlineData:
    regulations: tuple[Regulation, ...]  # oldest first
    batch_default: str
    kind_names: dict[str, str]
    kind_why: dict[str, str]
    classify: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]
    titles: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]

    def regulation(self, year: int) -> Regulation:
        applicable = [r for r in self.regulations if r.from_year <= year]
        return applicable[-1] if applicable else self.regulations[0]


def month_day(text: str, where: str) -> tuple[int, int]:
    """``"01-31"`` → (1, 31); a date that does not exist is refused with ``where``."""
    m = re.fullmatch(r"\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})\s*日?\s*", text)
    if not m:
        raise DeadlineDataError(f"{where}：“{text}”不是“月-日”形式的日期（如 01-31）")
    month, day = int(m.group(1)), int(m.group(2))
    try:
        dt.date(2000, month, day)  # a leap year: 02-29 is a date some years have
    except ValueError as exc:
        raise DeadlineDataError(f"{where}：“{text}”不是存在的日期") from exc
    return month, day


def _due_date(year: int, md: str, where: str) -> dt.date:
    month, day = month_day(md, where)
    try:
        return dt.date(year + 1, month, day)
    except ValueError:  # 02-29 in a common year: the last day of February
        return dt.date(year + 1, 2, 28)


def _patterns(raw: list[dict[str, Any]], key: str) -> tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]:
    out = []
    for entry in raw:
        kind = str(entry["kind"])
        if kind not in KINDS:
            raise DeadlineDataError(f"deadlines.toml [[{key}]]：未知的类型 {kind}")
        out.append((kind, tuple(re.compile(p) for p in entry["patterns"])))
    return tuple(out)


@cache
def load_deadlines() -> DeadlineData:
    with (resources_dir() / "rules" / "deadlines.toml").open("rb") as fh:
        raw = tomllib.load(fh)
    regs = []
    for r in raw["regulation"]:
        due = {str(k): str(v) for k, v in r["due"].items()}
        for kind, md in due.items():
            if kind not in KINDS:
                raise DeadlineDataError(f"deadlines.toml：未知的类型 {kind}")
            if md != "batch":
                month_day(md, f"deadlines.toml {r['name']} {kind}")
        regs.append(Regulation(int(r["from_year"]), str(r["name"]), str(r["basis"]), due, str(r.get("why", ""))))
    month_day(str(raw["batch_default"]), "deadlines.toml batch_default")
    return DeadlineData(
        regulations=tuple(sorted(regs, key=lambda r: r.from_year)),
        batch_default=str(raw["batch_default"]),
        kind_names={k: str(v["name"]) for k, v in raw["kind"].items()},
        kind_why={k: str(v["why"]) for k, v in raw["kind"].items()},
        classify=_patterns(raw["classify"], "classify"),
        titles=_patterns(raw.get("title", []), "title"),
    )


def clean_name(name: str) -> str:
    """A body's name without spaces and bracketed asides, as the patterns expect it."""
    name = re.sub(r"[(（][^()（）]*[)）]", "", name)
    return re.sub(r"[\s()（）·•]", "", name)


def publisher_kind(agency: str | None, title: str = "") -> Kind | None:
    """Which kind of body published a report: by the opening ``title`` lines where they say
    it is a government's own report, else by the ``agency``'s name; None without either."""
    data = load_deadlines()
    name = clean_name(agency) if agency else ""
    township = [p for kind, ps in data.classify if kind == "township" for p in ps]
    if name and any(p.search(name) for p in township):
        return "township"
    if title:
        flat = re.sub(r"\s+", "", title)
        # The title speaks of this body only if the body's own name (an office's without
        # 办公室) stands in it: a list of other bodies' reports beside it says nothing.
        own = re.sub(r"(办公室|办公厅)$", "", name)
        for kind, ps in data.titles:
            for p in ps:
                m = p.search(flat)
                if m and (not own or own in flat[: m.end()]):
                    return kind  # type: ignore[return-value]
    if not name:
        return None
    for kind, ps in data.classify:
        if any(p.search(name) for p in ps):
            return kind  # type: ignore[return-value]
    return "department"


def statutory_deadline(year: int, kind: Kind | None, batch_default: str | None = None) -> Deadline:
    """The regulation's deadline for a report of ``year`` by a body of ``kind``. An unknown
    kind takes the department's date, the earliest the 2019 article sets (said in ``why``)."""
    data = load_deadlines()
    reg = data.regulation(year)
    use: Kind = kind or "department"
    md = reg.due.get(use, "batch")
    why = data.kind_why.get(use, "")
    if md == "batch":
        md = batch_default or data.batch_default
    if reg.why:
        why = reg.why
    elif kind is None:
        why = "未能从发布机关或标题判断是本级政府还是部门，按部门的期限"
    return Deadline(_due_date(year, md, reg.name), kind, reg.basis, why)


def override_deadline(year: int, text: str, basis: str, where: str) -> Deadline:
    """A deadline set by the roster (截止日期) or the rubric per 类别: "MM-DD" of the next
    year, or a full date "YYYY-MM-DD"."""
    m = re.fullmatch(r"\s*(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})\s*日?\s*", text)
    if m:
        try:
            date = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError as exc:
            raise DeadlineDataError(f"{where}：“{text}”不是存在的日期") from exc
    else:
        date = _due_date(year, text, where)
    return Deadline(date, None, basis, f"本批次规定的截止日期 {date.isoformat()}")
