"""The window's defects a new user saw (issue 16 §4), each pinned by a test that failed
before its fix: Qt's own dialogs in Chinese and starting in a sensible folder, OCR doubts
in the format's words, a cell's blank typed in Chinese, the title, the first start, the
帮助 menu, the unlock dialog, an empty folder, refused files in the log, the legend, the
whole finding text."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths, QTimer
from PySide6.QtGui import QFontMetrics, QTextDocument
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel

from core import __version__
from core.model import Cell, Finding, Loc, Report
from core.paths import user_data_dir
from gui import settings
from tests.gui.conftest import corpus_file, wait_loaded

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"
FAULTY = SAMPLES / "示例-有问题的报告.txt"


def _open(window, qtbot, path: Path) -> None:  # type: ignore[no-untyped-def]
    window.open_paths([str(path)])
    wait_loaded(qtbot, window, 1)
    qtbot.waitUntil(lambda: window.current is not None, timeout=5000)


# --- Qt's file dialogs ------------------------------------------------------------------
def test_qt_file_dialog_labels_are_chinese(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Qt 6.12's non-native dialog asks for "&Look in:" / "Files of &type:", which Qt's own
    qtbase_zh_CN.qm lacks (it has the old texts without the mnemonic): our supplement has them."""
    d = QFileDialog(None, "打开报告")
    d.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(d)
    texts = [lab.text() for lab in d.findChildren(QLabel) if lab.text()]
    joined = " ".join(texts)
    assert "Look in" not in joined and "Files of" not in joined, texts
    assert "查找范围" in joined and "文件类型" in joined, texts
    # The type column's "Folder" comes from QAbstractFileIconProvider, also missing upstream.
    assert QApplication.translate("QAbstractFileIconProvider", "Folder") == "文件夹"


def test_file_dialogs_start_in_documents_then_in_the_last_folder(window, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    asked: list[str] = []

    def fake_open(_parent, _title, folder, _filter):  # type: ignore[no-untyped-def]
        asked.append(folder)
        return ([str(FAULTY)], "")

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(fake_open))
    window.choose_files()
    first = asked[0]
    assert first and Path(first) != Path.cwd() and Path(first).is_dir()
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    assert first in (docs, str(Path.home()))
    window.choose_files()
    assert asked[1] == str(SAMPLES)  # the folder of the file chosen last time

    def fake_folder(_parent, _title, folder):  # type: ignore[no-untyped-def]
        asked.append(folder)
        return str(tmp_path)

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(fake_folder))
    window.choose_folder()
    assert asked[2] == str(SAMPLES)
    assert settings.dialog_folder("open") == str(tmp_path)
    window.clear_queue()


# --- words --------------------------------------------------------------------------------
def test_ocr_doubt_names_the_cell_and_the_check_in_words() -> None:
    from core.ocr_review import soften

    loc = Loc(start=0, end=1)
    shaky = Cell(3, "3", loc=loc, ocr={"confidence": 0.41})
    report = Report(file="x.pdf", sha256="0" * 64, template="2021")
    report.tables = {"reviews": {"review": {"other": shaky}, "litigation_after_review": {"upheld": Cell(1, "1", loc=loc)}}}
    report.findings = [Finding(rule="review_sum", severity="error", message="总计不等于各项之和。",
                               table="reviews", cells=[("review", "other"), ("litigation_after_review", "upheld")])]
    soften(None, report)
    (f,) = report.findings
    assert f.rule == "ocr_uncertain" and ("review", "other") in f.cells  # the ids stay in the data
    assert "review/other" not in f.message and "review_sum" not in f.message, f.message
    assert "「行政复议」「其他结果」" in f.message, f.message


