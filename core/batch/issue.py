"""定稿: an issued 通报 is final. ``issue_batch`` freezes a batch object with the rubric that
scored it, its engine_version and every reviewer's decision it rests on, in a file of its
own that nothing rewrites; a later change is a new draft (the batch is always computed
afresh) and, when issued, a new file. ``issued_batches`` / ``load_issued`` read them back
as they were."""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from core.atomic import write_atomically


class IssueError(ValueError):
    """Refused: no issuer named, or an issued file that is not one."""


@dataclass(frozen=True)
class Issued:
    path: Path
    id: str
    year: int
    at: str
    by: str


def issued_dir() -> Path:
    from core.paths import user_data_dir

    return user_data_dir() / "issued"


def decisions_of(reports: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per report (sha256): the notes on its findings, its corrected cells, its sign-off and
    review state — what a score rests on besides the engine."""
    out: dict[str, dict[str, Any]] = {}
    for r in reports:
        notes = [{"finding": f.get("id"), "rule": f.get("rule"), "note": f["note"]}
                 for f in r.get("findings") or () if f.get("note")]
        corrected = [{"cell": f"{t}/{row}/{c}", "value": cell.get("value"), "corrected": cell["corrected"]}
                     for t, rows in (r.get("tables") or {}).items() for row, cols in rows.items()
                     for c, cell in cols.items() if cell.get("corrected")]
        entry = {k: v for k, v in (("notes", notes), ("corrections", corrected), ("signoff", r.get("signoff")),
                                   ("review_state", r.get("review_state"))) if v}
        if entry:
            out[str(r.get("sha256"))] = entry
    return out


def issue_batch(batch: dict[str, Any], reports: list[dict[str, Any]], rubric_text: str, by: str,
                folder: Path | None = None) -> Issued:
    """Write the issued record; ``by`` is the person issuing it, given explicitly (never the
    OS login: a record states who acted)."""
    if not by.strip():
        raise IssueError("定稿需要写明定稿人")
    at = datetime.now().astimezone().isoformat(timespec="seconds")
    body = {"batch": batch, "rubric_text": rubric_text, "decisions": decisions_of(reports)}
    digest = hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()
    ident = f"{batch['year']}-{at[:19].replace(':', '').replace('-', '')}-{digest[:8]}"
    # "order": two records issued within one second sort as written (a file's mtime may not tell them apart).
    record = {"issued": {"id": ident, "at": at, "by": by.strip(), "sha256": digest, "state": "issued",
                         "order": time.time_ns()}, **body}
    folder = folder or issued_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{ident}.json"
    if path.exists():  # the same content issued twice in one second: one record
        return Issued(path, ident, int(batch["year"]), at, by.strip())
    text = json.dumps(record, ensure_ascii=False, indent=1)
    write_atomically(path, lambda tmp: tmp.write_text(text, encoding="utf-8"), durable=True)
    return Issued(path, ident, int(batch["year"]), at, by.strip())


def load_issued(path: Path) -> dict[str, Any]:
    """An issued record as it was written; refused when its content no longer matches its digest."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        head = record["issued"]
        body = {k: record[k] for k in ("batch", "rubric_text", "decisions")}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise IssueError(f"{path.name} 不是可读的定稿记录（{type(exc).__name__}）") from exc
    digest = hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()
    if digest != head.get("sha256"):
        raise IssueError(f"{path.name} 的内容与定稿时不一致（校验值不符），可能已被改动")
    return dict(record)


def issued_batches(year: int | None = None, folder: Path | None = None) -> list[Issued]:
    """The issued records, oldest first (of ``year`` only, if given)."""
    folder = folder or issued_dir()
    out = []
    written: dict[Path, int] = {}
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            head = json.loads(path.read_text(encoding="utf-8"))["issued"]
            rec = Issued(path, str(head["id"]), int(str(head["id"]).split("-")[0]), str(head["at"]), str(head["by"]))
            written[path] = int(head.get("order") or path.stat().st_mtime_ns)  # two issued in one second
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if year is None or rec.year == year:
            out.append(rec)
    return sorted(out, key=lambda r: (r.at, written[r.path]))
