"""Figures across units, declared in ``resources/batch/figures.toml``: each an id, a Chinese
name and a formula over cells (a sum, or a sum over a sum). Compiled once into getters, so
1,000 reports cost a few dictionary lookups each."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from core.paths import resources_dir


class FigureError(ValueError):
    """figures.toml holds a formula this module cannot read."""


@dataclass(frozen=True)
class Ref:
    table: str
    row: str  # a prefix when ``glob``
    col: str
    glob: bool


@dataclass(frozen=True)
class Figure:
    id: str
    name: str
    formula: str
    numerator: tuple[Ref, ...] = ()
    denominator: tuple[Ref, ...] = ()  # empty: a count, not a ratio
    min_base: float = 0
    yoy_of: str | None = None

    @property
    def ratio(self) -> bool:
        return bool(self.denominator) or self.yoy_of is not None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "formula": self.formula, "min_base": self.min_base,
                "kind": "yoy" if self.yoy_of else "ratio" if self.denominator else "count"}


_REF = re.compile(r"^([a-z0-9_]+)/([a-z0-9_.]+\*?)/([a-z0-9_]+)$")


def _sum(text: str, fid: str) -> tuple[Ref, ...]:
    text = text.strip()
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1]
    refs = []
    for part in text.split("+"):
        m = _REF.match(part.strip())
        if not m:
            raise FigureError(f"figures.toml {fid}：“{part.strip()}”不是 表/行/列 形式的单元格")
        row = m.group(2)
        refs.append(Ref(m.group(1), row.rstrip("*"), m.group(3), row.endswith("*")))
    return tuple(refs)


def _parse(raw: dict[str, Any]) -> Figure:
    fid = str(raw["id"])
    name = str(raw["name"])
    if "yoy_of" in raw:
        return Figure(fid, name, f"({raw['yoy_of']} − 上年 {raw['yoy_of']}) / 上年 {raw['yoy_of']}",
                      min_base=float(raw.get("min_base", 0)), yoy_of=str(raw["yoy_of"]))
    formula = str(raw["formula"])
    # The one division, outside brackets.
    depth, cut = 0, -1
    for i, ch in enumerate(formula):
        depth += ch == "("
        depth -= ch == ")"
        if ch == "/" and depth == 0 and formula[i - 1] == " ":
            cut = i
    num, den = (formula[:cut], formula[cut + 1 :]) if cut >= 0 else (formula, "")
    return Figure(fid, name, formula, _sum(num, fid), _sum(den, fid) if den else (),
                  float(raw.get("min_base", 0)))


@cache
def load_figures() -> tuple[Figure, ...]:
    with (resources_dir() / "batch" / "figures.toml").open("rb") as fh:
        raw = tomllib.load(fh)
    figs = tuple(_parse(f) for f in raw["figure"])
    ids = [f.id for f in figs]
    for f in figs:
        if f.yoy_of and f.yoy_of not in ids:
            raise FigureError(f"figures.toml {f.id}：yoy_of 指向不存在的 {f.yoy_of}")
    return figs


def _value(tables: Mapping[str, Any], ref: Ref) -> float | None:
    rows = tables.get(ref.table)
    if not rows:
        return None
    if not ref.glob:
        cell = rows.get(ref.row, {}).get(ref.col)
        v = cell.get("value") if cell else None
        return float(v) if isinstance(v, int | float) else None
    total, any_ = 0.0, False
    for row, cols in rows.items():
        if row.startswith(ref.row):
            v = (cols.get(ref.col) or {}).get("value")
            if isinstance(v, int | float):
                total += v
                any_ = True
    return total if any_ else None


def _total(tables: Mapping[str, Any], refs: tuple[Ref, ...]) -> float | None:
    out = 0.0
    for r in refs:
        v = _value(tables, r)
        if v is None:
            return None
        out += v
    return out


@dataclass
class Parts:
    """One figure of one unit: numerator and base (None: a count has no base)."""

    num: float
    base: float | None

    @property
    def value(self) -> float | None:
        if self.base is None:
            return self.num
        return self.num / self.base if self.base else None


def figure_parts(report: Mapping[str, Any], previous: Mapping[str, Any] | None) -> dict[str, Parts]:
    tables = report.get("tables") or {}
    out: dict[str, Parts] = {}
    last: dict[str, Parts] = {}
    for f in load_figures():
        if f.yoy_of:
            now, before = out.get(f.yoy_of), last.get(f.yoy_of)
            if now is not None and before is not None and before.base is None and before.num:
                out[f.id] = Parts(now.num - before.num, before.num)
            continue
        num = _total(tables, f.numerator)
        if num is None:
            continue
        if f.denominator:
            den = _total(tables, f.denominator)
            if den is None:
                continue
            out[f.id] = Parts(num, den)
        else:
            out[f.id] = Parts(num, None)
        if previous is not None:
            ptables = previous.get("tables") or {}
            pnum = _total(ptables, f.numerator)
            if pnum is not None and not f.denominator:
                last[f.id] = Parts(pnum, None)
    return out
