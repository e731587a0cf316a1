"""The dashboard's failure panel in a real browser, in English and Chinese: alerts and webhooks
waiting for a retry after an error, webhooks that gave up, and the latest error."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import read_in_chinese
from tests.factories import AlertFactory, DeadlineFactory, DeliveryFactory, EndpointFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("on_tuesday"),
]

SMTP_DOWN = "ConnectionRefusedError: [Errno 111] Connection refused"


def test_the_failure_panel_says_what_waits_and_why(page, live_server, login, counsel, org, shot):
    endpoint = EndpointFactory(organisation=org)
    DeliveryFactory(endpoint=endpoint, attempts=1, last_error="HTTP 503")
    DeliveryFactory(endpoint=endpoint, status="failed", attempts=1, last_error="HTTP 410")
    # The latest error: the mail server refused the connection.
    deadline = DeadlineFactory(organisation=org, responsible=counsel)
    for stage in ("d-30", "d-14", "d-7"):
        AlertFactory(
            deadline=deadline, recipient=counsel, stage=stage, attempts=2, last_error=SMTP_DOWN
        )
    page.set_viewport_size({"width": 1366, "height": 900})
    login(page, "counsel")

    panel = page.locator("section[aria-labelledby=failed-h]")
    expect(
        panel.get_by_text("3 alerts are waiting to be sent again after an error.")
    ).to_be_visible()
    expect(panel.get_by_text("1 webhook delivery failed for good")).to_be_visible()
    expect(panel.locator("code")).to_have_text(SMTP_DOWN)
    panel.scroll_into_view_if_needed()
    shot(page, "outbox-01-dashboard-en")

    read_in_chinese(page)
    expect(panel.get_by_text("3 条提醒出错后正在等待重新发送。")).to_be_visible()
    expect(panel.get_by_text("1 次 Webhook 投递出错后正在等待重试。")).to_be_visible()
    expect(panel.get_by_text("最近的错误：")).to_be_visible()
    shot(page, "outbox-02-dashboard-zh")
