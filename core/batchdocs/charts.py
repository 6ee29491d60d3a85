"""The batch charts, drawn by matplotlib on its Agg canvas (no Qt, no pyplot).

One drawing path for every face: the 通报 DOCX and the batch PDF embed the PNG, the batch view
shows the same pixels (rendered off the GUI thread into an RGBA buffer it wraps in a QImage).
``Figure`` objects are made directly, never through ``pyplot``: pyplot keeps global state and
picks a GUI backend, and figures are drawn from worker threads in the window.

Chinese needs a CJK font: the bundled WenQuanYi Micro Hei (resources/fonts/) is added to
matplotlib's font manager once and named on every text, so no system font is needed.
"""

from __future__ import annotations

import contextlib
import io
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from core.batchdocs.model import BatchDoc, status_label
from core.paths import resources_dir

if TYPE_CHECKING:
    from matplotlib.figure import Figure

DPI = 150
MAX_HEIGHT = 8.5  # inches: a chart always fits a page of the PDF and the DOCX with its caption
BAR_LIMIT = 40  # more units than this: the score chart shows the distribution, not one bar each
RULE_LIMIT = 15  # findings by rule: the most frequent rules, the rest summed as 其他
COVERAGE_COLOURS = {"submitted": "#4e9a06", "late": "#f0a30a", "missing": "#cc0000", "date_unknown": "#888a85"}
# matplotlib reads rcParams (global) when it makes a text, and makes tick labels only when it
# draws: building and drawing a chart both happen under this lock and the style, so a chart
# drawn in a worker thread and one in the main thread never see each other's settings.
_lock = threading.RLock()
_font_family: list[str] = []


def font_family() -> str:
    """Register the bundled CJK font with matplotlib once; its family name."""
    with _lock:
        if not _font_family:
            from matplotlib import font_manager

            path = resources_dir() / "fonts" / "wqy-microhei.ttc"
            font_manager.fontManager.addfont(str(path))
            _font_family.append(font_manager.FontProperties(fname=str(path)).get_name())
        return _font_family[0]


@contextlib.contextmanager
def _style() -> Iterator[None]:
    import matplotlib

    with _lock:
        family = font_family()
        with matplotlib.rc_context({"font.family": [family], "axes.unicode_minus": False, "font.size": 9}):
            yield


@dataclass(frozen=True)
class Chart:
    """One chart: its id (stable, for tests and the view), its caption, and its figure."""

    id: str
    title: str
    figure: Figure

    def png(self) -> bytes:
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        buf = io.BytesIO()
        with _style():
            FigureCanvasAgg(self.figure).print_png(buf)
        return buf.getvalue()

    def rgba(self) -> tuple[bytes, int, int]:
        """The pixels as RGBA rows (for a QImage in the window) with width and height."""
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        with _style():
            canvas = FigureCanvasAgg(self.figure)
            canvas.draw()
            w, h = canvas.get_width_height()
            return bytes(canvas.buffer_rgba()), w, h


def _figure(width: float, height: float) -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, min(height, MAX_HEIGHT)), dpi=DPI, layout="constrained")


def _integer_axis(axis: Any) -> None:
    from matplotlib.ticker import MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True))


def _short(name: str, limit: int = 14) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def _score_chart(doc: BatchDoc) -> Chart:
    """Units by score: one bar per unit, best first (few units); else how many per 等次 band."""
    scored = [u for u in doc.units if u.score is not None]
    title = "各单位得分" if len(scored) <= BAR_LIMIT else "得分分布（按等次）"
    if len(scored) <= BAR_LIMIT:
        scored.sort(key=lambda u: (-(u.score or 0), u.unit))
        fig = _figure(6.4, max(2.2, 0.28 * len(scored) + 1.0))
        ax = fig.subplots()
        names = [_short(u.unit) for u in scored][::-1]
        values = [u.score or 0.0 for u in scored][::-1]
        colours = ["#9fb8d6" if u.provisional else "#1f4e79" for u in scored][::-1]
        ax.barh(range(len(values)), values, color=colours)
        ax.set_yticks(range(len(values)), names)
        for i, v in enumerate(values):
            ax.text(v, i, f" {v:g}", va="center", fontsize=8)
        maximum = doc.rubric.get("max_points")
        if isinstance(maximum, int | float) and maximum > 0:
            ax.set_xlim(0, maximum * 1.08)
        ax.set_xlabel("得分（浅色为暂定）")
    else:
        bands = [name for name, _ in doc.bands]
        counts = [sum(1 for u in scored if u.grade == b) for b in bands]
        fig = _figure(6.4, 3.0)
        ax = fig.subplots()
        ax.bar(bands, counts, color="#1f4e79")
        for i, c in enumerate(counts):
            ax.text(i, c, str(c), ha="center", va="bottom", fontsize=9)
        ax.set_ylabel("单位数")
        _integer_axis(ax.yaxis)
    ax.set_title(title)
    return Chart("score", title, fig)


