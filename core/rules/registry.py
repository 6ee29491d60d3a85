"""Every rule the engine reports, declared once (data: ``resources/rules/rules.toml``).

The window, the CLI summary, the review sheets and ``docs/rules.md`` read names and
default severities from here; a rule function takes its severity from
``default_severity`` instead of repeating a literal. The data lives in TOML, beside the
formats, because it is prose (Chinese names and descriptions) that a reviewer may want
to reword without reading Python; this module only loads and checks it.

Public API: ``RuleSpec``, ``RULES``, ``rule_spec``, ``rule_name``, ``default_severity``,
``CROSS_YEAR_RULES``.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, get_args

from core.model import Severity
from core.paths import resources_dir

TABLE_SCOPES = ("article20", "applications", "reviews", "any")


@dataclass(frozen=True)
class RuleSpec:
    """One rule: what a person reads about it, and its defaults."""

    id: str
    name: str  # short Chinese name, e.g. 总计与分项不符
    severity: Severity  # the default; a finding may carry another
    table: str | None  # article20 | applications | reviews | any (several tables) | None (none)
    cross_year: bool  # compares two years of one agency
    description: str  # one line in Chinese


def _spec(rule_id: str, raw: dict[str, Any]) -> RuleSpec:
    unknown = set(raw) - {"name", "severity", "table", "cross_year", "description"}
    if unknown:
        raise ValueError(f"rules.toml [{rule_id}]: unknown keys {sorted(unknown)}")
    severity = raw["severity"]
    if severity not in get_args(Severity):
        raise ValueError(f"rules.toml [{rule_id}]: severity {severity!r} is not one of {get_args(Severity)}")
    table = raw.get("table")
    if table is not None and table not in TABLE_SCOPES:
        raise ValueError(f"rules.toml [{rule_id}]: table {table!r} is not one of {TABLE_SCOPES}")
    description = str(raw["description"])
    if "\n" in description.strip():
        raise ValueError(f"rules.toml [{rule_id}]: the description is one line")
    return RuleSpec(
        id=rule_id,
        name=str(raw["name"]),
        severity=severity,
        table=table,
        cross_year=bool(raw.get("cross_year", False)),
        description=description.strip(),
    )


def load_rules(path: Any = None) -> Mapping[str, RuleSpec]:
    """The rules of ``resources/rules/rules.toml`` (or ``path``), in the file's order."""
    source = path or resources_dir() / "rules" / "rules.toml"
    with open(source, "rb") as fh:
        raw = tomllib.load(fh)
    return MappingProxyType({rule_id: _spec(rule_id, body) for rule_id, body in raw.items()})


RULES: Mapping[str, RuleSpec] = load_rules()
CROSS_YEAR_RULES: tuple[str, ...] = tuple(r.id for r in RULES.values() if r.cross_year)


def rule_spec(rule_id: str) -> RuleSpec | None:
    return RULES.get(rule_id)


def rule_name(rule_id: str) -> str:
    """The rule's Chinese name; the id itself for a rule not declared (never fails)."""
    spec = RULES.get(rule_id)
    return spec.name if spec else rule_id


def default_severity(rule_id: str) -> Severity:
    """The declared severity; a rule id that is not declared is a programming error."""
    return RULES[rule_id].severity
