"""Row labels of the standard tables, read by OCR with a character or two wrong, put right
from the labels the report formats print (resources/formats).

On a poor scan "1.属于国家秘密" comes out "1.周于国家秘图"; no row key matches it, the row
is reported missing and its seven numbers are lost. Such a reading is replaced by the one
known label it is closest to — only when it has the same length (OCR misreads a glyph, it
seldom adds or drops one inside a label), agrees on most characters, no key of any row
already matches it, and no other label is nearly as close. A repaired line is named in the
report's notes, so nothing is changed silently.
"""

from __future__ import annotations

import re
from functools import cache

# Share of characters (same place) a reading must have in common with a known label.
MIN_AGREEMENT = 0.6
# The best label must beat the second best by this share, or nothing is changed.
MARGIN = 0.15
MIN_LENGTH = 5  # shorter labels (行政许可, 行政处罚…) are too easily taken for one another

# "1." "(三)" "二、" before a label, then the label itself: no digits, no spaces.
_LEAD = re.compile(r"^([(（]?[一二三四五六七八九十\d]{1,2}[)）.．、]?)?([^\d\s]+)(.*)$", re.S)


def _body(label: str) -> str:
    """A format label's own words: "(三)不予公开 1.属于国家秘密" → "属于国家秘密"."""
    last = label.split()[-1] if label.split() else label
    m = _LEAD.match(last)
    return m.group(2) if m else last


_HALF = str.maketrans("（）．、", "().,")


def _agreement(a: str, b: str) -> float:
    """Share of places where two strings of one length agree (full- and half-width
    brackets alike: OCR gives either)."""
    return sum(x == y for x, y in zip(a.translate(_HALF), b.translate(_HALF), strict=True)) / len(a)


@cache
def known() -> tuple[tuple[str, ...], tuple[re.Pattern[str], ...]]:
    """Every row label's own words, and every row key, of every report format."""
    from core.formats import load_formats

    labels: set[str] = set()
    keys: list[re.Pattern[str]] = []
    for fmt in load_formats().values():
        for table in fmt.tables.values():
            for row in table.rows:
                body = _body(row.label)
                if len(body) >= MIN_LENGTH:
                    labels.add(body)
                last = row.label.split()[-1] if row.label.split() else row.label
                if last != body and len(last) >= MIN_LENGTH:
                    labels.add(last)  # with its numbering: "(七)总计", whose words alone are too short
                keys.extend(row.keys)
    return tuple(sorted(labels)), tuple(keys)


def repair(text: str) -> str | None:
    """``text`` with its label put right, or None when it is fine or no label is surely meant."""
    m = _LEAD.match(text)
    if m is None:
        return None
    prefix, body, rest = m.group(1) or "", m.group(2), m.group(3)
    labels, keys = known()
    whole = prefix + body
    if body in labels or whole in labels or any(k.search(body) or k.search(whole) for k in keys):
        return None
    # The label's words ("1.周于国家秘图": 属于国家秘密), or with its numbering when the
    # words alone are short ("(七)思计": (七)总计); the numbering is kept as read.
    for read, head in ((body, prefix), (whole, "")):
        if len(read) < MIN_LENGTH:
            continue
        scored = sorted(
            ((_agreement(read, label), label) for label in labels if len(label) == len(read)), reverse=True
        )
        if not scored or scored[0][0] < MIN_AGREEMENT:
            continue
        if len(scored) > 1 and scored[1][0] > scored[0][0] - MARGIN:
            return None  # two labels nearly as close: no guess
        return head + scored[0][1] + rest
    return None
