"""``batch --out FILE``: the writers by suffix. The 通报 (.docx), the batch workbook (.xlsx)
and the PDF are helper "batchdocs"'s; this is the one registry point they plug into.

A writer is ``fn(batch, reports, path)``: ``batch`` the batch object (the contract's
``"batch"`` value), ``reports`` the report objects (dicts) it was built from, ``path`` the
file to write. Builtins are named by module and function and imported only when used, so
the engine starts without python-docx or matplotlib loaded."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

Writer = Callable[[dict[str, Any], list[dict[str, Any]], Path], None]

# suffix -> "module:function"; a module that is not there yet makes the suffix unavailable.
_BUILTIN: dict[str, str] = {
    ".docx": "core.batchdocs:write_docx",
    ".xlsx": "core.batchdocs:write_xlsx",
    ".pdf": "core.batchdocs:write_pdf",
}
_REGISTERED: dict[str, Writer] = {}


def register(suffix: str, writer: Writer) -> None:
    """Use ``writer`` for ``suffix`` (e.g. main.py hands in a Qt-printed PDF writer)."""
    _REGISTERED[suffix.lower()] = writer


def writer_for(suffix: str) -> Writer | None:
    suffix = suffix.lower()
    if suffix in _REGISTERED:
        return _REGISTERED[suffix]
    target = _BUILTIN.get(suffix)
    if target is None:
        return None
    module, _, name = target.partition(":")
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name == module:  # not written yet; a missing dependency inside it is a real error
            return None
        raise
    fn: Writer | None = getattr(mod, name, None)
    return fn


def available() -> list[str]:
    return sorted(s for s in {*_BUILTIN, *_REGISTERED} if writer_for(s) is not None)
