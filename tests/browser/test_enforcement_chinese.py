"""A Chinese reader's enforcement pages in a real browser: a cease-and-desist letter and a
platform complaint with their deadlines, "why this date" opened, read with no English interface
word (the matters' own data aside). Screenshots zh-enforcement-*.png."""

import re

import pytest
from playwright.sync_api import expect

from deadlines.models import Deadline
from enforcement.models import CeaseDesistLetter, PlatformComplaint
from tests.browser.conftest import read_in_chinese
from tests.dashboard.conftest import build_portfolio
from tests.i18n.test_pages_in_chinese import data_strings, enforcement_matters

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("on_tuesday"),
]

ALLOWED = {"iptracker", "Asia", "Shanghai", "docx", "Word"}
CODE = re.compile(r"^[A-Z]{1,5}$")
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def assert_no_english(page):
    page.evaluate("document.querySelectorAll('select, code').forEach(e => e.remove())")
    text = page.inner_text("body")
    for value in data_strings():
        text = text.replace(value, " ")
    words = sorted({w for w in WORD.findall(text) if w not in ALLOWED and not CODE.match(w)})
    assert not words, f"English interface words on {page.url}: {', '.join(words)}"


def _open_why(page, deadline):
    row = page.locator(f"#deadline-{deadline.pk}")
    row.locator("details.why summary").click()
    expect(row.get_by_text("法律依据")).to_be_visible()


def test_a_chinese_reader_reads_a_letter_and_a_complaint_with_their_deadlines(
    page, live_server, login, counsel, org, shot
):
    build_portfolio(org, 1, responsible=counsel)
    enforcement_matters(org, counsel)
    letter, complaint = CeaseDesistLetter.objects.get(), PlatformComplaint.objects.get()
    page.set_viewport_size({"width": 1366, "height": 900})
    login(page, "counsel")
    read_in_chinese(page)

    page.goto(f"{live_server.url}{letter.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"警告函 #{letter.pk}")
    expect(page.locator(".lead").get_by_role("link", name="警告函")).to_be_visible()
    reply = Deadline.objects.get(rule="letter_reply_due")
    expect(page.get_by_role("link", name="警告函答复期限届满（14 天）")).to_be_visible()
    expect(page.get_by_role("link", name="跟进未获答复的警告函（发出后 21 天）")).to_be_visible()
    _open_why(page, reply)
    expect(page.locator(f"#deadline-{reply.pk}").get_by_text("警告函发出之日")).to_be_visible()
    shot(page, "zh-enforcement-01-letter")
    assert_no_english(page)

    page.goto(f"{live_server.url}{complaint.get_absolute_url()}")
    window = Deadline.objects.get(rule="ecommerce_counter_notice")
    expect(page.get_by_role("link", name="告知平台已投诉或起诉（反通知期限）")).to_be_visible()
    _open_why(page, window)
    expect(page.locator(f"#deadline-{window.pk}").get_by_text("平台自身的规则")).to_be_visible()
    shot(page, "zh-enforcement-02-complaint")
    assert_no_english(page)

    page.goto(f"{live_server.url}{reply.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_have_text("警告函答复期限届满（14 天）")
    shot(page, "zh-enforcement-03-letter-deadline")
    assert_no_english(page)
