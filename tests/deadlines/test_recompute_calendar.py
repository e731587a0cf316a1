"""Loading a year's official holiday schedule recomputes the provisional deadlines."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from calendars.models import CalendarAdjustment, OfficialYear
from calendars.services import official_year_load
from customs.models import CustomsNotice
from customs.services import customs_notice_register
from deadlines.models import Deadline
from tests.factories import RecordalFactory, RightFactory, cn_patent_number

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 12, 30, 15, 0, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def notice(org, paralegal):
    right = RightFactory(
        organisation=org,
        filing_date=dt.date(2024, 3, 14),
        application_number=cn_patent_number(2024, 1, 700001),
        status="granted",
        grant_date=dt.date(2026, 10, 20),
    )
    return customs_notice_register(
        organisation=org,
        recordal=RecordalFactory(right=right),
        actor=paralegal,
        served_on=dt.date(2026, 12, 30),
        port="Ningbo Beilun",
        goods_description="Counterfeit fastening devices",
        quantity=500,
        goods_value_cny=Decimal("15000.00"),
    )


def _load_2027(**overrides):
    values = {
        "year": 2027,
        "notice": "State Council General Office notice on the 2027 holidays",
        "published_on": dt.date(2026, 12, 30),
        "days_off": [(dt.date(2027, 1, 1), "New Year's Day")],
        "working_days": [],
    }
    values.update(overrides)
    return official_year_load(**values)


def test_loading_2027_makes_a_provisional_notice_deadline_final_and_moves_it(notice):
    response = Deadline.objects.get(customs_notice=notice, rule="customs_notice_response")
    # Day 1 Thu 2026-12-31, day 2 Fri 2027-01-01 (2027 unknown: weekdays count), day 3 Mon.
    assert (response.due_date, response.provisional) == (dt.date(2027, 1, 4), True)
    assert (notice.response_due, notice.provisional) == (dt.date(2027, 1, 4), True)
    assert "PROVISIONAL" in response.explanation

    official, recomputed = _load_2027()

    assert official.year == 2027
    assert recomputed >= 1
    response_after = Deadline.objects.get(pk=response.pk)
    # New Year's Day is off: Thu 2026-12-31, Mon 2027-01-04, Tue 2027-01-05.
    assert (response_after.due_date, response_after.provisional) == (dt.date(2027, 1, 5), False)
    assert "2027-01-01 New Year's Day" in response_after.explanation
    assert "PROVISIONAL" not in response_after.explanation
    notice = CustomsNotice.objects.get(pk=notice.pk)
    assert (notice.response_due, notice.provisional) == (dt.date(2027, 1, 5), False)
    assert not Deadline.objects.filter(right=notice.recordal.right, provisional=True).exists()


def test_a_bad_schedule_is_refused_and_stores_nothing(notice):
    with pytest.raises(ValidationError):
        _load_2027(working_days=[(dt.date(2027, 1, 4), "Not a weekend day")])

    assert not OfficialYear.objects.exists()
    assert not CalendarAdjustment.objects.exists()
    response = Deadline.objects.get(customs_notice=notice, rule="customs_notice_response")
    assert (response.due_date, response.provisional) == (dt.date(2027, 1, 4), True)
