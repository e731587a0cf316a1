"""Counsel's workspace in a real browser: the daily path, a viewer, and a phone-sized screen."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from deadlines.models import Deadline, DeadlineStatus
from tests.dashboard.conftest import build_portfolio

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("on_tuesday"),
]


def _no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_counsel_triages_acts_and_exports(
    page, live_server, login, counsel, org, shot, offsite_requests
):
    made = build_portfolio(org, 6, responsible=counsel)
    notice = made["notices"][0]
    right = notice.recordal.right
    page.set_viewport_size({"width": 1366, "height": 900})
    login(page, "counsel")

    # The buckets, each with its count.
    buckets = page.get_by_role("list", name="Deadlines by urgency")
    for label in ("Overdue", "Due today", "Next 7 days", "Next 30 days", "Next 90 days"):
        expect(buckets.get_by_role("link", name=re.compile(rf"^\d+ {label}$"))).to_be_visible()
    expect(page.get_by_role("heading", name="Open customs notices (2)")).to_be_visible()
    expect(page.get_by_text("3 working days").first).to_be_visible()
    shot(page, "01-dashboard-counsel-1366")

    # Open the right from the dashboard and read why its answer date is what it is.
    upcoming = page.get_by_role("region", name=re.compile("Next 90 days"))
    upcoming.locator(f'a[href="{right.get_absolute_url()}"]').first.click()
    expect(page.get_by_role("heading", level=1, name=right.title)).to_be_visible()
    row = page.locator(
        f"#deadline-{Deadline.objects.get(customs_notice=notice, rule='customs_notice_response').pk}"
    )
    row.get_by_text("Why this date").click()
    expect(row.get_by_text("Working days counted")).to_be_visible()
    expect(row.get_by_text("Wed 2026-11-25")).to_be_visible()
    expect(row.get_by_text("<p>")).to_have_count(0)
    shot(page, "02-right-why-this-date")

    # Mark it done from its row: htmx swaps the row, no page load.
    url_before = page.url
    row.get_by_text("Done…").click()
    row.get_by_label("Note").fill("Explanation filed with Shenzhen customs")
    row.get_by_role("button", name="Mark done").click()
    expect(row.get_by_text("Done", exact=True)).to_be_visible()
    expect(row.get_by_text("Marked done")).to_be_visible()
    assert page.url == url_before
    shot(page, "03-deadline-marked-done")
    deadline = Deadline.objects.get(customs_notice=notice, rule="customs_notice_response")
    assert deadline.status == DeadlineStatus.DONE
    assert deadline.note == "Explanation filed with Shenzhen customs"

    # Find another right by its number in the docket report and export it.
    other = made["unrecorded"][0]
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Docket").click()
    page.get_by_label("Search").fill(other.application_number)
    page.get_by_label("Status").select_option("all")
    page.get_by_role("button", name="Apply").click()
    results = page.locator("table.docket tbody tr")
    expect(results.first).to_contain_text(other.application_number)
    for i in range(results.count()):
        expect(results.nth(i)).to_contain_text(other.application_number)
    shot(page, "04-docket-search-by-number")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV").click()
    exported = download_info.value
    text = Path(exported.path()).read_text(encoding="utf-8-sig")
    assert other.application_number in text
    assert exported.suggested_filename.startswith("docket-")
    assert offsite_requests == []


def test_a_viewer_sees_no_edit_controls(page, live_server, login, viewer, org, shot):
    made = build_portfolio(org, 3)
    login(page, "viewer")
    for url in (
        "/",
        "/docket/",
        made["notices"][0].recordal.right.get_absolute_url(),
        made["notices"][0].get_absolute_url(),
    ):
        page.goto(live_server.url + url)
        expect(page.get_by_text("Done…")).to_have_count(0)
        expect(page.get_by_text("Waive…")).to_have_count(0)
        expect(page.get_by_role("button", name="Record the answer")).to_have_count(0)
    shot(page, "05-notice-as-viewer")


def test_dashboard_fits_a_phone_without_sideways_scroll(
    page, live_server, login, counsel, org, shot
):
    made = build_portfolio(org, 6, responsible=counsel)
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, "counsel")
    assert _no_sideways_scroll(page), page.evaluate("document.documentElement.scrollWidth")
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Docket")
    ).to_be_in_viewport()
    shot(page, "06-dashboard-390")
    for url, name in (
        ("/docket/", "07-docket-390"),
        (made["notices"][0].recordal.right.get_absolute_url(), "08-right-390"),
        (made["notices"][0].get_absolute_url(), "09-notice-390"),
        ("/docket/calendar/?month=2026-11", "10-calendar-390"),
    ):
        page.goto(live_server.url + url)
        assert _no_sideways_scroll(page), (
            url,
            page.evaluate("document.documentElement.scrollWidth"),
        )
        shot(page, name)


def test_the_skip_link_and_focus_are_visible(page, live_server, login, counsel, org):
    login(page, "counsel")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    outline = skip.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none"
