"""Property-based tests of the table readers (flattened text, HTML) and the number parser.

Random 2021-format tables, consistent or not, are written out flattened in the ways
scraped reports come (one cell per line, `` |`` pipes, spaces, Markdown, full-width
digits, Traditional labels, noise lines, stray spaces inside labels) or as HTML tables,
wrapped in a minimal report (title, the six headings), and read back through the engine
(``core.check.check_document`` on the reader's Document):

* no exception ever escapes;
* every table written out readably (any layout, any digits or script, noise lines, spaces
  inside row labels) reads back cell for cell.

``parse_cell`` never raises; ``split_run`` only returns splits that satisfy the groups,
and finds the one true split when it is the only one.

Examples per test: ``REVIEWDESK_FUZZ_EXAMPLES`` (default 150; the whole file stays well
under a minute). ``scripts/bench.py --fuzz N`` runs the same case functions N times.
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.check import check_document  # noqa: E402
from core.document import Document  # noqa: E402
from core.model import Report  # noqa: E402
from core.numbers import Group, parse_cell, split_run  # noqa: E402
from core.readers.html import read_html  # noqa: E402
from scripts.gen_corpus import (  # noqa: E402
    Style,
    _s2t,
    fmt_value,
    random_tables,
    report_html,
    report_text,
)

EXAMPLES = int(os.environ.get("REVIEWDESK_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=False,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

_FW = str.maketrans("0123456789.", "０１２３４５６７８９．")


# --------------------------------------------------------------------------- case functions
# Plain functions of a random.Random (and options), shared with scripts/bench.py --fuzz.


def review_text(text: str):  # noqa: ANN201 - Report
    return check_document(Document("fuzz.txt", "txt", text, "utf-8"), Report(file="fuzz.txt", sha256=""))


def review_html(html: str):  # noqa: ANN201 - Report
    return check_document(read_html(html.encode("utf-8"), "fuzz.html"), Report(file="fuzz.html", sha256=""))


def mismatches(tables: dict, report) -> list[tuple]:  # noqa: ANN001
    out = []
    for name, rows in tables.items():
        got = report.tables.get(name, {})
        for row, cols in rows.items():
            for col, value in cols.items():
                cell = got.get(row, {}).get(col)
                if cell is None or cell.value != value:
                    out.append((name, row, col, value, None if cell is None else (cell.value, cell.raw)))
    return out


def random_style(rng: random.Random) -> Style:
    traditional = rng.random() < 0.3
    return Style(
        layout=rng.choice(["lines", "pipes", "spaces", "markdown"]),
        fullwidth=rng.random() < 0.3,
        traditional=traditional,
        noise=rng.choice([0.0, 0.0, 0.3, 1.0]),
        label_spaces=rng.choice([0.0, 0.0, 0.5]),
    )


def text_case(rng: random.Random, style: Style | None = None, consistent: bool | None = None,
              roundtrip: bool = True) -> None:
    """One flattened report through the engine; raises AssertionError on a violated property."""
    consistent = rng.random() < 0.6 if consistent is None else consistent
    tables = random_tables(rng, consistent)
    style = style or random_style(rng)
    text = report_text(tables, style, rng)
    report = review_text(text)  # an exception here is the failure
    assert report.error is None, report.error
    if roundtrip:
        bad = mismatches(tables, report)
        assert not bad, f"{style}: {bad[:5]}"


def html_case(rng: random.Random, roundtrip: bool = True) -> None:
    tables = random_tables(rng, rng.random() < 0.6)
    fullwidth, traditional = rng.random() < 0.3, rng.random() < 0.3
    label = _s2t if traditional else (lambda s: s)
    value = (lambda v: fmt_value(v).translate(_FW)) if fullwidth else fmt_value
    report = review_html(report_html(tables, rng, label=label, value=value))
    assert report.error is None, report.error
    if roundtrip:
        bad = mismatches(tables, report)
        assert not bad, f"fullwidth={fullwidth} traditional={traditional}: {bad[:5]}"


_CELL_ALPHABET = "0123456789０１２３４５６７８９,.+-−—/／ 　万元件无無…*×\\_（）()%e\n\t\x00\ufffd一二三"


def parse_cell_case(rng: random.Random) -> None:
    raw = "".join(rng.choice(_CELL_ALPHABET) for _ in range(rng.randint(0, 24)))
    check_parse_cell(raw)


def check_parse_cell(raw: str) -> None:
    p = parse_cell(raw)
    assert p.status in ("ok", "blank", "placeholder", "not_a_number")
    if p.status == "ok":
        assert isinstance(p.value, int | float)
        assert p.unit in (None, "元", "万元")
    else:
        assert p.value is None


def split_run_case(rng: random.Random) -> None:
    """True cells glued into chunks; every split returned satisfies the groups; truth found."""
    groups = [Group(rng.randint(1, 7), rng.random() < 0.6) for _ in range(rng.randint(1, 3))]
    cells: list[str] = []
    for g in groups:
        vals = [rng.choice([0, 0, 0, rng.randint(1, 9), rng.randint(10, 999)]) for _ in range(g.size - 1 if g.summed else g.size)]
        if g.summed:
            vals.append(sum(vals))
        cells.extend(str(v) for v in vals)
    # glue: cut between some cells only (a cell never spans two chunks)
    chunks, cur = [], ""
    for c in cells:
        cur += c
        if rng.random() < 0.3:
            chunks.append(cur)
            cur = ""
    if cur:
        chunks.append(cur)
    check_split_run(chunks, groups, truth=cells)


def check_split_run(chunks: list[str], groups: list[Group], truth: list[str] | None = None, limit: int = 2) -> None:
    sols = split_run(chunks, groups, limit=limit)
    assert len(sols) <= limit
    text = "".join(chunks)
    bounds = set()
    pos = 0
    for c in chunks[:-1]:
        pos += len(c)
        bounds.add(pos)
    for sol in sols:
        assert len(sol) == sum(g.size for g in groups)
        assert "".join(sol) == text
        assert all(p.isdigit() and (p == "0" or not p.startswith("0")) for p in sol)
        cuts, pos = set(), 0
        for p in sol[:-1]:
            pos += len(p)
            cuts.add(pos)
        assert bounds <= cuts, "a cell spans two chunks"
        i = 0
        for g in groups:
            part = [int(x) for x in sol[i : i + g.size]]
            if g.summed:
                assert sum(part[:-1]) == part[-1]
            i += g.size
    if truth is not None and len(text) <= 12 * len(truth):
        assert sols, f"the true split {truth} was not found"
        if len(sols) == 1:
            assert sols[0] == truth


CASES = {"parse_cell": parse_cell_case, "split_run": split_run_case, "text_table": text_case,
         "html_table": html_case}


# --------------------------------------------------------------------------- hypothesis tests

seeds = st.integers(min_value=0, max_value=2**32 - 1)
styles = st.builds(
    Style,
    layout=st.sampled_from(["lines", "pipes", "spaces", "markdown"]),
    fullwidth=st.booleans(),
    traditional=st.booleans(),
    noise=st.sampled_from([0.0, 0.3, 1.0]),
    label_spaces=st.sampled_from([0.0, 0.5, 1.0]),
    header_spaces=st.booleans(),
    noise_lines=st.lists(st.text(max_size=30), min_size=1, max_size=4),
)


@pytest.mark.slow
@FUZZ
@given(seed=seeds, style=styles, consistent=st.booleans())
def test_text_tables_never_raise(seed: int, style: Style, consistent: bool) -> None:
    """Any flattening, any noise (arbitrary text lines between rows): the review never raises."""
    text_case(random.Random(seed), style, consistent, roundtrip=False)


@pytest.mark.slow
@FUZZ
@given(seed=seeds, consistent=st.booleans())
def test_clean_text_roundtrip(seed: int, consistent: bool) -> None:
    """One value per line, nothing else: every cell reads back as written."""
    text_case(random.Random(seed), Style(layout="lines"), consistent)


@pytest.mark.slow
@FUZZ
@given(seed=seeds, consistent=st.booleans(),
       layout=st.sampled_from(["lines", "pipes", "spaces", "markdown"]),
       fullwidth=st.booleans(), traditional=st.booleans(), noise=st.sampled_from([0.0, 0.5]),
       label_spaces=st.sampled_from([0.0, 0.5]))
def test_styled_text_roundtrip(seed: int, consistent: bool, layout: str, fullwidth: bool, traditional: bool,
                               noise: float, label_spaces: float) -> None:
    """Pipes, spaces, Markdown, ０-９, 繁體 labels, page-number / 续表 noise lines, spaces in row labels."""
    style = Style(layout=layout, fullwidth=fullwidth, traditional=traditional, noise=noise, label_spaces=label_spaces)
    text_case(random.Random(seed), style, consistent)


@pytest.mark.slow
@FUZZ
@given(seed=seeds)
def test_html_tables_roundtrip(seed: int) -> None:
    html_case(random.Random(seed))


@FUZZ
@given(raw=st.text())
def test_parse_cell_any_text(raw: str) -> None:
    check_parse_cell(raw)


@FUZZ
@given(raw=st.text(alphabet=_CELL_ALPHABET, max_size=30))
def test_parse_cell_number_like(raw: str) -> None:
    check_parse_cell(raw)


@FUZZ
@given(seed=seeds)
def test_split_run_glued_truth(seed: int) -> None:
    split_run_case(random.Random(seed))


@FUZZ
@given(chunks=st.lists(st.text(alphabet="0123456789", min_size=1, max_size=8), min_size=1, max_size=5),
       groups=st.lists(st.builds(Group, st.integers(1, 5), st.booleans()), min_size=1, max_size=3),
       limit=st.integers(1, 4))
def test_split_run_any_digits(chunks: list[str], groups: list[Group], limit: int) -> None:
    check_split_run(chunks, groups, limit=limit)


# --------------------------------------------------------------------------- once gaps, now read


def test_space_inside_article20_heading() -> None:
    tables = random_tables(random.Random(1))
    text = report_text(tables, Style()).replace("第二十条第（一）项", "第二十 条第（一）项")
    assert not mismatches(tables, review_text(text))


def test_space_inside_traditional_phrase() -> None:
    tables = random_tables(random.Random(1))
    text = report_text(tables, Style(traditional=True)).replace("大量反覆", "大量反 覆")
    assert "大量反 覆" in text
    assert not mismatches(tables, review_text(text))
