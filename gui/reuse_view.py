"""A copy seen: one part of two reports side by side, the reused sentences highlighted on
both sides (``core.reuse.side_by_side``).

Opened for a ``copied_text`` / ``text_reused`` finding with the two reports at hand; a
click on a sentence emits ``sentence_activated(sha256, sentence)`` so the window can bring
that place of the original into view (the owner connects it to its viewer's search).
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QUrl, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMainWindow,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from core.document import Document
from core.model import Finding, Loc, Report
from core.normalize import normalise
from core.reuse import SideBySide, side_by_side

REUSED_BG = "#ffe08a"  # the reused sentences, on both sides


def _who(rep: Report) -> str:
    return f"{rep.agency or rep.file} {rep.year or ''}".strip()


class ReuseView(QDialog):
    """Two panes: this report's part on the left, the other report's on the right."""

    sentence_activated = Signal(str, str)  # sha256 of the report, the sentence as printed

    def __init__(self, mine: Report, other: Report, section: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mine, self.other = mine, other
        self.data: SideBySide = side_by_side(mine, other, section)
        self.setWindowTitle(self.tr("Reused text: %1").replace("%1", self.data.title))
        self.left_head, self.right_head = QLabel(), QLabel()
        self.left, self.right = QTextBrowser(), QTextBrowser()
        for pane, rep in ((self.left, mine), (self.right, other)):
            pane.setOpenLinks(False)  # a click selects a sentence, it opens nothing
            pane.anchorClicked.connect(lambda url, r=rep: self._clicked(r, url))
        split = QSplitter()
        for head, pane in ((self.left_head, self.left), (self.right_head, self.right)):
            box = QWidget()
            lay = QVBoxLayout(box)
            lay.setContentsMargins(0, 0, 0, 0)
            head.setWordWrap(True)
            lay.addWidget(head)
            lay.addWidget(pane)
            split.addWidget(box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        legend = QLabel(self.tr("Sentences found in the other report are highlighted. Click a sentence to see it in the original."))
        legend.setWordWrap(True)
        layout.addWidget(legend)
        layout.addWidget(split, 1)
        layout.addWidget(buttons)
        self._fill()
        self.resize(1100, 640)

    def _fill(self) -> None:
        d = self.data
        for head, rep, share in ((self.left_head, self.mine, d.left_share), (self.right_head, self.other, d.right_share)):
            head.setText(self.tr("%1 — %2 of this part found in the other report")
                         .replace("%1", _who(rep)).replace("%2", f"{share:.0%}"))
        self.left.setHtml(self._html(d.left))
        self.right.setHtml(self._html(d.right))

    def _html(self, sentences: list[tuple[str, bool]]) -> str:
        if not sentences:
            empty = self.tr("This part is empty or has no text of its own.")
            return "<p><i>" + html.escape(empty) + "</i></p>"
        out = []
        for n, (text, reused) in enumerate(sentences):
            style = f"background-color:{REUSED_BG};" if reused else ""
            out.append(f'<a href="s:{n}" style="color:black;text-decoration:none;{style}">{html.escape(text)}。</a>')
        return "<p style='line-height:150%'>" + "".join(out) + "</p>"

    def _clicked(self, rep: Report, url: QUrl) -> None:
        sentences = self.data.left if rep is self.mine else self.data.right
        try:
            n = int(url.toString().removeprefix("s:"))
        except ValueError:
            return
        if 0 <= n < len(sentences):
            self.sentence_activated.emit(rep.sha256, sentences[n][0])

    def reused_count(self) -> tuple[int, int]:
        """Highlighted sentences on the left and on the right (for tests and the status)."""
        return sum(r for _, r in self.data.left), sum(r for _, r in self.data.right)


def view_for_finding(finding: Finding, mine: Report, lookup: Callable[[str], Report | None],
                     parent: QWidget | None = None) -> ReuseView | None:
    """The view a ``copied_text`` / ``text_reused`` finding of ``mine`` opens: the other report
    (``counterpart``, else ``source``) found by its sha256 with ``lookup`` (the session's);
    None when the finding names no other report or it is not at hand."""
    if finding.rule not in ("copied_text", "text_reused") or not finding.section:
        return None
    other_ref = (finding.reuse or {}).get("counterpart") or finding.source
    other = lookup(other_ref["sha256"]) if other_ref else None
    if other is None or other.sha256 == mine.sha256:
        return None
    return ReuseView(mine, other, finding.section, parent)


PROBE = 12  # characters of a sentence looked up in the original: enough to be unique


def place_of(doc: Document, sentence: str) -> Loc | None:
    """Where ``sentence`` (as the part's text gives it: normalised, line breaks out) stands
    in the original, to the end of its sentence; None when it cannot be found."""
    probe = sentence.strip()[:PROBE]
    if not probe:
        return None
    norm = normalise(doc.text)
    flat = norm.text.replace("\n", "")
    i = flat.find(probe)
    if i < 0:
        return None
    # Back from the text without line breaks to the normalised text, then to the original.
    kept = [k for k, ch in enumerate(norm.text) if ch != "\n"]
    start, _ = norm.span(kept[i], kept[i] + 1)
    stop = doc.text.find("。", start)
    end = stop + 1 if 0 <= stop < start + 400 else min(len(doc.text), start + len(sentence))
    return doc.loc(start, end)


def show_for_window(w: QMainWindow) -> ReuseView | None:
    """报告 ▸ 雷同对照: the view of the selected copied_text / text_reused finding; a click on a
    sentence of the report on screen shows it in the original."""
    cur = getattr(w, "current", None)
    finding = w.selected_finding() if hasattr(w, "selected_finding") else None  # type: ignore[attr-defined]
    session = getattr(w, "session", None)

    def lookup(sha: str) -> Report | None:
        entry = session.entry_of_sha(sha) if session is not None else None
        return entry.report if entry is not None else None

    view = view_for_finding(finding, cur.report, lookup, w) if cur is not None and finding is not None else None
    if view is None:
        w.statusBar().showMessage(QCoreApplication.translate(
            "ReuseView", "Select a copied-text finding whose other report is open in the queue"), 8000)
        return None

    def show(sha: str, sentence: str) -> None:
        doc = cur.analysis.document if cur is not None else None
        if cur is None or sha != cur.report.sha256 or doc is None:
            w.statusBar().showMessage(QCoreApplication.translate(
                "ReuseView", "That sentence is in the other report: open it from the queue to see it"), 8000)
            return
        loc = place_of(doc, sentence)
        if loc is not None:
            w.centre_tabs.setCurrentWidget(w.source)  # type: ignore[attr-defined]
            w.source.show_loc(loc)  # type: ignore[attr-defined]

    view.sentence_activated.connect(show)
    view.show()
    return view
