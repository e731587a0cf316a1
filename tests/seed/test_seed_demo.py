"""seed_demo: a realistic, idempotent demo portfolio dated relative to the day it is loaded."""

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from accounts.models import Membership, Organisation
from calendars.selectors import workday_calendar
from calendars.workdays import add_working_days
from customs.models import (
    CustomsNotice,
    GeneralGuarantee,
    NoticeStatus,
    Recordal,
    RecordalChange,
    RecordalParty,
    RecordalRoute,
)
from deadlines.models import Deadline, DeadlineStatus
from enforcement.models import (
    CeaseDesistLetter,
    DetentionApplication,
    Infringer,
    MonitoringPlan,
    PlatformComplaint,
)
from rights.models import Kind, Right
from rights.numbers import normalise_cn_patent_number

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = dt.date(2026, 11, 24)
LATE_DECEMBER = dt.date(2026, 12, 28)

pytestmark = pytest.mark.django_db


def at(day: dt.date):
    return time_machine.travel(
        dt.datetime.combine(day, dt.time(10, 0), tzinfo=SHANGHAI), tick=False
    )


def seed(day: dt.date = TODAY) -> str:
    out = StringIO()
    with at(day):
        call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


def counts() -> dict:
    models = [
        Organisation,
        get_user_model(),
        Membership,
        Right,
        Recordal,
        RecordalParty,
        RecordalRoute,
        RecordalChange,
        CustomsNotice,
        GeneralGuarantee,
        Deadline,
    ]
    return {m.__name__: m.objects.count() for m in models} | {
        "deadline_rows": list(
            Deadline.objects.order_by("id").values_list("id", "due_date", "status", "provisional")
        ),
    }


def test_seed_demo_builds_users_portfolio_docket_and_customs_records(debug):
    """One load (about 3,000 queries), four groups of checks."""
    output = seed()
    check_organisations_and_users(output)
    check_portfolio()
    check_docket()
    check_customs_records()


def check_organisations_and_users(output: str) -> None:
    demo, other = (
        Organisation.objects.get(slug="demo-co"),
        Organisation.objects.get(slug="other-co"),
    )
    assert (demo.name, other.name) == ("Demo Co.", "Other Co.")
    expected = {
        "counsel": (demo, "counsel"),
        "paralegal": (demo, "paralegal"),
        "manager": (demo, "manager"),
        "viewer": (demo, "viewer"),
        "outsider": (other, "counsel"),
    }
    for username, (org, role) in expected.items():
        user = get_user_model().objects.get(username=username)
        assert (user.membership.organisation, user.membership.role) == (org, role)
        assert user.is_staff and not user.is_superuser
        assert user.check_password("demo")
        assert user.email.startswith(f"{username}@")
        assert username in output
    assert get_user_model().objects.filter(email="counsel@demo.example").exists()


def check_portfolio() -> None:
    """30+ rights of every kind and office, valid CNIPA numbers, both design terms."""
    demo = Right.objects.filter(organisation__slug="demo-co")
    assert demo.count() >= 30
    assert set(demo.values_list("kind", flat=True)) == set(Kind.values)
    assert {"CN", "US", "EP", "WO"} <= set(demo.values_list("jurisdiction", flat=True))
    for right in demo.filter(jurisdiction="CN", kind__in=["invention", "utility_model", "design"]):
        assert normalise_cn_patent_number(right.application_number, right.kind) == (
            right.application_number
        )
    assert all(demo.filter(kind="trademark").values_list("nice_classes", flat=True))
    # Designs on both sides of 2021-06-01: 10- and 15-year terms.
    terms = {
        r.filing_date >= dt.date(2021, 6, 1): round((r.expiry_date - r.filing_date).days / 365.25)
        for r in demo.filter(kind="design", jurisdiction="CN", status="granted")
    }
    assert terms == {False: 10, True: 15}
    assert demo.filter(jurisdiction="US", cn_counterpart__isnull=False).exists()
    assert demo.filter(responsible__username__in=["counsel", "paralegal"]).count() >= 3
    assert Right.objects.filter(organisation__slug="other-co").count() == 3


def check_docket() -> None:
    """Deadlines spread from missed to this quarter; a customs answer due within 3 WD."""
    docket = Deadline.objects.filter(organisation__slug="demo-co")
    open_ = docket.filter(status=DeadlineStatus.OPEN)
    three_wd = add_working_days(TODAY, 3, workday_calendar()).due
    notice_due = open_.filter(rule="customs_notice_response", due_date__range=(TODAY, three_wd))
    assert notice_due.count() == 1
    # Issue 8 item 6: the demo is entered today, so acts already past are history, except
    # those still possible late (a grace period open), which are missed.
    passed = docket.filter(status__in=[DeadlineStatus.MISSED, DeadlineStatus.HISTORY])
    assert passed.count() >= 3
    assert open_.filter(due_date__range=(TODAY, TODAY + dt.timedelta(days=7))).count() >= 2
    assert open_.filter(due_date__range=(TODAY, TODAY + dt.timedelta(days=90))).count() >= 10
    # A granted CN right without a recordal has a past customs duty (history, entered after
    # it); another has one coming.
    customs = docket.filter(rule="customs_record")
    assert customs.filter(status=DeadlineStatus.HISTORY).exists()
    assert customs.filter(status=DeadlineStatus.OPEN, due_date__gte=TODAY).exists()
    for rule in [
        "paris_priority",
        "pct_national_phase",
        "trademark_renewal_due",
        "trademark_opposition_end",
        "patent_annuity",
        "recordal_expiry",
        "recordal_amendment",
        "detention_investigation",
        "detention_court_order",
        "general_guarantee_renewal",
    ]:
        assert open_.filter(rule=rule, due_date__lte=TODAY + dt.timedelta(days=90)).exists(), rule
    # The licence amendment's 30 working days end within 2026: counted on the official calendar.
    amendment = open_.get(rule="recordal_amendment")
    assert amendment.due_date.year == 2026 and not amendment.provisional
    # A trademark whose term has ended is in its 6-month grace period.
    assert open_.filter(rule="trademark_renewal_grace_end").exists()
    assert docket.filter(rule="trademark_renewal_due", status=DeadlineStatus.MISSED).exists()


