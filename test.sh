#!/usr/bin/env bash
# Set up if needed (test tools included), then run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")"
scripts/bootstrap.sh dev
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
# -X warn_default_encoding: an open() without encoding= is an EncodingWarning, an error here.
exec .venv/bin/python -X warn_default_encoding -m pytest "$@"
