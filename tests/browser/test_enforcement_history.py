"""A letter's page pages its change history, and the deadline a changed letter moved says why,
in a real browser, in English and Chinese."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from deadlines.models import Deadline
from enforcement import services
from rights import services as rights_services
from tests.browser.conftest import read_in_chinese
from tests.factories import InfringerFactory, cn_patent_number

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("on_tuesday"),
]


def test_a_letters_history_is_paged_and_its_moved_deadline_says_why(
    page, live_server, login, counsel, org, shot
):
    right = rights_services.right_create(
        organisation=org, kind="invention", title="Foldable bicycle lock", owner="Demo Co. Ltd",
        application_number=cn_patent_number(2019, 1, 300001), filing_date=dt.date(2019, 3, 14),
        grant_date=dt.date(2021, 8, 3), status="granted",
    )  # fmt: skip
    infringer = InfringerFactory(organisation=org, name="Copycat Ltd", name_zh="仿冒有限公司")
    letter = services.letter_create(
        organisation=org, actor=counsel, infringer=infringer, rights=[right],
        findings="Sells copies.", demands="Stop.", sent_on=dt.date(2026, 11, 16), method="email",
    )  # fmt: skip
    for n in range(30):
        services.letter_update(letter=letter, actor=counsel, demands=f"Stop, version {n}.")
    services.letter_update(letter=letter, actor=counsel, sent_on=dt.date(2026, 11, 18))
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, "counsel")

    page.goto(f"{live_server.url}{letter.get_absolute_url()}#history")
    history = page.locator("#history")
    expect(history.get_by_role("heading")).to_have_text("Change history (34)")
    expect(history.get_by_role("link", name="Older changes")).to_be_visible()
    history.scroll_into_view_if_needed()
    shot(page, "enforcement-history-01-letter-page-1")
    history.get_by_role("link", name="Older changes").click()
    expect(history.get_by_text("Page 2 of 2")).to_be_visible()
    expect(history.get_by_role("link", name="Newer changes")).to_be_visible()
    shot(page, "enforcement-history-02-letter-page-2")

    reply = Deadline.objects.get(rule="letter_reply_due")
    page.goto(f"{live_server.url}{reply.get_absolute_url()}#history")
    moved = f"(why: Cease-and-desist letter “#{letter.pk}” changed: Sent on)"
    expect(page.locator("#history").get_by_text(moved)).to_be_visible()
    shot(page, "enforcement-history-03-deadline-why-en")

    read_in_chinese(page)
    expect(
        page.locator("#history").get_by_text(f"(原因：警告函“#{letter.pk}”已修改：发送日期)")
    ).to_be_visible()
    shot(page, "enforcement-history-04-deadline-why-zh")
    page.goto(f"{live_server.url}{letter.get_absolute_url()}?history=2#history")
    expect(page.locator("#history").get_by_role("link", name="较新的修改")).to_be_visible()
    shot(page, "enforcement-history-05-letter-page-2-zh")
