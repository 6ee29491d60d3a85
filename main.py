"""年报审阅台 (ReviewDesk).

    python main.py                       open the review window
    python main.py FILE_OR_FOLDER …      open those reports in the window
    python main.py check PATH … [--json] the headless check (see README / output contract)
"""

from __future__ import annotations

import sys


def main(argv: list[str]) -> int:
    if argv and argv[0] == "check":
        from core.cli import run_check

        return run_check(argv[1:])
    from gui.app import run

    return run(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
