"""The report formats, loaded from ``resources/formats/*.toml`` into plain dataclasses.

Nothing about a format (its sections, rows, columns, labels, the year it is in force)
is written in code; this module only reads the declarative definitions.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from core.paths import resources_dir


@dataclass(frozen=True)
class ColumnDef:
    id: str
    label: str
    amount: bool = False  # money, may be a float
    signed: bool = False  # may be negative (本年增/减)
    unit: str | None = None  # unit implied by the header, e.g. 万元


@dataclass(frozen=True)
class RowDef:
    id: str
    label: str
    keys: tuple[re.Pattern[str], ...]
    columns: tuple[ColumnDef, ...]
    # A fallback row: kept only when none of these rows are in the report.
    replaces: tuple[str, ...] = ()

    def matches(self, norm_label: str) -> bool:
        return any(k.search(norm_label) for k in self.keys)


@dataclass(frozen=True)
class TableDef:
    id: str
    title: str
    anchor: tuple[str, ...]
    header_words: frozenset[str]
    group_words: frozenset[str]
    rows: tuple[RowDef, ...]
    columns: tuple[ColumnDef, ...]  # the table-wide columns (empty for article20)

    def row(self, row_id: str) -> RowDef:
        for r in self.rows:
            if r.id == row_id:
                return r
        raise KeyError(row_id)

    def column_label(self, row_id: str, col_id: str) -> str:
        """The column's label in ``row_id``; else in any row of the table (article20's rows
        each have their own columns); the id only for a column the format does not know."""
        for c in self.row(row_id).columns:
            if c.id == col_id:
                return c.label
        for c in (*self.columns, *(c for r in self.rows for c in r.columns)):
            if c.id == col_id:
                return c.label
        return col_id

    def stood_in_for(self, row_id: str, present: set[str] | frozenset[str]) -> bool:
        """True when a row absent from a report is not missing: the format let another
        row take its place (2021's (六)其他处理 as one row, or as its three sub-rows)."""
        row = next((r for r in self.rows if r.id == row_id), None)
        if row is None or row_id in present:
            return False
        if row.replaces:
            return True  # a fallback row is never required
        return any(r.id in present and row_id in r.replaces for r in self.rows)


@dataclass(frozen=True)
class SectionDef:
    id: str
    title: str
    keys: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class FormatDef:
    id: str
    name: str
    in_force_from: int
    in_force_to: int | None
    markers: tuple[str, ...]
    outline_markers: tuple[str, ...]
    fee_disclosure: bool
    sections: tuple[SectionDef, ...]
    tables: dict[str, TableDef] = field(default_factory=dict)

    def in_force(self, year: int) -> bool:
        return self.in_force_from <= year and (self.in_force_to is None or year <= self.in_force_to)

    def section_title(self, section_id: str) -> str:
        for s in self.sections:
            if s.id == section_id:
                return s.title
        return section_id


def _patterns(keys: list[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(k) for k in keys)


def _columns(raw: list[dict[str, Any]]) -> tuple[ColumnDef, ...]:
    return tuple(
        ColumnDef(
            id=c["id"],
            label=c["label"],
            amount=bool(c.get("amount", False)),
            signed=bool(c.get("signed", False)),
            unit=c.get("unit"),
        )
        for c in raw
    )


def _table(table_id: str, raw: dict[str, Any], common: dict[str, Any]) -> TableDef:
    if "include" in raw:
        base = dict(common[raw["include"]])
        rows_raw = (
            list(base.get("rows_head", []))
            + list(raw.get("insert_rows", []))
            + list(base.get("rows_tail", []))
            + list(base.get("rows", []))
        )
        merged = {**base, **{k: v for k, v in raw.items() if k not in ("include", "insert_rows")}}
    else:
        merged = raw
        rows_raw = list(raw.get("rows", []))
    table_columns = _columns(merged.get("columns", []))
    rows = tuple(
        RowDef(
            id=r["id"],
            label=r["label"],
            keys=_patterns(r.get("keys", [r["label"]])),
            columns=_columns(r["columns"]) if "columns" in r else table_columns,
            replaces=tuple(r.get("replaces", [])),
        )
        for r in rows_raw
    )
    return TableDef(
        id=table_id,
        title=merged.get("title", table_id),
        anchor=tuple(merged.get("anchor", [])),
        header_words=frozenset(merged.get("header_words", [])),
        group_words=frozenset(merged.get("group_words", [])),
        rows=rows,
        columns=table_columns,
    )


def _load(path: Path, common: dict[str, Any]) -> FormatDef:
    with path.open("rb") as fh:
        raw = tomllib.load(fh)
    return FormatDef(
        id=raw["id"],
        name=raw["name"],
        in_force_from=int(raw["in_force_from"]),
        in_force_to=raw.get("in_force_to"),
        markers=tuple(raw.get("markers", [])),
        outline_markers=tuple(raw.get("outline_markers", [])),
        fee_disclosure=bool(raw.get("fee_disclosure", False)),
        sections=tuple(
            SectionDef(id=s["id"], title=s["title"], keys=_patterns(s["keys"])) for s in raw["sections"]
        ),
        tables={tid: _table(tid, t, common) for tid, t in raw.get("tables", {}).items()},
    )


@dataclass(frozen=True)
class StandardTable:
    """One of the three tables every format has (``_common.toml``'s ``standard_tables``)."""

    id: str
    short: str  # sheet tabs, the 表 column of a findings list
    title: str  # the heading when a report's format is unknown


@cache
def standard_tables() -> tuple[StandardTable, ...]:
    """The standard tables in the order a report prints them."""
    with (resources_dir() / "formats" / "_common.toml").open("rb") as fh:
        raw = tomllib.load(fh)["standard_tables"]
    return tuple(StandardTable(id=t["id"], short=t["short"], title=t["title"]) for t in raw)


def table_ids() -> tuple[str, ...]:
    return tuple(t.id for t in standard_tables())


@cache
def load_formats() -> dict[str, FormatDef]:
    """All formats by id ("2008", "2019", "2021")."""
    folder = resources_dir() / "formats"
    with (folder / "_common.toml").open("rb") as fh:
        common = tomllib.load(fh)
    formats = {}
    for path in sorted(folder.glob("[0-9]*.toml")):
        fmt = _load(path, common)
        formats[fmt.id] = fmt
    return formats


def format_in_force(year: int) -> FormatDef | None:
    """The format a report of ``year`` must follow (the newest one in force)."""
    candidates = [f for f in load_formats().values() if f.in_force(year)]
    return max(candidates, key=lambda f: f.in_force_from) if candidates else None


def cell_label(template: str, table_id: str, row_id: str, col_id: str | None = None) -> str:
    """「row」「column」 in the format's own words, for messages; ids where unknown."""
    fmt = load_formats().get(template)
    table = fmt.tables.get(table_id) if fmt else None
    if table is None:
        return f"{table_id}.{row_id}" + (f".{col_id}" if col_id else "")
    try:
        row = table.row(row_id)
    except KeyError:
        return f"{table.title}「{row_id}」"
    text = f"{table.title}「{row.label}」"
    if col_id:
        text += f"「{table.column_label(row_id, col_id)}」"
    return text
