"""Every rule the engine reports, declared once (data: ``resources/rules/rules.toml``).

The window, the CLI summary, the review sheets and ``docs/rules.md`` read names and
default severities from here; a rule function takes its severity from
``default_severity`` instead of repeating a literal. The data lives in TOML, beside the
formats, because it is prose (Chinese names and descriptions) that a reviewer may want
to reword without reading Python; this module only loads and checks it.

Public API: ``RuleSpec``, ``RULES``, ``rule_spec``, ``rule_name``, ``default_severity``,
``CROSS_YEAR_RULES``, ``ARITHMETIC_RULES``, ``TEXT_ARITHMETIC_RULES``, ``SETTLED_BY_CORRECTION``,
``default_threshold``.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, get_args

from core.formats import table_ids
from core.model import Severity
from core.paths import resources_dir

TABLE_SCOPES = (*table_ids(), "any")
ARITHMETIC_KINDS = ("cells", "text")


@dataclass(frozen=True)
class RuleSpec:
    """One rule: what a person reads about it, and its defaults."""

    id: str
    name: str  # short Chinese name, e.g. 总计与分项不符
    severity: Severity  # the default; a finding may carry another
    table: str | None  # article20 | applications | reviews | any (several tables) | None (none)
    cross_year: bool  # compares two years of one agency
    description: str  # one line in Chinese
    # "cells" / "text": a failure may come from a misread digit, in the cells it names
    # (and, "text", in the numbers it quotes); None: it does no arithmetic on read digits.
    arithmetic: str | None = None
    settled_by_correction: bool = False  # a reading finding the reviewer's values settle
    # Default thresholds a reviewer may change (e.g. copied_text's share), from the rule's
    # ``[RULE.thresholds]`` table; empty for rules without any.
    thresholds: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))


def _spec(rule_id: str, raw: dict[str, Any]) -> RuleSpec:
    unknown = set(raw) - {"name", "severity", "table", "cross_year", "description", "arithmetic",
                          "settled_by_correction", "thresholds"}
    if unknown:
        raise ValueError(f"rules.toml [{rule_id}]: unknown keys {sorted(unknown)}")
    severity = raw["severity"]
    if severity not in get_args(Severity):
        raise ValueError(f"rules.toml [{rule_id}]: severity {severity!r} is not one of {get_args(Severity)}")
    table = raw.get("table")
    if table is not None and table not in TABLE_SCOPES:
        raise ValueError(f"rules.toml [{rule_id}]: table {table!r} is not one of {TABLE_SCOPES}")
    arithmetic = raw.get("arithmetic")
    if arithmetic is not None and arithmetic not in ARITHMETIC_KINDS:
        raise ValueError(f"rules.toml [{rule_id}]: arithmetic {arithmetic!r} is not one of {ARITHMETIC_KINDS}")
    description = str(raw["description"])
    if "\n" in description.strip():
        raise ValueError(f"rules.toml [{rule_id}]: the description is one line")
    thresholds = raw.get("thresholds", {})
    if not isinstance(thresholds, dict) or not all(
        isinstance(v, (int, float)) and not isinstance(v, bool) for v in thresholds.values()
    ):
        raise ValueError(f"rules.toml [{rule_id}]: thresholds are numbers (name = value)")
    return RuleSpec(
        id=rule_id,
        name=str(raw["name"]),
        severity=severity,
        table=table,
        cross_year=bool(raw.get("cross_year", False)),
        description=description.strip(),
        arithmetic=arithmetic,
        settled_by_correction=bool(raw.get("settled_by_correction", False)),
        thresholds=MappingProxyType({str(k): float(v) for k, v in thresholds.items()}),
    )


def load_rules(path: Any = None) -> Mapping[str, RuleSpec]:
    """The rules of ``resources/rules/rules.toml`` (or ``path``), in the file's order."""
    source = path or resources_dir() / "rules" / "rules.toml"
    with open(source, "rb") as fh:
        raw = tomllib.load(fh)
    return MappingProxyType({rule_id: _spec(rule_id, body) for rule_id, body in raw.items()})


RULES: Mapping[str, RuleSpec] = load_rules()
CROSS_YEAR_RULES: tuple[str, ...] = tuple(r.id for r in RULES.values() if r.cross_year)
# Rules whose failure may rest on a misread digit (core.ocr_review softens them), and those
# of them that also read numbers from the text.
ARITHMETIC_RULES: frozenset[str] = frozenset(r.id for r in RULES.values() if r.arithmetic)
TEXT_ARITHMETIC_RULES: frozenset[str] = frozenset(r.id for r in RULES.values() if r.arithmetic == "text")
# Reading findings a correction can settle: gone once every cell they name is given.
SETTLED_BY_CORRECTION: frozenset[str] = frozenset(r.id for r in RULES.values() if r.settled_by_correction)


def rule_spec(rule_id: str) -> RuleSpec | None:
    return RULES.get(rule_id)


def rule_name(rule_id: str) -> str:
    """The rule's Chinese name; the id itself for a rule not declared (never fails)."""
    spec = RULES.get(rule_id)
    return spec.name if spec else rule_id


def default_threshold(rule_id: str, name: str) -> float:
    """A rule's declared default threshold (``[RULE.thresholds]`` of rules.toml); a name
    that is not declared is a programming error."""
    return RULES[rule_id].thresholds[name]


def default_severity(rule_id: str) -> Severity:
    """The declared severity; a rule id that is not declared is a programming error."""
    return RULES[rule_id].severity
