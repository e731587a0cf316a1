"""Counsel's enforcement work in a real browser: a platform complaint with two listings, the
seller's counter-notice, the 15-day clock on the complaint and the dashboard, and a
cease-and-desist letter downloaded as .docx."""

import datetime as dt

import pytest
from docx import Document
from playwright.sync_api import expect

from enforcement.models import PlatformComplaint
from rights import services as rights_services
from tests.factories import InfringerFactory, cn_patent_number

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("on_tuesday"),
]


@pytest.fixture
def right(org):
    return rights_services.right_create(
        organisation=org,
        kind="invention",
        title="Foldable bicycle lock",
        owner="Demo Co. Ltd",
        application_number=cn_patent_number(2019, 1, 300001),
        registration_number="ZL201910300001",
        filing_date=dt.date(2019, 3, 14),
        grant_date=dt.date(2021, 8, 3),
        status="granted",
    )


def test_counsel_records_a_complaint_the_counter_notice_and_downloads_a_letter(
    page, live_server, login, counsel, org, right, shot, offsite_requests
):
    infringer = InfringerFactory(
        organisation=org, name="Yiwu Copycat Locks Co., Ltd.", name_zh="义乌仿冒锁具有限公司"
    )
    page.set_viewport_size({"width": 1366, "height": 900})
    login(page, "counsel")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Enforcement").click()
    page.get_by_role("link", name="New complaint").click()
    page.get_by_label("Platform", exact=True).select_option("taobao")
    page.get_by_label("Right asserted").select_option(str(right.pk))
    page.get_by_label("Seller").select_option(str(infringer.pk))
    page.get_by_label("Listing URLs").fill(
        "https://item.taobao.com/item.htm?id=640001\nhttps://item.taobao.com/item.htm?id=640002"
    )
    page.get_by_label("Reason").fill("Copies of the patented lock, sold as genuine.")
    page.get_by_label("Platform's complaint number").fill("IPP-2026-0001")
    page.get_by_label("Submitted on").fill("2026-11-02")
    shot(page, "enforcement-01-new-complaint")
    page.get_by_role("button", name="Save complaint").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Taobao IPP-2026-0001")
    listings = page.get_by_role("region", name="Listings")
    expect(listings).to_contain_text("id=640001")
    expect(listings).to_contain_text("id=640002")
    page.get_by_label("Next status").select_option("removed")
    page.get_by_label("On", exact=True).fill("2026-11-05")
    page.get_by_role("button", name="Record", exact=True).click()
    expect(page.get_by_text("Status recorded.")).to_be_visible()

    # Received Fri 2026-11-20: day 15 = Sat 12-05 (rest), Sun 12-06 (rest) -> Mon 2026-12-07;
    # from Tue 11-24 that is 13 days.
    page.get_by_label("Counter-notice received on").fill("2026-11-20")
    page.get_by_role("button", name="Record the counter-notice").click()
    clock = page.get_by_role("region", name="Counter-notice window (15 days)")
    expect(clock).to_contain_text("13 days left")
    expect(clock).to_contain_text("Mon 2026-12-07")
    clock.get_by_text("Why this date").click()
    expect(clock).to_contain_text("E-Commerce Law art. 43(2)")
    shot(page, "enforcement-02-counter-notice-clock")
    complaint = PlatformComplaint.objects.get()
    assert complaint.counter_notice_due == dt.date(2026, 12, 7)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
    expect(page.locator("main")).to_contain_text(
        "Tell the platform that a complaint or suit was filed"
    )
    expect(page.locator("main")).to_contain_text("Platform complaint IPP-2026-0001")
    shot(page, "enforcement-03-dashboard")

    page.goto(f"{live_server.url}/enforcement/letters/new/?infringer={infringer.pk}")
    page.get_by_label("Rights asserted").select_option(str(right.pk))
    page.get_by_label("Infringement found", exact=True).fill(
        "Taobao store sells copies of the lock."
    )
    page.get_by_label("Demands", exact=True).fill("Stop selling and destroy the stock.")
    page.get_by_label("Sent on").fill("2026-11-24")
    page.get_by_label("Method").select_option("courier")
    page.get_by_role("button", name="Save letter").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Cease-and-desist letter")
    # Sent Tue 11-24 + 14 days = Tue 2026-12-08.
    expect(page.locator("main")).to_contain_text("Tue 2026-12-08")
    shot(page, "enforcement-04-letter")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the letter (.docx)").click()
    download = info.value
    assert download.suggested_filename.endswith("-bilingual.docx")
    document = Document(str(download.path()))
    text = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "ZL201910300001" in text
    assert "Yiwu Copycat Locks Co., Ltd." in text and "义乌仿冒锁具有限公司" in text
    assert offsite_requests == []
