"""tests/conftest.py's promises: each test has its own user-data folder, and the run's
XDG folders (where Qt and libraries keep files) are a throwaway folder, not the home."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from core.paths import user_data_dir

_seen: list[Path] = []


@pytest.mark.parametrize("run", [1, 2])
def test_each_test_has_its_own_user_data(run: int, _isolated_home: Path, tmp_path: Path) -> None:
    assert user_data_dir() == _isolated_home
    assert _isolated_home not in _seen
    _seen.append(_isolated_home)
    assert not _isolated_home.is_relative_to(tmp_path)  # tmp_path holds only what the test writes
    assert list(_isolated_home.iterdir()) == []


def test_xdg_folders_are_throwaway() -> None:
    for var in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        value = Path(os.environ[var])
        assert value.name == var.lower(), value
        assert any(p.name.startswith("reviewdesk-tests-") for p in value.parents), value
