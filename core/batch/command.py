"""``python main.py batch PATH… --year Y [--roster F] [--rubric F] [--store DB] [--out F] [--json]``

Checks the reports as ``check`` does (already-checked ones come from the report cache by
SHA-256), applies the store (corrections, notes, pairings, manual unit matches, entered
dates), matches the reports to the roster and prints, with ``--json``, one line per report
exactly as ``check --json`` and a last line ``{"batch": {...}}``. Exit status as ``check``;
2 also for a roster or rubric that cannot be read (the reason on stderr)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from core.batch import cache
from core.batch.build import build_batch
from core.batch.outputs import available, writer_for
from core.batch.roster import Roster, RosterError, load_roster
from core.batch.rubric import Rubric, RubricError, load_rubric
from core.cli import exit_status
from core.engine_version import engine_version
from core.model import Report
from core.pipeline import SUFFIXES, collect_files, sha256_of
from core.reuse import DEFAULT as DEFAULT_THRESHOLDS
from core.reuse import Thresholds
from core.runner import check_paths
from core.versions import VersionLink

STATUS_NAMES = {"submitted": "已按时发布", "late": "逾期", "missing": "缺报", "date_unknown": "发布日期不明"}


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="main.py batch",
        description="按名册汇总一批年度报告：缺报、逾期、得分（附扣分依据）、排名和统计指标。",
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="报告文件或文件夹（递归查找；可含上一年度的报告）")
    p.add_argument("--year", type=int, required=True, metavar="Y", help="本批次的报告年度")
    p.add_argument("--roster", metavar="FILE", help="名册（XLSX 或 CSV）；不给出则每个发布机关算一个单位")
    p.add_argument("--rubric", metavar="FILE", help="考评细则（TOML）；不给出则用默认细则")
    p.add_argument("--store", metavar="DB", default=None,
                   help="应用该审阅库中的更正、批注、配对和手动指定的单位（不给出则不读取任何审阅库）")
    p.add_argument("--out", metavar="FILE", help="写出通报（.docx）、汇总工作簿（.xlsx）或 PDF（.pdf）")
    p.add_argument("--json", action="store_true", help="每份报告一行 JSON，最后一行为批次对象")
    p.add_argument("--jobs", type=int, default=None, metavar="N", help="并行进程数（默认：全部核心）")
    p.add_argument("--issue", action="store_true",
                   help="定稿：把本次结果连同考评细则和审阅决定冻结保存（需 --reviewer）；此后的改动只形成新的草稿")
    p.add_argument("--reviewer", default="", metavar="NAME", help="定稿人（与 --issue 同用）")
    p.add_argument("--recheck", action="store_true", help="不用缓存的检查结果，全部重新检查")
    p.add_argument("--threshold", metavar="RULE.NAME=V", action="append", default=[],
                   help="改变雷同规则的阈值（同 check，例如 text_reused.share=0.5；可重复）")
    p.add_argument("--quiet", action="store_true", help="不在 stderr 显示进度")
    return p


def _say(message: str) -> None:
    sys.stderr.write(message + "\n")


def batch_engine_version(rubric: Rubric) -> str:
    """The report's engine_version plus the rubric that scored: another rubric, another string."""
    return f"{engine_version()}; rubric {rubric.digest}"


def check_cached(files: list[Path], jobs: int | None, quiet: bool, recheck: bool = False,
                 kept: dict[int, dict[str, Any]] | None = None) -> tuple[list[Report], int]:
    """Reports for ``files`` in order: cached ones by SHA-256, the rest checked (and kept).
    Returns the reports and how many were checked afresh; ``kept`` receives, by index, the
    report objects of the cached ones as they were kept."""
    from core.cli import _progress_printer

    out: list[Report | None] = []
    todo: list[int] = []
    for i, f in enumerate(files):
        entry = None if recheck else cache.load_entry(sha256_of(f), str(f))
        out.append(entry[0] if entry else None)
        if entry is None:
            todo.append(i)
        elif kept is not None:
            kept[i] = entry[1]
    if todo:
        progress, pages = _progress_printer(quiet, len(todo))
        fresh = check_paths([(str(files[i]), str(files[i])) for i in todo], jobs=jobs, progress=progress, pages=pages)
        for i, rep in zip(todo, fresh, strict=True):
            cache.save(rep)
            out[i] = rep
    return [r for r in out if r is not None], len(todo)


