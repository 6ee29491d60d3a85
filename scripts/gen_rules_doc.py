"""Write docs/rules.md from the rule registry (resources/rules/rules.toml).

    python scripts/gen_rules_doc.py          rewrite docs/rules.md
    python scripts/gen_rules_doc.py --check  exit 1 when docs/rules.md is out of date

tests/test_registry.py runs the check, so the doc never drifts from the registry.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.labels import SEVERITY_LABELS, TABLE_SHORT  # noqa: E402
from core.rules.registry import RULES  # noqa: E402

DOC = ROOT / "docs" / "rules.md"

HEAD = """# Rules of the review engine

Generated from `resources/rules/rules.toml` by `python scripts/gen_rules_doc.py`; do not edit by
hand (a test fails when this file differs from the registry). The severity is the rule's
default; a finding may carry another (e.g. `no_text_layer` for some pages only is a warning).
Table: the table the rule checks (任一表 = any of them; — = none).

| id | 名称 | 默认级别 | 表 | 跨年度 | 说明 |
|---|---|---|---|---|---|
"""


def _table(table: str | None) -> str:
    if table is None:
        return "—"
    return "任一表" if table == "any" else TABLE_SHORT.get(table, table)


def render() -> str:
    lines = [
        f"| `{r.id}` | {r.name} | {SEVERITY_LABELS[r.severity]} | {_table(r.table)} | "
        f"{'是' if r.cross_year else ''} | {r.description.replace('|', '｜')} |"
        for r in RULES.values()
    ]
    return HEAD + "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        current = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
        if current != text:
            sys.stderr.write(f"{DOC.relative_to(ROOT)} is out of date: run python scripts/gen_rules_doc.py\n")
            return 1
        return 0
    DOC.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
