"""Shared Playwright fixtures for the browser tests: the system Chromium, and a CSP guard.

Every context made from the ``browser`` fixture is watched: a ``securitypolicyviolation`` event
in any of its pages (recorded by an init script, reported to Python at once so a later
navigation cannot lose it) or a console message about the Content-Security-Policy fails the
test. Import the fixtures into a test module (``from tests.browser.support import browser``)
or use them from ``tests/browser/`` directly.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is not installed")

RECORD_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__snobisticCspViolation({
    page: document.URL,
    directive: event.violatedDirective,
    blocked: event.blockedURI,
    source: event.sourceFile,
    line: event.lineNumber,
    sample: event.sample,
  });
}, true);
"""
CONSOLE_MARKERS = ("Content Security Policy", "Content-Security-Policy")


class CspWatch:
    """What the browser refused under the Content-Security-Policy, across all watched contexts."""

    def __init__(self):
        self.violations: list = []

    def attach(self, context):
        context.expose_binding("__snobisticCspViolation", lambda source, violation: self.violations.append(violation))
        context.add_init_script(RECORD_VIOLATIONS)
        context.on("console", self._console)
        return context

    def _console(self, message):
        if any(marker in message.text for marker in CONSOLE_MARKERS):
            self.violations.append({"console": message.type, "text": message.text, "page": message.location.get("url")})

    def assert_none(self):
        assert not self.violations, "Content-Security-Policy violations:\n" + "\n".join(map(str, self.violations))


@pytest.fixture
def csp_watch():
    return CspWatch()


@pytest.fixture
def browser(csp_watch):
    """Headless Chromium; every ``new_context()`` is CSP-watched unless it bypasses the CSP."""
    sync_api = pytest.importorskip("playwright.sync_api")
    # Playwright runs an event loop in this thread; the test's own ORM calls are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox", "--disable-dev-shm-usage"]
        )
        new_context = browser.new_context

        def watched_context(**options):
            context = new_context(**options)
            return context if options.get("bypass_csp") else csp_watch.attach(context)

        browser.new_context = watched_context
        yield browser
        for context in browser.contexts:
            for page in context.pages:
                page.wait_for_timeout(50)  # let a violation fired by the last action reach Python
                break
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    csp_watch.assert_none()
