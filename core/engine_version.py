"""Which program judged: ``engine_version`` on every report object and batch object.

The program's version, the commit it was built from, and a hash of the data that decides
findings (resources/rules and resources/formats), so two runs with different rules never
show the same string even on one commit. Computed once per process."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from core import __version__
from core.paths import resources_dir

# The data whose change changes findings (directories under resources/).
RULE_DATA = ("rules", "formats")


def _git_dir(root: Path) -> Path | None:
    dot = root / ".git"
    if dot.is_dir():
        return dot
    if dot.is_file():  # a worktree: "gitdir: /path"
        text = dot.read_text(encoding="utf-8").strip()
        if text.startswith("gitdir:"):
            return Path(text.split(":", 1)[1].strip())
    return None


def _commit(root: Path) -> str:
    """The checked-out commit, read from the files (no git process); a build's BUILD_COMMIT
    file (written by the packager) where there is no repository; "" when neither."""
    stamp = resources_dir() / "BUILD_COMMIT"
    try:
        if stamp.is_file():
            return stamp.read_text(encoding="utf-8").strip()
        git = _git_dir(root)
        if git is None:
            return ""
        head = (git / "HEAD").read_text(encoding="utf-8").strip()
        if not head.startswith("ref:"):
            return head
        ref = head.split(":", 1)[1].strip()
        common = git
        if (git / "commondir").is_file():
            common = (git / (git / "commondir").read_text(encoding="utf-8").strip()).resolve()
        for base in (git, common):
            if (base / ref).is_file():
                return (base / ref).read_text(encoding="utf-8").strip()
        packed = common / "packed-refs"
        if packed.is_file():
            for line in packed.read_text(encoding="utf-8").splitlines():
                if line.endswith(" " + ref):
                    return line.split(" ", 1)[0]
    except OSError:
        return ""
    return ""


def rules_digest(base: Path | None = None) -> str:
    """SHA-256 over the rule data's file names and bytes, in a fixed order."""
    base = base or resources_dir()
    h = hashlib.sha256()
    for sub in RULE_DATA:
        folder = base / sub
        if not folder.is_dir():
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            h.update(path.relative_to(base).as_posix().encode("utf-8") + b"\0")
            h.update(path.read_bytes() + b"\0")
    return h.hexdigest()


def build_date() -> str:
    """The day a packaged build was made (its BUILD_DATE file, written by the spec), or ""
    when the program runs from its source."""
    stamp = resources_dir() / "BUILD_DATE"
    try:
        return stamp.read_text(encoding="utf-8").strip() if stamp.is_file() else ""
    except OSError:
        return ""


@cache
def engine_version() -> str:
    """e.g. "ReviewDesk 0.1.0 (commit 5a4640bc1e; rules 3f2a…)"."""
    commit = _commit(Path(__file__).resolve().parent.parent)
    return f"ReviewDesk {__version__} (commit {commit[:10] or 'unknown'}; rules {rules_digest()[:12]})"
