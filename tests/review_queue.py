"""A reviewed queue of three real reports, as the window or ``check --store`` hands it to
the sheets: one corrected, noted and signed (2023 洪泽区, PDF), one with a note and no
sign-off (2012 平潭县, text), one nobody has touched (2025 沭阳县, text).

Plain Python (no pytest), shared by the XLSX/HTML and the PDF sheet tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from core.annotations import Annotation, AnnotationStore, HistoryEntry, annotate, finding_target
from core.check import check
from core.corrections import Correction
from core.model import Finding, Report
from core.pipeline import analyze
from core.sheet import Item
from tests.corpus import corpus_path

SIGNED = "2023_huaian-hongze-district.pdf"
NOTED = "2012_fujian-pingtan-county.txt"
UNTOUCHED = "2025_suqian-shuyang-county.txt"
CONCLUSION = "问题已说明"


@dataclass
class Queue:
    items: list[Item]
    history: dict[str, list[HistoryEntry]]
    signed: Report
    noted: Report
    untouched: Report
    gone: Finding  # the finding the correction settled: its note is now an orphan


def reviewed_queue(db: Path) -> Queue:
    hz, pt, sq = (analyze(corpus_path(f"real/{name}")) for name in (SIGNED, NOTED, UNTOUCHED))
    store = AnnotationStore(db)
    try:
        sha = hz.report.sha256
        # 行政复议 总计 printed 0 against 10+1+0+0: the reviewer corrects it from the original.
        gone = next(f for f in hz.report.findings if f.rule == "review_sum" and ("review", "total") in f.cells)
        store.save(Annotation(sha, finding_target(gone.id), "需整改", "复议总计印错", "张三"))
        store.set_correction(sha, Correction("reviews", "review", "total", 11, "张三", reason="与原件核对"), SIGNED)
        kept = next(f for f in hz.report.findings if f.id != gone.id)
        store.save(Annotation(sha, finding_target(kept.id), "已确认", "已与原件核对无误", "张三"))
        store.sign(sha, CONCLUSION, "张三", "李四", SIGNED)
        first = next(f for f in pt.report.findings if f.rule == "narrative_sum")
        store.save(Annotation(pt.report.sha256, finding_target(first.id), "已确认", "第一句确有矛盾", "王五"))
        reports = []
        for a in (hz, pt, sq):
            s = a.report.sha256
            reports.append(annotate(check(a, store.corrections(s)), store.review_of(s)))
        items = [(r, store.for_report(r.sha256)) for r in reports]
        history = {r.sha256: store.history(r.sha256) for r in reports}
    finally:
        store.close()
    return Queue(items, history, reports[0], reports[1], reports[2], gone)
