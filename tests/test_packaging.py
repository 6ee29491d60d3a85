"""Packaging: the spec's data files, the samples, the crash handler, and the built program.

The slow test builds the one-folder program with PyInstaller (about 45 s here) into a
temporary folder and runs ``ReviewDesk --self-test`` offscreen, the way a reviewer's
double-click would start it, plus the headless ``check`` of the built program.
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "build_spec" / "reviewdesk.spec"
RES = ROOT / "resources"
SAMPLES = RES / "samples"


def _spec_data_dirs() -> dict[str, list[str]]:
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "DATA_DIRS" for t in node.targets
        ):
            return ast.literal_eval(node.value)
    raise AssertionError("DATA_DIRS not found in the spec")


def _env(home: Path) -> dict[str, str]:
    return dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        REVIEWDESK_HOME=str(home),
        REVIEWDESK_NO_CRASH_DIALOG="1",
        PYTHONPATH=str(ROOT),
    )


# --- fast: what the spec lists ------------------------------------------------------------
def test_spec_lists_every_resources_folder() -> None:
    listed = _spec_data_dirs()
    folders = {p.name for p in RES.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))}
    assert folders <= set(listed), f"resources/ folders missing from the spec: {folders - set(listed)}"
    for folder, patterns in listed.items():
        files = [p for p in (RES / folder).glob("*") if p.is_file()] if (RES / folder).is_dir() else []
        taken = {p for pat in patterns for p in (RES / folder).glob(pat)}
        # Everything shipped in a folder is matched, except sources that are compiled (.ts).
        left = [p.name for p in files if p not in taken and p.suffix not in (".ts",) and p.name != "README.md"]
        assert not left, f"resources/{folder}: not in the spec's patterns: {left}"
    for needed in ("formats", "i18n", "fonts", "samples", "icons"):
        assert any((RES / needed).glob(pat) for pat in listed[needed]), f"resources/{needed} is empty"


def test_spec_settings() -> None:
    text = SPEC.read_text(encoding="utf-8")
    assert "from core import __version__" in text
    assert "upx=True" not in text and "upx=False" in text
    assert "console=not (WINDOWS or MACOS)" in text
    for excluded in ("PySide6.QtWebEngineCore", "PySide6.QtQml", "tkinter"):
        assert f'"{excluded}"' in text
    for uti in ("com.adobe.pdf", "public.html", "public.plain-text", "wordprocessingml.document"):
        assert uti in text  # macOS "Open with"
    desktop = (ROOT / "build_spec" / "reviewdesk.desktop").read_text(encoding="utf-8")
    mime = next(line for line in desktop.splitlines() if line.startswith("MimeType="))
    for m in ("application/pdf", "text/html", "text/plain", "wordprocessingml.document"):
        assert m in mime
    assert "Exec=ReviewDesk %F" in desktop


def test_icons_are_small_and_readable() -> None:
    for name in ("reviewdesk.png", "reviewdesk.ico", "reviewdesk.icns"):
        path = RES / "icons" / name
        assert path.exists() and 0 < path.stat().st_size < 64_000, name
    assert (RES / "icons" / "reviewdesk.ico").read_bytes()[:4] == b"\0\0\1\0"
    assert (RES / "icons" / "reviewdesk.icns").read_bytes()[:4] == b"icns"


# --- fast: the samples say what expected.json says -----------------------------------------
@pytest.mark.slow  # several seconds (OCR or the window offscreen); the full suite runs it
def test_samples_match_expected() -> None:
    from core.pipeline import analyze

    expected = json.loads((SAMPLES / "expected.json").read_text(encoding="utf-8"))
    assert len(expected) == 5 and {Path(n).suffix for n in expected} == {".pdf", ".txt"}
    assert [n for n, want in expected.items() if want.get("ocr")] == ["scanned/示例-一致的报告（扫描件）.pdf"]
    for name, want in expected.items():
        report = analyze(SAMPLES / name).report
        assert not report.error, name
        assert report.ocr == bool(want.get("ocr")), name
        assert report.template == "2021" and report.year == 2024
        rules = [f.rule for f in report.findings]
        for rule, least in want["findings"].items():
            assert rules.count(rule) >= least, (name, rules)
        if want["clean"]:
            assert not [f for f in report.findings if f.severity in ("error", "warning")], (name, rules)
        else:  # the newcomer sees red (an error) and grey (a blank cell)
            assert {"error", "warning"} <= {f.severity for f in report.findings}
            assert any(f.rule == "blank_cell" for f in report.findings)


@pytest.mark.slow  # several seconds (OCR or the window offscreen); the full suite runs it
def test_self_test_from_source(tmp_path: Path) -> None:
    res = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--self-test"],
        env=_env(tmp_path), capture_output=True, text=True, encoding="utf-8", timeout=180, check=False,
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    assert "自检通过" in res.stdout
    assert not list(tmp_path.iterdir()), "the self-test must not write to the reviewer's folder"


# (The crash handler's tests: tests/test_crash.py and tests/gui/test_sheet_pdf.py.)


# --- slow: build the program and start it ----------------------------------------------
@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("PyInstaller")
    if sys.platform.startswith("linux") and not shutil.which("objcopy"):
        pytest.skip("binutils (objcopy) missing: scripts/bootstrap.sh dev installs it")
    sys.path.insert(0, str(ROOT / "build_spec"))
    try:
        import build as build_script
    finally:
        sys.path.remove(str(ROOT / "build_spec"))
    base = tmp_path_factory.mktemp("pyinstaller")
    # PyInstaller's cache goes to the temporary folder too, never to the real home.
    env = dict(os.environ, PYINSTALLER_CONFIG_DIR=str(base / "config"))
    start = time.monotonic()
    build_script.build(base / "dist", base / "work", env=env)
    print(f"\nPyInstaller build: {time.monotonic() - start:.0f} s")
    exe = build_script.executable(base / "dist")
    assert exe.exists(), exe
    return exe


@pytest.mark.slow
def test_built_program_self_test(built: Path, tmp_path: Path) -> None:
    env = _env(tmp_path)
    env.pop("PYTHONPATH")  # the built program must not need the source tree
    res = subprocess.run(
        [str(built), "--self-test"], env=env, capture_output=True, text=True, encoding="utf-8", timeout=300, check=False,
        cwd=tmp_path,
    )  # fmt: skip
    assert res.returncode == 0, res.stdout + res.stderr
    assert "自检通过" in res.stdout


@pytest.mark.slow
def test_built_program_contents_and_check(built: Path, tmp_path: Path) -> None:
    internal = built.parent / "_internal"
    plugins = next(internal.rglob("plugins/platforms")).parent
    for needed in ("platforms/libqoffscreen.so", "platforms/libqxcb.so", "imageformats/libqico.so"):
        assert (plugins / needed).exists(), needed
    assert list(internal.rglob("libQt6Pdf.so*")), "QtPdf library missing"
    assert not list(internal.rglob("libQt6WebEngine*")), "QtWebEngine should be excluded"
    for folder in ("formats", "i18n", "fonts", "samples", "icons"):
        assert any((internal / "resources" / folder).iterdir()), folder
    assert not list((internal / "resources" / "i18n").glob("*.ts"))
    env = _env(tmp_path)
    env.pop("PYTHONPATH")
    faulty = internal / "resources" / "samples" / "示例-有问题的报告.txt"
    res = subprocess.run(
        [str(built.parent / "reviewdesk-cli"), "check", str(faulty), "--json"],
        env=env, capture_output=True, text=True, encoding="utf-8", timeout=120, check=False,
    )  # fmt: skip
    assert res.returncode == 1, res.stderr  # 1 = an error finding, as the output contract says
    rules = [f["rule"] for f in json.loads(res.stdout)["findings"]]
    assert "column_sum" in rules and "blank_cell" in rules
    # The OCR engine and its models ride along, and read the scanned sample offline.
    for model in ("PP-OCRv6_det_small.onnx", "PP-OCRv6_rec_small.onnx"):
        assert list(internal.rglob(model)), model
    assert list(internal.rglob("libonnxruntime*")), "onnxruntime library missing"
    scan = internal / "resources" / "samples" / "scanned" / "示例-一致的报告（扫描件）.pdf"
    res = subprocess.run(
        [str(built.parent / "reviewdesk-cli"), "check", str(scan), "--json"],
        env=env, capture_output=True, encoding="utf-8", timeout=180, check=False,
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    report = json.loads(res.stdout)
    assert report["ocr"] is True and report["template"] == "2021" and not report["findings"], report
    size = sum(p.stat().st_size for p in built.parent.rglob("*") if p.is_file() and not p.is_symlink())
    print(f"\nbundle size: {size / 2**20:.0f} MB")


@pytest.mark.slow
@pytest.mark.skipif(
    not (sys.platform.startswith("linux") and shutil.which("dpkg-deb") and shutil.which("apt-get")
         and hasattr(os, "geteuid") and os.geteuid() == 0),
    reason="the .deb round trip installs with apt: a Debian-family system as root (CI is)",
)  # fmt: skip
def test_deb_round_trip(built: Path, tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "build_spec"))
    try:
        import make_deb
    finally:
        sys.path.remove(str(ROOT / "build_spec"))
    deb = make_deb.build_deb(built.parent, tmp_path, level=1)  # release builds use -z6; here speed
    res = subprocess.run(
        ["bash", str(ROOT / "build_spec" / "deb_roundtrip.sh"), str(deb)],
        capture_output=True, text=True, encoding="utf-8", timeout=900, check=False,
    )  # fmt: skip
    assert res.returncode == 0, res.stdout + res.stderr
    assert "the reviewer's data kept" in res.stdout
    assert "window: " in res.stdout and "示例-有问题的报告" in res.stdout
