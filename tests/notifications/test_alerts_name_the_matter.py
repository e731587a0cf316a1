"""Every alert names its matter (kind, number, title, owner) and links to its page.

Real emails through a local SMTP server (aiosmtpd); the digest, the iCal feeds and the
acknowledge page rendered as their readers get them.
"""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from notifications import delivery, policy as pure, scanner
from notifications.models import Alert, AlertKind
from notifications.selectors import preference_of
from notifications.services import digests_queue, preference_update
from notifications.tokens import ack_token
from tests.factories import CustomsNoticeFactory, GeneralGuaranteeFactory, RightFactory

from .conftest import shanghai

NOW = shanghai(2026, 11, 24, 10, 0)  # a Tuesday
SITE = "https://iptracker.example"


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def right(org):
    return RightFactory(
        organisation=org,
        granted=True,
        title="Self-locking fastener",
        owner="Demo Co. Ltd",
        application_number="201910200001.5",
    )


@pytest.fixture
def notice(org, right):
    return CustomsNoticeFactory(
        organisation=org,
        recordal__right=right,
        recordal__organisation=org,
        recordal__recordal_number="P2021-10077",
        customs_reference="5300-2026-0042",
    )


def names_the_right(text: str, right) -> None:
    for part in ("Invention patent", "CN 201910200001.5", "Self-locking fastener", "Demo Co. Ltd"):
        assert part in text, part


def the_email(smtp_server, address="rita@example.com"):
    delivery.deliver()
    [message] = smtp_server.inbox.to(address)
    return message, smtp_server.inbox.text(message), smtp_server.inbox.html(message)


def test_a_reminder_names_the_right_in_subject_and_body_and_links_to_its_page(
    smtp_settings, smtp_server, make_deadline, right
):
    make_deadline(due_date=dt.date(2026, 12, 1), now=NOW, right=right, title="Patent annuity due")
    scanner.scan()

    message, text, html = the_email(smtp_server)

    subject = message["Subject"]
    names_the_right(subject, right)
    assert "Patent annuity due, Tue 2026-12-01 (7 days left)" in subject
    link = SITE + right.get_absolute_url()
    for body in (text, html):
        names_the_right(body, right)
        assert link in body
        assert "Tue 2026-12-01" in body
    assert f'<a href="{link}">' in html


def test_due_today_says_so_and_never_zero_days_left(
    smtp_settings, smtp_server, make_deadline, right
):
    make_deadline(due_date=dt.date(2026, 11, 24), now=NOW, right=right, title="Patent expires")
    scanner.scan()

    message, text, html = the_email(smtp_server)

    assert "Patent expires, Tue 2026-11-24 (due today)" in message["Subject"]
    for content in (message["Subject"], text, html):
        assert "0 days" not in content
    assert "due today" in text and "due today" in html


def test_an_overdue_deadline_says_by_how_many_days(
    smtp_settings, smtp_server, make_deadline, right
):
    make_deadline(
        due_date=dt.date(2026, 11, 21), now=NOW, right=right, status="missed", title="Annuity"
    )
    scanner.scan()

    message, text, _html = the_email(smtp_server)

    assert (
        message["Subject"]
        .strip()
        .startswith("[Overdue] Annuity, Sat 2026-11-21 (overdue by 3 days)")
    )
    assert "Annuity: overdue by 3 days" in text


def test_a_customs_notice_alert_names_the_notice_its_recordal_right_and_links_the_notice(
    smtp_settings, smtp_server, make_deadline, make_notice_deadline, notice, right
):
    make_notice_deadline(
        notice, due_date=dt.date(2026, 11, 27), now=NOW, title="Answer the customs notice"
    )
    scanner.scan()

    message, text, html = the_email(smtp_server)

    subject = message["Subject"]
    assert "Customs notice 5300-2026-0042" in subject
    assert "86 hours left" in subject  # 10:00 Tue -> 24:00 Fri, China time
    names_the_right(subject, right)
    for body in (text, html):
        assert SITE + notice.get_absolute_url() in body
        assert "Fri 2026-11-27" in body


