"""The arithmetic of the tables, read from ``resources/rules/checks.toml`` (which rows sum
to which total, the 勾稽关系), so that a change of the format is a change of data. The
statutory deadlines are in ``resources/rules/deadlines.toml`` (core.batch.deadlines).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache

from core.formats import TableDef
from core.paths import resources_dir


@dataclass(frozen=True)
class RowTotal:
    """In every row of ``table``: column ``total`` = the sum of the ``parts`` columns."""

    rule: str
    table: str
    total: str
    parts: tuple[str, ...]
    parts_name: str


@dataclass(frozen=True)
class ColumnTotal:
    """In every column: row ``total_row`` = the sum of the rows starting with ``parts_prefix``."""

    rule: str
    table: str
    total_row: str
    total_name: str
    parts_prefix: str
    parts_name: str

    def part_rows(self, table: TableDef) -> list[str]:
        return [r.id for r in table.rows if r.id.startswith(self.parts_prefix) and r.id != self.total_row]


@dataclass(frozen=True)
class Balance:
    """In every column: the sum of the ``left`` rows = the sum of the ``right`` rows."""

    rule: str
    table: str
    left: tuple[tuple[str, str], ...]  # (row id, name in messages)
    right: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Checks:
    row_totals: tuple[RowTotal, ...]
    column_total: ColumnTotal
    balance: Balance

    def row_total(self, rule: str) -> RowTotal:
        return next(r for r in self.row_totals if r.rule == rule)


def _pairs(raw: list[list[str]]) -> tuple[tuple[str, str], ...]:
    return tuple((row, name) for row, name in raw)


@cache
def load_checks() -> Checks:
    with (resources_dir() / "rules" / "checks.toml").open("rb") as fh:
        raw = tomllib.load(fh)
    return Checks(
        row_totals=tuple(
            RowTotal(r["rule"], r["table"], r["total"], tuple(r["parts"]), r["parts_name"]) for r in raw["row_total"]
        ),
        column_total=ColumnTotal(**raw["column_total"]),
        balance=Balance(raw["balance"]["rule"], raw["balance"]["table"],
                        _pairs(raw["balance"]["left"]), _pairs(raw["balance"]["right"])),
    )
