"""The roster (名册): who must report. Read from XLSX or CSV (UTF-8 or GBK), or built from the
reports themselves. Bad rows are reported by row number and the rest is used; a roster that
cannot be read at all raises ``RosterError`` with the reason."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from core.batch.deadlines import DeadlineDataError, clean_name, override_deadline
from core.paths import resources_dir


class RosterError(ValueError):
    """The roster cannot be read at all (the message says why)."""


@dataclass(frozen=True)
class Unit:
    name: str
    category: str | None = None
    parent: str | None = None
    aliases: tuple[str, ...] = ()
    deadline: str | None = None  # "MM-DD" of the next year or "YYYY-MM-DD", as the roster says
    row: int | None = None  # the roster's row (1-based, as a spreadsheet shows it)


@dataclass(frozen=True)
class RosterProblem:
    row: int | None  # None: the whole file (a merged range, an unknown column…)
    message: str

    def text(self) -> str:
        return f"名册第 {self.row} 行：{self.message}" if self.row else f"名册：{self.message}"


@dataclass
class Roster:
    units: list[Unit]
    problems: list[RosterProblem] = field(default_factory=list)
    source: str | None = None  # the file, or None when built from reports


@dataclass(frozen=True)
class RosterColumns:
    headings: dict[str, tuple[str, ...]]  # field -> headings
    category_kind: dict[str, str]

    def field_of(self, heading: str) -> str | None:
        h = re.sub(r"[\s*＊（）()]", "", heading)
        for fld, names in self.headings.items():
            if h in names:
                return fld
        return None


@cache
def roster_columns() -> RosterColumns:
    with (resources_dir() / "batch" / "roster.toml").open("rb") as fh:
        raw = tomllib.load(fh)
    return RosterColumns({k: tuple(v) for k, v in raw["columns"].items()}, dict(raw["category_kind"]))


def category_kind(category: str | None) -> str | None:
    """The publisher kind a roster 类别 names (部门 → department), or None."""
    return roster_columns().category_kind.get(category.strip()) if category else None


# The 类别 given to units of a roster built from the reports, one per publisher kind.
AUTO_CATEGORIES = ("本级政府", "部门", "乡镇街道")

_ALIAS_SPLIT = re.compile(r"[、,，;；/|]+|\s{2,}")


def _text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, dt.datetime):
        return v.date().isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def load_roster(path: Path | str) -> Roster:
    """The roster in ``path`` (.xlsx or .csv); ``RosterError`` when it cannot be read."""
    path = Path(path)
    if not path.is_file():
        raise RosterError(f"找不到名册文件：{path}")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        rows, problems = _xlsx_rows(path)
    elif suffix in (".csv", ".txt"):
        rows, problems = _csv_rows(path)
    else:
        raise RosterError(f"名册应为 XLSX 或 CSV 文件：{path.name}")
    roster = rows_to_roster(rows, problems)
    roster.source = str(path)
    return roster


def _csv_rows(path: Path) -> tuple[list[list[str]], list[RosterProblem]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RosterError(f"无法读取名册 {path.name}：{exc.strerror or exc}") from exc
    # A BOM names UTF-16 (Excel's "Unicode text"); else UTF-8, else GBK (as GB18030).
    encodings = ("utf-16",) if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8-sig", "gb18030")
    for enc in encodings:
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise RosterError(f"名册 {path.name} 既不是 UTF-8、GBK 也不是 UTF-16 编码的文本")
    if "\x00" in text:
        raise RosterError(f"名册 {path.name} 不是文本文件（含二进制内容）")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;，")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)], []


def _xlsx_rows(path: Path) -> tuple[list[list[str]], list[RosterProblem]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, data_only=True)  # not read_only: merged ranges are needed
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, TypeError) as exc:
        raise RosterError(f"无法读取名册 {path.name}：不是有效的 XLSX 文件（{type(exc).__name__}）") from exc
    ws = wb.worksheets[0]
    rows = [[_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
    problems = []
    # A merged range holds its value in its top-left cell only: spread it over the range
    # (a 类别 merged over the rows of its units is the usual layout) and say so.
    for rng in ws.merged_cells.ranges:
        value = rows[rng.min_row - 1][rng.min_col - 1] if rng.min_row - 1 < len(rows) else ""
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                if r - 1 < len(rows) and c - 1 < len(rows[r - 1]):
                    rows[r - 1][c - 1] = value
        where = f"第 {rng.min_row}–{rng.max_row} 行" if rng.max_row > rng.min_row else f"第 {rng.min_row} 行"
        problems.append(RosterProblem(rng.min_row, f"{where}有合并单元格 {rng.coord}（“{value}”），已按同一值填入各行，请核对"))
    wb.close()
    return rows, problems


def rows_to_roster(rows: list[list[str]], problems: list[RosterProblem] | None = None) -> Roster:
    """Units from a table's rows (row 1 = rows[0]): header found, bad rows reported, the rest kept."""
    problems = list(problems or [])
    cols = roster_columns()
    header_at = None
    for i, row in enumerate(rows):
        if any(cols.field_of(c) == "name" for c in row):
            header_at = i
            break
        if any(c for c in row) and i >= 10:
            break
    if header_at is None:
        raise RosterError("名册中没有找到表头“单位名称”（前 10 行内），无法识别"
                          "（CSV 文件请用 UTF-8 或 GBK 编码保存，或改用 XLSX）")
    fields: dict[int, str] = {}
    for j, heading in enumerate(rows[header_at]):
        if not heading:
            continue
        fld = cols.field_of(heading)
        if fld is None:
            problems.append(RosterProblem(header_at + 1, f"未知的列“{heading}”，已忽略"))
        elif fld in fields.values():
            problems.append(RosterProblem(header_at + 1, f"列“{heading}”重复，只用第一列"))
        else:
            fields[j] = fld
    units: list[Unit] = []
    seen: dict[str, int] = {}
    blank: list[int] = []
    for i in range(header_at + 1, len(rows)):
        n = i + 1
        vals = {fld: rows[i][j].strip() if j < len(rows[i]) else "" for j, fld in fields.items()}
        if not any(c.strip() for c in rows[i]):
            blank.append(n)
            continue
        if blank:  # blank rows between units; trailing ones are no fault
            problems.extend(RosterProblem(b, "空行，已跳过") for b in blank)
            blank = []
        name = vals.get("name", "")
        if not name:
            problems.append(RosterProblem(n, "缺少单位名称，已跳过"))
            continue
        key = clean_name(name)
        if key in seen:
            problems.append(RosterProblem(n, f"单位“{name}”与第 {seen[key]} 行重复，已跳过"))
            continue
        deadline = vals.get("deadline") or None
        if deadline:
            try:
                override_deadline(2000, deadline, "名册截止日期", f"名册第 {n} 行")
            except DeadlineDataError as exc:
                problems.append(RosterProblem(n, f"{exc}；该单位按法定期限"))
                deadline = None
        aliases = tuple(a.strip() for a in _ALIAS_SPLIT.split(vals.get("aliases", "")) if a.strip())
        seen[key] = n
        units.append(Unit(name, vals.get("category") or None, vals.get("parent") or None, aliases, deadline, n))
    if not units:
        raise RosterError("名册中没有可用的单位（表头以下没有单位名称）")
    return Roster(units, problems)
