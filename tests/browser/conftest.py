"""Playwright driving Debian's Chromium (launched by path: browser downloads fail here).

Without Chromium the browser tests are skipped on a workstation, and fail in CI (CI=true or
REQUIRE_SERVICES=1): they must never be skipped there. Screenshots go to SCREENSHOTS
(artifacts/screenshots/ unless SCREENSHOT_DIR says otherwise).
"""

import datetime as dt
import os
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SCREENSHOTS = Path(
    os.environ.get(
        "SCREENSHOT_DIR", Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
    )
)
# The pages are read on a known Tuesday; time runs on from there (tick=True: the browser's
# own timers and Playwright's timeouts need a moving clock).
NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
    "--disable-dev-shm-usage",
]


def _required() -> bool:
    return os.environ.get("REQUIRE_SERVICES") == "1" or os.environ.get("CI", "").lower() in (
        "1",
        "true",
        "yes",
    )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if CHROMIUM is None:
        message = "Chromium is not installed (apt-get install -y chromium fonts-noto-cjk)"
        if _required():
            pytest.fail(f"{message}; browser tests are required in CI")
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def shot():
    """shot(page, name): a full-page PNG in the screenshots folder (full_page=False: the
    viewport only)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str, *, full_page: bool = True):
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)

    return take


@pytest.fixture
def on_tuesday():
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture
def login(live_server):
    def sign_in(page, username: str):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill("pw")
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{live_server.url}/")

    return sign_in


def read_in_chinese(page) -> None:
    """Switch the signed-in reader to Simplified Chinese with the header's language form, and
    wait for the page to come back in it."""
    page.get_by_label("Language").select_option("zh-hans")
    page.get_by_role("button", name="Switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")


# Reported by the page itself (init scripts run outside the page's policy) and by Chromium's
# console ("Refused to ... because it violates the following Content Security Policy ...").
CSP_LISTENER = """
document.addEventListener('securitypolicyviolation', (e) => {
  console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`
    + ` at ${e.sourceFile || document.location.href}:${e.lineNumber}`);
});
"""


def watch_csp(page) -> list[str]:
    """Every Content-Security-Policy violation the page reports from now on."""
    seen: list[str] = []
    page.add_init_script(CSP_LISTENER)
    page.on(
        "console",
        lambda message: seen.append(message.text)
        if "CSP violation" in message.text or "Content Security Policy" in message.text
        else None,
    )
    return seen


@pytest.fixture
def page(page):
    """Playwright's page, failing the test on any Content-Security-Policy violation: every
    browser test checks the pages it visits (htmx swaps included)."""
    violations = watch_csp(page)
    yield page
    assert not violations, f"Content-Security-Policy violations: {violations}"


@pytest.fixture
def offsite_requests(page, live_server):
    """Every request the page makes to a host other than the live server."""
    seen: list[str] = []
    host = live_server.url.split("//", 1)[1]
    page.on(
        "request",
        lambda request: seen.append(request.url)
        if not request.url.split("//", 1)[-1].startswith(host)
        and not request.url.startswith("data:")
        else None,
    )
    return seen
