#!/usr/bin/env bash
# Set up if needed, then start 年报审阅台. Arguments go to main.py
# (files or folders to open, or `check …` for the headless check).
set -euo pipefail
cd "$(dirname "$0")"
scripts/bootstrap.sh run
exec .venv/bin/python main.py "$@"
