"""The rubric (考评细则): a commented TOML turning coverage facts, findings and review states
into deductions. ``load_rubric`` refuses a malformed file with its line and the reason."""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.batch.deadlines import DeadlineDataError, override_deadline
from core.paths import resources_dir

COVERAGE_FACTS = ("missing", "late")
REVIEW_STATES = ("pending", "returned", "resubmitted", "passed")


class RubricError(ValueError):
    """A rubric that cannot be used; the message names the file, the line and the reason."""


@dataclass(frozen=True)
class Item:
    id: str
    name: str
    cap: float
    rules: dict[str, float] = field(default_factory=dict)
    coverage: dict[str, float] = field(default_factory=dict)
    review_state: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Band:
    name: str
    min: float


@dataclass(frozen=True)
class Rubric:
    name: str
    max_points: float
    items: tuple[Item, ...]
    bands: tuple[Band, ...]  # highest first
    deadlines: dict[str, str]  # 类别 -> "MM-DD" or a date
    rank_provisional: bool
    batch_default: str | None  # the deadline of bodies the regulation does not name (乡镇、街道)
    file: str | None  # None: the default
    digest: str  # of the file's bytes: which rubric scored

    def band(self, score: float) -> str | None:
        return next((b.name for b in self.bands if score >= b.min), None)

    def header(self) -> dict[str, Any]:
        return {"name": self.name, "file": self.file, "max_points": self.max_points}


def default_rubric_path() -> Path:
    return resources_dir() / "batch" / "rubric.toml"


def _line_of(text: str, *needles: str) -> int | None:
    """The first line holding all ``needles`` (a key, an item's id), for the message."""
    for n, line in enumerate(text.splitlines(), 1):
        if all(x in line for x in needles):
            return n
    return None


def load_rubric(path: Path | str | None = None) -> Rubric:
    src = Path(path) if path else default_rubric_path()
    name = src.name
    try:
        data = src.read_bytes()
    except OSError as exc:
        raise RubricError(f"无法读取考评细则 {name}：{exc.strerror or exc}") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise RubricError(f"考评细则 {name} 第 {line} 行：不是 UTF-8 编码的文本") from exc
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        where = f"第 {m.group(1)} 行" if m else ""
        raise RubricError(f"考评细则 {name} {where}：TOML 语法错误（{exc}）") from exc

    def fail(reason: str, *needles: str) -> RubricError:
        line = _line_of(text, *needles) if needles else None
        return RubricError(f"考评细则 {name}" + (f" 第 {line} 行" if line else "") + f"：{reason}")

    def number(v: Any, what: str, *needles: str, positive: bool = True) -> float:
        if isinstance(v, bool) or not isinstance(v, int | float):
            raise fail(f"{what} 应为数字，实为“{v}”", *needles)
        if v < 0 or (positive and v == 0 and what == "max_points"):
            raise fail(f"{what} 不能为负数或零" if what == "max_points" else f"{what} 不能为负数", *needles)
        return float(v)

    max_points = number(raw.get("max_points", 10), "max_points", "max_points")
    items = []
    seen: set[str] = set()
    raw_items = raw.get("item")
    if not isinstance(raw_items, list) or not raw_items:
        raise fail("没有任何 [[item]] 考评项")
    for it in raw_items:
        iid = it.get("id")
        if not isinstance(iid, str) or not iid:
            raise fail("[[item]] 缺少 id", "[[item]]")
        if iid in seen:
            raise fail(f"考评项 id “{iid}”重复", f'"{iid}"')
        seen.add(iid)
        cap = number(it.get("cap", max_points), f"考评项 {iid} 的 cap", f'"{iid}"')
        costs: dict[str, dict[str, float]] = {}
        for kind in ("rules", "coverage", "review_state"):
            table = it.get(kind, {})
            if not isinstance(table, dict):
                raise fail(f"考评项 {iid} 的 {kind} 应为表（{{ 键 = 分值 }}）", kind)
            for k in table:
                if kind == "coverage" and k not in COVERAGE_FACTS:
                    raise fail(f"考评项 {iid}：coverage 只能是 {'、'.join(COVERAGE_FACTS)}，不能是“{k}”", k)
                if kind == "review_state" and k not in REVIEW_STATES:
                    raise fail(f"考评项 {iid}：review_state 只能是 {'、'.join(REVIEW_STATES)}，不能是“{k}”", k)
                if kind == "rules" and not re.fullmatch(r"[a-z_]+", k):
                    raise fail(f"考评项 {iid}：“{k}”不是规则编号", k)
            costs[kind] = {k: number(v, f"考评项 {iid} 的 {k}", k) for k, v in table.items()}
        unknown = set(it) - {"id", "name", "cap", "rules", "coverage", "review_state"}
        if unknown:
            raise fail(f"考评项 {iid} 有未知的键 {'、'.join(sorted(unknown))}", sorted(unknown)[0])
        items.append(Item(iid, str(it.get("name") or iid), cap, costs["rules"], costs["coverage"], costs["review_state"]))
    bands = []
    for b in raw.get("band", []):
        if "name" not in b:
            raise fail("[[band]] 缺少 name", "[[band]]")
        bands.append(Band(str(b["name"]), number(b.get("min"), f"等次 {b['name']} 的 min", str(b["name"]))))
    deadlines = {str(k): str(v) for k, v in raw.get("deadlines", {}).items()}
    for cat, text_ in deadlines.items():
        try:
            override_deadline(2000, text_, "考评细则", f"类别 {cat}")
        except DeadlineDataError as exc:
            raise fail(str(exc), cat) from exc
    batch_default = raw.get("batch_default_deadline")
    if batch_default is not None:
        try:
            override_deadline(2000, str(batch_default), "考评细则", "batch_default_deadline")
        except DeadlineDataError as exc:
            raise fail(str(exc), "batch_default_deadline") from exc
        if not re.fullmatch(r"\s*\d{1,2}\s*-\s*\d{1,2}\s*", str(batch_default)):
            raise fail("batch_default_deadline 应为“月-日”（如 01-31）", "batch_default_deadline")
    rank_provisional = raw.get("rank_provisional", True)
    if not isinstance(rank_provisional, bool):
        raise fail("rank_provisional 应为 true 或 false", "rank_provisional")
    return Rubric(
        name=str(raw.get("name") or name),
        max_points=max_points,
        items=tuple(items),
        bands=tuple(sorted(bands, key=lambda b: -b.min)),
        deadlines=deadlines,
        rank_provisional=rank_provisional,
        batch_default=str(batch_default).strip() if batch_default is not None else None,
        file=str(path) if path else None,
        digest=hashlib.sha256(data).hexdigest()[:12],
    )
