"""For every test: Qt without a display, and a user-data folder of its own.

Set at import, before any test module (and so Qt) is loaded: the offscreen platform, and
a throwaway REVIEWDESK_HOME for whatever runs outside a test (collection, session
fixtures). Each test then gets its own folder, so no test reads another's notes or
settings, and none ever touches the reviewer's real ones.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_SESSION_HOME = tempfile.mkdtemp(prefix="reviewdesk-tests-")
os.environ["REVIEWDESK_HOME"] = _SESSION_HOME
# Qt and libraries keep their own files under the XDG folders (QStandardPaths, caches):
# those go to the throwaway folder too, so a test run leaves the real home untouched.
for _var in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
    os.environ[_var] = os.path.join(_SESSION_HOME, "xdg", _var.lower())
atexit.register(shutil.rmtree, _SESSION_HOME, ignore_errors=True)


def pytest_runtest_setup(item: pytest.Item) -> None:
    # /proc exists on Linux only (macOS has none; Windows neither /proc nor SIGTERM to a tree).
    if item.get_closest_marker("linux") is not None and not sys.platform.startswith("linux"):
        pytest.skip("reads /proc: Linux only")


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This test's user-data folder (REVIEWDESK_HOME): annotations, settings, logs.
    Beside the test's tmp_path, not in it, so a test sees only its own files there.
    (Name kept from tests/gui/conftest.py, where tests ask for it.)"""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("REVIEWDESK_HOME", str(home))
    return home
