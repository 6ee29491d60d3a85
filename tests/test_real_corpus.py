"""Every report in tests/corpus/real is read without a traceback, its format and
year recognised (MANIFEST.tsv says what they are), its tables extracted where the file
holds them."""

from __future__ import annotations

import csv

import pytest

from core.pipeline import check_file
from tests.corpus import corpus_path


def _manifest() -> list[dict[str, str]]:
    with corpus_path("real/MANIFEST.tsv").open(encoding="utf-8") as fh:
        return [r for r in csv.DictReader(fh, delimiter="\t") if r["year"].isdigit()]


def _template(notes: str) -> str | None:
    if "2021 template" in notes:
        return "2021"
    if "2019 trial template" in notes:
        return "2019"
    if "pre-2019 old template" in notes:
        return "2008"
    return None


ROWS = _manifest()


@pytest.mark.parametrize("row", ROWS, ids=[r["file"] for r in ROWS])
def test_read_and_recognised(row: dict[str, str]) -> None:
    rep = check_file(corpus_path(f"real/{row['file']}"))
    assert rep.error is None, rep.error
    assert rep.year == int(row["year"])
    expected = _template(row["notes"])
    if expected:
        assert rep.template == expected
    has_tables = "excerpt" not in row["file"] and expected in ("2019", "2021")
    if has_tables:
        assert {"applications", "reviews"} <= set(rep.tables), sorted(rep.tables)
        # Nearly every row of the applications table is there.
        assert len(rep.tables["applications"]) >= 20
    for f in rep.findings:
        assert f.message and f.severity in ("error", "warning", "info")


def test_blank_template_is_not_a_report() -> None:
    """The blank Word template of the 2021 format holds no report: tables without numbers."""
    rep = check_file(corpus_path("real/_reference/template_2021_blank_format.docx"))
    # Either refused as no report, or read as a 2021 table layout with every cell blank.
    if rep.error is None:
        assert rep.template == "2021"
        values = [c.value for rows in rep.tables.values() for cols in rows.values() for c in cols.values()]
        assert values and all(v is None for v in values)
