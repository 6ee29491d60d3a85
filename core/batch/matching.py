"""Which roster unit a report belongs to: by full name and aliases first, then by the agency
key the year pairing uses (core.crossyear), and never two bodies to one unit silently.

A government's own report (洪泽区人民政府), its 办公室 and its departments are three kinds of
body here (the pairing's key folds the first two together; a roster must not): a name only
matches a name of the same kind. Within a kind, 淮安市洪泽区交通运输局 matches the roster's
洪泽区交通运输局 (one name ends the other and the shorter still names its place)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from core.batch.deadlines import clean_name, publisher_kind
from core.batch.roster import AUTO_CATEGORIES, Roster, Unit, roster_columns
from core.crossyear import agency_key

_OFFICE = re.compile(r"(人民政府|管委会|管理委员会)(办公室|办公厅)$")
_GOV = re.compile(r"(人民政府|管委会|管理委员会|街道办事处|办事处)$")
_BARE_PLACE = re.compile(r"^[\u4e00-\u9fff]{1,10}?(省|自治区|市|自治州|盟|地区|区|县|旗|自治县|镇|乡|街道|综合实验区|新区)$")
# A shorter name matches the end of a longer one only when it still names its place:
# 洪泽区交通运输局 does, 交通运输局 alone names no body.
_PLACED = re.compile(r"^[\u4e00-\u9fff]{1,10}?(省|自治区|市|自治州|盟|地区|区|县|旗|镇|乡|街道)[\u4e00-\u9fff]{2,}")


@dataclass(frozen=True)
class Identity:
    kind: str  # "gov" (a government itself), "office" (its 办公室/办公厅), "body" (anything else)
    key: str  # the agency key for gov/office, the whole name for a body
    base: str  # the name without the kind's suffix

    def matches(self, other: Identity) -> str | None:
        """"key" when both name one body by their keys, "suffix" when one name ends the
        other, None when they are different bodies."""
        if self.kind != other.kind:
            return None
        if self.key == other.key or self.base == other.base:
            return "key"
        short, long_ = sorted((self.base, other.base), key=len)
        if long_.endswith(short) and (self.kind != "body" or _PLACED.match(short)):
            return "suffix"
        return None


def identity(name: str) -> Identity:
    n = clean_name(name).replace("综合试验区", "综合实验区")
    m = _OFFICE.search(n)
    if m and m.start() > 1:
        base = n[: m.start()]
        return Identity("office", agency_key(base) or base, base)
    m = _GOV.search(n)
    if m and m.start() > 1:
        base = n[: m.start()]
        return Identity("gov", agency_key(base) or base, base)
    if _BARE_PLACE.match(n):
        return Identity("gov", agency_key(n) or n, n)
    return Identity("body", n, n)


@dataclass
class Matching:
    by_unit: dict[str, list[dict[str, Any]]]  # unit name -> its reports (every year given)
    unmatched: list[dict[str, Any]] = field(default_factory=list)
    how: dict[str, str] = field(default_factory=dict)  # sha256 -> "name" | "alias" | "key" | "suffix" | "manual"
    messages: list[str] = field(default_factory=list)
    message_of: dict[str, str] = field(default_factory=dict)  # sha256 -> its message, where it has one

    def say(self, sha: str, text: str) -> None:
        self.messages.append(text)
        self.message_of[sha] = text


class _Index:
    """Units by cleaned name/alias and by identity, for 1,000 × 1,000 without a square scan."""

    def __init__(self, units: Sequence[Unit]) -> None:
        self.exact: dict[str, list[tuple[Unit, str]]] = {}
        self.by_key: dict[tuple[str, str], list[tuple[Unit, Identity]]] = {}
        self.by_tail: dict[tuple[str, str], list[tuple[Unit, Identity]]] = {}
        for u in units:
            for name, how in [(u.name, "name"), *((a, "alias") for a in u.aliases)]:
                self.exact.setdefault(clean_name(name), []).append((u, how))
                ident = identity(name)
                self.by_key.setdefault((ident.kind, ident.key), []).append((u, ident))
                self.by_tail.setdefault((ident.kind, ident.base[-2:]), []).append((u, ident))

    def find(self, agency: str) -> tuple[list[Unit], str]:
        hits = _unique(u for u, _ in self.exact.get(clean_name(agency), []))
        if hits:
            how = self.exact[clean_name(agency)][0][1]
            return hits, how
        ident = identity(agency)
        keyed = _unique(u for u, i in self.by_key.get((ident.kind, ident.key), []))
        if keyed:
            return keyed, "key"
        near = _unique(u for u, i in self.by_tail.get((ident.kind, ident.base[-2:]), []) if ident.matches(i))
        return near, "suffix"


def _unique(units: Any) -> list[Unit]:
    out: list[Unit] = []
    for u in units:
        if all(u is not v for v in out):
            out.append(u)
    return out


def match_reports(units: Sequence[Unit], reports: Sequence[Mapping[str, Any]],
                  manual: Mapping[str, str | None] | None = None) -> Matching:
    """Each report to at most one unit. ``manual`` (the store's: sha256 -> unit name, or None
    for "belongs to no unit") decides first; a report that fits several units is left
    unmatched with a message naming them, never given to one of them by chance."""
    manual = manual or {}
    index = _Index(units)
    names = {u.name for u in units}
    out = Matching({u.name: [] for u in units})
    for rep in reports:
        sha = str(rep.get("sha256", ""))
        label = rep.get("file") or sha[:12]
        if sha in manual:
            chosen = manual[sha]
            if chosen is None:
                out.unmatched.append(dict(rep))
                out.how[sha] = "manual"
                continue
            if chosen in names:
                out.by_unit[chosen].append(dict(rep))
                out.how[sha] = "manual"
                continue
            out.say(sha, f"{label}：手动指定的单位“{chosen}”不在名册中，改为自动匹配")
        agency = rep.get("agency")
        if not agency:
            out.unmatched.append(dict(rep))
            out.say(sha, f"{label}：未能识别发布机关，无法对应到名册单位，请手动指定")
            continue
        hits, how = index.find(str(agency))
        if len(hits) == 1:
            out.by_unit[hits[0].name].append(dict(rep))
            out.how[sha] = how
        elif hits:
            out.unmatched.append(dict(rep))
            out.say(sha, f"{label}：发布机关“{agency}”可对应多个名册单位（{'、'.join(u.name for u in hits)}），"
                                "未自动归入，请手动指定")
        else:
            out.unmatched.append(dict(rep))
            out.say(sha, f"{label}：发布机关“{agency}”不在名册中")
    return out


def roster_from_reports(reports: Iterable[Mapping[str, Any]]) -> Roster:
    """Without a roster: one unit per body found among the reports (this year's and last
    year's, so a body that reported last year and not this year is 缺报), its 类别 the
    publisher kind its name shows (本级政府 / 部门 / 乡镇街道): ranks are then per kind, as
    the deadlines are."""
    names = {kind: cat for cat, kind in roster_columns().category_kind.items() if cat in AUTO_CATEGORIES}

    units: dict[tuple[str, str], Unit] = {}
    for rep in sorted(reports, key=lambda r: -(r.get("year") or 0)):  # this year's name first
        agency = rep.get("agency")
        if not agency or rep.get("error"):
            continue
        ident = identity(agency)
        if (ident.kind, ident.key) not in units:
            kind = publisher_kind(str(agency))
            units[(ident.kind, ident.key)] = Unit(str(agency), names.get(kind) if kind else None)
    return Roster(sorted(units.values(), key=lambda u: u.name), [], None)
