"""The arithmetic of the tables and the statutory deadlines, read from
``resources/rules/checks.toml`` (which rows sum to which total, the 勾稽关系, the deadline
of each regulation), so that a change of the format or the law is a change of data.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from functools import cache
from typing import Any

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
class Deadline:
    from_year: int
    month: int
    day: int
    regulation: str

    def date_for(self, year: int) -> dt.date:
        return dt.date(year + 1, self.month, self.day)


@dataclass(frozen=True)
class Checks:
    row_totals: tuple[RowTotal, ...]
    column_total: ColumnTotal
    balance: Balance
    deadlines: tuple[Deadline, ...]  # oldest first

    def row_total(self, rule: str) -> RowTotal:
        return next(r for r in self.row_totals if r.rule == rule)

    def deadline(self, year: int) -> Deadline:
        """The deadline rule for reports of ``year`` (the oldest one before any regulation)."""
        applicable = [d for d in self.deadlines if d.from_year <= year]
        return applicable[-1] if applicable else self.deadlines[0]


def _pairs(raw: list[list[str]]) -> tuple[tuple[str, str], ...]:
    return tuple((row, name) for row, name in raw)


def _deadline(raw: dict[str, Any]) -> Deadline:
    month, day = (int(x) for x in str(raw["due"]).split("-"))
    dt.date(2001, month, day)  # a date that does not exist fails here, at load
    return Deadline(int(raw["from_year"]), month, day, str(raw["regulation"]))


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
        deadlines=tuple(sorted((_deadline(d) for d in raw["deadline"]), key=lambda d: d.from_year)),
    )
