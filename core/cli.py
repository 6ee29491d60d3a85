"""``python main.py check …``: the headless face of the engine (see the output contract).

stdout carries only results (JSON Lines with ``--json``); progress and messages go to
stderr. Exit status: 0 no error finding, 1 an error finding, 2 a file could not be read.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from core.crossyear import apply_cross_year
from core.export import PdfWriter
from core.labels import SEVERITY_LABELS, severity_label
from core.model import SEVERITIES, Report
from core.pipeline import check_paths, collect_files
from core.rules.registry import rule_name
from core.sheet import loc_text, template_name


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="main.py check",
        description="检查政府信息公开工作年度报告（PDF、HTML、TXT、DOCX），输出发现的问题。",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="报告文件或文件夹（递归查找）")
    p.add_argument("--json", action="store_true", help="每份报告输出一行 JSON（JSON Lines）")
    p.add_argument("--out", metavar="FILE", help="写出审阅表（.xlsx、.pdf、.html、.csv）")
    p.add_argument("--jobs", type=int, default=None, metavar="N", help="并行进程数（默认：全部核心）")
    p.add_argument("--previous", metavar="PATH", action="append", default=[],
                   help="上一年度的报告（文件或文件夹），用于跨年度检查")
    p.add_argument("--quiet", action="store_true", help="不在 stderr 显示进度")
    return p


def _progress_printer(quiet: bool, total: int):  # type: ignore[no-untyped-def]
    if quiet or total <= 1:
        return None
    try:
        from tqdm import tqdm
    except ImportError:  # progress is a nicety, never a reason to fail
        return None
    bar = tqdm(total=total, file=sys.stderr, unit="份", desc="检查", leave=False)

    def step(done: int, n: int, rep: Report) -> None:
        bar.update(1)
        if done == n:
            bar.close()

    return step


def _say(message: str) -> None:
    """Messages for the person at the terminal: stderr, never mixed into results."""
    sys.stderr.write(message + "\n")


def format_human(rep: Report) -> str:
    lines = [f"== {rep.file}"]
    if rep.error:
        lines.append(f"   无法读取：{rep.error}")
        return "\n".join(lines)
    counts = rep.counts()
    lines.append(
        f"   格式 {template_name(rep)}　年度 {rep.year or '?'}　机关 {rep.agency or '?'}　发布 {rep.published or '?'}"
        f"　编码 {rep.encoding or '-'}"
    )
    lines.append("   " + "　".join(f"{SEVERITY_LABELS[s]} {counts.get(s, 0)}" for s in SEVERITIES))
    for f in rep.findings:
        where = loc_text(f)
        lines.append(f"   [{severity_label(f.severity)}] {rule_name(f.rule)}（{f.rule}）"
                     + (f"，{where}" if where else "") + f"：{f.message}")
    return "\n".join(lines)


def run_check(argv: Sequence[str], write_pdf: PdfWriter | None = None) -> int:
    """``write_pdf`` prints a PDF sheet (the GUI layer's; main.py hands it in) for ``--out x.pdf``."""
    args = build_parser().parse_args(list(argv))
    files = collect_files(args.paths)
    for path in args.paths:
        if not Path(path).exists():
            _say(f"找不到：{path}")
    items = [(str(f), str(f)) for f in files]
    prev_files = collect_files(args.previous) if args.previous else []
    prev_items = [(str(f), str(f)) for f in prev_files if str(f) not in {i[0] for i in items}]
    if not items:
        _say("没有找到可检查的报告文件（PDF、HTML、HTM、TXT、DOCX）。")
        return 2
    jobs = args.jobs if args.jobs and args.jobs > 0 else (os.cpu_count() or 1)
    progress = _progress_printer(args.quiet, len(items) + len(prev_items))
    reports = check_paths(items + prev_items, jobs=jobs, progress=progress)
    main_reports = reports[: len(items)]
    previous = reports[len(items) :]
    apply_cross_year(main_reports, previous)
    for rep in main_reports:
        if args.json:
            sys.stdout.write(json.dumps(rep.to_dict(), ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(format_human(rep) + "\n\n")
    sys.stdout.flush()
    if args.out:
        try:
            write_sheet(main_reports, Path(args.out), write_pdf)
        except (OSError, ValueError) as exc:
            _say(f"无法写出审阅表 {args.out}：{exc}")
            return 2
        _say(f"审阅表已写出：{args.out}")
    if any(r.error for r in main_reports):
        return 2
    if any(f.severity == "error" for r in main_reports for f in r.findings):
        return 1
    return 0


def write_sheet(reports: list[Report], path: Path, write_pdf: PdfWriter | None = None) -> None:
    """Review sheets with the reviewer's annotations from the local store."""
    from core.annotations import AnnotationStore

    store = AnnotationStore()
    try:
        items = [(r, store.for_report(r.sha256)) for r in reports]
    finally:
        store.close()
    from core.export import export

    export(items, path, pdf=write_pdf)
