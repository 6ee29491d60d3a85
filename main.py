"""年报审阅台 (ReviewDesk).

    python main.py                       open the review window
    python main.py FILE_OR_FOLDER …      open those reports in the window
                                         (handed to the window already open, if there is one)
    python main.py check PATH … [--json] the headless check (see README / output contract)
    python main.py correct FILE --cell T/R/C --value V   record a correction in the store
    python main.py batch PATH … --year Y [--roster F] [--json]   the batch: coverage, scores, figures
    python main.py --self-test           offscreen smoke test of a built program (exit 0 = fine)
    --no-crash-dialog                    an internal error prints one line instead of a dialog

Anything else (an unknown word, a file that is not there) is a usage error: exit 2, and
the window is not opened.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _check(argv: list[str]) -> int:
    from core.cli import run_check

    return run_check(argv, write_pdf=_print_pdf)


def _correct(argv: list[str]) -> int:
    from core.cli import run_correct

    return run_correct(argv)


def _batch(argv: list[str]) -> int:
    from core.batch.command import run_batch

    return run_batch(argv)


def _print_pdf(items: list[Any], path: Path, reviewer: str = "", history: dict[str, Any] | None = None) -> None:
    """``check --out x.pdf``: the PDF sheet is printed by Qt, so by the GUI layer; main.py is
    the composition root, the only place that hands Qt's PDF printing to core."""
    from gui.export_pdf import export_pdf

    export_pdf(items, path, reviewer, history=history)


# The headless subcommands: word -> (handler of the rest of argv, usage line). A new
# subcommand (e.g. `correct`) is one entry here; the handler lives in core.cli.
COMMANDS: dict[str, tuple[Callable[[list[str]], int], str]] = {
    "check": (_check, "check REPORT_OR_FOLDER … [--json] [--out FILE] [--jobs N] [--previous LAST_YEAR] [--store DB]"),
    "correct": (_correct, "correct FILE --cell TABLE/ROW/COL --value V [--reason TEXT] [--reviewer NAME] [--store DB]"),
    "batch": (_batch, "batch PATH … --year Y [--roster FILE] [--rubric FILE] [--store DB] [--out FILE] [--json]"),
}


def usage() -> str:
    lines = ["用法：", "  main.py [FILE_OR_FOLDER …]      打开审阅窗口（及这些报告）"]
    lines += [f"  main.py {line}" for _, line in COMMANDS.values()]
    lines += ["  main.py --self-test             自检（打包后的程序）"]
    return "\n".join(lines) + "\n"


