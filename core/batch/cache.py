"""Checked reports kept by SHA-256, so a second ``batch`` (or the batch view) does not check
them again. One JSON file per report under the user's data folder, in a folder named by the
engine_version: other rules or another program version never read a stale result (the OCR
page cache's pattern). A damaged entry is checked again, never trusted.

The entry is the report before any store or cross-year rule was applied (those are
applied on every run), with the section texts the cross-year rules read."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
from pathlib import Path
from typing import Any

from core.atomic import write_atomically
from core.engine_version import engine_version
from core.model import Cell, CellCorrection, Finding, Loc, Report, Section

log = logging.getLogger(__name__)


def cache_dir() -> Path:
    from core.paths import user_data_dir

    tag = hashlib.sha256(engine_version().encode("utf-8")).hexdigest()[:16]
    return user_data_dir() / "report-cache" / tag


def _enabled() -> bool:
    return os.environ.get("REVIEWDESK_REPORT_CACHE") != "off"


def _fields(cls: type) -> frozenset[str]:
    return frozenset(f.name for f in dataclasses.fields(cls))


# Fields a report object names as the dataclasses do and that need no conversion; any
# other branch's additions of that kind (a cell's "confirmed", a report's "version_of")
# come back too, as long as to_dict names them as their fields.
_CELL, _FINDING, _REPORT = _fields(Cell), _fields(Finding), _fields(Report)


def _plain(d: dict[str, Any], known: frozenset[str], special: set[str]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k in known and k not in special}


def _cell(d: dict[str, Any]) -> Cell:
    corr = d.get("corrected")
    return Cell(
        **_plain(d, _CELL, {"loc", "corrected", "inferred"}),
        loc=Loc.from_dict(d.get("loc")),
        inferred=bool(d.get("inferred")),
        corrected=CellCorrection(corr["original"], corr["original_raw"], corr["by"], corr["at"], corr.get("reason", ""))
        if corr else None,
    )


def _finding(d: dict[str, Any]) -> Finding:
    return Finding(
        **_plain(d, _FINDING, {"cells", "loc"}),
        cells=[(c[0], c[1]) for c in d.get("cells") or []],
        loc=Loc.from_dict(d.get("loc")),
    )


def report_from_dict(d: dict[str, Any], section_texts: dict[str, str] | None = None) -> Report:
    """The Report a ``to_dict`` came from (section texts given separately: not in the contract)."""
    texts = section_texts or {}
    return Report(
        **_plain(d, _REPORT, {"sections", "tables", "findings", "ocr"}),
        sections=[Section(s["id"], s["title"], s["found"], Loc.from_dict(s.get("loc")), texts.get(s["id"], ""))
                  for s in d.get("sections") or []],
        tables={t: {r: {c: _cell(cell) for c, cell in cols.items()} for r, cols in rows.items()}
                for t, rows in (d.get("tables") or {}).items()},
        findings=[_finding(f) for f in d.get("findings") or []],
        ocr=bool(d.get("ocr")),
    )


def load(sha256: str, file: str) -> Report | None:
    """The cached report of these bytes (shown under ``file``, the name given this time)."""
    entry = load_entry(sha256, file)
    return entry[0] if entry else None


def load_entry(sha256: str, file: str) -> tuple[Report, dict[str, Any]] | None:
    """The cached report and its report object as kept (``file`` set to the name given this
    time): while nothing is added to the report, that object is its ``to_dict()``."""
    if not sha256 or not _enabled():
        return None
    path = cache_dir() / f"{sha256}.json"
    try:
        if not path.is_file():
            return None
        entry = json.loads(path.read_text(encoding="utf-8"))
        rep = report_from_dict(entry["report"], entry.get("section_texts"))
    except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
        log.warning("report cache entry %s not usable (%s); checking again", path, exc)
        return None
    if rep.sha256 != sha256:
        return None
    _remember_parts(rep, entry.get("parts"))
    rep.file = file
    as_dict = entry["report"]
    as_dict["file"] = file
    return rep, as_dict


def _remember_parts(rep: Report, kept: Any) -> None:
    """Hand the kept parts to core.reuse.text (an entry without them, or a damaged one,
    leaves them to be made again)."""
    from core.reuse.text import Part, remember

    if not isinstance(kept, dict):
        return
    for s in rep.sections:
        got = kept.get(s.id) if s.found else None
        try:
            text, pieces = got  # type: ignore[misc]
            part = Part(s.id, s.title, str(text), [(int(a), int(b), str(o)) for a, b, o in pieces])
        except (TypeError, ValueError):
            continue
        remember(s.id, s.title, s.text, part)


def save(rep: Report) -> None:
    """Keep a freshly checked report (not one that could not be read: that may be passing)."""
    if not rep.sha256 or rep.error or not _enabled():
        return
    path = cache_dir() / f"{rep.sha256}.json"
    from core.reuse.text import parts_of

    # The text-reuse parts too (normalising them is most of what text reuse costs a second
    # batch run); they depend only on the section texts kept here and the rule data the
    # cache folder is named by.
    entry = {"report": rep.to_dict(), "section_texts": {s.id: s.text for s in rep.sections if s.text},
             "parts": {p.section: [p.text, [list(x) for x in p.pieces]] for p in parts_of(rep)}}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(entry, ensure_ascii=False)
        write_atomically(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    except OSError:
        log.warning("report cache not written: %s", path)


# ------------------------------------------------------------------ cross-year findings of a pair
# The cross-year rules cost more than checking a text report (difflib over the prose of
# each part): a (this year, last year) pair's findings are kept too, by both SHA-256s.
# Only for reports as read: a reviewer's correction changes what the rules see.


def _pair_path(cur: str, prev: str) -> Path:
    return cache_dir() / "pairs" / f"{cur}-{prev}.json"


def _as_read(rep: Report) -> bool:
    return not any(c.corrected for rows in rep.tables.values() for cols in rows.values() for c in cols.values())


def load_pair(cur: Report, prev: Report) -> list[Finding] | None:
    if not _enabled() or not (_as_read(cur) and _as_read(prev)):
        return None
    path = _pair_path(cur.sha256, prev.sha256)
    try:
        if not path.is_file():
            return None
        found = [_finding(d) for d in json.loads(path.read_text(encoding="utf-8"))]
    except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
        log.warning("pair cache entry %s not usable (%s)", path, exc)
        return None
    for f in found:
        f.id = ""  # ids are given within the report, as for fresh findings
    return found


def save_pair(cur: Report, prev: Report, found: list[Finding]) -> None:
    if not _enabled() or not (_as_read(cur) and _as_read(prev)):
        return
    path = _pair_path(cur.sha256, prev.sha256)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps([f.to_dict() for f in found], ensure_ascii=False)
        write_atomically(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    except OSError:
        log.warning("pair cache not written: %s", path)
