"""The till engine against the real member backend (a subprocess) and the rig on real ptys."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from devices.rig import Rig

# Imported here (not only when the module is new): a conftest's fixtures are visible only in
# its own directory, and another directory may have imported the plugin module first.
from tests.fixtures.backend import backend_factory, backend_server  # noqa: F401


@pytest.fixture
def rig():
    """All rig devices on ptys at 115200 baud, with a short base dir (no control socket)."""
    base = Path(tempfile.mkdtemp(prefix="till-rig-"))
    rig = Rig(base, baud=115200, control=False, terminal_step_delay=0.05).start()
    yield rig
    rig.stop()
    shutil.rmtree(base, ignore_errors=True)
