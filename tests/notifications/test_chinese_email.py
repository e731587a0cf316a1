"""A Chinese-speaking manager's reminder, read back from a real SMTP server (aiosmtpd): the
subject and body are Chinese, name the matter, and carry no English interface words (the
matter's own data, links and codes aside)."""

import datetime as dt
import re

import pytest
import time_machine

from deadlines.models import Deadline
from notifications import delivery, scanner
from notifications.services import preference_update
from tests.factories import RightFactory

from .conftest import shanghai

NOW = shanghai(2026, 11, 24, 10, 0)  # a Tuesday
TITLE, OWNER, NUMBER = "自锁紧固件", "深圳市示例科技有限公司", "201910200001.5"
BASIS = {
    "rule": "patent_annuity",
    "source": "PIR art. 115; Examination Guidelines Part V ch. 9 (anniversary of filing)",
    "anchor_label": "anniversary of the filing date starting the unpaid patent year",
    "anchor": "2026-11-24",
    "period": {"amount": 0, "unit": "days"},
    "counting": "fixed",
}


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def english_words(text: str, *data: str) -> set[str]:
    text = re.sub(r"https?://\S+|\S+@\S+", " ", text)
    for value in data:
        text = text.replace(value, " ")
    return {w for w in re.findall(r"[A-Za-z][A-Za-z'-]+", text) if not w.isupper()}


def test_a_chinese_managers_reminder_is_chinese_and_names_the_matter(
    smtp_settings, smtp_server, make_deadline, org, manager
):
    manager.email = "manager@example.com"
    manager.save()
    preference_update(user=manager, language="zh-hans")
    right = RightFactory(
        organisation=org, granted=True, title=TITLE, owner=OWNER, application_number=NUMBER
    )
    deadline = make_deadline(
        due_date=dt.date(2026, 11, 24),
        now=NOW,
        right=right,
        who=manager,
        title="Patent annuity due (patent year 8)",
    )
    Deadline.objects.filter(pk=deadline.pk).update(basis=BASIS)
    scanner.scan()
    delivery.deliver()

    [message] = smtp_server.inbox.to("manager@example.com")
    subject, text = message["Subject"], smtp_server.inbox.text(message)
    html = smtp_server.inbox.html(message)
    assert "专利年费缴纳期限（第 8 年度）" in subject
    assert "2026年11月24日（星期二）" in subject
    assert "今天到期" in subject
    for part in ("发明专利", NUMBER, TITLE, OWNER):
        assert part in subject and part in text and part in html, part
    assert "《专利法实施细则》第一百一十五条" in text  # why this date, in Chinese
    data = (NUMBER, org.name, manager.username, "iptracker", "patent_annuity", "d-0")
    assert english_words(subject, *data) == set()
    assert english_words(text, *data) == set(), text


def test_a_chinese_readers_calendar_feed_is_chinese(client, make_deadline, org, manager):
    preference_update(user=manager, language="zh-hans")
    right = RightFactory(organisation=org, granted=True, title=TITLE, owner=OWNER)
    deadline = make_deadline(
        due_date=dt.date(2026, 12, 3),
        now=NOW,
        right=right,
        who=manager,
        title="Patent annuity due (patent year 8)",
    )
    Deadline.objects.filter(pk=deadline.pk).update(basis=BASIS)
    token = manager.notification_preference.feed_token
    feed = client.get(f"/calendar/{token}/mine.ics").content.decode()
    unfolded = feed.replace("\r\n ", "")
    assert "SUMMARY:专利年费缴纳期限（第 8 年度）" in unfolded
    assert "2026年12月3日（星期四）" in unfolded
    assert "《专利法实施细则》第一百一十五条" in unfolded
