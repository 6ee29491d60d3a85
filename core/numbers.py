"""Reading numbers out of cells, and splitting runs of glued digits.

Text saved from some sites glues a row's digits together (``713000074`` for
71 3 0 0 0 0 74). Such a run is split only where exactly one split satisfies the
row's own arithmetic; several candidate splits are reported, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from core.model import CellStatus

PLACEHOLDERS = frozenset({"/", "／", "—", "——", "-", "－", "–", "无", "無", "\\", "×", "*", "…", "--", "---"})
UNITS = ("万元", "元", "件", "条", "个", "项", "次", "人次")

_NUMBER = re.compile(r"^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*(" + "|".join(UNITS) + r")?$")


@dataclass(frozen=True)
class Parsed:
    value: int | float | None
    unit: str | None
    status: CellStatus  # ok | blank | placeholder | not_a_number


def parse_cell(raw: str) -> Parsed:
    """The value of one cell's text (already normalised to half-width)."""
    text = raw.strip().replace(" ", "")
    if not text:
        return Parsed(None, None, "blank")
    if text in PLACEHOLDERS or set(text) <= set("/—-－–_"):
        return Parsed(None, None, "placeholder")
    m = _NUMBER.match(text)
    if not m:
        return Parsed(None, None, "not_a_number")
    sign, whole, frac, unit = m.groups()
    digits = whole.replace(",", "")
    value: int | float = float(f"{digits}.{frac}") if frac else int(digits)
    if sign == "-":
        value = -value
    unit = unit if unit in ("元", "万元") else None
    return Parsed(value, unit, "ok")


def is_value_text(raw: str) -> bool:
    """Whether a table token is a value (number, placeholder or blank), not a label."""
    return parse_cell(raw).status != "not_a_number"


# --- glued digit runs -------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    """``size`` consecutive cells; if ``summed``, the last one is the sum of the others."""

    size: int
    summed: bool


def _numbers_ok(piece: str) -> bool:
    return piece == "0" or not piece.startswith("0")


def split_run(
    chunks: Sequence[str], groups: Sequence[Group], limit: int = 2
) -> list[list[str]]:
    """All ways (up to ``limit``) to cut ``chunks`` into the groups' cells.

    ``chunks`` are digit strings that were separated in the source (a cell never
    spans two chunks). Numbers have no leading zeros; a summed group's last cell
    equals the sum of the others. Returns at most ``limit`` solutions, so one
    solution means exactly one.
    """
    text = "".join(chunks)
    # Positions where a cut is forced (chunk boundaries).
    forced = set()
    pos = 0
    for c in chunks[:-1]:
        pos += len(c)
        forced.add(pos)
    sizes = [g.size for g in groups]
    total_cells = sum(sizes)
    if len(text) < total_cells or len(text) > total_cells * 12:
        return []
    solutions: list[list[str]] = []

    def next_forced(start: int) -> int:
        later = [f for f in forced if f > start]
        return min(later) if later else len(text)

    def fill(start: int, gi: int, cells: list[str]) -> None:
        if len(solutions) >= limit:
            return
        if gi == len(groups):
            if start == len(text):
                solutions.append(list(cells))
            return
        group = groups[gi]
        cells_left_after = sum(sizes[gi + 1 :])

        def cell(start: int, k: int, acc: list[str]) -> None:
            if len(solutions) >= limit:
                return
            if k == group.size:
                nums = [int(x) for x in acc]
                if group.summed and sum(nums[:-1]) != nums[-1]:
                    return
                fill(start, gi + 1, cells + acc)
                return
            stop = next_forced(start)
            remaining_cells = group.size - k - 1 + cells_left_after
            for end in range(start + 1, stop + 1):
                piece = text[start:end]
                if not _numbers_ok(piece):
                    break
                if len(text) - end < remaining_cells:
                    break
                # A cell must end at a forced cut or leave its chunk non-empty.
                if end != stop and end in forced:
                    continue
                cell(end, k + 1, acc + [piece])

        cell(start, 0, [])

    # Every forced boundary must coincide with a cell boundary: enforced by next_forced.
    fill(0, 0, [])
    return solutions


def number_text(value: Any, blank: str = "") -> str:
    """A value as a person reads it, everywhere (messages, sheets, the window): 12, not
    12.0; ``blank`` for no value; the items of a list joined by 、."""
    if value is None:
        return blank
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list | tuple):
        return "、".join(number_text(x, blank) for x in value)
    return str(value)
