"""Loading a year's official holiday schedule: the operator edits, provisional dates follow."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from calendars.models import CalendarAdjustment, OfficialYear
from deadlines.services import deadlines_recompute
from tests.factories import CustomsNoticeFactory

from .conftest import form_data

pytestmark = pytest.mark.django_db

ADD = reverse("admin:calendars_officialyear_add")


@pytest.fixture
def notice_over_new_year(org):
    """Served Wed 30 Dec 2026: its 3 working days run into 2027, not yet known."""
    notice = CustomsNoticeFactory(
        organisation=org,
        recordal__organisation=org,
        recordal__right__organisation=org,
        served_on=dt.date(2026, 12, 30),
    )
    deadlines_recompute(right=notice.recordal.right)
    notice.refresh_from_db()
    return notice


def year_2027(page, *rows):
    data = form_data(
        page,
        year="2027",
        notice="State Council notice on 2027 holidays",
        published_on="2026-11-10",
    )
    data["adjustments-TOTAL_FORMS"] = str(len(rows))
    for i, (day, working, name) in enumerate(rows):
        data[f"adjustments-{i}-date"] = day
        data[f"adjustments-{i}-name"] = name
        if working:
            data[f"adjustments-{i}-is_working_day"] = "on"
    return data


def test_paralegal_reads_the_calendar_but_cannot_load_a_year(login, paralegal):
    OfficialYear.objects.create(year=2027, notice="n", published_on=dt.date(2026, 11, 10))
    client = login(paralegal)

    assert client.get(reverse("admin:calendars_officialyear_changelist")).status_code == 200
    assert client.get(ADD).status_code == 403


def test_operator_loading_a_year_recomputes_provisional_deadlines(
    login, operator, notice_over_new_year
):
    assert notice_over_new_year.provisional is True
    assert notice_over_new_year.response_due == dt.date(2027, 1, 4)  # 1 Jan counted as work
    client = login(operator)
    data = year_2027(
        client.get(ADD),
        ("2027-01-01", False, "New Year's Day"),
    )

    response = client.post(ADD, data)

    assert response.status_code == 302
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert "Recomputed the provisional deadlines of 1 right." in messages
    notice_over_new_year.refresh_from_db()
    assert notice_over_new_year.provisional is False
    assert notice_over_new_year.response_due == dt.date(2027, 1, 5)
    assert CalendarAdjustment.objects.get().official_year.year == 2027


def test_swapped_working_day_on_a_weekday_is_refused(login, operator):
    client = login(operator)
    data = year_2027(client.get(ADD), ("2027-01-04", True, "Not a weekend"))

    response = client.post(ADD, data)

    assert response.status_code == 200
    assert b"is a weekday" in response.content
    assert not OfficialYear.objects.exists()


def test_adjustment_outside_the_year_is_refused(login, operator):
    client = login(operator)
    data = year_2027(client.get(ADD), ("2026-12-31", False, "Wrong year"))

    response = client.post(ADD, data)

    assert response.status_code == 200
    assert b"is not in 2027" in response.content
    assert not OfficialYear.objects.exists()
