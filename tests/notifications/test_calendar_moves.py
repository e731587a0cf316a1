"""Telling people which dates a calendar change moved (issue 9).

Each responsible person and each manager gets ONE message (through the outbox, real SMTP)
listing their moved deadlines with the old and new dates, a date moved earlier marked urgent, in
their language; the same notice loaded again sends nothing; webhooks get `deadline.moved`; the
dashboard shows the moves for a week.

Dates (made-up 2027, tests/calendars/made_up_2027.py; 3 working days after service):
- X served Thu 2027-02-04: 02-05..02-12 off, Mon 15, Tue 16, Wed 17 -> 02-17. The correction
  makes Sat 02-13 a working day: Sat 13, Mon 15, Tue 16 -> 02-16, EARLIER.
- Y served Thu 2027-09-30: 10-01..10-07 off, Fri 08, Sat 09 (swapped), Mon 11 -> 10-11. The
  correction drops the Sat 10-09 swap: Fri 08, Mon 11, Tue 12 -> 10-12, later.
"""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from accounts.models import Role
from deadlines.models import DateMove, Deadline
from deadlines.services import deadlines_recompute
from notifications import delivery
from notifications.models import Alert, AlertKind
from notifications.selectors import preference_of
from tests.calendars.made_up_2027 import WORKING_DAYS_2027, load_2027
from tests.factories import CustomsNoticeFactory, member
from webhooks.models import Delivery, Endpoint

from .conftest import shanghai

D = dt.date
NOW = shanghai(2026, 11, 10, 10, 0)
CORRECTED = [
    *[w for w in WORKING_DAYS_2027 if w[0] != D(2027, 10, 9)],
    (D(2027, 2, 13), "Spring Festival"),
]


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def people(org, other_org):
    return {
        "rita": member(Role.PARALEGAL, org, username="rita", email="rita@example.com"),
        "mia": member(Role.MANAGER, org, username="mia", email="mia@example.com"),
        "otto": member(Role.MANAGER, other_org, username="otto", email="otto@example.com"),
    }


def serve(org, served_on, responsible=None):
    notice = CustomsNoticeFactory(
        organisation=org,
        recordal__organisation=org,
        recordal__right__organisation=org,
        served_on=served_on,
        responsible=responsible,
    )
    deadlines_recompute(right=notice.recordal.right)
    return Deadline.objects.get(customs_notice=notice, rule="customs_notice_response")


@pytest.fixture
def loaded(org, people):
    load_2027()
    return {
        "x": serve(org, D(2027, 2, 4), people["rita"]),
        "y": serve(org, D(2027, 9, 30), people["rita"]),
    }


def correct(capture):
    with capture(execute=True):
        return load_2027(notice="国办发明电〔2026〕99号 (corrected)", working_days=CORRECTED)


def test_each_person_gets_one_message_listing_their_moves_earlier_ones_urgent(
    loaded, people, smtp_settings, smtp_server, django_capture_on_commit_callbacks
):
    load = correct(django_capture_on_commit_callbacks)

    assert sorted((m.old_due, m.new_due) for m in load.outcome.moves) == [
        (D(2027, 2, 17), D(2027, 2, 16)),
        (D(2027, 10, 11), D(2027, 10, 12)),
    ]
    alerts = Alert.objects.filter(kind=AlertKind.CALENDAR_MOVES)
    assert sorted(a.recipient.username for a in alerts) == ["mia", "rita"]
    assert all(a.critical for a in alerts)  # X moved earlier
    result = delivery.deliver()
    assert result.errors == [] and result.sent == 2, result
    [message] = smtp_server.inbox.to("rita@example.com")
    text = smtp_server.inbox.text(message)
    assert message["Subject"] == "[Urgent] The 2027 holiday calendar moved 2 of your deadlines"
    assert "URGENT, moved earlier: Answer the customs notice" in text
    assert "Legal due date: Wed 2027-02-17 -> Tue 2027-02-16" in text
    assert "Legal due date: Mon 2027-10-11 -> Tue 2027-10-12" in text
    assert text.count("URGENT") == 1
    assert "Why: Official 2027 calendar loaded: 国办发明电〔2026〕99号 (corrected)" in text
    assert len(smtp_server.inbox.to("mia@example.com")) == 1
    assert smtp_server.inbox.to("otto@example.com") == []

    again = correct(django_capture_on_commit_callbacks)  # the same notice once more

    assert again.outcome.moves == []
    assert Alert.objects.filter(kind=AlertKind.CALENDAR_MOVES).count() == 2
    delivery.deliver()
    assert len(smtp_server.inbox.messages) == 2


def test_the_message_is_in_the_readers_language(
    loaded, people, smtp_settings, smtp_server, django_capture_on_commit_callbacks
):
    preference = preference_of(people["rita"])
    preference.language = "zh-hans"
    preference.save()

    correct(django_capture_on_commit_callbacks)
    delivery.deliver()

    [message] = smtp_server.inbox.to("rita@example.com")
    assert message["Subject"].strip() == "【紧急】 2027年放假安排调整了您的 2 个期限"
    assert "紧急，已提前：" in smtp_server.inbox.text(message)


def test_a_manager_sees_the_organisations_moves_a_person_only_theirs(
    org, people, loaded, smtp_settings, smtp_server, django_capture_on_commit_callbacks
):
    colleague = member(Role.COUNSEL, org, username="carl", email="carl@example.com")
    Deadline.objects.filter(pk=loaded["y"].pk).update(responsible=colleague)

    correct(django_capture_on_commit_callbacks)
    delivery.deliver()

    carl = smtp_server.inbox.text(smtp_server.inbox.to("carl@example.com")[0])
    mia = smtp_server.inbox.text(smtp_server.inbox.to("mia@example.com")[0])
    assert "2027-10-12" in carl and "2027-02-16" not in carl
    assert "2027-10-12" in mia and "2027-02-16" in mia


def test_webhook_deadline_moved_once_per_endpoint_and_deadline(
    org, loaded, django_capture_on_commit_callbacks
):
    endpoint = Endpoint.objects.create(
        organisation=org, url="https://hooks.example/iptracker", event_types=["deadline.moved"]
    )

    correct(django_capture_on_commit_callbacks)
    correct(django_capture_on_commit_callbacks)

    rows = Delivery.objects.filter(endpoint=endpoint, event="deadline.moved")
    assert sorted(
        (r.payload["data"]["old_due_date"], r.payload["data"]["new_due_date"]) for r in rows
    ) == [("2027-02-17", "2027-02-16"), ("2027-10-11", "2027-10-12")]
    earlier = next(r for r in rows if r.payload["data"]["new_due_date"] == "2027-02-16")
    assert earlier.payload["data"]["earlier"] is True


def test_the_dashboard_shows_the_moves_for_a_week(
    client, people, loaded, django_capture_on_commit_callbacks
):
    correct(django_capture_on_commit_callbacks)
    client.force_login(people["rita"])

    page = client.get(reverse("dashboard:home")).content.decode()

    assert "Dates moved by the 2027 calendar (2)" in page
    assert DateMove.objects.count() == 2
    with time_machine.travel(shanghai(2026, 11, 18, 10, 0), tick=False):
        later = client.get(reverse("dashboard:home")).content.decode()
    assert "Dates moved by the 2027 calendar" not in later
