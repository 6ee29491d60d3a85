"""Build the double-click program with PyInstaller, then smoke-test it.

    .venv/bin/python build_spec/build.py                 # -> dist/ReviewDesk/ (macOS: dist/ReviewDesk.app)
    .venv/bin/python build_spec/build.py --no-test       # build only
    .venv/bin/python build_spec/build.py --dist D --work W
    .venv/bin/python build_spec/build.py --install-desktop   # Linux: add it to the application menu

The smoke test runs ``<bundle>/ReviewDesk --self-test`` offscreen: the built program opens
the bundled samples in its window, analyses them in worker processes and checks the
expected findings. See build_spec/README.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "build_spec" / "reviewdesk.spec"
sys.path.insert(0, str(ROOT))

from core.paths import APP_NAME  # noqa: E402


def executable(dist: Path) -> Path:
    """The program inside a finished build."""
    if sys.platform == "darwin":
        return dist / f"{APP_NAME}.app" / "Contents" / "MacOS" / APP_NAME
    if sys.platform == "win32":
        return dist / APP_NAME / f"{APP_NAME}.exe"
    return dist / APP_NAME / APP_NAME


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def build(dist: Path, work: Path, clean: bool = False, env: dict[str, str] | None = None) -> float:
    cmd = [
        sys.executable, "-m", "PyInstaller", str(SPEC),
        "--noconfirm", "--log-level", "WARN",
        "--distpath", str(dist), "--workpath", str(work),
    ]  # fmt: skip
    if clean:
        cmd.append("--clean")
    start = time.monotonic()
    subprocess.run(cmd, check=True, cwd=ROOT, env=env)
    exe = executable(dist)
    strip_python(exe.parents[2] if sys.platform == "darwin" else exe.parent)
    return time.monotonic() - start


def strip_python(bundle: Path) -> int:
    """Linux: drop libpython's debug symbols (a pyenv build carries 17 MB of them). Only
    libpython: the libraries auditwheel patched (OpenCV's, numpy's) break when stripped."""
    tool = shutil.which("strip")
    if sys.platform != "linux" or tool is None:
        return 0
    saved = 0
    for lib in bundle.rglob("libpython3*.so*"):
        if lib.is_file() and not lib.is_symlink():
            before = lib.stat().st_size
            subprocess.run([tool, "--strip-debug", str(lib)], check=True)
            saved += before - lib.stat().st_size
    return saved


def self_test(exe: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", REVIEWDESK_NO_CRASH_DIALOG="1")
    return subprocess.run(
        [str(exe), "--self-test"], env=env, capture_output=True, text=True, encoding="utf-8", timeout=timeout, check=False
    )


def install_desktop(dist: Path) -> None:
    """Linux: a menu entry and "Open with" for PDF/HTML/TXT/DOCX, for this user only."""
    exe = executable(dist).resolve()
    home = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
    apps = home / "applications"
    icons = home / "icons" / "hicolor" / "256x256" / "apps"
    apps.mkdir(parents=True, exist_ok=True)
    icons.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ROOT / "resources" / "icons" / "reviewdesk.png", icons / "reviewdesk.png")
    text = (ROOT / "build_spec" / "reviewdesk.desktop").read_text(encoding="utf-8")
    text = text.replace("Exec=ReviewDesk %F", f'Exec="{exe}" %F')
    (apps / "reviewdesk.desktop").write_text(text, encoding="utf-8")
    if shutil.which("update-desktop-database"):
        subprocess.run(["update-desktop-database", str(apps)], check=False)
    print(f"已安装菜单项：{apps / 'reviewdesk.desktop'}")


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description="Build ReviewDesk with PyInstaller and smoke-test it.")
    p.add_argument("--dist", type=Path, default=ROOT / "dist")
    p.add_argument("--work", type=Path, default=ROOT / "build")
    p.add_argument("--clean", action="store_true", help="empty PyInstaller's cache first")
    p.add_argument("--no-test", action="store_true", help="skip the --self-test of the result")
    p.add_argument("--install-desktop", action="store_true", help="Linux: add a menu entry for this user")
    args = p.parse_args(argv)

    seconds = build(args.dist, args.work, args.clean)
    exe = executable(args.dist)
    bundle = exe.parents[2] if sys.platform == "darwin" else exe.parent
    print(f"built {bundle} in {seconds:.0f} s, {folder_size(bundle) / 1e6:.0f} MB")
    if not args.no_test:
        res = self_test(exe)
        sys.stdout.write(res.stdout)
        sys.stderr.write(res.stderr)
        if res.returncode != 0:
            print(f"self-test FAILED (exit {res.returncode})")
            return 1
    if args.install_desktop:
        install_desktop(args.dist)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
