"""Every workspace, entry and enforcement page read in Chinese shows no English interface
word: the rendered HTML, with markup, scripts, <select> lists and <code> removed and the
matters' own data (titles, names, numbers, codes) set aside."""

import html
import re

import pytest
from django.contrib.auth import get_user_model

from accounts.models import Organisation
from customs.models import CustomsNotice, Recordal
from deadlines.models import Deadline
from rights.models import Right
from tests.dashboard.conftest import build_portfolio

DROPPED = re.compile(r"<(script|style|select|code|title)\b.*?</\1>", re.S | re.I)
TAG = re.compile(r"<[^>]+>")
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")
ALLOWED = {"iptracker", "Asia", "Shanghai", "docx", "xlsx", "csv"}


def data_strings() -> list[str]:
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


def english_words(page: str) -> set[str]:
    body = page.split("<body", 1)[-1].split(">", 1)[-1]
    text = html.unescape(TAG.sub(" ", DROPPED.sub(" ", body)))
    for value in data_strings():
        text = text.replace(value, " ")
    words = (w.strip("'’-") for w in WORD.findall(text))
    return {w for w in words if w and w not in ALLOWED and not w.isupper()}


@pytest.fixture
def chinese_counsel(client, counsel, org):
    build_portfolio(org, 3, responsible=counsel)
    client.force_login(counsel)
    client.post("/settings/language/", {"language": "zh-hans"})
    return client


def pages():
    notice = CustomsNotice.objects.first()
    recordal, right = notice.recordal, notice.recordal.right
    deadline = Deadline.objects.filter(customs_notice=notice).first()
    return [
        "/",
        "/docket/",
        "/docket/calendar/",
        "/rights/",
        "/recordals/",
        "/notices/",
        right.get_absolute_url(),
        recordal.get_absolute_url(),
        notice.get_absolute_url(),
        deadline.get_absolute_url(),
        "/settings/notifications/",
        "/entry/rights/new/grant/",
        "/entry/rights/new/application/",
        "/entry/rights/new/trademark/",
        "/entry/rights/new/foreign/",
        f"/entry/rights/{right.pk}/priority-claims/",
        "/entry/import/",
        "/enforcement/infringers/",
        "/enforcement/infringers/new/",
        "/enforcement/complaints/",
        "/enforcement/complaints/new/",
        "/enforcement/letters/",
        "/enforcement/evidence/",
        "/enforcement/statistics/",
        "/enforcement/monitoring/",
    ]


def test_every_page_in_chinese_has_no_english_interface_word(chinese_counsel):
    found = {}
    for url in pages():
        response = chinese_counsel.get(url)
        assert response.status_code == 200, url
        words = english_words(response.content.decode())
        if words:
            found[url] = sorted(words)
    # New strings: `make messages`, then translate the empty msgstr in locale/zh_Hans/.
    assert found == {}, found


def test_the_check_sees_an_english_word(db):
    page = "<body><h1>期限</h1><p>Due <b>CN</b> 2026</p><select><option>English</select></body>"
    assert english_words(page) == {"Due"}
