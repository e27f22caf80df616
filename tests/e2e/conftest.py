"""A real browser (Debian's chromium, driven by Playwright) against a live test server."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.services import require

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = settings.BASE_DIR / "test-artifacts"


@pytest.fixture
def browser():
    require("chromium", CHROMIUM.exists(), "install Debian's package (`apt-get install chromium`)")
    from playwright.sync_api import expect, sync_playwright

    # A busy CI machine renders the admin slowly; waiting longer is cheaper than a flaky run.
    expect.set_options(timeout=10_000)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


class Flow:
    """The people in a browser test, each in a browser session of their own, and their steps."""

    def __init__(self, browser, base_url):
        self.browser, self.base_url = browser, base_url
        self.pages, self.shots = {}, []

    def open(self, who, width=1280, height=900):
        context = self.browser.new_context(
            base_url=self.base_url, viewport={"width": width, "height": height}
        )
        context.set_default_timeout(10_000)
        # Tests make no network calls: what a page would fetch from elsewhere (X's widgets.js)
        # is refused, and the page is checked as it stands without it.
        context.route(re.compile(rf"^(?!{re.escape(self.base_url)}/)"), lambda route: route.abort())
        self.pages[who] = context.new_page()
        return self.pages[who]

    def step(self, who, what):
        self.shots.append((f"{who}-{what}", self.pages[who].screenshot(full_page=True)))

    def save_screenshots(self, folder):
        shots = self.shots + [
            (f"{who}-at-the-end", page.screenshot(full_page=True))
            for who, page in self.pages.items()
        ]
        folder.mkdir(parents=True, exist_ok=True)
        for earlier in folder.glob("*.png"):  # an earlier run's, which may have had more steps
            earlier.unlink()
        for number, (name, png) in enumerate(shots, start=1):
            (folder / f"{number:02d}-{name}.png").write_bytes(png)


@pytest.fixture
def flow(request, browser, live_server):
    """Open pages with flow.open(who), record each step with flow.step(who, what); the steps'
    screenshots are kept under test-artifacts/<test>/, with each page as it stood at the end."""
    flow = Flow(browser, live_server.url)
    yield flow
    flow.save_screenshots(ARTIFACTS / request.node.name)
