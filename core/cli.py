"""``python main.py check …``: the headless face of the engine (see the output contract).

stdout carries only results (JSON Lines with ``--json``); progress and messages go to
stderr. Exit status: 0 no error finding, 1 an error finding, 2 a file could not be read.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

from core.annotations import AnnotationStore, ReportLocked, annotate
from core.check import add_cross_year, check, identified
from core.corrections import (
    Correction,
    CorrectionError,
    format_cell_error,
    parse_cell_id,
    parse_value,
)
from core.crossyear import series_keys
from core.export import PdfWriter
from core.labels import SEVERITY_LABELS, severity_label
from core.model import SEVERITIES, Report
from core.pipeline import SUFFIXES, analyze, collect_files
from core.reuse import DEFAULT as DEFAULT_THRESHOLDS
from core.reuse import Thresholds, apply_text_reuse
from core.reviewer import configured_reviewer
from core.rules.registry import rule_name
from core.runner import check_paths
from core.sheet import loc_text, template_name
from core.signoff import state_label
from core.versions import VersionLink, apply_versions, compare_versions, merge_identical


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
    p.add_argument("--store", metavar="DB", default=None,
                   help="应用该审阅库中的更正、批注和签字（不给出则不读取任何审阅库）")
    p.add_argument("--notice", metavar="FILE.docx", default=None,
                   help="写出退回意见（DOCX）：一份报告的已确认问题及批注；同一报告的新版本则为复核意见")
    p.add_argument("--threshold", metavar="RULE.NAME=V", action="append", default=[],
                   help="改变雷同检查的阈值，如 text_reused.share=0.5（默认值见 resources/rules/rules.toml）")
    return p


def _progress_printer(quiet: bool, total: int):  # type: ignore[no-untyped-def]
    """(per file, per OCR'd page) callbacks for a bar on stderr; a scan of one file shows its
    pages too, since OCR is what takes long."""
    if quiet:
        return None, None
    try:
        from tqdm import tqdm
    except ImportError:  # progress is a nicety, never a reason to fail
        return None, None
    bar = tqdm(total=total, file=sys.stderr, unit="份", desc="检查", leave=False,
               disable=None if total <= 1 else False)  # one file: a bar only on a terminal

    def step(done: int, n: int, rep: Report) -> None:
        bar.update(1)
        if done == n:
            bar.close()

    def page(path: str, done: int, n: int) -> None:
        bar.set_postfix_str(f"文字识别 第 {done}/{n} 页 – {Path(path).name}", refresh=True)

    return step, page


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
    if rep.also:
        lines.append("   同一文件（SHA-256 相同）：" + "、".join(rep.also))
    if rep.version_of:
        lines.append(f"   本报告为 {rep.version_of[:12]}… 的新版本：已整改 {len(rep.fixed or [])} 项，"
                     f"仍存在 {sum(f.since_version == 'persisting' for f in rep.findings)} 项，"
                     f"新出现 {sum(f.since_version == 'new' for f in rep.findings)} 项")
    for f in rep.findings:
        where = loc_text(f)
        lines.append(f"   [{severity_label(f.severity)}] {rule_name(f.rule)}（{f.rule}）"
                     + (f"，{where}" if where else "") + f"：{f.message}")
    return "\n".join(lines)


@contextlib.contextmanager
def _stopped_cleanly() -> Iterator[None]:
    """SIGTERM (a pipeline's timeout, `kill`) ends the batch as Ctrl+C does: the runner's
    ``finally`` terminates its workers, which would otherwise finish their file first (an
    OCR'd scan: minutes) after the command is gone."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    from core.runner import stop_handler  # never mid-way through starting a worker

    old = {sig: signal.signal(sig, stop_handler) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for sig, handler in old.items():
            signal.signal(sig, handler)


def run_check(argv: Sequence[str], write_pdf: PdfWriter | None = None) -> int:
    """``write_pdf`` prints a PDF sheet (the GUI layer's; main.py hands it in) for ``--out x.pdf``."""
    args = build_parser().parse_args(list(argv))
    try:
        args.thresholds = Thresholds.parse(args.threshold)
    except ValueError as exc:
        _say(str(exc))
        return 2
    files = collect_files(args.paths)
    for path in args.paths:
        if not Path(path).exists():
            _say(f"找不到：{path}")
    items = [(str(f), str(f)) for f in files]
    prev_files = collect_files(args.previous) if args.previous else []
    prev_items = [(str(f), str(f)) for f in prev_files if str(f) not in {i[0] for i in items}]
    if not items:
        kinds = "、".join(s.lstrip(".").upper() for s in SUFFIXES)
        _say(f"没有找到可检查的报告文件（{kinds}）。")
        return 2
    jobs = args.jobs if args.jobs and args.jobs > 0 else (os.cpu_count() or 1)
    progress, pages = _progress_printer(args.quiet, len(items) + len(prev_items))
    try:
        with _stopped_cleanly():
            reports = check_paths(items + prev_items, jobs=jobs, progress=progress, pages=pages)
    except KeyboardInterrupt:  # Ctrl+C or SIGTERM: the workers are gone, say so plainly
        _say("检查已中断，未输出结果。")
        return 130
    if not args.store:
        return _finish(args, reports, len(items), None, write_pdf)
    store = _open_store(args.store)
    if store is None:
        return 2
    try:
        paths = [i[0] for i in items + prev_items]
        reports = [apply_corrections_from(store, rep, path) for rep, path in zip(reports, paths, strict=True)]
        return _finish(args, reports, len(items), store, write_pdf)
    finally:
        store.close()


def _finish(args: argparse.Namespace, reports: list[Report], n_main: int, store: AnnotationStore | None,
            write_pdf: PdfWriter | None) -> int:
    """Cross-year rules, the store's marks (with ``--store``), output, sheet, exit status."""
    # One SHA-256 is one report, however many paths name it (the others in its "also").
    main_reports = merge_identical(reports[:n_main])
    seen = {r.sha256 for r in main_reports}
    previous = [r for r in merge_identical(reports[n_main:]) if r.sha256 not in seen]
    thresholds = getattr(args, "thresholds", DEFAULT_THRESHOLDS)
    # The reviewer's pairs by hand (the window's) hold here too.
    add_cross_year(main_reports, previous, store.manual_pairs() if store is not None else None, thresholds)
    apply_text_reuse(main_reports, series_keys(main_reports), thresholds)
    for rep in main_reports:
        identified(rep.findings)  # the reuse findings too, before notes attach by id
    if store is not None:
        for rep in main_reports:
            if not rep.error:
                store.resolve_legacy(rep)
                annotate(rep, store.review_of(rep.sha256))
    # After the notes: a finding the reviewer dismissed that has gone is not "fixed".
    links = apply_versions(main_reports)
    if getattr(args, "notice", None) and not _write_notice(Path(args.notice), main_reports, links):
        return 2
    for rep in main_reports:
        if args.json:
            sys.stdout.write(json.dumps(rep.to_dict(), ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(format_human(rep) + format_review(rep) + "\n\n")
    sys.stdout.flush()
    if args.out:
        try:
            write_sheet(main_reports, Path(args.out), write_pdf, store)
        except (OSError, ValueError) as exc:
            _say(f"无法写出审阅表 {args.out}：{exc}")
            return 2
        _say(f"审阅表已写出：{args.out}")
    return exit_status(main_reports)


def exit_status(reports: Sequence[Report]) -> int:
    """The contract's exit status of `check` (and `batch`): 2 a file could not be read, 1 an
    error finding, else 0."""
    if any(r.error for r in reports):
        return 2
    if any(f.severity == "error" for r in reports for f in r.findings):
        return 1
    return 0


def _write_notice(path: Path, reports: list[Report], links: list[VersionLink]) -> bool:
    """The 退回意见 of the one report given, or the 复核意见 of the newest of one report's
    versions; False (with the reason on stderr) for anything else."""
    from core.notice import write_notice

    live = [r for r in reports if not r.error]
    newest = {link.newer.sha256 for link in links} - {link.older.sha256 for link in links}
    olders = {link.newer.sha256: link.older for link in links}
    if len(live) == 1:
        rep, older = live[0], None
    elif len(newest) == 1 and len(links) == len(live) - 1:
        rep = next(r for r in live if r.sha256 in newest)
        older = olders[rep.sha256]
    else:
        _say("--notice 只用于一份报告（或同一份报告的几个版本）。")
        return False
    diff = compare_versions(rep, older) if older is not None else None
    try:
        write_notice(rep, path, diff, older)
    except OSError as exc:
        _say(f"无法写出退回意见 {path}：{exc}")
        return False
    _say(f"{'复核意见' if diff else '退回意见'}已写出：{path}")
    return True


def format_review(rep: Report) -> str:
    """The store's marks for the readable summary (empty without a store)."""
    lines = []
    for t, rows in rep.tables.items():
        for r, cols in rows.items():
            for c, cell in cols.items():
                if cell.corrected is not None:
                    orig = cell.corrected.original_raw or "空"
                    lines.append(f"   [更正] {t}/{r}/{c}：原报“{orig}”，更正为 {cell.value if cell.value is not None else '空'}"
                                 f"（{cell.corrected.by}，{cell.corrected.reason or '未注明原因'}）")
                elif cell.confirmed is not None:  # a confirmation is not a correction
                    lines.append(f"   [确认读数] {t}/{r}/{c}：{cell.raw or '空'}（{cell.confirmed.get('by', '')}）")
    for f in rep.findings:
        if f.note:
            lines.append(f"   [批注] {f.rule}：【{f.note['status']}】{f.note['comment']}（{f.note['by']}）")
    for o in rep.orphan_notes or []:
        lines.append(f"   [批注·问题已不存在] 【{o.get('status', '')}】{o.get('comment', '')}（{o.get('by', '')}）")
    for o in rep.orphan_corrections or []:
        lines.append(f"   [更正·单元格不存在] {o.get('cell', '')} = {o.get('value')}：{o.get('why', '')}")
    if rep.signoff:
        s = rep.signoff
        lines.append(f"   [签字] {s['conclusion']}（审阅人 {s['reviewer']}，复核人 {s['second_reviewer']}，{s['at']}）")
    if rep.review_state is not None:
        lines.append(f"   [审阅状态] {state_label(rep.review_state)}")
    return "".join("\n" + line for line in lines)


def write_sheet(reports: list[Report], path: Path, write_pdf: PdfWriter | None = None,
                store: AnnotationStore | None = None) -> None:
    """The review sheet: with ``store`` (``check --store DB``), its notes, corrections,
    history and signatures; without, the engine's findings alone — ``check`` without
    ``--store`` reads no store, not even the reviewer's own (the contract)."""
    from core.export import export

    if store is None:
        export([(r, {}) for r in reports], path, pdf=write_pdf, history={})
        return
    for r in reports:
        if not r.error and r.orphan_notes is None:  # not yet annotated
            annotate(r, store.review_of(r.sha256))
    items = [(r, store.for_report(r.sha256)) for r in reports]
    history = {r.sha256: store.history(r.sha256) for r in reports}
    export(items, path, pdf=write_pdf, history=history)


# --------------------------------------------------------------------------- the store


def _open_store(path: str | None) -> AnnotationStore | None:
    try:
        store = AnnotationStore(Path(path) if path else None)
    except OSError as exc:
        _say(f"无法打开审阅库 {path or '(默认)'}：{exc}")
        return None
    if store.recovery_message:
        _say(store.recovery_message)
    return store


def apply_corrections_from(store: AnnotationStore, rep: Report, path: str) -> Report:
    """The report re-checked with the store's corrections (read again in this process:
    worker processes hand back reports, not what the rules need to re-check them)."""
    if rep.error:
        return rep
    corrections = store.corrections(rep.sha256)
    if not corrections:
        return rep
    analysis = analyze(path, rep.file)
    if analysis.report.sha256 != rep.sha256:  # the file changed meanwhile: its own store entry
        return rep
    return check(analysis, corrections)


def build_correct_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="main.py correct",
        description="记录对报告中一个单元格的更正（原值保留），并输出更正后重新检查的结果。",
    )
    p.add_argument("file", metavar="FILE", help="报告文件")
    p.add_argument("--cell", required=True, metavar="TABLE/ROW/COL",
                   help="单元格编号，如 applications/result.total/natural_person")
    p.add_argument("--value", required=True, metavar="V", help="更正后的数值；blank 表示原文此格为空")
    p.add_argument("--reason", default="", metavar="TEXT", help="更正原因")
    p.add_argument("--reviewer", default="", metavar="NAME",
                   help="更正人（默认：窗口中填写的审阅人；都没有时拒绝记录）")
    p.add_argument("--store", default=None, metavar="DB", help="审阅库（默认：本机用户的审阅库，即窗口所用的）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出更正后的报告")
    return p


def run_correct(argv: Sequence[str]) -> int:
    """``python main.py correct FILE --cell T/R/C --value V …``; exit status as for check,
    2 for input that cannot be taken (with the reason on stderr)."""
    args = build_correct_parser().parse_args(list(argv))
    path = Path(args.file)
    if not path.is_file():
        _say(f"找不到报告文件：{args.file}")
        return 2
    try:
        table, row, col = parse_cell_id(args.cell)
        value = parse_value(args.value)
    except CorrectionError as exc:
        _say(str(exc))
        return 2
    reviewer = args.reviewer.strip() or configured_reviewer()
    if not reviewer:  # never the OS login: a correction names the person who made it
        _say("未指定更正人：请用 --reviewer 姓名，或先在窗口中填写审阅人。")
        return 2
    analysis = analyze(path, args.file)
    rep = analysis.report
    if rep.error or analysis.context is None:
        _say(f"无法读取 {args.file}：{rep.error or '没有可读的表格'}")
        return 2
    why = format_cell_error(analysis.context.fmt, table, row, col)
    if why:
        _say(f"没有单元格 {args.cell}：{why}")
        return 2
    store = _open_store(args.store)
    if store is None:
        return 2
    try:
        corr = Correction(table, row, col, value, by=reviewer, reason=args.reason)
        try:
            store.set_correction(rep.sha256, corr, file_name=path.name)
        except (ReportLocked, CorrectionError) as exc:
            _say(str(exc))
            return 2
        except OSError as exc:
            _say(f"无法写入审阅库：{exc}")
            return 2
        store.resolve_legacy(rep)
        out = annotate(check(analysis, store.corrections(rep.sha256)), store.review_of(rep.sha256))
    finally:
        store.close()
    _say(f"已记录更正：{args.cell} = {args.value}")
    if args.json:
        sys.stdout.write(json.dumps(out.to_dict(), ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(format_human(out) + format_review(out) + "\n")
    sys.stdout.flush()
    return 1 if any(f.severity == "error" for f in out.findings) else 0