def console_safe_output(json_lines: bool) -> None:
    """A console or pipe in the locale's code page (cp936 on a Chinese Windows) cannot hold every
    character a report has (汉字 beyond GBK, bullets): the summary and messages get a "?" for
    those instead of a crash; JSON Lines are written as UTF-8 whatever the code page, as JSON
    exchanged between programs must be (RFC 8259)."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):  # a real text stream, not a test's replacement
            stream.reconfigure(errors="replace")
    if json_lines and hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")


def main(argv: list[str]) -> int:
    from core import crash  # first: Qt-free, so a failing Qt import is caught too

    no_dialog = "--no-crash-dialog" in argv  # headless runs of the window (CI, scripts)
    # macOS hands a Finder-launched app a process serial number (-psn_0_1234): not ours.
    argv = [a for a in argv if a != "--no-crash-dialog" and not a.startswith("-psn_")]
    crash.install(headless=True)
    if argv and argv[0] == "--self-test":
        return self_test()
    if argv and argv[0] in ("-h", "--help"):
        sys.stdout.write(usage())
        return 0
    from core.logsetup import setup_logging

    setup_logging()
    if argv and argv[0] in COMMANDS:
        handler, _ = COMMANDS[argv[0]]
        console_safe_output(json_lines="--json" in argv)
        return handler(argv[1:])
    # Only paths open the window: a mistyped command must not become a "file" to open,
    # nor start a window that, with no display, would never come up.
    unknown = [a for a in argv if a.startswith("-") or not os.path.exists(a)]
    if unknown:
        sys.stderr.write(f"不是已知的命令，也不是存在的文件或文件夹：{unknown[0]}\n{usage()}")
        return 2
    from gui.crash import enable_dialog

    enable_dialog()
    crash.set_headless(no_dialog)
    from gui.app import run

    return run(argv)


def self_test(timeout_s: float = 120.0) -> int:
    """Start the window offscreen on the bundled samples and check the expected findings appear.

    Runs in a throwaway user-data folder, so the reviewer's settings and notes are untouched.
    Four files go through the worker-process pool, which is what breaks first in a frozen build.
    """
    import json
    import tempfile
    import time

    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ["REVIEWDESK_LANG"] = "zh_CN"
    home = tempfile.TemporaryDirectory(prefix="reviewdesk-selftest-")
    os.environ["REVIEWDESK_HOME"] = home.name

    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from core.paths import resources_dir
    from gui.app import install_message_handler, setup_application
    from gui.main_window import MainWindow

    install_message_handler()
    problems: list[str] = []
    samples = resources_dir() / "samples"
    expected: dict[str, dict[str, object]] = json.loads((samples / "expected.json").read_text("utf-8"))
    files = [str(samples / name) for name in sorted(expected)]

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    setup_application(app)
    window = MainWindow()
    window.show()
    # The window's own title is empty until a report is open (Qt adds the application's
    # name): the menus show whether the translation loaded.
    menus = [a.text() for a in window.menuBar().actions()]
    if not any("文件" in m for m in menus):
        problems.append(f"界面翻译未加载（菜单：{'、'.join(menus)}）")
    started = time.monotonic()
    window.open_paths(files)

    loop = QEventLoop()
    poll = QTimer(interval=100)

    def check_done() -> None:
        if window.queue_model.rowCount() >= len(files) and not window.tasks:
            loop.quit()
        elif time.monotonic() - started > timeout_s:
            problems.append(f"{timeout_s:.0f} 秒内未载入全部示例报告")
            loop.quit()

    poll.timeout.connect(check_done)
    poll.start()
    loop.exec()
    poll.stop()

    for path in files:
        name = os.path.basename(path)
        row = window.queue_model.row_of_path(path)
        if row < 0:
            problems.append(f"{name}：未出现在报告列表中")
            continue
        report = window.queue_model.entry(row).report
        if report.error:
            problems.append(f"{name}：无法读取（{report.error}）")
            continue
        want = expected[os.path.relpath(path, samples).replace(os.sep, "/")]
        rules = [f.rule for f in report.findings]
        for rule, least in dict(want.get("findings", {})).items():  # type: ignore[call-overload]
            if rules.count(rule) < int(least):
                problems.append(f"{name}：应至少有 {least} 条 {rule}，实际 {rules.count(rule)} 条")
        if want.get("ocr") and not report.ocr:  # the scanned sample: the bundled OCR engine read it
            problems.append(f"{name}：应经文字识别读取，实际未识别（{'；'.join(f.message for f in report.findings)}）")
        if want.get("clean") and any(f.severity in ("error", "warning") for f in report.findings):
            problems.append(f"{name}：应无问题，却有 {', '.join(rules)}")
        window.open_report_path(path)
        app.processEvents()
        shown = window.findings_model.rowCount()
        if shown != len(report.findings):
            problems.append(f"{name}：问题列表显示 {shown} 条，引擎给出 {len(report.findings)} 条")

    elapsed = time.monotonic() - started
    window.close()
    app.processEvents()
    if problems:
        sys.stderr.write("自检失败：\n" + "\n".join(f"  - {p}" for p in problems) + "\n")
        return 1
    sys.stdout.write(f"自检通过：{len(files)} 份示例报告已载入并检查，用时 {elapsed:.1f} 秒。\n")
    return 0


def _ensure_std_streams() -> None:
    # A windowed build (console=False on Windows) has no stdout/stderr: writes would raise.
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115


if __name__ == "__main__":
    # First of all: in a frozen build, the analysis worker processes start this same
    # executable, and freeze_support() turns them into workers before anything else runs.
    multiprocessing.freeze_support()
    _ensure_std_streams()
    sys.exit(main(sys.argv[1:]))
