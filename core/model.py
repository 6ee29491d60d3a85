"""Plain data passed between the engine's stages.

Every stage of the pipeline (read → normalise → detect → extract → check) takes and
returns these dataclasses; none of them knows about Qt, files on disk or JSON beyond
``to_dict`` here, which is the output contract (../shared/spec/output-contract.md).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

# The closed vocabularies of the contract, as types (mypy checks every literal against
# them); the tuples are the same values in order, for code that iterates.
Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = get_args(Severity)
# ok: a number; blank: nothing printed; placeholder: "/", "—", "无"; not_a_number: text;
# missing: the row has fewer values than columns; ambiguous: glued digits, several splits.
CellStatus = Literal["ok", "blank", "placeholder", "not_a_number", "missing", "ambiguous"]
CELL_STATUSES: tuple[CellStatus, ...] = get_args(CellStatus)
Template = Literal["2008", "2019", "2021", "unknown"]
TEMPLATES: tuple[Template, ...] = get_args(Template)


def as_template(template_id: str) -> Template:
    """A format id read from data (resources/formats) as a ``Template``; anything else is unknown."""
    for t in TEMPLATES:
        if t == template_id:
            return t
    return "unknown"


@dataclass(frozen=True)
class Loc:
    """Where a thing stands in the original.

    PDF: 1-based ``page`` and ``bbox`` (x0, top, x1, bottom) in PDF points, top-left
    origin. Text-like sources: ``start``/``end`` character offsets into ``Document.text``,
    and ``line``, the 1-based line of ``start`` there (what a person can find in a viewer;
    filled by core/lines.py once the report is built). A PDF loc may carry ``start``/``end``
    too (offsets into the PDF's extracted text).
    """

    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    start: int | None = None
    end: int | None = None
    line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        if self.page is not None:
            d: dict[str, Any] = {"page": self.page}
            d["bbox"] = [round(v, 2) for v in self.bbox] if self.bbox else None
            return d
        d = {"start": self.start, "end": self.end}
        if self.line is not None:
            d["line"] = self.line  # an addition to the contract's LOC
        return d

    @staticmethod
    def from_dict(d: dict[str, Any] | None) -> Loc | None:
        if not d:
            return None
        bbox = d.get("bbox")
        return Loc(
            page=d.get("page"),
            bbox=tuple(bbox) if bbox else None,  # type: ignore[arg-type]
            start=d.get("start"),
            end=d.get("end"),
            line=d.get("line"),
        )


def union_loc(locs: Sequence[Loc | None]) -> Loc | None:
    """The smallest loc covering all given ones (same page for PDFs)."""
    real = [loc for loc in locs if loc is not None]
    if not real:
        return None
    first = real[0]
    if first.page is not None:
        same = [loc for loc in real if loc.page == first.page and loc.bbox]
        if not same:
            return first
        return Loc(
            page=first.page,
            bbox=(
                min(loc.bbox[0] for loc in same),  # type: ignore[index]
                min(loc.bbox[1] for loc in same),  # type: ignore[index]
                max(loc.bbox[2] for loc in same),  # type: ignore[index]
                max(loc.bbox[3] for loc in same),  # type: ignore[index]
            ),
        )
    starts = [loc.start for loc in real if loc.start is not None]
    ends = [loc.end for loc in real if loc.end is not None]
    if not starts:
        return first
    head = min((loc for loc in real if loc.start is not None), key=lambda loc: loc.start or 0)
    return Loc(start=min(starts), end=max(ends), line=head.line)


@dataclass
class Cell:
    """One table cell as read from the report.

    ``value`` is None when the cell is blank, a placeholder (/, —, 无) or unreadable;
    ``status`` says which. ``inferred`` marks a value obtained by splitting a run of
    glued digits with the row's own arithmetic: such a row's total proves nothing.
    """

    value: int | float | None
    raw: str
    loc: Loc | None = None
    unit: str | None = None
    status: CellStatus = "ok"
    inferred: bool = False
    corrected: CellCorrection | None = None  # the reviewer's correction; value is then theirs
    ocr: dict[str, float] | None = None  # read by OCR: {"confidence": 0.0-1.0}
    # The reviewer confirmed the reading unchanged (contract: "confirmed": {"by", "at"}).
    confirmed: dict[str, str] | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "value": self.value,
            "raw": self.raw,
            "unit": self.unit,
            "loc": self.loc.to_dict() if self.loc else None,
        }
        if self.status != "ok":
            d["status"] = self.status
        if self.inferred:
            d["inferred"] = True
        if self.corrected is not None:
            d["corrected"] = self.corrected.to_dict()
        if self.ocr is not None:
            d["ocr"] = dict(self.ocr)
        if self.confirmed is not None:
            d["confirmed"] = dict(self.confirmed)
        return d


@dataclass(frozen=True)
class CellCorrection:
    """What the report printed, kept beside the reviewer's value (contract: ``corrected``)."""

    original: int | float | None  # the value as read
    original_raw: str
    by: str
    at: str  # ISO 8601
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"original": self.original, "original_raw": self.original_raw,
                "by": self.by, "at": self.at, "reason": self.reason}


# table id -> row id -> column id -> Cell
Tables = dict[str, dict[str, dict[str, Cell]]]


@dataclass
class Section:
    id: str
    title: str
    found: bool
    loc: Loc | None = None
    text: str = ""  # the section's body (normalised), for checks; not in the contract

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "found": self.found,
            "loc": self.loc.to_dict() if self.loc else None,
        }


