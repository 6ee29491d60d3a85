"""``python main.py check …``: the headless face of the engine (see the output contract).

stdout carries only results (JSON Lines with ``--json``); progress and messages go to
stderr. Exit status: 0 no error finding, 1 an error finding, 2 a file could not be read.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from core.crossyear import apply_cross_year
from core.model import Report
from core.pipeline import check_paths, collect_files

if TYPE_CHECKING:
    from core.annotations import Annotation

# Writes the PDF sheet of (report, target -> note) pairs. PDF printing is Qt's, so the
# composition root (main.py) hands one in; core never imports the window layer.
PdfWriter = Callable[[list[tuple[Report, "dict[str, Annotation]"]], Path], None]

SEVERITY_LABEL = {"error": "错误", "warning": "警告", "info": "提示"}


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
        f"   格式 {rep.template}　年度 {rep.year or '?'}　机关 {rep.agency or '?'}　发布 {rep.published or '?'}"
        f"　编码 {rep.encoding or '-'}"
    )
    lines.append(f"   错误 {counts['error']}　警告 {counts['warning']}　提示 {counts['info']}")
    for f in rep.findings:
        lines.append(f"   [{SEVERITY_LABEL.get(f.severity, f.severity)}] {f.rule}: {f.message}")
    return "\n".join(lines)


def run_check(argv: Sequence[str], pdf_writer: PdfWriter | None = None) -> int:
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
            write_sheet(main_reports, Path(args.out), pdf_writer)
        except (OSError, ValueError) as exc:
            _say(f"无法写出审阅表 {args.out}：{exc}")
            return 2
        _say(f"审阅表已写出：{args.out}")
    if any(r.error for r in main_reports):
        return 2
    if any(f.severity == "error" for r in main_reports for f in r.findings):
        return 1
    return 0


def write_sheet(reports: list[Report], path: Path, pdf_writer: PdfWriter | None = None) -> None:
    """Review sheets with the reviewer's annotations from the local store."""
    from core.annotations import AnnotationStore

    if path.suffix.lower() == ".pdf" and pdf_writer is None:
        raise ValueError("此处不能写 PDF 审阅表（需要图形界面部分）；请用 .xlsx、.html 或 .csv")
    store = AnnotationStore()
    try:
        items = [(r, store.for_report(r.sha256)) for r in reports]
    finally:
        store.close()
    if path.suffix.lower() == ".pdf" and pdf_writer is not None:
        pdf_writer(items, path)
        return
    from core.export import export

    export(items, path)