def _rule_chart(doc: BatchDoc) -> Chart:
    """Findings by rule: the most frequent rules (their Chinese names), the rest as 其他."""
    counts = doc.findings_by_rule()
    if len(counts) > RULE_LIMIT:
        rest = sum(c for _, c in counts[RULE_LIMIT - 1:])
        counts = counts[: RULE_LIMIT - 1] + [("其他", rest)]
    title = "问题按规则分布"
    fig = _figure(6.4, max(2.2, 0.3 * len(counts) + 1.0))
    ax = fig.subplots()
    if counts:
        names = [_short(n, 18) for n, _ in counts][::-1]
        values = [c for _, c in counts][::-1]
        ax.barh(range(len(values)), values, color="#c55a11")
        ax.set_yticks(range(len(values)), names)
        for i, v in enumerate(values):
            ax.text(v, i, f" {v}", va="center", fontsize=8)
        ax.set_xlabel("问题数")
        _integer_axis(ax.xaxis)
    else:
        ax.text(0.5, 0.5, "未发现问题", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
    ax.set_title(title)
    return Chart("rules", title, fig)


def _coverage_chart(doc: BatchDoc) -> Chart:
    """Coverage: units submitted on time, late, missing, date unknown."""
    counts = doc.coverage_counts()
    title = "报送情况"
    fig = _figure(6.4, 2.6)
    ax = fig.subplots()
    keys = list(counts)
    labels = [status_label(k) for k in keys]
    values = [counts[k] for k in keys]
    ax.bar(labels, values, color=[COVERAGE_COLOURS.get(k, "#555753") for k in keys])
    for i, v in enumerate(values):
        ax.text(i, v, str(v), ha="center", va="bottom", fontsize=9)
    ax.set_ylabel("单位数")
    ax.set_ylim(0, max(values + [1]) * 1.2)
    _integer_axis(ax.yaxis)
    ax.set_title(f"{title}（共{len(doc.units)}个单位）")
    return Chart("coverage", title, fig)


def _figure_chart(doc: BatchDoc, figure_id: str, name: str,
                 by_year: Mapping[str, Mapping[int, float]] | None = None) -> Chart:
    """A chosen figure across units, one bar per unit and year (``by_year``: unit → year →
    value, e.g. last year's from its report; without it, the batch year's from the units)."""
    if by_year is None:  # this year's from the batch, last year's from the unit's previous report
        found: dict[str, dict[int, float]] = {}
        for u in doc.units:
            pair = {doc.year - 1: u.previous_figures.get(figure_id), doc.year: u.figures.get(figure_id)}
            values = {y: float(v) for y, v in pair.items() if isinstance(v, int | float)}
            if values:
                found[u.unit] = values
        by_year = found
    units = sorted(by_year, key=lambda n: (-max(by_year[n].values(), default=0), n))[:BAR_LIMIT]
    years = sorted({y for n in units for y in by_year[n]})
    title = f"{name}（各单位{'、'.join(str(y) for y in years)}年）" if years else name
    fig = _figure(6.4, max(2.4, 0.3 * len(units) * max(1, len(years)) ** 0.5 + 1.2))
    ax = fig.subplots()
    if units and years:
        height = 0.8 / len(years)
        for j, y in enumerate(years):
            pos = [i + j * height for i in range(len(units))]
            ax.barh(pos, [by_year[n].get(y, 0.0) for n in units], height=height, label=f"{y}年")
        ax.set_yticks([i + 0.4 - height / 2 for i in range(len(units))], [_short(n) for n in units])
        ax.invert_yaxis()
        if doc.figure_kinds.get(figure_id) in ("ratio", "yoy"):  # shares and changes as percentages
            from matplotlib.ticker import PercentFormatter

            ax.xaxis.set_major_formatter(PercentFormatter(1.0))
        ax.legend(fontsize=8, loc="lower right")
    else:
        ax.text(0.5, 0.5, "无数据", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
    ax.set_title(title)
    return Chart(f"figure:{figure_id}", title, fig)


def score_chart(doc: BatchDoc) -> Chart:
    with _style():
        return _score_chart(doc)


def rule_chart(doc: BatchDoc) -> Chart:
    with _style():
        return _rule_chart(doc)


def coverage_chart(doc: BatchDoc) -> Chart:
    with _style():
        return _coverage_chart(doc)


def figure_chart(doc: BatchDoc, figure_id: str, name: str,
                 by_year: Mapping[str, Mapping[int, float]] | None = None) -> Chart:
    with _style():
        return _figure_chart(doc, figure_id, name, by_year)


def standard_charts(doc: BatchDoc, figure: tuple[str, str] | None = None,
                    by_year: Mapping[str, Mapping[int, float]] | None = None) -> list[Chart]:
    """The charts every output carries: score, rules, coverage, and one figure when chosen
    (the printed outputs choose ``doc.default_figure()``)."""
    charts = [coverage_chart(doc), score_chart(doc), rule_chart(doc)]
    if figure is not None:
        charts.append(figure_chart(doc, figure[0], figure[1], by_year))
    return charts


def pngs(charts: Sequence[Chart]) -> list[tuple[str, bytes]]:
    return [(c.title, c.png()) for c in charts]

