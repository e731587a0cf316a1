"""Every workspace, entry and enforcement page read in Chinese shows no English interface
word: the rendered HTML, with markup, scripts, <select> lists and <code> removed and the
matters' own data (titles, names, numbers, codes) set aside."""

import datetime as dt
import html
import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from accounts.models import Organisation
from customs.models import CustomsNotice, Recordal
from deadlines.models import Deadline
from enforcement import customs_work, monitoring, services as enforcement
from enforcement.models import (
    CeaseDesistLetter,
    DetentionApplication,
    Infringer,
    Listing,
    MonitoringPlan,
    PlatformComplaint,
)
from rights.models import Right
from tests.dashboard.conftest import build_portfolio
from tests.factories import InfringerFactory

DROPPED = re.compile(r"<(script|style|select|code|title)\b.*?</\1>", re.S | re.I)
TAG = re.compile(r"<[^>]+>")
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")
# Product names and file kinds read the same in both languages.
ALLOWED = {"iptracker", "Asia", "Shanghai", "docx", "xlsx", "csv", "Word"}


def data_strings() -> list[str]:
    values = []
    for model, fields in (
        (Right, ["title", "owner", "application_number", "registration_number"]),
        (Recordal, ["recordal_number"]),
        (CustomsNotice, ["customs_reference", "port", "goods_description"]),
        (get_user_model(), ["username"]),
        (Organisation, ["name"]),
        (Infringer, ["name", "name_zh"]),
        (CeaseDesistLetter, ["findings", "demands"]),
        (PlatformComplaint, ["platform_reference", "reason"]),
        (Listing, ["url"]),
        (DetentionApplication, ["port", "goods_description"]),
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


def enforcement_matters(org, counsel) -> None:
    """A sent letter, a complaint with a counter-notice, a monitoring plan and an application
    whose goods were detained: each with its live deadlines (reply, follow-up, art. 43 window,
    sweep, court clock)."""
    right = Right.objects.filter(organisation=org).first()
    infringer = InfringerFactory(organisation=org, name="Copycat Co.", name_zh="仿冒有限公司")
    enforcement.letter_create(
        organisation=org, actor=counsel, infringer=infringer, rights=[right],
        findings="Sells copies.", demands="Stop.", sent_on=dt.date(2026, 11, 16), method="courier",
    )  # fmt: skip
    complaint = enforcement.complaint_create(
        organisation=org, actor=counsel, right=right, infringer=infringer, platform="taobao",
        reason="Counterfeit", status="submitted", submitted_on=dt.date(2026, 11, 2),
        platform_reference="TB-7", listings=["https://item.taobao.com/item.htm?id=1"],
    )  # fmt: skip
    enforcement.complaint_transition(
        complaint=complaint, status="removed", on=dt.date(2026, 11, 9), actor=counsel
    )
    enforcement.complaint_counter_notice(
        complaint=complaint, received_on=dt.date(2026, 11, 20), actor=counsel
    )
    monitoring.monitoring_plan_create(
        organisation=org, actor=counsel, right=right, platform="jd", started_on=dt.date(2026, 11, 2)
    )
    application = customs_work.detention_application_create(
        organisation=org, right=right, actor=counsel, port="Ningbo", applied_on=dt.date(2026, 11, 16),
        goods_description="Fasteners", quantity=10, goods_value_cny=Decimal("1000.00"),
    )  # fmt: skip
    customs_work.detention_application_update(
        application=application, actor=counsel, detained_on=dt.date(2026, 11, 18)
    )


@pytest.fixture
def chinese_counsel(frozen_clock, client, counsel, org):
    build_portfolio(org, 3, responsible=counsel)
    enforcement_matters(org, counsel)
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
        *enforcement_pages(),
    ]


def enforcement_pages() -> list[str]:
    """Each enforcement matter's page, its deadlines' pages, and the lists and forms."""
    matters = [
        CeaseDesistLetter.objects.get(),
        PlatformComplaint.objects.get(),
        MonitoringPlan.objects.get(),
        DetentionApplication.objects.get(),
        Infringer.objects.get(),
    ]
    deadlines = Deadline.objects.filter(subject_type__isnull=False).order_by("rule")
    assert {d.rule for d in deadlines} == {
        "letter_reply_due",
        "letter_follow_up",
        "ecommerce_counter_notice",
        "monitoring_sweep_due",
        "detention_court_order_on_application",
    }
    return [
        *(m.get_absolute_url() for m in matters),
        *(d.get_absolute_url() for d in deadlines),
        *(f"{d.get_absolute_url()}why/" for d in deadlines),
        "/enforcement/letters/new/",
        "/enforcement/applications/",
        "/enforcement/applications/new/",
        "/docket/?rule=letter_reply_due",
        "/docket/?q=警告函",
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
