"""Package the one-folder build as a .deb for Debian, Ubuntu, 统信 UOS and 麒麟 Kylin desks.

    .venv/bin/python build_spec/build.py --no-test          # -> dist/ReviewDesk/
    .venv/bin/python build_spec/make_deb.py                 # -> dist/reviewdesk_<version>_<arch>.deb

What it installs (nothing is downloaded after installation, nothing is run at install):
- the program folder under /opt/reviewdesk/;
- `reviewdesk` (the window) and `reviewdesk-cli` (the headless check) on the PATH, as links;
- a desktop entry with the Chinese name, the icon and the MIME types the program opens, so the
  file manager's 打开方式 / "Open with" offers it for PDF, Word, HTML, text and image files.
Removing the package (apt-get remove) removes these and nothing else: the reviewer's notes,
corrections and settings live in the user's data folder, which no package touches.

Only dpkg-deb (Debian's dpkg) is used: no tool from outside the distribution's registry.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core import __version__  # noqa: E402
from core.paths import APP_NAME  # noqa: E402

PACKAGE = "reviewdesk"
PREFIX = Path("opt") / PACKAGE
# What the bundle does not carry and Qt's xcb platform plugin needs on a desk (the same list
# scripts/bootstrap.sh installs for a source checkout, fonts aside: the bundle has its own).
DEPENDS = [
    "libc6 (>= 2.34)",  # PySide6 6.12's wheels are built for glibc 2.34 (scripts/check_platforms.py)
    "libegl1", "libgl1", "libglib2.0-0", "libfontconfig1", "libdbus-1-3", "libxkbcommon0",
    "libxkbcommon-x11-0", "libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1", "libxcb-image0",
    "libxcb-render-util0", "libxcb-shape0", "libxcb-xinerama0", "libxcb-xkb1",
]
DESCRIPTION = """\
年报审阅台 — review desk for government information disclosure annual reports
 Opens 政府信息公开工作年度报告 (PDF, Word, saved web pages, text, scans), reads their
 three standard tables, checks every total, the 勾稽关系, the text against the tables,
 the format against the year and the publication deadline, and keeps the reviewer's
 notes, corrections and sign-offs in a local store. Headless: reviewdesk-cli check."""


def architecture() -> str:
    out = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True,
                         encoding="utf-8", check=True)
    return out.stdout.strip()


def desktop_entry() -> str:
    text = (ROOT / "build_spec" / "reviewdesk.desktop").read_text(encoding="utf-8")
    lines = []
    for line in text.splitlines():
        if line.startswith("Exec="):
            line = f"Exec={PACKAGE} %F"
        elif line.startswith("Icon="):
            line = f"Icon={PACKAGE}"
        elif line.startswith("# build.py"):
            continue
        lines.append(line)
    return "\n".join(lines) + "\n"


def installed_size_kib(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file() and not p.is_symlink()) // 1024


def stage(bundle: Path, root: Path, version: str, arch: str) -> None:
    """Lay out the package's files under `root`, as they will stand on the desk."""
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(bundle, root / PREFIX, symlinks=True)
    bin_dir = root / "usr" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / PACKAGE).symlink_to(Path("/") / PREFIX / APP_NAME)
    (bin_dir / f"{PACKAGE}-cli").symlink_to(Path("/") / PREFIX / "reviewdesk-cli")
    apps = root / "usr" / "share" / "applications"
    apps.mkdir(parents=True)
    (apps / f"{PACKAGE}.desktop").write_text(desktop_entry(), encoding="utf-8")
    icons = root / "usr" / "share" / "icons" / "hicolor" / "256x256" / "apps"
    icons.mkdir(parents=True)
    shutil.copyfile(ROOT / "resources" / "icons" / "reviewdesk.png", icons / f"{PACKAGE}.png")
    debian = root / "DEBIAN"
    debian.mkdir()
    control = {
        "Package": PACKAGE,
        "Version": version,
        "Architecture": arch,
        "Maintainer": "ReviewDesk developers <reviewdesk@localhost>",
        "Installed-Size": str(installed_size_kib(root)),
        "Depends": ", ".join(DEPENDS),
        "Section": "office",
        "Priority": "optional",
        "Description": DESCRIPTION,
    }
    (debian / "control").write_text("".join(f"{k}: {v}\n" for k, v in control.items()), encoding="utf-8")
    for path in root.rglob("*"):  # dpkg-deb refuses group/other-writable control files
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() or path.stat().st_mode & 0o111 else 0o644)


def build_deb(bundle: Path, out_dir: Path, version: str = __version__, arch: str | None = None,
              level: int = 6) -> Path:
    arch = arch or architecture()
    root = out_dir / f"{PACKAGE}-deb-root"
    stage(bundle, root, version, arch)
    out_dir.mkdir(parents=True, exist_ok=True)
    deb = out_dir / f"{PACKAGE}_{version}_{arch}.deb"
    subprocess.run(["dpkg-deb", "--root-owner-group", "-Zxz", f"-z{level}", "--build", str(root), str(deb)],
                   check=True, capture_output=True, text=True, encoding="utf-8")
    shutil.rmtree(root)
    return deb


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description="Package dist/ReviewDesk as a .deb.")
    p.add_argument("--bundle", type=Path, default=ROOT / "dist" / APP_NAME, help="the one-folder build")
    p.add_argument("--out", type=Path, default=ROOT / "dist")
    p.add_argument("--level", type=int, default=6, help="xz level (0-9)")
    args = p.parse_args(argv)
    if not (args.bundle / APP_NAME).exists():
        print(f"没有找到构建好的程序：{args.bundle / APP_NAME}（先运行 build_spec/build.py）", file=sys.stderr)
        return 2
    if not shutil.which("dpkg-deb"):
        print("需要 dpkg-deb（Debian/Ubuntu/UOS/麒麟 自带）", file=sys.stderr)
        return 2
    deb = build_deb(args.bundle, args.out, level=args.level)
    print(f"{deb}  {deb.stat().st_size / 1e6:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
