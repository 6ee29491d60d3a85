#!/usr/bin/env bash
# The .deb as a desk meets it: install it with apt, start the program from its desktop entry's
# Exec line under Xvfb with a report as argument, run --self-test, remove it, and check that
# the reviewer's data stayed. Needs root (apt), Xvfb and xdotool (installed here if missing).
#
#   sudo build_spec/deb_roundtrip.sh dist/reviewdesk_<version>_<arch>.deb [SCREENSHOT.png]
#
# Exit 0 when every step held; otherwise the step that failed is named on stderr.
set -euo pipefail
deb=$(realpath "$1")
shot=${2:-}
here=$(cd "$(dirname "$0")/.." && pwd)
report="$here/resources/samples/示例-有问题的报告.pdf"
unset XDG_DATA_HOME XDG_CONFIG_HOME XDG_CACHE_HOME REVIEWDESK_HOME
fail() { echo "deb round trip: $*" >&2; exit 1; }
# apt waits for another apt (a fresh desk's unattended upgrades) instead of failing at once.
apt_get() { apt-get -o DPkg::Lock::Timeout=300 -y -q "$@"; }

[ "$(id -u)" = 0 ] || fail "needs root (apt-get install)"
need=()
command -v Xvfb >/dev/null || need+=(xvfb)
command -v xdotool >/dev/null || need+=(xdotool)
if [ ${#need[@]} -gt 0 ]; then
  apt_get install --no-install-recommends "${need[@]}" >/dev/null 2>&1 ||
    { apt_get update >/dev/null 2>&1 && apt_get install --no-install-recommends "${need[@]}" >/dev/null; }
fi

# A reviewer's home with data the package must never touch.
home=$(mktemp -d)
data="$home/.local/share/ReviewDesk"
mkdir -p "$data"
echo "审阅记录" > "$data/keep-me.txt"
cleanup() {
  [ -n "${xvfb_pid:-}" ] && kill "$xvfb_pid" 2>/dev/null || true
  [ -n "${app_pid:-}" ] && kill "$app_pid" 2>/dev/null || true
  rm -rf "$home"
}
trap cleanup EXIT

echo "1. apt-get install $(basename "$deb")"
apt_get install --no-install-recommends "$deb" >/dev/null || fail "apt-get install failed"
[ -x /opt/reviewdesk/ReviewDesk ] || fail "/opt/reviewdesk/ReviewDesk missing"
command -v reviewdesk >/dev/null || fail "reviewdesk not on the PATH"
entry=/usr/share/applications/reviewdesk.desktop
[ -f "$entry" ] || fail "desktop entry missing"
grep -q '^Name\[zh_CN\]=年报审阅台$' "$entry" || fail "desktop entry has no Chinese name"
grep -q '^MimeType=.*application/pdf' "$entry" || fail "desktop entry opens no PDF"
[ -f /usr/share/icons/hicolor/256x256/apps/reviewdesk.png ] || fail "icon missing"

echo "2. --self-test"
HOME="$home" reviewdesk --self-test || fail "--self-test failed"

echo "3. the desktop entry's Exec line with a report, under Xvfb"
exec_line=$(sed -n 's/^Exec=//p' "$entry" | head -n 1)
# %F is the file manager's list of files: the one report, quoted as a desktop would.
cmd=${exec_line//%F/\"$report\"}
display=:$((90 + RANDOM % 9))
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
sleep 1
HOME="$home" DISPLAY="$display" QT_QPA_PLATFORM=xcb REVIEWDESK_NO_CRASH_DIALOG=1 bash -c "exec $cmd" \
  >"$home/app.log" 2>&1 &
app_pid=$!
title=""
for _ in $(seq 1 60); do
  # The window whose title names the report (Qt's hidden group-leader window is titled
  # 年报审阅台 alone, and may come first in a search for the program's name).
  title=$(DISPLAY="$display" xdotool search --onlyvisible --name '示例-有问题的报告' getwindowname 2>/dev/null | head -n 1 || true)
  case "$title" in *示例-有问题的报告*) break ;; esac
  kill -0 "$app_pid" 2>/dev/null || { cat "$home/app.log" >&2; fail "the program exited"; }
  sleep 1
done
case "$title" in *示例-有问题的报告*) echo "   window: $title" ;; *) cat "$home/app.log" >&2; fail "no window showing the report (title: '$title')" ;; esac
if [ -n "$shot" ] && command -v import >/dev/null; then
  sleep 2
  DISPLAY="$display" import -window root "$shot" && echo "   screenshot: $shot"
fi
kill "$app_pid"; wait "$app_pid" 2>/dev/null || true; app_pid=""

echo "4. apt-get remove"
apt_get remove reviewdesk >/dev/null || fail "apt-get remove failed"
[ ! -e /opt/reviewdesk ] || fail "/opt/reviewdesk left behind"
[ ! -e /usr/bin/reviewdesk ] && [ ! -e /usr/bin/reviewdesk-cli ] || fail "reviewdesk still in /usr/bin"
[ ! -e "$entry" ] || fail "desktop entry left behind"
[ -f "$data/keep-me.txt" ] || fail "the reviewer's data was removed"
echo "deb round trip: installed, started from its desktop entry, self-tested, removed; the reviewer's data kept"