def check_customs_records() -> None:
    """An unanswered notice served yesterday, a detention, parties, an open renewal window."""
    demo = Organisation.objects.get(slug="demo-co")
    notice = CustomsNotice.objects.get(organisation=demo, status=NoticeStatus.OPEN)
    assert notice.served_on == TODAY - dt.timedelta(days=1)
    assert notice.track == "ex_officio" and not notice.response
    assert notice.port == "Shenzhen Huanggang" and notice.quantity and notice.goods_value_cny
    assert notice.response_due > TODAY
    detained = CustomsNotice.objects.get(organisation=demo, status=NoticeStatus.DETAINED)
    assert detained.deadlines.filter(rule="detention_court_order").exists()
    roles = set(
        RecordalParty.objects.filter(recordal__organisation=demo).values_list("role", flat=True)
    )
    assert roles == {"licensee", "manufacturer", "exporter", "infringer"}
    assert RecordalRoute.objects.filter(recordal__organisation=demo).exists()
    assert Recordal.objects.filter(
        organisation=demo,
        renewal_window_opens__lte=TODAY,
        valid_until__gt=TODAY,
        right__expiry_date__gt=TODAY + dt.timedelta(days=365),
    ).exists()
    licence = RecordalChange.objects.get(recordal__organisation=demo, kind="licence")
    assert licence.filed_on is None and TODAY - licence.occurred_on < dt.timedelta(days=30)
    assert GeneralGuarantee.objects.filter(organisation=demo, year=TODAY.year).exists()


def test_seed_demo_rerun_the_same_day_or_weeks_later_creates_and_changes_nothing(debug):
    seed()
    before = counts()
    output = seed()
    assert counts() == before
    assert "Nothing new" in output
    seed(TODAY + dt.timedelta(days=40))  # in the next year, too
    assert counts() == before


def test_seed_demo_refuses_without_debug_and_creates_nothing(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match=r"published password 'demo'.*DEBUG=true"), at(TODAY):
        call_command("seed_demo", stdout=StringIO())
    assert not Organisation.objects.exists()
    assert not get_user_model().objects.exists()
    assert not Right.objects.exists()


def test_seed_demo_in_late_december_has_provisional_deadlines_counted_into_next_year(debug):
    output = seed(LATE_DECEMBER)
    live = Deadline.objects.filter(
        organisation__slug="demo-co", status__in=[DeadlineStatus.OPEN, DeadlineStatus.MISSED]
    )
    amendment = live.get(rule="recordal_amendment")
    assert amendment.provisional and amendment.due_date.year == 2027
    assert "PROVISIONAL" in amendment.explanation
    assert live.filter(rule="detention_court_order", provisional=True).exists()
    assert f"{live.filter(provisional=True).count()} provisional" in output


def test_seed_demo_enters_demo_co_enforcement_matters_with_live_clocks_once(debug):
    seed()
    demo = Organisation.objects.get(slug="demo-co")
    complaint = PlatformComplaint.objects.get(organisation=demo)
    assert complaint.listings.count() == 2
    # Counter-notice received Thu 19 Nov: 15 days from Fri 20 Nov end on Fri 4 Dec.
    assert complaint.counter_notice_received_on == dt.date(2026, 11, 19)
    clocks = dict(
        Deadline.objects.filter(organisation=demo, subject_type__isnull=False)
        .exclude(status=DeadlineStatus.DONE)
        .values_list("rule", "status")
    )
    assert clocks == {
        "ecommerce_counter_notice": DeadlineStatus.OPEN,
        "letter_reply_due": DeadlineStatus.OPEN,
        "letter_follow_up": DeadlineStatus.OPEN,
        "detention_court_order_on_application": DeadlineStatus.OPEN,
        "monitoring_sweep_due": DeadlineStatus.OPEN,
    }
    assert Deadline.objects.get(rule="ecommerce_counter_notice").due_date == dt.date(2026, 12, 4)
    other = Organisation.objects.get(slug="other-co")
    models = [Infringer, PlatformComplaint, CeaseDesistLetter, DetentionApplication, MonitoringPlan]
    assert [m.objects.filter(organisation=other).count() for m in models] == [0] * 5
    before = [m.objects.count() for m in models]
    seed(TODAY + dt.timedelta(days=3))
    assert [m.objects.count() for m in models] == before == [2, 1, 1, 1, 1]
