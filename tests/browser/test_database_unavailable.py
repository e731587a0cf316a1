"""The 503 page a request gets while the database cannot be reached, in a real browser, in
English and Chinese: no Content-Security-Policy violation, the app's own stylesheet."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import watch_csp

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls("tests.core.db_down_urls"),
]


def test_the_database_unavailable_page(page, browser, live_server, shot):
    page.set_viewport_size({"width": 1024, "height": 600})
    response = page.goto(f"{live_server.url}/db-down/page/")
    assert response.status == 503
    expect(page.get_by_role("heading", name="Temporarily unavailable")).to_be_visible()
    expect(page.get_by_role("link", name="Try again")).to_have_attribute("href", "/db-down/page/")
    # The stylesheet applied: the header has the brand colour.
    header = page.locator(".site-header")
    assert header.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(29, 53, 87)"
    shot(page, "db-unavailable-01-en")

    context = browser.new_context(locale="zh-CN", viewport={"width": 1024, "height": 600})
    chinese = context.new_page()
    violations = watch_csp(chinese)
    chinese.goto(f"{live_server.url}/db-down/page/")
    expect(chinese.get_by_role("heading", name="暂时无法使用")).to_be_visible()
    expect(chinese.get_by_text("10 秒后再试。")).to_be_visible()
    shot(chinese, "db-unavailable-02-zh")
    context.close()
    assert not violations