@dataclass
class Finding:
    rule: str
    severity: Severity
    message: str
    table: str | None = None
    cells: list[tuple[str, str]] = field(default_factory=list)
    expected: Any = None
    actual: Any = None
    loc: Loc | None = None
    quote: str | None = None  # the sentence a text rule read, when there is one
    section: str | None = None  # the part a section rule speaks of
    candidates: list[list[str]] | None = None  # possible splits of a glued digit run
    id: str = ""  # unique in its report, stable across runs (core.finding_ids)
    note: dict[str, str] | None = None  # the reviewer's note, when a store was applied
    # Reuse rules (core/reuse): the report the text or tables were found in, the share found,
    # and their own evidence (role, counterpart, excerpt …), printed as top-level keys.
    source: dict[str, Any] | None = None
    share: float | None = None
    reuse: dict[str, Any] | None = None
    since_version: str | None = None  # persisting | new, in a later version (core/versions)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "table": self.table,
            "cells": [list(c) for c in self.cells],
            "expected": self.expected,
            "actual": self.actual,
            "loc": self.loc.to_dict() if self.loc else None,
        }
        if self.quote:
            d["quote"] = self.quote
        if self.section:
            d["section"] = self.section
        if self.candidates:
            d["candidates"] = self.candidates
        d["id"] = self.key()
        if self.note is not None:
            d["note"] = self.note
        if self.source is not None:
            d["source"] = self.source
        if self.share is not None:
            d["share"] = self.share
        if self.reuse:
            d |= {k: v for k, v in self.reuse.items() if v is not None and k not in d}
        if self.since_version is not None:
            d["since_version"] = self.since_version
        return d

    def key(self) -> str:
        """What notes attach to: the finding's id (its basis's hash if none was given yet)."""
        return self.id or base_id(self)


# --------------------------------------------------------------------------- finding ids
# The basis of a finding's id: what fact it names (core/finding_ids.py says why these
# parts and gives a report's ids, ``~2`` for a second finding of the same fact).
ID_HEX = 10
_SPACE = re.compile(r"\s+")


def _norm_quote(quote: str) -> str:
    return _SPACE.sub("", unicodedata.normalize("NFKC", quote))


def _place(f: Finding) -> str:
    loc = f.loc
    if loc is None:
        return ""
    if loc.page is not None:
        return f"p{loc.page}"
    return f"@{loc.start}" if loc.start is not None else ""


def id_basis(f: Finding) -> str:
    """The text that is hashed: the same fact gives the same basis in every run."""
    scope = f.table or f.section or ""
    cells = ",".join(sorted(f"{r}/{c}" for r, c in f.cells))
    if f.quote:
        anchor = "q:" + _norm_quote(f.quote)
    elif not f.cells:
        anchor = _place(f)
    else:
        anchor = ""
    return f"{f.rule}|{scope}|{cells}|{anchor}"


def base_id(f: Finding) -> str:
    return hashlib.sha1(id_basis(f).encode("utf-8")).hexdigest()[:ID_HEX]


@dataclass
class Report:
    """The result of checking one file: exactly the contract's report object."""

    file: str
    sha256: str
    source_format: str | None = None
    encoding: str | None = None
    template: Template = "unknown"
    agency: str | None = None
    year: int | None = None
    published: str | None = None
    sections: list[Section] = field(default_factory=list)
    tables: Tables = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None
    # From the reviewer's store (core.annotations), only when one was applied:
    signoff: dict[str, str] | None = None
    orphan_notes: list[dict[str, Any]] | None = None
    orphan_corrections: list[dict[str, Any]] | None = None
    review_state: str | None = None  # pending | returned | resubmitted | passed (core.signoff)
    ocr: bool = False  # some page was read by OCR
    # Versions (core/versions): the previous version's sha256, its findings that have gone,
    # and other paths of the very same file (one SHA-256 is one report).
    version_of: str | None = None
    fixed: list[dict[str, Any]] | None = None
    also: list[str] | None = None
    fixed_unverified: list[dict[str, Any]] | None = None  # gone, but not shown fixed (why)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "file": self.file,
            "sha256": self.sha256,
            "source_format": self.source_format,
            "encoding": self.encoding,
            "template": self.template,
            "agency": self.agency,
            "year": self.year,
            "published": self.published,
            "sections": [s.to_dict() for s in self.sections],
            "tables": {
                t: {r: {c: cell.to_dict() for c, cell in cols.items()} for r, cols in rows.items()}
                for t, rows in self.tables.items()
            },
            "findings": [f.to_dict() for f in self.findings],
            "error": self.error,
            "engine_version": _engine_version(),  # which program and rules judged (contract)
        }
        if self.ocr:
            d["ocr"] = True
        if self.also:
            d["also"] = list(self.also)
        if self.version_of is not None:
            d["version_of"] = self.version_of
            d["fixed"] = list(self.fixed or [])
            if self.fixed_unverified:
                d["gone_unverified"] = list(self.fixed_unverified)
        return d | self._store_fields()

    def _store_fields(self) -> dict[str, Any]:
        d: dict[str, Any] = {}
        if self.signoff is not None:
            d["signoff"] = self.signoff
        if self.orphan_notes is not None:
            d["orphan_notes"] = self.orphan_notes
        if self.orphan_corrections is not None:
            d["orphan_corrections"] = self.orphan_corrections
        if self.review_state is not None:
            d["review_state"] = self.review_state
        return d

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {s: 0 for s in SEVERITIES}
        for f in self.findings:
            out[f.severity] = out.get(f.severity, 0) + 1
        return out


def _engine_version() -> str:
    """Report objects name their judge (core.engine_version; computed once per process)."""
    from core.engine_version import engine_version

    return engine_version()