def test_the_cut_off_is_shown_in_the_readers_time_zone_naming_the_zone(
    smtp_settings, smtp_server, make_deadline, right, responsible
):
    preference_update(user=responsible, time_zone="Europe/Berlin")
    make_deadline(rule=pure.NOTICE_RULE, due_date=dt.date(2026, 11, 27), now=NOW, right=right)
    scanner.scan()

    _message, text, html = the_email(smtp_server)

    # 24:00 Friday in Shanghai is 17:00 Friday in Berlin (CET, UTC+1).
    for body in (text, html):
        assert "which is Fri 2026-11-27 17:00 CET (Europe/Berlin)" in body


def test_an_escalation_names_the_matter(
    smtp_settings, smtp_server, make_deadline, make_notice_deadline, notice, right, manager, frozen
):
    make_notice_deadline(notice, due_date=dt.date(2026, 11, 27), now=NOW)
    scanner.scan()
    delivery.deliver()
    frozen.move_to(NOW + dt.timedelta(hours=5))  # nobody acknowledged within 4 hours
    scanner.scan()
    delivery.deliver()

    [escalation] = [
        m for m in smtp_server.inbox.to("manager@example.com") if "[Escalation]" in m["Subject"]
    ]
    assert "Customs notice 5300-2026-0042" in escalation["Subject"]
    names_the_right(escalation["Subject"], right)
    assert SITE + notice.get_absolute_url() in smtp_server.inbox.text(escalation)


def test_an_email_speaks_the_recipients_language_from_one_template(
    smtp_settings, smtp_server, make_deadline, right, responsible
):
    preference_update(user=responsible, language="zh-hans")
    make_deadline(due_date=dt.date(2026, 11, 24), now=NOW, right=right, title="Patent expires")
    scanner.scan()

    message, text, _html = the_email(smtp_server)

    assert "今天到期" in message["Subject"]  # "due today"
    assert (
        "2026年11月24日（星期二）" in message["Subject"]
    )  # the Chinese date convention, with weekday
    assert "Self-locking fastener" in message["Subject"]
    assert "法定期限" in text and "Legal due date" not in text


def test_a_guarantee_deadline_names_the_guarantee(smtp_settings, smtp_server, make_deadline, org):
    guarantee = GeneralGuaranteeFactory(organisation=org, bank="Bank of Ningbo")
    make_deadline(due_date=dt.date(2026, 12, 1), now=NOW, guarantee=guarantee)
    scanner.scan()

    message, text, _html = the_email(smtp_server)

    assert "General guarantee 2026 “Bank of Ningbo”" in message["Subject"]
    assert SITE + guarantee.get_absolute_url() in text


def test_digest_rows_name_and_link_their_matter_with_weekday_and_days_left(
    smtp_settings, smtp_server, make_deadline, make_notice_deadline, manager, right, notice
):
    make_deadline(due_date=dt.date(2026, 11, 26), now=NOW, right=right, title="Annuity")
    make_notice_deadline(notice, due_date=dt.date(2026, 11, 27), now=NOW, title="Answer")
    digests_queue(now=NOW)
    Alert.objects.exclude(kind=AlertKind.DIGEST).delete()

    message, text, html = the_email(smtp_server, "manager@example.com")

    assert "Tue 2026-11-24" in message["Subject"]
    assert "Thu 2026-11-26 (2 days left)  Annuity: Invention patent CN 201910200001.5" in text
    assert "Customs notice 5300-2026-0042" in text
    for body in (text, html):
        names_the_right(body, right)
        assert SITE + right.get_absolute_url() in body
        assert SITE + notice.get_absolute_url() in body
        assert SITE + reverse("dashboard:docket") in body


def test_any_role_may_opt_in_to_the_digest_and_a_manager_may_opt_out(responsible, manager, viewer):
    preference_update(user=responsible, daily_digest=True)
    preference_update(user=manager, daily_digest=False)
    preference_of(viewer)  # has preferences, did not opt in

    digests_queue(now=NOW)

    assert list(Alert.objects.values_list("recipient__username", flat=True)) == ["rita"]


def test_a_manager_gets_the_digest_without_having_chosen(manager, responsible):
    digests_queue(now=NOW)
    assert list(Alert.objects.values_list("recipient__username", flat=True)) == ["manager"]


