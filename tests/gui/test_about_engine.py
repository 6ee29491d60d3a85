"""帮助 ▸ 关于 names the judge: the engine_version every report object carries (issue 20 §6)."""

from __future__ import annotations


def test_about_shows_the_engine_version(qtbot) -> None:  # type: ignore[no-untyped-def]
    from core import __version__
    from core.engine_version import engine_version, rules_digest
    from gui import help as help_pages

    text = help_pages.about_text()
    assert __version__ in text and engine_version() in text and rules_digest()[:12] in text
