"""The checks. Each module holds plain functions ``(ReviewContext) -> list[Finding]``;
``RULES`` lists them in the order their findings are reported."""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.model import Finding
from core.rules import compliance, narrative, tables

if TYPE_CHECKING:
    from core.review import ReviewContext

RULES = (
    compliance.sections_missing_or_empty,
    compliance.template_outdated,
    compliance.late_publication,
    compliance.fee_disclosure_missing,
    tables.missing_tables_and_rows,
    tables.cell_problems,
    tables.row_sums,
    tables.column_sums,
    tables.balance,
    tables.review_sums,
    narrative.narrative_sums,
    narrative.kinds_lists,
    narrative.narrative_vs_table,
    narrative.all_upheld,
)


def run_rules(ctx: ReviewContext) -> list[Finding]:
    out: list[Finding] = []
    for rule in RULES:
        out.extend(rule(ctx))
    return out
