"""History and two-person verification in a real browser, in English and in Chinese.

A paralegal entered a customs notice; counsel corrects its service date (the answer date moves,
the history says why), a manager verifies the date from the docket, the dashboard's list of
unverified dates empties. Screenshots: audit-*.png (English) and zh-audit-*.png (Chinese).
"""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from customs import services as customs_services
from deadlines.models import Deadline
from enforcement import services as enforcement_services
from tests.browser.conftest import read_in_chinese
from tests.browser.test_chinese import assert_no_english
from tests.factories import notice_entered_by

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("on_tuesday"),
]


def _corrected_notice(org, paralegal, counsel):
    notice = notice_entered_by(org, paralegal, served_on=dt.date(2026, 11, 23))
    customs_services.customs_notice_update(
        notice=notice, actor=counsel, served_on=dt.date(2026, 11, 20)
    )
    return Deadline.objects.get(customs_notice=notice, rule="customs_notice_response")


def test_counsel_reads_why_a_date_moved_and_a_manager_verifies_it(
    page, live_server, login, org, paralegal, counsel, manager, shot
):
    answer = _corrected_notice(org, paralegal, counsel)
    page.set_viewport_size({"width": 1366, "height": 900})
    login(page, "counsel")
    page.goto(f"{live_server.url}{answer.get_absolute_url()}")
    history = page.locator("#history")
    expect(history.get_by_text("changed: Served on")).to_be_visible()
    expect(history.locator("del").first).to_be_visible()
    # Counsel moved the date: the page offers counsel the check, the service refuses it.
    page.get_by_role("button", name="Verify date").click()
    expect(page.get_by_text("a second person who did not must verify it")).to_be_visible()
    shot(page, "audit-01-deadline-history")

    page.context.clear_cookies()
    login(page, "manager")
    expect(page.get_by_text("Rights-ending dates awaiting a second check")).to_be_visible()
    shot(page, "audit-02-dashboard-unverified")
    page.goto(f"{live_server.url}/docket/?verification=unverified")
    row = page.locator(f"#deadline-{answer.pk}")
    row.get_by_role("button", name="Verify date").click()
    expect(page.locator(f"#deadline-{answer.pk}").get_by_text("Verified:")).to_be_visible()
    shot(page, "audit-03-docket-verified")
    answer.refresh_from_db()
    assert answer.verified_by == manager


def test_the_history_and_the_check_read_in_chinese(
    page, live_server, login, org, paralegal, counsel, manager, shot
):
    answer = _corrected_notice(org, paralegal, counsel)
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, "manager")
    read_in_chinese(page)
    expect(page.get_by_text("待二次核对的权利存续期限")).to_be_visible()
    shot(page, "zh-audit-01-dashboard")
    assert_no_english(page)
    page.goto(f"{live_server.url}{answer.get_absolute_url()}")
    expect(page.locator("#history").get_by_text("已修改：送达日期")).to_be_visible()
    shot(page, "zh-audit-02-deadline-history")
    assert_no_english(page)
    page.get_by_role("button", name="核对日期").click()
    expect(page.get_by_text("已核对：")).to_be_visible()
    shot(page, "zh-audit-03-verified")
    assert_no_english(page)


def test_an_evidence_files_history_reads_in_both_languages(
    page, live_server, login, org, paralegal, counsel, shot
):
    evidence = enforcement_services.evidence_upload(
        organisation=org,
        actor=paralegal,
        file=ContentFile(b"screenshot", name="listing.png"),
        description="Listing",
    )
    enforcement_services.evidence_describe(
        evidence=evidence, actor=counsel, description="Listing on Taobao"
    )
    page.set_viewport_size({"width": 1366, "height": 900})
    login(page, "counsel")
    page.goto(f"{live_server.url}/enforcement/evidence/")
    page.get_by_role("link", name="Change history").first.click()
    expect(page.locator("#history del").first).to_have_text("Listing")
    shot(page, "audit-04-evidence-history")
    read_in_chinese(page)
    expect(page.get_by_role("heading", name="修改记录 (2)")).to_be_visible()
    shot(page, "zh-audit-04-evidence-history")
    # The file's name, description and "SHA-256" are data; the interface words are Chinese.
    for words in ("下载", "修改记录"):
        expect(page.get_by_text(words).first).to_be_visible()
