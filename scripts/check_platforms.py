"""Does every pinned dependency exist, as a wheel, on the desks reviewers use?

For each target platform, pip resolves requirements.txt as it would install it there
(`pip install --dry-run --only-binary=:all: --platform … --python-version …`; PyPI serves the
wheels' metadata on its own, so nothing large is downloaded). Where the whole set does not
resolve, each pinned line is tried alone to name what is missing. The result is a Markdown
table (README's dependency list quotes it) and exit status 1 if anything is missing.

    .venv/bin/python scripts/check_platforms.py [--python 3.11] [--json]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _manylinux(arch: str, newest: int = 39) -> list[str]:
    # pip does not widen an explicit manylinux tag to older glibc versions: name them all.
    return [f"manylinux_2_{minor}_{arch}" for minor in range(newest, 16, -1)] + [f"manylinux2014_{arch}"]


def _macos(arch: str, newest: int = 15) -> list[str]:
    tags = [f"macosx_{major}_0_{a}" for major in range(newest, 10, -1) for a in (arch, "universal2")]
    return tags + [f"macosx_10_{minor}_{a}" for minor in range(15, 8, -1) for a in (arch, "universal2")]


# name shown, platform tags pip may take (newest first), who sits at such a desk
TARGETS: dict[str, tuple[list[str], str]] = {
    "windows-x86_64": (["win_amd64"], "Windows 10/11 (most reviewers)"),
    "linux-x86_64": (_manylinux("x86_64"), "UOS / 麒麟 / Ubuntu on Intel/AMD (glibc ≥ 2.34 for Qt 6.12)"),
    "linux-aarch64": (_manylinux("aarch64"), "UOS / 麒麟 on Kunpeng / Phytium"),
    "macos-arm64": (_macos("arm64"), "Apple silicon"),
    "macos-x86_64": (_macos("x86_64"), "Intel Macs"),
}


@dataclass
class Result:
    target: str
    ok: bool
    missing: dict[str, str] = field(default_factory=dict)  # requirement -> pip's reason
    needs: str = ""  # the newest system the chosen wheels ask for (glibc or macOS), and by whom


def _pinned(requirements: Path) -> list[str]:
    lines = []
    for raw in requirements.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            lines.append(line)
    return lines


def _resolve(reqs: list[str], tags: list[str], python: str) -> tuple[bool, str, list[str]]:
    """(resolved, pip's errors, the wheel file names it chose)."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        cmd = [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--quiet",
               "--disable-pip-version-check", "--only-binary=:all:", "--python-version", python,
               "--implementation", "cp", "--target", str(Path(tmp) / "t"), "--report", str(report)]
        for tag in tags:
            cmd += ["--platform", tag]
        proc = subprocess.run(cmd + reqs, capture_output=True, text=True, encoding="utf-8", errors="replace")
        wheels = []
        if proc.returncode == 0 and report.exists():
            doc = json.loads(report.read_text(encoding="utf-8"))
            wheels = [item["download_info"]["url"].rsplit("/", 1)[-1] for item in doc.get("install", [])]
    errors = [ln for ln in proc.stderr.splitlines() if ln.startswith("ERROR")]
    return proc.returncode == 0, " ".join(errors), wheels


def _needs(wheels: list[str]) -> str:
    """The newest glibc / macOS among the wheels' platform tags, and the wheel that asks for it."""
    best: tuple[tuple[int, int], str, str] | None = None
    for name in wheels:
        for kind, pattern in (("glibc", r"manylinux_(\d+)_(\d+)_"), ("macOS", r"macosx_(\d+)_(\d+)_")):
            found = [(int(a), int(b)) for a, b in re.findall(pattern, name)]
            if kind == "glibc" and "manylinux2014" in name:
                found.append((2, 17))
            if found:
                version = min(found)  # a wheel with several tags runs where its oldest tag does
                if best is None or version > best[0]:
                    best = (version, kind, name.split("-")[0])
    return f"{best[1]} ≥ {best[0][0]}.{best[0][1]} ({best[2]})" if best else ""


def _reason(text: str) -> str:
    found = re.search(r"requirement (\S+)", text)
    return f"no wheel for {found.group(1)}" if found else (text[:200] or "pip failed")


def check(target: str, python: str, reqs: list[str]) -> Result:
    tags, _ = TARGETS[target]
    ok, _err, wheels = _resolve(reqs, tags, python)
    if ok:
        return Result(target, True, needs=_needs(wheels))
    missing = {}
    for req in reqs:
        one_ok, err, _ = _resolve([req], tags, python)
        if not one_ok:
            missing[req] = _reason(err)
    return Result(target, False, missing)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--python", default="3.11", help="Python version of the build (default 3.11)")
    ap.add_argument("--requirements", type=Path, default=ROOT / "requirements.txt")
    ap.add_argument("--target", action="append", choices=sorted(TARGETS), help="default: all")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    reqs = _pinned(args.requirements)
    results = [check(t, args.python, reqs) for t in (args.target or list(TARGETS))]
    if args.json:
        print(json.dumps([r.__dict__ for r in results], ensure_ascii=False, indent=1))
    else:
        print(f"| platform | desks | Python {args.python}, {len(reqs)} pinned requirements |")
        print("|---|---|---|")
        for r in results:
            what = f"all resolve as wheels; needs {r.needs or 'nothing more'}" if r.ok else "missing: " + "; ".join(
                f"`{req}` ({why})" for req, why in r.missing.items())
            print(f"| {r.target} | {TARGETS[r.target][1]} | {what} |")
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