def cross_year_cached(reports: list[Report], manual: dict[str, str | None] | None,
                      thresholds: Thresholds = DEFAULT_THRESHOLDS) -> None:
    """The cross-year findings, as ``check`` adds them, of every (this year, last year) pair
    among ``reports``: kept pairs from the cache, the rest computed here and kept. (Not in the
    runner's workers: a worker that dies there yields "no findings", which must never be
    kept as the pair's result.) The cache holds the declared thresholds' results only: with
    the reviewer's ``--threshold`` every pair is measured afresh and nothing is kept."""
    from core.crossyear import cross_year_findings, pair_years

    declared = thresholds == DEFAULT_THRESHOLDS
    pairs = pair_years(reports, [], manual)
    todo = []
    for cur, prev in pairs:
        found = cache.load_pair(cur, prev) if declared else None
        if found is None:
            todo.append((cur, prev))
        else:
            cur.findings.extend(found)
    for cur, prev in todo:
        found = cross_year_findings(cur, prev, thresholds)
        if declared:
            cache.save_pair(cur, prev, found)
        cur.findings.extend(found)


def after_checking(reports: list[Report], files: list[Path], store: Any | None,
                   thresholds: Thresholds = DEFAULT_THRESHOLDS) -> tuple[list[Report], list[VersionLink]]:
    """What ``check`` does after checking (core/cli.py ``_finish``), in its order, over the
    batch's reports (cached or fresh): the store's corrections; one report per SHA-256; the
    cross-year pair rules (pairs cached); text reuse across the whole batch; ids; the store's
    notes; versions. Text reuse is computed on every run, never cached per report: a
    report's text_reused / text_common findings depend on every other report of the batch
    (one file added or removed changes them), and over 1,000 cached reports the index takes
    about a second (docs/benchmarks.md), so a cache keyed by the batch's SHA-256 set would
    save little and would be stale the moment the folder changes."""
    from core.annotations import annotate
    from core.check import identified
    from core.crossyear import series_keys
    from core.reuse import apply_text_reuse
    from core.versions import apply_versions, merge_identical

    if store is not None:
        from core.cli import apply_corrections_from

        reports = [apply_corrections_from(store, r, str(f)) for r, f in zip(reports, files, strict=True)]
    main = merge_identical(reports)
    cross_year_cached(main, store.manual_pairs() if store is not None else None, thresholds)
    apply_text_reuse(main, series_keys(main), thresholds)
    for rep in main:
        identified(rep.findings)
    if store is not None:
        for rep in main:
            if not rep.error:
                store.resolve_legacy(rep)
                annotate(rep, store.review_of(rep.sha256))
    # After the notes, as in check: a finding the reviewer dismissed that has gone is not "fixed".
    links = apply_versions(main)
    return main, links


def _evidence_text(e: dict[str, Any]) -> str:
    from core.rules.registry import rule_name

    if e.get("coverage"):
        return STATUS_NAMES[e["coverage"]]
    if "finding" in e:
        return f"{rule_name(e['rule'])}（{e['finding']}，{e['status']}）"
    return f"审阅状态 {e.get('review_state')}"


def format_batch(batch: dict[str, Any]) -> str:
    """The readable summary for a person: coverage, then one line per unit."""
    cov = batch["coverage"]
    lines = [f"== {batch['year']}年度 批次汇总（{batch['rubric']['name']}，满分 {batch['rubric']['max_points']:g}）",
             "   " + "　".join(f"{STATUS_NAMES[k]} {v}" for k, v in cov.items())]
    for u in batch["units"]:
        rank = f"第{u['rank']}名" if "rank" in u else "不排名"
        prov = "（暂定）" if u["provisional"] else ""
        lines.append(f"   {u['unit']}［{u['category'] or '未分类'}］ {STATUS_NAMES[u['status']]}"
                     f"　截止 {u['deadline']}　发布 {u['published'] or '?'}　得分 {u['score']:g}{prov}　{u['band'] or ''}　{rank}")
        for d in u["deductions"]:
            ev = "；".join(_evidence_text(e) for e in d["evidence"])
            lines.append(f"      {d['item']} {d['points']:g}：{ev}")
    for m in batch["messages"]:
        lines.append(f"   [提示] {m}")
    return "\n".join(lines)


