"""Real Chromium (Debian's, no download) driven by Playwright, against the real demo store.

One browser and one demo store for the module: sync Playwright keeps its own
event loop on the main thread while it runs, so it is closed before the suite's
asyncio tests start. Tests skip with the reason
only where Chromium or Playwright cannot be had (`.ci/run` installs chromium).
Screenshots go to `var/test-artifacts/browser/<test>/` (git-ignored).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.fixtures.demo_store import start_demo

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[3] / "var" / "test-artifacts" / "browser"


@pytest.fixture(scope="module")
def chromium():
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (`apt-get install chromium`; "
                    ".ci/run does it as root)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    demo = start_demo(tmp_path_factory.mktemp("store") / "demo", "--till", "web")
    yield demo
    assert demo.stop() == 0, demo.output()


@pytest.fixture
def artifacts(request) -> Path:
    folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.name)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


@pytest.fixture
def tab(chromium, artifacts):
    """A new browser tab (its own context) at a size where the faces fit; closed at the end."""
    from browser_terminal import TerminalPage

    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    yield TerminalPage(page, artifacts)
    context.close()
