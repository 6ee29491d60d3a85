#!/usr/bin/env bash
# Set-up on a fresh machine, idempotent and quick when nothing changed:
#   1. the system packages Qt needs for a window and for Chinese text (Debian/Ubuntu),
#   2. a virtual environment in .venv with the pinned packages.
# Usage: scripts/bootstrap.sh [run|dev]   (dev adds the test and build tools)
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-run}"
req=requirements.txt; [ "$mode" = dev ] && req=requirements-dev.txt

# --- system packages -------------------------------------------------------------------
# Qt's xcb platform plugin and fonts: without them the window fails inside Qt or draws
# boxes for every Chinese character.
apt_pkgs=(libegl1 libgl1 libglib2.0-0 libfontconfig1 libdbus-1-3 libxkbcommon0 libxkbcommon-x11-0
          libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
          libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 fonts-wqy-microhei)
# dev: xvfb for a real X server if wanted; binutils (objcopy, objdump) for the PyInstaller build.
[ "$mode" = dev ] && apt_pkgs+=(xvfb binutils)
if [ "$(uname -s)" = Linux ] && command -v dpkg >/dev/null 2>&1; then
  missing=()
  for p in "${apt_pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || missing+=(python3-venv)
  if [ ${#missing[@]} -gt 0 ]; then
    # A fresh desktop runs unattended upgrades at boot: wait for apt's lock (with a word
    # saying so) instead of failing at once, then say what to do if it never came free.
    apt_wait=(-o DPkg::Lock::Timeout="${APT_LOCK_WAIT:-600}")
    lock_hint() {
      echo "未能安装系统软件包：${missing[*]}。若软件包管理器正被其他程序（如开机后的自动更新）占用，已等待 ${APT_LOCK_WAIT:-600} 秒仍未释放。" >&2
      echo "请等它结束后重新运行；或自行执行：sudo apt-get install ${missing[*]}" >&2
    }
    if fuser /var/lib/dpkg/lock-frontend >/dev/null 2>&1; then
      echo "正在等待其他程序（如自动更新）释放软件包管理器……" >&2
    fi
    if [ "$(id -u)" = 0 ]; then
      echo "安装系统软件包：${missing[*]}" >&2
      (apt-get "${apt_wait[@]}" install -y --no-install-recommends "${missing[@]}" >/dev/null 2>&1 ||
        { apt-get "${apt_wait[@]}" update >/dev/null 2>&1 &&
          apt-get "${apt_wait[@]}" install -y --no-install-recommends "${missing[@]}" >/dev/null; }) || { lock_hint; exit 1; }
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      { sudo apt-get "${apt_wait[@]}" update >/dev/null &&
        sudo apt-get "${apt_wait[@]}" install -y --no-install-recommends "${missing[@]}" >/dev/null; } || { lock_hint; exit 1; }
    else
      echo "缺少系统软件包：${missing[*]}" >&2
      echo "请让管理员执行：sudo apt-get install ${missing[*]}" >&2
      echo "（没有它们，窗口可能无法打开，中文会显示成方框；命令行检查 main.py check 不受影响。）" >&2
    fi
  fi
fi

# --- Python ------------------------------------------------------------------------------
py="${PYTHON:-python3}"
if ! "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "需要 Python 3.11 或更高版本（当前：$("$py" --version 2>&1 || echo 无)）。" >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  if ! "$py" -c 'import ensurepip, venv' >/dev/null 2>&1; then
    echo "Python 缺少 venv/ensurepip 模块，无法创建 .venv。请让管理员执行：sudo apt-get install python3-venv" >&2
    exit 1
  fi
  "$py" -m venv .venv
fi
stamp=.venv/.installed-$mode
want=$(cat requirements.txt "$req" | sha256sum | cut -c1-16)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check -r "$req"
  echo "$want" > "$stamp"
fi
