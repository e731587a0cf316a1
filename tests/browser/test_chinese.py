"""A user switches to Chinese in a real browser: the dashboard, a right's page, a form with an
error and the docket report show no English interface words (data such as titles, names,
numbers and codes aside). A screenshot of each is saved (zh-*.png)."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from accounts.models import Organisation
from customs.models import CustomsNotice, Recordal
from deadlines.models import Deadline
from notifications.models import NotificationPreference
from rights.models import Right
from tests.browser.conftest import read_in_chinese
from tests.dashboard.conftest import build_portfolio
from tests.factories import RightFactory, cn_patent_number

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("on_tuesday"),
]

# Product names and the zone's name are the same in both languages.
ALLOWED = {"iptracker", "Asia", "Shanghai"}
# Codes (CN, US, ZL, CNY, GACC, CST...) are data, not interface words.
NUMBER = cn_patent_number(2019, 1, 200001)
WRONG = NUMBER[:-1] + ("0" if NUMBER[-1] != "0" else "1")
CODE = re.compile(r"^[A-Z]{1,5}$")
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def data_strings() -> list[str]:
    """Every stored text a page may show as it was entered (titles, names, numbers)."""
    values = []
    for model, fields in (
        (Right, ["title", "owner", "application_number", "registration_number"]),
        (Recordal, ["recordal_number"]),
        (CustomsNotice, ["customs_reference", "port", "goods_description"]),
        (get_user_model(), ["username"]),
        (Organisation, ["name"]),
    ):
        for row in model.objects.values_list(*fields):
            values.extend(v for v in row if v)
    return sorted(set(values), key=len, reverse=True)


def english_words(page) -> list[str]:
    # Selects list every language by its own name; <code> holds rule ids.
    page.evaluate("document.querySelectorAll('select, code').forEach(e => e.remove())")
    text = page.inner_text("body")
    for value in data_strings():
        text = text.replace(value, " ")
    words = {w for w in WORD.findall(text) if w not in ALLOWED and not CODE.match(w)}
    return sorted(words)


def assert_no_english(page):
    words = english_words(page)
    assert not words, f"English interface words on {page.url}: {', '.join(words)}"


def test_the_words_check_sees_english(page, live_server):
    page.set_content("<body><p>截止 <b>Due</b> CN 2026</p><select><option>English</select></body>")
    assert english_words(page) == ["Due"]


def test_a_user_switches_to_chinese_and_reads_no_english(
    page, live_server, login, counsel, org, shot
):
    made = build_portfolio(org, 3, responsible=counsel)
    notice = made["notices"][0]
    right = notice.recordal.right
    RightFactory(organisation=org, title="自锁紧固件", owner="深圳市示例科技有限公司")
    page.set_viewport_size({"width": 1366, "height": 900})
    login(page, "counsel")

    read_in_chinese(page)
    assert NotificationPreference.objects.get(user=counsel).language == "zh-hans"
    expect(page.get_by_role("list", name="按紧急程度排列的期限")).to_be_visible()
    shot(page, "zh-01-dashboard")
    assert_no_english(page)

    page.goto(f"{live_server.url}{right.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1, name=right.title)).to_be_visible()
    answer = Deadline.objects.get(customs_notice=notice, rule="customs_notice_response")
    row = page.locator(f"#deadline-{answer.pk}")
    row.get_by_text("依据", exact=True).click()
    expect(row.get_by_text("计入的工作日")).to_be_visible()
    expect(row.get_by_text("2026年11月25日（星期三）")).to_be_visible()
    shot(page, "zh-02-right")
    assert_no_english(page)

    page.goto(f"{live_server.url}/entry/rights/new/grant/")
    page.get_by_label("名称", exact=True).fill("可折叠自行车锁")
    page.get_by_label("权利人", exact=True).fill("深圳市示例科技有限公司")
    page.get_by_label("申请号", exact=True).fill(WRONG)
    page.get_by_label("申请日", exact=True).fill("2019-03-04")
    page.get_by_label("授权公告日", exact=True).fill("2021-06-01")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("校验位").first).to_be_visible()
    shot(page, "zh-03-form-error")
    assert_no_english(page)

    page.goto(f"{live_server.url}/docket/")
    expect(page.get_by_role("heading", level=1, name="期限报表")).to_be_visible()
    shot(page, "zh-04-docket")
    assert_no_english(page)
