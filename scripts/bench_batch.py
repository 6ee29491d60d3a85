"""Speed of the batch over 1,000 already-checked reports (issue 21 §9: ≤ 2 s on 2 cores).

    .venv/bin/python scripts/bench_batch.py            # 1,000 units, 1,000 reports + 300 of last year
    .venv/bin/python scripts/bench_batch.py -n 3000
    .venv/bin/python scripts/bench_batch.py --cli      # also: `main.py batch` twice on 1,000 files

Measures, separately, (1) coverage + scores + figures: ``build_batch`` over report objects
already in memory, with a 1,000-unit roster (95 % reported, some late, the rest missing),
and (2) what a second ``batch`` run adds before that: reading the 1,000 reports back from the
SHA-256 report cache, and (3) what ``batch`` does after that as ``check`` does: text reuse
across the whole batch and versions (core.batch.command.after_checking). The reports are the real corpus's (checked once here), renamed as
1,000 bodies. Figures are measured, not asserted; docs/benchmarks.md records them.
"""

from __future__ import annotations

import argparse
import copy
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.corpus import real_files  # noqa: E402


def _reports(n: int, year: int) -> tuple[list[dict], list, list]:  # type: ignore[type-arg]
    from core.batch.roster import Unit
    from core.pipeline import check_file

    base = [r for r in (check_file(p) for p in real_files("*.txt")) if r.year and not r.error]
    base += [check_file(p) for p in real_files("*.pdf")]
    dicts = [r.to_dict() for r in base]
    units, out, objs = [], [], []
    for i in range(n):
        kind = ("部门", "乡镇", "本级政府")[i % 3]
        name = f"示例{i:04d}{'局' if kind == '部门' else '镇' if kind == '乡镇' else '县人民政府'}"
        units.append(Unit(name, kind))
        if i % 20 == 19:
            continue  # 缺报
        src = base[i % len(base)]
        d = copy.deepcopy(dicts[i % len(dicts)])
        d["sha256"] = f"{i:064x}"
        d["agency"], d["year"] = name, year
        d["published"] = f"{year + 1}-0{1 + i % 4}-15" if i % 7 else None
        out.append(d)
        obj = copy.copy(src)
        obj.sha256, obj.agency, obj.year, obj.published = d["sha256"], name, year, d["published"]
        objs.append(obj)
        if i % 3 == 0:  # last year's, for the year-on-year figures
            p = copy.deepcopy(d)
            p["sha256"], p["year"] = f"{i + 10**6:064x}", year - 1
            out.append(p)
    return out, units, objs


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--cli", action="store_true", help="time main.py batch on N files, first and second run")
    args = ap.parse_args()
    os.environ["REVIEWDESK_HOME"] = tempfile.mkdtemp(prefix="bench-batch-")
    from core.batch import cache
    from core.batch.build import build_batch
    from core.batch.roster import Roster

    reports, units, objs = _reports(args.n, 2024)
    roster = Roster(units)
    times = []
    for _ in range(args.runs):
        t = time.perf_counter()
        batch = build_batch(reports, 2024, roster)
        times.append(time.perf_counter() - t)
    cov = batch["coverage"]
    print(f"build_batch: {args.n} units, {len(reports)} reports: median {statistics.median(times):.3f} s, "
          f"max {max(times):.3f} s over {args.runs} runs  (coverage {cov}, ranked "
          f"{sum('rank' in u for u in batch['units'])})")
    for o in objs:
        cache.save(o)
    t = time.perf_counter()
    loaded = [cache.load(o.sha256, o.file) for o in objs]
    dicts = [r.to_dict() for r in loaded if r is not None]
    took = time.perf_counter() - t
    print(f"report cache: {len(dicts)} reports read back and turned into report objects: {took:.3f} s")
    # What batch then does as check does (core.batch.command.after_checking): one report per
    # SHA-256, pairs, text reuse across the whole batch, ids, versions. 1,000 bodies whose
    # texts are ~20 real reports' repeated: the worst case for the template detector.
    from core.batch.command import after_checking

    fresh = [r for r in (cache.load(o.sha256, o.file) for o in objs) if r is not None]
    t = time.perf_counter()
    main, _ = after_checking(fresh, [], None)
    reuse_took = time.perf_counter() - t
    t = time.perf_counter()
    out = [r.to_dict() for r in main]
    batch = build_batch(out, 2024, roster)
    rest = time.perf_counter() - t
    found = sum(f.rule in ("text_reused", "text_common") for r in main for f in r.findings)
    print(f"after checking (text reuse, versions) over {len(main)} cached reports: {reuse_took:.3f} s "
          f"({found} text_reused/text_common findings); then to_dict + build_batch: {rest:.3f} s")
    if args.cli:
        _cli(args.n)
    return 0


def _cli(n: int) -> None:
    """N text reports on disk (the real TXT/HTML ones, each copy made distinct by a trailing
    line), `main.py batch DIR --year 2024 --json` run twice: the second reads the cache."""
    import subprocess

    folder = Path(tempfile.mkdtemp(prefix="bench-batch-files-"))
    sources = [p for p in real_files("*") if p.suffix in (".txt", ".html")]
    for i in range(n):
        src = sources[i % len(sources)]
        (folder / f"{i:04d}_{src.name}").write_bytes(src.read_bytes() + f"\n<!-- {i} -->\n".encode())
    for label in ("first run (checks every file)", "second run (all from the cache)"):
        t = time.perf_counter()
        proc = subprocess.run([sys.executable, "main.py", "batch", str(folder), "--year", "2024", "--json", "--quiet",
                               "--jobs", "2"], cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
        took = time.perf_counter() - t
        print(f"main.py batch, {n} files, {label}: {took:.2f} s wall (exit {proc.returncode}, "
              f"{len(proc.stdout.splitlines())} lines)")


if __name__ == "__main__":
    sys.exit(main())
