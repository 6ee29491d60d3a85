"""Finding ids: what a reviewer's note, a sign-off and the window hold on to.

The basis of an id (``id_basis``, ``base_id``) is the finding's own data and lives with it
in core/model.py; here is where a report's ids are given (``assign_ids``), the ``~2``
of a second finding of the same fact included.

An id names a *fact*, not a line of output. It is a short hash of

    rule | scope (table, or section) | the cells, sorted | an anchor

where the anchor is, for a text rule (a finding that quotes a sentence), the quoted
sentence itself with whitespace removed and NFKC-folded; for a finding that has neither
cells nor a quote (``copied_text``, ``duplicate_content``, ``no_text_layer`` …), its place:
the page (PDF) or the start offset (text). Never the message (its wording changes with the
program and carries the numbers a correction changes), never a list index (the list
changes with every correction).

Why the quoted sentence and not its offset: offsets move when a reader's text changes by
one character anywhere before the sentence (a newer PDF text extraction, a fixed
encoding), while the sentence stays the sentence. Two ``narrative_sum`` findings of one
report quote two different sentences, so they get two ids.

Collisions within one report: identical bases (the same sentence twice, e.g. a report
that repeats a paragraph) get ``~2``, ``~3`` … in the order of their place in the file
(then the order the rules gave them), so the result is deterministic. A hash collision
of two different bases (10 hex digits, 1 in 10^12 per pair) is resolved the same way.
"""

from __future__ import annotations

from collections.abc import Iterable

from core.model import Finding, base_id, id_basis

__all__ = ["assign_ids", "base_id", "id_basis", "legacy_key"]


def _order(f: Finding) -> tuple[int, float, int]:
    loc = f.loc
    if loc is None:
        return (0, 0.0, 0)
    if loc.page is not None:
        return (loc.page, loc.bbox[1] if loc.bbox else 0.0, 0)
    return (0, 0.0, loc.start or 0)


def assign_ids(findings: Iterable[Finding]) -> None:
    """Give every finding of one report its id (idempotent: recomputed from scratch).

    Called by the check (core.check) only: a finding's id is given where its report's
    list of findings is made, never when it is written out."""
    groups: dict[str, list[tuple[int, Finding]]] = {}
    for i, f in enumerate(findings):
        groups.setdefault(base_id(f), []).append((i, f))
    for base, members in groups.items():
        members.sort(key=lambda m: (_order(m[1]), m[0]))
        for n, (_, f) in enumerate(members, start=1):
            f.id = base if n == 1 else f"{base}~{n}"


def legacy_key(f: Finding) -> str:
    """The key notes were stored under before ids (schema 1): rule|table-or-section|cells."""
    cells = ",".join(f"{t}:{c}" for t, c in f.cells)
    return f"{f.rule}|{f.table or f.section or ''}|{cells}"
