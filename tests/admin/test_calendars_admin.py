"""The official calendar in the admin: saved and deleted through calendars.services.

Every save (add or edit) and every delete recomputes the deadlines counted through the year and
says how many moved; the service's errors come back on the form and nothing is stored.
"""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from calendars.models import CalendarAdjustment, OfficialYear
from deadlines.models import Deadline
from deadlines.services import deadlines_recompute
from tests.calendars.made_up_2027 import DAYS_OFF_2027, WORKING_DAYS_2027, load_2027
from tests.factories import CustomsNoticeFactory

from .conftest import form_data

pytestmark = pytest.mark.django_db

ADD = reverse("admin:calendars_officialyear_add")


@pytest.fixture
def notice_over_new_year(org):
    """Served Wed 30 Dec 2026: its 3 working days run into 2027, not yet published."""
    notice = CustomsNoticeFactory(
        organisation=org,
        recordal__organisation=org,
        recordal__right__organisation=org,
        served_on=dt.date(2026, 12, 30),
    )
    deadlines_recompute(right=notice.recordal.right)
    notice.refresh_from_db()
    return notice


def year_2027(page, rows, **fields):
    data = form_data(
        page,
        year="2027",
        notice="State Council notice on 2027 holidays",
        published_on="2026-11-10",
        **fields,
    )
    existing = int(data.get("adjustments-INITIAL_FORMS", 0))
    data["adjustments-TOTAL_FORMS"] = str(existing + len(rows))
    for i, (day, working, name) in enumerate(rows, start=existing):
        data[f"adjustments-{i}-date"] = str(day)
        data[f"adjustments-{i}-name"] = name
        if working:
            data[f"adjustments-{i}-is_working_day"] = "on"
    return data


def made_up_rows():
    return [(d, False, n) for d, n in DAYS_OFF_2027] + [(d, True, n) for d, n in WORKING_DAYS_2027]


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_paralegal_reads_the_calendar_but_cannot_load_a_year(login, paralegal):
    OfficialYear.objects.create(year=2027, notice="n", published_on=dt.date(2026, 11, 10))
    client = login(paralegal)

    assert client.get(reverse("admin:calendars_officialyear_changelist")).status_code == 200
    assert client.get(ADD).status_code == 403


def test_adding_a_year_recomputes_and_reports_the_moves(admin_client, notice_over_new_year):
    # Unpublished: Thu 12-31, (Fri 01-01 statutory, weekend), Mon 01-04, Tue 01-05.
    assert (notice_over_new_year.response_due, notice_over_new_year.provisional) == (
        dt.date(2027, 1, 5),
        True,
    )

    response = admin_client.post(ADD, year_2027(admin_client.get(ADD), made_up_rows()))

    assert response.status_code == 302
    # The due date stays, the act-by moves from the earliest possible date (Sun 01-03) to it.
    assert messages_of(response)[0:1] == [
        "Recomputed 1 deadline counted through 2027: 1 moved, 0 still provisional."
    ]
    notice_over_new_year.refresh_from_db()
    assert (notice_over_new_year.response_due, notice_over_new_year.provisional) == (
        dt.date(2027, 1, 5),
        False,
    )
    assert CalendarAdjustment.objects.filter(official_year__year=2027).count() == len(
        made_up_rows()
    )


def test_editing_a_loaded_year_moves_final_dates(admin_client):
    official = load_2027().official
    notice = CustomsNoticeFactory(served_on=dt.date(2027, 2, 4))
    deadlines_recompute(right=notice.recordal.right)
    deadline = Deadline.objects.get(customs_notice=notice, rule="customs_notice_response")
    assert deadline.due_date == dt.date(2027, 2, 17)  # Mon 15, Tue 16, Wed 17
    change = reverse("admin:calendars_officialyear_change", args=[official.pk])

    # Sat 02-13 becomes a working day: Sat 13, Mon 15, Tue 16.
    data = year_2027(admin_client.get(change), [(dt.date(2027, 2, 13), True, "Spring Festival")])
    data.pop("year", None)
    response = admin_client.post(change, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert messages_of(response)[0:1] == [
        "Recomputed 1 deadline counted through 2027: 1 moved, 0 still provisional."
    ]
    deadline.refresh_from_db()
    assert deadline.due_date == dt.date(2027, 2, 16)
    assert deadline.history.first().history_change_reason.startswith(
        "Official 2027 calendar loaded"
    )


def test_deleting_a_year_recomputes_through_the_service(admin_client, notice_over_new_year):
    official = load_2027().official
    delete = reverse("admin:calendars_officialyear_delete", args=[official.pk])

    response = admin_client.post(delete, {"post": "yes"})

    assert response.status_code == 302
    assert messages_of(response)[0] == (
        "Recomputed 1 deadline counted through 2027: 1 moved, 1 still provisional."
    )
    assert not OfficialYear.objects.exists()
    notice_over_new_year.refresh_from_db()
    assert notice_over_new_year.provisional is True


@pytest.mark.parametrize(
    ("row", "error"),
    [
        ((dt.date(2027, 1, 4), True, "Not a weekend"), b"only a Saturday or Sunday"),
        ((dt.date(2026, 12, 31), False, "Wrong year"), b"is not in 2027"),
    ],
)
def test_the_service_refuses_a_wrong_schedule_on_the_form(admin_client, row, error):
    response = admin_client.post(ADD, year_2027(admin_client.get(ADD), [*made_up_rows(), row]))

    assert response.status_code == 200
    assert error in response.content
    assert not OfficialYear.objects.exists()


def test_a_statutory_day_missing_from_the_days_off_is_refused(admin_client):
    rows = [r for r in made_up_rows() if r[0] != dt.date(2027, 6, 9)]

    response = admin_client.post(ADD, year_2027(admin_client.get(ADD), rows))

    assert response.status_code == 200
    assert (
        b"2027-06-09 (Wednesday) is a statutory day off (Dragon Boat Festival" in response.content
    )
    assert not OfficialYear.objects.exists()