def test_a_non_number_in_a_cell_is_answered_in_chinese_and_blank_words_are_taken(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    _open(window, qtbot, FAULTY)
    pane = window.table_panes["applications"]
    window.table_tabs.setCurrentWidget(pane)
    window._attach_table(pane)
    model = pane.model
    idx = model.index_of("result.total", "natural_person")
    assert not model.setData(idx, "abc")
    said = window.statusBar().currentMessage()
    assert "blank" not in said.lower() and "“空”" in said, said
    for word in ("空", "空白", " "):
        assert model.setData(idx, word), word
        cell = window.current.report.tables["applications"]["result.total"]["natural_person"]
        assert cell.value is None and cell.corrected is not None
        window.undo()


# --- the window ---------------------------------------------------------------------------
def test_the_title_does_not_repeat_the_program_name(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    # Qt appends the application's display name (年报审阅台) to the title itself.
    name = QApplication.applicationDisplayName()
    assert name == "年报审阅台"
    assert name not in window.windowTitle()
    _open(window, qtbot, FAULTY)
    assert window.windowTitle() == FAULTY.name
    window.clear_queue()


def test_help_menu_lists_keys_colours_places_and_version(window) -> None:  # type: ignore[no-untyped-def]
    from gui import help as help_pages

    menus = [a.text() for a in window.menuBar().actions()]
    assert menus[-1] == "帮助(&H)", menus
    help_menu = window.menuBar().actions()[-1].menu()
    items = [a.text() for a in help_menu.actions() if a.text()]
    assert items == ["快捷键", "颜色和标记的含义", "数据和日志的位置", "关于年报审阅台"]
    keys = help_pages.keys_html(window)
    assert "下一个问题" in keys and "F8" in keys and "Ctrl+O" in keys
    assert "错误" in help_pages.colours_html() and "已排除" in help_pages.colours_html()
    places = help_pages.places_html()
    assert str(user_data_dir() / "annotations.json") in places and "logs" in places
    assert __version__ in help_pages.about_text()
    dlg = help_pages.show_keys(window)
    assert dlg.isVisible() and "F8" in dlg.browser.toPlainText()
    dlg.close()


def test_unlock_dialog_says_an_empty_reason_and_a_done_unlock(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from gui.review_dialogs import UnlockDialog

    dlg = UnlockDialog(window)
    dlg.show()
    dlg.accept()  # OK with no reason
    assert dlg.isVisible() and dlg.message.isVisible() and "原因" in dlg.message.text()
    dlg.reason.setText("复核发现漏改")
    dlg.accept()
    assert not dlg.isVisible()

    _open(window, qtbot, FAULTY)
    window.session.sign(window.current.sha, "存在问题需整改", "张三", "李四", FAULTY.name)

    def give_reason() -> None:
        d = window.review.unlock_dialog
        d.reason.setText("复核发现漏改")
        d.accept()

    QTimer.singleShot(0, give_reason)
    window.review.unlock()
    assert not window.session.is_locked(window.current.sha)
    assert "已解除锁定" in window.statusBar().currentMessage()
    window.clear_queue()


def test_a_folder_without_reports_says_so_in_a_box(window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "说明.xlsx").write_bytes(b"not a report")
    window.open_paths([str(tmp_path)])
    qtbot.waitUntil(lambda: getattr(window.loader, "nothing_box", None) is not None, timeout=10000)
    box = window.loader.nothing_box
    assert box.isVisible() and str(tmp_path) in box.text() and "没有找到报告文件" in box.text()
    box.close()


def test_a_refused_file_is_logged(window, qtbot, tmp_path: Path, caplog) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "坏文件.pdf"
    bad.write_bytes(b"%PDF-1.4 this is not a pdf")
    with caplog.at_level(logging.WARNING, logger="gui.load_ctl"):
        window.open_paths([str(bad)])
        wait_loaded(qtbot, window, 1)
    assert window.queue_model.entry(0).report.error
    assert any(str(bad) in r.getMessage() for r in caplog.records), [r.getMessage() for r in caplog.records]
    window.clear_queue()


def test_first_run_opens_on_the_faulty_sample() -> None:
    from gui.app import faulty_sample

    chosen = faulty_sample()
    assert chosen is not None and Path(chosen).name == "示例-有问题的报告.pdf"


def test_the_legend_wraps_between_items_only(window) -> None:  # type: ignore[no-untyped-def]
    """At any width, each legend item (错误, 审阅人更正, 选中单元格直接输入数字即可更正 …)
    stands whole on one line: never a last character or two alone on the next."""
    doc = QTextDocument()
    doc.setDefaultFont(window.table_legend.font())
    doc.setHtml(window.table_legend.text())
    words = window.legend_words
    assert "选中单元格直接输入数字即可更正" in words
    widest = max(QFontMetrics(window.table_legend.font()).horizontalAdvance(w) for w in words) + 40
    for width in range(widest, 900, 3):
        doc.setTextWidth(width)
        doc.size()  # lays the text out
        block = doc.begin()
        layout = block.layout()
        lines = [block.text()[layout.lineAt(i).textStart(): layout.lineAt(i).textStart() + layout.lineAt(i).textLength()]
                 .replace("\u2060", "") for i in range(layout.lineCount())]
        for w in words:
            assert any(w in line for line in lines), (width, w, lines)


def test_a_long_finding_is_read_whole_in_the_note_panel(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = window.note_panel
    window.resize(1280, 720)
    long_text = "，".join(["第二十条表格中的行政许可本年处理决定数量与正文所述不一致"] * 6)
    panel.target_label.setText(long_text)
    qtbot.waitUntil(lambda: panel.target_label.width() > 50, timeout=3000)
    label = panel.target_label
    need = label.heightForWidth(label.width())
    assert need > 3 * label.fontMetrics().lineSpacing()
    # laid out whole (it scrolls), not cut after two lines
    qtbot.waitUntil(lambda: label.height() >= label.heightForWidth(label.width()), timeout=3000)



# --- the queue, the tables and the page at 1280×720 ---------------------------------------
HUAIAN = ("real/2024_huaian-city.pdf", "real/2024_huaian-hongze-district.pdf")


def test_queue_at_1280x720_shows_agency_and_year_first_and_tells_two_reports_apart(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from gui.queue_model import QueueModel
    from gui.queue_pane import shown_text

    window.resize(1280, 720)
    window.open_paths([str(corpus_file(p)) for p in HUAIAN])
    wait_loaded(qtbot, window, 2)
    view = window.queue_view
    hh = view.horizontalHeader()
    assert [hh.logicalIndex(0), hh.logicalIndex(1)] == [QueueModel.AGENCY, QueueModel.YEAR]
    qtbot.waitUntil(lambda: view.viewport().width() > 200, timeout=3000)
    agencies = [shown_text(view, r, QueueModel.AGENCY) for r in range(2)]
    assert agencies[0] != agencies[1], agencies
    assert all(a.startswith("淮安市") for a in agencies), agencies
    # The review column is whole in view; no column runs off the pane.
    right = view.columnViewportPosition(QueueModel.STATUS) + view.columnWidth(QueueModel.STATUS)
    assert right <= view.viewport().width() + 1
    assert shown_text(view, 0, QueueModel.YEAR) == "2024"
    window.clear_queue()


def test_the_tables_show_several_columns_at_1280x720(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.resize(1280, 720)
    _open(window, qtbot, FAULTY)
    pane = window.table_panes["applications"]
    window.table_tabs.setCurrentWidget(pane)
    window._attach_table(pane)
    qtbot.waitUntil(lambda: pane.view.viewport().width() > 100, timeout=3000)
    view = pane.view
    whole = [c for c in range(view.model().columnCount())
             if 0 <= view.columnViewportPosition(c)
             and view.columnViewportPosition(c) + view.columnWidth(c) <= view.viewport().width()]
    assert len(whole) >= 4, (whole, view.viewport().width(), view.verticalHeader().width())
    window.clear_queue()


def test_the_review_column_counts_the_findings_marked(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from core.session import note_target

    _open(window, qtbot, FAULTY)
    qm = window.queue_model
    sha = window.current.sha
    # The one review state first (as the header and the sheets say it), then the progress.
    assert qm.data(qm.index(0, qm.STATUS)) == "待审阅"
    findings = window.current.report.findings
    window.session.edit_note(sha, note_target(findings[0]), status="已确认")
    assert qm.data(qm.index(0, qm.STATUS)) == f"待审阅 · 已标 1/{len(findings)}"
    window.session.sign(sha, "存在问题需整改", "张三", "李四")
    assert qm.data(qm.index(0, qm.STATUS)) == "退回整改"
    window.clear_queue()


def test_zoom_keeps_the_red_box_in_view(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.resize(1280, 720)
    _open(window, qtbot, SAMPLES / "示例-有问题的报告.pdf")
    pv = window.source.pdf_view
    # The finding lowest on its page: the one a top-left zoom loses first.
    f = max((f for f in window.current.report.findings if f.loc is not None and f.loc.bbox),
            key=lambda f: f.loc.bbox[3])
    window.select_finding(f)
    assert pv.highlight is not None
    def centred_in_view() -> bool:
        box = pv.highlight_in_view()
        return box is not None and pv.viewport_rect().contains(box.center())

    for _ in range(4):
        pv.step_zoom(1)
        # QPdfView lays out and scrolls asynchronously: wait for the event loop to settle
        # (a fixed 20 ms wait failed on a loaded machine), then require the box in view.
        qtbot.waitUntil(centred_in_view, timeout=5000)
    assert pv.zoom > 1.0
    window.clear_queue()


def test_a_file_being_read_is_shown_pending_from_the_start(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.open_paths([str(FAULTY)])
    # At once, before the worker has read anything: the queue says what is coming.
    label = window.queue_pane.pending_label
    assert not label.isHidden() and FAULTY.name in label.text() and "等待读取" in label.text()
    assert FAULTY.name in window.source.empty.text()
    wait_loaded(qtbot, window, 1)
    assert label.isHidden() and not window.loader.pending
    window.clear_queue()


def test_pending_lines_give_the_page_progress(window) -> None:  # type: ignore[no-untyped-def]
    loader = window.loader
    loader._set_pending({"/scans/2024_huaian-city-scan.pdf": (3, 6), "/scans/b.pdf": (0, 0)})
    assert loader.pending_lines() == ["正在读取 2024_huaian-city-scan.pdf — 第 3/6 页", "等待读取：b.pdf"]
    assert "第 3/6 页" in window.queue_pane.pending_label.text()
    loader._drop_pending(list(loader.pending))
    assert window.queue_pane.pending_label.isHidden()


def test_reports_of_one_agency_and_year_show_the_part_of_their_names_that_differs(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from gui.queue_model import QueueModel, distinct_names
    from gui.queue_pane import shown_text

    assert distinct_names(["2024_huaian-city-scan.pdf", "2024_huaian-hongze-district-scan.pdf"], ["a", "b"]) \
        == ["…city…", "…hongze-district…"]
    window.resize(1280, 720)
    samples = sorted(str(p) for p in SAMPLES.glob("示例-*"))
    window.open_paths(samples)
    wait_loaded(qtbot, window, 4)
    view = window.queue_view
    shown = [shown_text(view, r, QueueModel.FILE) for r in range(4)]
    assert len(set(shown)) == 4, shown  # four rows of one agency and year, four different texts
    window.clear_queue()


def test_qt_fixes_qm_is_compiled_from_its_ts(tmp_path: Path) -> None:
    import shutil
    import subprocess
    import sys

    from core.paths import resources_dir

    i18n = resources_dir() / "i18n"
    lrelease = shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent))
    assert lrelease, "pyside6-lrelease (part of PySide6) not found"
    fresh = tmp_path / "fresh.qm"
    subprocess.run([lrelease, "-silent", str(i18n / "qtfixes_zh_CN.ts"), "-qm", str(fresh)], check=True)
    assert fresh.read_bytes() == (i18n / "qtfixes_zh_CN.qm").read_bytes()


@pytest.mark.slow
def test_a_scan_being_read_shows_its_page_progress(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    scan = next((SAMPLES / "scanned").glob("*.pdf"))
    seen: list[str] = []
    window.loader.pending_changed.connect(lambda: seen.append(window.queue_pane.pending_label.text()))
    window.open_paths([str(scan)])
    assert "等待读取" in window.queue_pane.pending_label.text()
    wait_loaded(qtbot, window, 1, timeout=180000)
    assert any(scan.name in t and "正在读取" in t and "页" in t for t in seen), seen
    assert window.queue_pane.pending_label.isHidden()
    window.clear_queue()


def test_the_first_size_fits_the_screen(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QGuiApplication

    from gui.main_window import MainWindow, default_size

    room = QGuiApplication.primaryScreen().availableGeometry()  # offscreen: 800×600
    size = default_size()
    assert size.width() <= room.width() and size.height() <= room.height()
    assert size.width() >= room.width() * 0.9  # as large as it fits, not a small window
    w = MainWindow()
    qtbot.addWidget(w)
    assert w.width() <= room.width() and w.height() <= room.height()
    w.close()