def run_batch(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(list(argv))
    try:
        thresholds = Thresholds.parse(args.threshold)
    except ValueError as exc:
        _say(str(exc))
        return 2
    try:
        rubric = load_rubric(args.rubric)
    except RubricError as exc:
        _say(str(exc))
        return 2
    roster: Roster | None = None
    if args.roster:
        try:
            roster = load_roster(args.roster)
        except RosterError as exc:
            _say(f"无法使用名册：{exc}")
            return 2
        for p in roster.problems:
            _say(p.text())
    for path in args.paths:
        if not Path(path).exists():
            _say(f"找不到：{path}")
    files = collect_files(args.paths)
    if not files:
        kinds = "、".join(s.lstrip(".").upper() for s in SUFFIXES)
        _say(f"没有找到可检查的报告文件（{kinds}）" + ("；名册中的单位均按缺报计。" if roster else "。"))
        if roster is None:
            return 2
    if args.issue and not args.reviewer.strip():
        _say("定稿（--issue）需要用 --reviewer 写明定稿人。")
        return 2
    suffix = Path(args.out).suffix.lower() if args.out else ""
    if args.out and writer_for(suffix) is None:
        _say(f"不能写出 {args.out}：支持的格式为 {'、'.join(available()) or '（尚无）'}")
        return 2
    jobs = args.jobs if args.jobs and args.jobs > 0 else (os.cpu_count() or 1)
    kept: dict[int, dict[str, Any]] = {}
    try:
        reports, fresh = check_cached(files, jobs, args.quiet, args.recheck, kept)
    except KeyboardInterrupt:
        _say("检查已中断，未输出结果。")
        return 130
    if not args.quiet and files:
        _say(f"共 {len(files)} 份报告，其中 {len(files) - fresh} 份使用已缓存的检查结果。")
    facts: dict[str, dict[str, str | None]] = {}
    # The kept report objects by report (merge_identical drops duplicates: indices shift).
    kept_of = {id(r): kept[i] for i, r in enumerate(reports) if i in kept}
    added = {id(r): len(r.findings) for r in reports}
    if args.store:
        from core.cli import _open_store

        store = _open_store(args.store)
        if store is None:
            return 2
        try:
            reports, _ = after_checking(reports, files, store, thresholds)
            facts = store.batch_facts()
        finally:
            store.close()
        kept_of.clear()  # the store's marks are on the reports now
    else:
        reports, _ = after_checking(reports, files, None, thresholds)
    # A cached report nothing was added to (no finding, no version, no other path) is its
    # kept object (to_dict() of 1,000 reports would be most of a second run's time).
    dicts = [kept_of[id(r)] if id(r) in kept_of and added[id(r)] == len(r.findings) and not r.also
             and r.version_of is None else r.to_dict()
             for r in reports]
    batch = build_batch(
        dicts, args.year, roster, rubric,
        manual_matches={sha: f["unit"] for sha, f in facts.items() if "unit" in f},
        report_facts=facts,
        engine_version=batch_engine_version(rubric),
    )
    if args.issue:
        from core.batch.issue import issue_batch
        from core.batch.rubric import default_rubric_path

        rubric_text = Path(args.rubric or default_rubric_path()).read_text(encoding="utf-8-sig")
        issued = issue_batch(batch, dicts, rubric_text, args.reviewer)
        batch["issued"] = {"id": issued.id, "at": issued.at, "by": issued.by, "file": str(issued.path)}
        _say(f"已定稿：{issued.path}（此后的改动只形成新的草稿，本定稿保持不变）")
    if args.json:
        for d in dicts:
            sys.stdout.write(json.dumps(d, ensure_ascii=False) + "\n")
        sys.stdout.write(json.dumps({"batch": batch}, ensure_ascii=False) + "\n")
    else:
        from core.cli import format_human

        for r in reports:
            sys.stdout.write(format_human(r) + "\n\n")
        sys.stdout.write(format_batch(batch) + "\n")
    sys.stdout.flush()
    if args.out:
        writer = writer_for(suffix)
        assert writer is not None  # checked above, before the work
        try:
            writer(batch, dicts, Path(args.out))
        except (OSError, ValueError) as exc:
            _say(f"无法写出 {args.out}：{exc}")
            return 2
        _say(f"已写出：{args.out}")
    return exit_status(reports)
