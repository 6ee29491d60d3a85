"""False-positive rate and recall of the checker, over generated reports and the real corpus.

    .venv/bin/python scripts/precision.py [--real FOLDER] [--list] [--classes]

Generated: every case of ``tests/gen_variants.py`` (page chrome, merged-cell layouts, units,
repeated headers, guarded sentences) and every kind × template × fault of
``tests/fixturegen.py`` (as ``tests/test_generated.py`` runs them). Each carries its truth:
the findings it must give (``Expect``), and nothing else.

Real: the reports under ``--real`` (default ``tests/corpus/real``, the repo's copy) that have hand-read
truth in ``tests/expected/real`` and ``tests/expected/pdf``. Expected there: the labelled
``faults``; also explained by the truth: ``optional_findings``, ``section_missing`` of
``sections_missing``, ``ambiguous_digits`` of ``ambiguous_runs``, ``blank_cell`` where
``blank_cells`` lists blanks, ``duplicate_content``. Excerpts (truncated pages) have no
truth beyond template and year: their findings are counted apart.

Counts: a true positive is an expected finding reported; a false negative one not reported;
a false positive an error or warning reported that the truth does not explain. ``info``
findings are notes, never alarms: counted apart. Prints the figures and, with ``--list``,
every false positive and miss.

``--classes``: only issue 17's classes, on real reports as published or with one real row
or sentence changed (``scripts/real_text_cases.py``): cells right, faults found, false
findings of each class's kind, and page metadata right.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.pipeline import check_file  # noqa: E402
from tests import fixturegen as fg  # noqa: E402
from tests import gen_variants as gv  # noqa: E402

ALARMS = ("error", "warning")


@dataclass
class Tally:
    reports: int = 0
    clean_reports: int = 0
    clean_with_alarm: int = 0
    reports_with_fp: int = 0
    tp: int = 0
    fn: int = 0
    fp: int = 0
    fp_errors: int = 0
    info: int = 0
    listing: list[str] = field(default_factory=list)

    def line(self, name: str) -> str:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        return (
            f"{name}: {self.reports} reports ({self.clean_reports} clean); "
            f"expected findings found {self.tp}/{self.tp + self.fn} (recall {recall:.1%}); "
            f"false alarms {self.fp} ({self.fp_errors} errors) in {self.reports_with_fp} reports "
            f"(precision {precision:.1%}; reports with a false alarm {self.reports_with_fp / max(1, self.reports):.1%}; "
            f"clean reports with any error/warning {self.clean_with_alarm}/{self.clean_reports}); info notes {self.info}"
        )


def _score(
    t: Tally, name: str, findings: list[dict[str, Any]], expected: Sequence[fg.Expect], clean: bool,
    may: Sequence[fg.Expect] | None = None,
) -> None:
    left = [f for f in findings if f["severity"] in ALARMS]
    t.info += sum(1 for f in findings if f["severity"] == "info")
    t.reports += 1
    missed = []
    for exp in expected:
        hit = next((f for f in left if exp.matches(f)), None)
        if hit is None:
            hit = next((f for f in findings if exp.matches(f)), None)  # an expected info note
        if hit is None:
            missed.append(exp)
            continue
        t.tp += 1
        if hit in left:
            left.remove(hit)
    # What the truth allows besides its faults (optional findings, parts it says are missing).
    left = [f for f in left if not any(m.matches(f) for m in may or [])]
    t.fn += len(missed)
    t.fp += len(left)
    t.fp_errors += sum(1 for f in left if f["severity"] == "error")
    if left:
        t.reports_with_fp += 1
    if clean:
        t.clean_reports += 1
        t.clean_with_alarm += bool(left)
    for exp in missed:
        t.listing.append(f"  MISS {name}: {exp.rule} {exp.table or ''} {exp.cells[:2]}")
    for f in left:
        t.listing.append(f"  FALSE {name}: {f['severity']} {f['rule']} {f['message'][:110]}")


def generated(folder: Path) -> Tally:
    t = Tally()
    for case in gv.cases():
        path, _spec, expected = case.build(folder)
        _score(t, case.name, check_file(path).to_dict()["findings"], expected, not expected)
    from tests.test_generated import TEMPLATES, VARIANTS

    for v in VARIANTS:
        for tpl, year in TEMPLATES:
            base = fg.consistent(tpl, year, seed=7 if tpl == "2021" else 11, glued_safe=v.opt("style") == "glued")
            todo: list[tuple[str, fg.ReportSpec, list[fg.Expect]]] = [("clean", base, [])]
            for name, fault in fg.FAULTS.items():
                if fg.applies(name, tpl, v.kind, v.opt("style")):
                    spec, exp = fault(base)
                    todo.append((name, spec, exp))
            for name, spec, exp in todo:
                path = v.write(spec, folder / f"{v.name}-{tpl}-{name}{v.suffix}")
                _score(t, f"{v.name}-{tpl}-{name}", check_file(path).to_dict()["findings"], exp, not exp)
    return t


@dataclass(frozen=True)
class _Truth(fg.Expect):
    severities: tuple[str, ...] = ()
    row: str | None = None

    def matches(self, f: dict[str, Any]) -> bool:
        if f["rule"] != self.rule or (self.table and f.get("table") != self.table):
            return False
        if self.section and f.get("section") != self.section:
            return False
        if self.severities and f["severity"] not in self.severities:
            return False
        if self.row and self.rule == "missing_row":
            return self.row in f["message"] or any(c[0] == self.row for c in f.get("cells") or [])
        return set(self.cells) <= {tuple(c) for c in f.get("cells") or []}


def _real_expects(truth: dict[str, Any]) -> tuple[list[_Truth], list[_Truth]]:
    """(must be found, may be found) from a hand-read truth file."""
    must = []
    for f in truth.get("faults", []):
        cells = tuple(tuple(c[-2:]) for c in f.get("cells") or [])
        must.append(_Truth(f["rule"], f.get("table"), cells, f.get("section"), None,
                           tuple(f.get("severity_ok") or [f["severity"]]), f.get("row")))
    may = [_Truth(f["rule"], f.get("table"), section=f.get("section")) for f in truth.get("optional_findings", [])]
    may += [_Truth("section_missing", section=s) for s in truth.get("sections_missing", [])]
    for run in truth.get("ambiguous_runs", []):
        may.append(_Truth("ambiguous_digits", run.get("table")))
        may.append(_Truth("row_misaligned", run.get("table")))
    for table in {b[0] for b in truth.get("blank_cells", [])}:
        may.append(_Truth("blank_cell", table))
    if truth.get("duplicate_content"):
        may.append(_Truth("duplicate_content"))
    return must, may


def real(folder: Path) -> tuple[Tally, Tally]:
    t, excerpts = Tally(), Tally()
    for sub in ("real", "pdf"):
        for truth_file in sorted((ROOT / "tests" / "expected" / sub).glob("*.json")):
            truth = json.loads(truth_file.read_text(encoding="utf-8"))
            path = folder / truth["file"]
            if not path.is_file():
                continue
            findings = check_file(path).to_dict()["findings"]
            if truth.get("excerpt"):
                _score(excerpts, truth["file"], findings, [], True)
                continue
            must, may = _real_expects(truth)
            _score(t, truth["file"], findings, must, not must, may)
    return t, excerpts


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--real", type=Path, default=ROOT / "tests" / "corpus" / "real")
    ap.add_argument("--list", action="store_true", help="list every false alarm and miss")
    ap.add_argument("--classes", action="store_true", help="only issue 17's classes on real text")
    args = ap.parse_args()
    if args.classes:
        return _classes(args.list)
    with tempfile.TemporaryDirectory() as tmp:
        gen = generated(Path(tmp))
    print(gen.line("generated"))
    if args.list:
        print("\n".join(gen.listing))
    if args.real.is_dir():
        labelled, excerpts = real(args.real)
        print(labelled.line("real corpus (hand-read truth)"))
        if args.list:
            print("\n".join(labelled.listing))
        print(
            f"real excerpts (truncated, truth = template and year only): {excerpts.reports} reports, "
            f"{excerpts.fp} warnings/errors ({excerpts.fp_errors} errors)"
        )
        if args.list:
            print("\n".join(excerpts.listing))
    return 0


def _classes(listing: bool) -> int:
    sys.path.insert(0, str(ROOT / "scripts"))
    import real_text_cases as rtc

    for cls, t in sorted(rtc.score(lambda p: check_file(p).to_dict()).items()):
        print(
            f"class {cls}: {t.cases} cases; cells right {t.cells_right}/{t.cells}; faults found {t.found}/{t.faults}; "
            f"false findings {t.false}" + (f"; metadata right {t.meta_right}/{t.meta}" if t.meta else "")
        )
        if listing:
            print("\n".join(t.listing))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
