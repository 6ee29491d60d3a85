"""What the report's own sentences state, as data: the claims a sentence makes about table
cells (resources/rules/claims.toml) and whose figure a sentence gives — this body's, or
another scope's or moment's (resources/rules/scope.toml).

Read by the text extractor (a glued 第二十条 run is cut by the figures the text states)
and by core/rules/narrative.py (the text against the table).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache

from core.paths import resources_dir


@dataclass(frozen=True)
class Claim:
    pattern: re.Pattern[str]
    what: str  # a label for messages
    cells: tuple[tuple[str, str, str], ...]  # (table, row, col) summed
    zero: bool = False  # the pattern asserts "none"


def _cell_ref(ref: str, where: str) -> tuple[str, str, str]:
    parts = tuple(ref.split("/"))
    if len(parts) != 3 or not all(parts):
        raise ValueError(f"claims.toml {where}: cell {ref!r} is not table/row/column")
    return parts  # type: ignore[return-value]


@cache
def claims() -> tuple[Claim, ...]:
    """The claims of ``resources/rules/claims.toml``, in the file's order."""
    with (resources_dir() / "rules" / "claims.toml").open("rb") as fh:
        raw = tomllib.load(fh)
    number = raw["number"]
    out = []
    for k, c in enumerate(raw["claim"], 1):
        where = f"claim {k} ({c.get('what', '?')})"
        unknown = set(c) - {"what", "pattern", "cells", "zero"}
        if unknown:
            raise ValueError(f"claims.toml {where}: unknown keys {sorted(unknown)}")
        cells = tuple(_cell_ref(ref, where) for ref in c["cells"])
        out.append(Claim(re.compile(c["pattern"].replace("{N}", number)), c["what"], cells, bool(c.get("zero"))))
    return tuple(out)


# --- scope: whose figure, counted when -----------------------------------------------------


@dataclass(frozen=True)
class ScopeRules:
    ranks: dict[str, int]  # administrative unit -> rank (1 widest)
    government: tuple[str, ...]
    other_scope: re.Pattern[str]
    another_moment: re.Pattern[str]
    whole: re.Pattern[str]  # 全 + a unit
    place: re.Pattern[str]  # one place's name and its unit


@cache
def scope_rules() -> ScopeRules:
    with (resources_dir() / "rules" / "scope.toml").open("rb") as fh:
        raw = tomllib.load(fh)
    ranks = {u: lv["rank"] for lv in raw["level"] for u in lv["units"]}
    units = "|".join(u for lv in raw["level"] for u in lv["units"])
    return ScopeRules(
        ranks=ranks,
        government=tuple(raw["government"]),
        other_scope=re.compile("|".join(raw["other_scope"])),
        another_moment=re.compile("|".join(raw["another_moment"])),
        whole=re.compile(rf"全({units})(?![域场面年部体国])"),
        place=re.compile(rf"[\u4e00-\u9fff]{{1,10}}?({units})"),
    )


@dataclass(frozen=True)
class Body:
    rank: int  # the rank of the innermost place the agency names
    government: bool  # the place's government (or its office), not one of its departments


def body_of(agency: str | None) -> Body | None:
    """The reporting body's level, from its agency name (scope.toml); None when the name
    names no place. 淮安市洪泽区人民政府 → (区, government); 平潭综合实验区财政金融局 →
    (区, department); 上海市科委 → (市, department)."""
    if not agency:
        return None
    rules = scope_rules()
    name = re.sub(r"[（(][^）)]*[）)]", "", agency.strip())
    pos, rank = 0, 0
    while True:
        m = rules.place.match(name, pos)
        if m is None:
            break
        r = rules.ranks[m.group(1)]
        rest = name[m.end() :]
        # A place is no wider than the one before it ("…县城市管理局" names no 市).
        if r < rank or (rest and rest[0] in "场级委"):
            break
        pos, rank = m.end(), r
    if not rank:
        return None
    rest = name[pos:]
    return Body(rank, not rest or rest.startswith(rules.government))


def other_scope(agency: str | None, text: str, end: int | None = None) -> str | None:
    """The words of ``text`` (a sentence; ``end``: where the figure ends) that make the
    figure another scope's or another moment's than this body's year: 全市 in a district
    department's report, 各部门 (anywhere in the sentence), 清理后…, 截至6月… (before it)."""
    rules = scope_rules()
    body = body_of(agency)
    for m in rules.whole.finditer(text):
        own = body is not None and body.government and rules.ranks[m.group(1)] == body.rank
        if not own:
            return m.group(0)
    m2 = rules.other_scope.search(text)
    if m2:
        return m2.group(0)
    # A moment belongs to its clause ("清理并集中发布…393件，动态更新本年度制发的…77件":
    # the 77 is this year's) or to the sentence's head ("截至6月底，全区…").
    pieces = re.split(r"[,，]", text[:end])
    for piece in (pieces[-1], pieces[0]):
        m3 = rules.another_moment.search(piece)
        if m3:
            return m3.group(0)
    return None


# --- a glued 第二十条 run cut by the figures the text states --------------------------------

_SENTENCE = re.compile(r"[^。;；!?\n]+")
# A change or a share is not a count of the cell.
_NOT_A_COUNT = re.compile(r"较|同比|环比|比上年|增加|增长|减少|下降|占")


def stated_figures(text: str, table: str, row: str, agency: str | None = None) -> dict[str, set[int]]:
    """{column: figures} the sentences of ``text`` state for one row's cells, by the
    claims that name a single cell of that row; sentences of another scope or moment
    (清理后集中发布…, 截至6月…, 全市…) state nothing about this body's year."""
    out: dict[str, set[int]] = {}
    mine = [c for c in claims() if not c.zero and len(c.cells) == 1 and c.cells[0][:2] == (table, row)]
    if not mine:
        return out
    for sent in _SENTENCE.finditer(text):
        s = sent.group(0)
        for claim in mine:
            for m in claim.pattern.finditer(s):
                number = next(i for i, g in enumerate(m.groups(), 1) if g is not None)
                lead = s[m.start() : m.start(number)]
                if _NOT_A_COUNT.search(lead) or other_scope(agency, s, m.end()):
                    continue
                out.setdefault(claim.cells[0][2], set()).add(int(m.group(number)))
    return out


def cut_by_statements(
    candidates: list[list[str]], columns: list[str], stated: dict[str, set[int]]
) -> tuple[list[list[str]], list[str]]:
    """(the candidate cuts the stated figures leave, the columns that decided it). One
    left: the run's reading. A column the text gives two figures for decides nothing."""
    used = [c for c in columns if len(stated.get(c, ())) == 1]
    if not used:
        return candidates, []
    left = [
        cand for cand in candidates
        if all(int(cand[columns.index(c)]) in stated[c] for c in used)
    ]
    return left, used
