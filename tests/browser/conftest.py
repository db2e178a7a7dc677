"""Fixtures for the browser tests: Debian's Chromium driven by Playwright's sync API.

Never downloads a browser: the tests skip when /usr/bin/chromium is absent, and fail with a
clear message when the front end has not been built (`npm ci && npm run build`).
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM would otherwise
# refuse to run there (SynchronousOnlyOperation).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
APP_CSS = ROOT / "static" / "build" / "app.css"
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BUILD_HINT = "run `npm ci && npm run build` first"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

# Reports Content-Security-Policy violations to the console, where the console listener sees
# them (Chromium also logs its own "Refused to ..." message). Init scripts are not subject to
# the page's CSP.
CSP_REPORTER = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"}`);
});
"""


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(
            f"{CHROMIUM} is not installed (apt-get install chromium); browser tests skipped"
        )
    if not APP_CSS.exists():
        pytest.fail(f"{APP_CSS.relative_to(ROOT)} is missing: {BUILD_HINT}", pytrace=False)
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS.relative_to(ROOT)} is missing: {BUILD_HINT}", pytrace=False)

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class ConsoleLog:
    """Console errors, uncaught page errors and CSP violations seen by one browser context."""

    def __init__(self):
        self.errors: list[str] = []

    def attach(self, page):
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self.errors.append(f"uncaught: {exc}"))

    def _on_console(self, msg):
        if msg.type == "error":
            url = msg.location.get("url", "") if msg.location else ""
            self.errors.append(f"{msg.text} ({url})" if url else msg.text)

    def assert_clean(self, *, allow=()):
        """Fail on any console error, except those containing one of the `allow` strings."""
        errors = [e for e in self.errors if not any(a in e for a in allow)]
        assert not errors, "Console errors or CSP violations:\n" + "\n".join(errors)
        self.errors.clear()


@pytest.fixture
def console():
    return ConsoleLog()


@pytest.fixture
def make_context(browser, console):
    """Open a browser context (e.g. `make_context(java_script_enabled=False)`); closed after."""
    contexts = []

    def make(**options):
        options.setdefault("locale", "en-GB")
        options.setdefault("timezone_id", "Europe/London")
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        context.add_init_script(CSP_REPORTER)
        context.on("page", console.attach)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(make_context, live_server):
    """A page in a fresh JavaScript-enabled context. Use `live_server.url` for addresses."""
    return make_context().new_page()


@pytest.fixture
def clock(request):
    """ "Today" for a journey, for the test and the live server alike, from the moment its
    module names in `JOURNEY_STARTS = ("2026-01-05", "11:00")`; `clock.set(day)` moves on."""
    from tests.browser.journey import Clock

    with Clock(*request.module.JOURNEY_STARTS) as clock:
        yield clock


@pytest.fixture
def soft():
    """Checks that note a failure and let the journey carry on; `soft.assert_all()` at its end
    fails with every note (`tests.browser.journey.Soft`)."""
    from tests.browser.journey import Soft

    return Soft()


@pytest.fixture
def axe_check():
    """Run axe-core on the page; fail with a readable list of violations.

    axe is evaluated through the DevTools protocol, which the page's CSP does not block, so the
    page is tested under its real policy.
    """
    source = AXE_JS.read_text(encoding="utf-8")

    def check(page, *, disable_rules=()):
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.evaluate(source)
        # Only the violations are aggregated and sent back: the nodes that passed, each with
        # its selector, are what made a run slow (axe-core's documented `resultTypes`).
        options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
        if disable_rules:
            options["rules"] = {rule: {"enabled": False} for rule in disable_rules}
        violations = page.evaluate(
            "(options) => axe.run(document, options).then((results) => results.violations)",
            options,
        )
        if violations:
            lines = [f"{len(violations)} axe violation(s) on {page.url}:"]
            for v in violations:
                lines.append(f"- {v['id']} [{v.get('impact')}]: {v['help']}")
                for node in v["nodes"][:10]:
                    lines.append(f"    at {node['target']}")
            pytest.fail("\n".join(lines), pytrace=False)

    return check
