"""The one way tests, benchmarks and screenshots reach the public reports in tests/corpus/.

The reports are kept in the repository (tests/corpus/MANIFEST.tsv says where each came
from), so a missing file is a broken checkout, never a reason to skip: every helper here
raises ``CorpusMissing`` naming the file, and a test that needs it errors loudly.
Plain Python (no pytest), so scripts can import it too.
"""

from __future__ import annotations

from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "corpus"

# Not reports: the MANIFESTs. _reference/ holds a blank template, asked for by name only.
_NOT_REPORTS = {"MANIFEST.tsv"}


class CorpusMissing(FileNotFoundError):
    """A file the tests need is not in tests/corpus/."""


def corpus_path(relative: str, root: Path = CORPUS) -> Path:
    """``corpus_path("real/2024_huaian-city.pdf")``: the file or folder, or ``CorpusMissing``."""
    path = root / relative
    if not path.exists():
        raise CorpusMissing(f"{path} is missing: the test corpus is part of the repository "
                            f"(see tests/corpus/MANIFEST.tsv); restore it with git")
    return path


def real(name: str, root: Path = CORPUS) -> Path:
    return corpus_path(f"real/{name}", root)


def seed(name: str, root: Path = CORPUS) -> Path:
    return corpus_path(f"seeds/{name}", root)


def _listing(folder: str, pattern: str, root: Path) -> list[Path]:
    found = sorted(p for p in corpus_path(folder, root).glob(pattern) if p.is_file() and p.name not in _NOT_REPORTS)
    if not found:
        raise CorpusMissing(f"no {pattern} in {root / folder}: the test corpus is incomplete")
    return found


def seed_files(pattern: str = "*.txt", root: Path = CORPUS) -> list[Path]:
    """The seed reports, sorted by name."""
    return _listing("seeds", pattern, root)


def real_files(pattern: str = "*", root: Path = CORPUS) -> list[Path]:
    """The real reports at the top of real/ (not _reference/, not MANIFEST.tsv), sorted."""
    return _listing("real", pattern, root)
