"""Reports shaped like real pages and exports (tests/gen_variants.py): every case reads
back cell for cell with the right year, agency and date, and gives exactly the findings
its truth names — none on a clean report."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.pipeline import check_file
from tests import fixturegen as fg
from tests import gen_variants as gv
from tests.test_generated import _assert_findings, _assert_read_back

CASES = gv.cases()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_variant(case: gv.Case, tmp_path: Path) -> None:
    path, spec, expects = case.build(tmp_path)
    rep = check_file(path).to_dict()
    encoding = (("encoding", "utf-8"),) if case.kind in ("txt", "html") else ()
    _assert_read_back(spec, rep, fg.Variant(case.name, case.kind, encoding))
    _assert_findings(expects, rep)