def test_the_preferences_page_offers_the_digest_and_both_feeds_to_a_paralegal(client, responsible):
    client.force_login(responsible)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert 'name="daily_digest"' in page
    token = preference_of(responsible).feed_token
    assert reverse("notifications:ical-feed", args=[token]) in page
    assert reverse("notifications:ical-feed-mine", args=[token]) in page

    response = client.post(
        reverse("notifications:preferences"),
        {"daily_digest": "on", "digest_hour": 7, "time_zone": "Asia/Shanghai", "language": "en"},
    )
    assert response.status_code == 302
    assert preference_of(responsible).daily_digest is True


def _events(client, name, user):
    url = reverse(f"notifications:{name}", args=[preference_of(user).feed_token])
    response = client.get(url)
    assert response.status_code == 200
    return {
        int(str(e["UID"]).split("-")[1].split("@")[0]): e
        for e in Calendar.from_ical(response.content).walk("VEVENT")
    }


def test_calendar_events_name_the_matter_and_link_to_it(client, make_deadline, right, responsible):
    d = make_deadline(
        due_date=dt.date(2027, 3, 14), now=NOW, right=right, title="Patent annuity due"
    )

    event = _events(client, "ical-feed", responsible)[d.pk]

    summary = str(event["SUMMARY"])
    assert summary.startswith("Patent annuity due: Invention patent CN 201910200001.5")
    names_the_right(summary, right)
    assert str(event["URL"]) == SITE + right.get_absolute_url()
    assert "Sun 2027-03-14" in str(event["DESCRIPTION"])


def test_my_deadlines_feed_holds_only_mine(client, make_deadline, right, responsible, counsel):
    mine = make_deadline(due_date=dt.date(2027, 3, 14), now=NOW, right=right)
    theirs = make_deadline(due_date=dt.date(2027, 3, 15), now=NOW, right=right, who=counsel)

    assert set(_events(client, "ical-feed-mine", responsible)) == {mine.pk}
    assert set(_events(client, "ical-feed-mine", counsel)) == {theirs.pk}
    assert set(_events(client, "ical-feed", responsible)) == {mine.pk, theirs.pk}


def test_the_acknowledge_page_names_the_matter_and_the_time_in_the_readers_zone(
    client, make_deadline, right, responsible
):
    preference_update(user=responsible, time_zone="America/New_York")
    make_deadline(due_date=dt.date(2026, 12, 1), now=NOW, right=right, title="Patent annuity due")
    scanner.scan()
    alert = Alert.objects.get(recipient=responsible)
    url = reverse("notifications:alert-ack", args=[ack_token(alert.pk)])

    page = client.get(url).content.decode()

    names_the_right(page, right)
    assert f'href="{right.get_absolute_url()}"' in page
    assert "Tue 2026-12-01" in page and "7 days left" in page
    done = client.post(url).content.decode()
    names_the_right(done, right)
    assert "Mon 2026-11-23 21:00 EST (America/New_York)" in done  # 10:00 in Shanghai


def test_every_matter_link_opens_a_page_counsel_can_read(client, counsel, notice, right):
    """Rights, recordals and notices open their workspace pages; a guarantee, which has none,
    its admin page (counsel is staff, as in the demo)."""
    counsel.is_staff = True
    counsel.save(update_fields=["is_staff"])
    guarantee = GeneralGuaranteeFactory(organisation=right.organisation)
    client.force_login(counsel)
    for record in (right, notice.recordal, notice, guarantee):
        response = client.get(record.get_absolute_url())
        assert response.status_code == 200, record
        assert str(record.pk) in response.request["PATH_INFO"]
    assert right.get_absolute_url() == f"/rights/{right.pk}/"


def test_the_acknowledge_page_speaks_the_recipients_language(
    client, make_deadline, right, responsible
):
    preference_update(user=responsible, language="zh-hans")
    make_deadline(due_date=dt.date(2026, 12, 1), now=NOW, right=right)
    scanner.scan()
    alert = Alert.objects.get(recipient=responsible)

    page = client.get(reverse("notifications:alert-ack", args=[ack_token(alert.pk)]))

    text = page.content.decode()
    assert "法定期限" in text and "剩余 7 天" in text  # "legal due date", "7 days left"
    assert "Self-locking fastener" in text
