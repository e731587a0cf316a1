"""The national holiday calendar is maintained by operators only (item 11 of issue 8): no
organisation role, counsel included, can change it in the admin or over the API."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from calendars.models import CalendarAdjustment, OfficialYear
from tests.calendars.made_up_2027 import load_2027

from .conftest import form_data

pytestmark = pytest.mark.django_db

ROLES = ["counsel", "paralegal", "manager", "viewer", "outsider"]


@pytest.fixture
def year_2027():
    year = OfficialYear.objects.create(
        year=2027, notice="State Council 2027", published_on=dt.date(2026, 11, 10)
    )
    CalendarAdjustment.objects.create(
        official_year=year, date=dt.date(2027, 1, 1), is_working_day=False, name="New Year"
    )
    return year


def _urls(year):
    return {
        "add": reverse("admin:calendars_officialyear_add"),
        "change": reverse("admin:calendars_officialyear_change", args=[year.pk]),
        "delete": reverse("admin:calendars_officialyear_delete", args=[year.pk]),
    }


def _unchanged(year):
    year.refresh_from_db()
    return (
        year.notice == "State Council 2027"
        and OfficialYear.objects.count() == 1
        and list(CalendarAdjustment.objects.values_list("date", flat=True)) == [dt.date(2027, 1, 1)]
    )


@pytest.mark.parametrize("role", ROLES)
def test_organisation_roles_cannot_change_the_calendar(request, login, year_2027, role):
    user = request.getfixturevalue(role)
    # Even a Django model permission granted by mistake does not make a member an operator.
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="calendars"))
    client = login(user)
    urls = _urls(year_2027)

    assert client.get(urls["add"]).status_code == 403
    assert client.post(urls["add"], {"year": "2028", "notice": "x"}).status_code == 403
    change = client.post(urls["change"], {"year": "2027", "notice": "Moved by a member"})
    assert change.status_code == 403
    assert client.post(urls["delete"], {"post": "yes"}).status_code == 403
    assert _unchanged(year_2027)


@pytest.mark.parametrize("role", ["counsel", "outsider"])
def test_members_still_read_the_calendar(request, login, year_2027, role):
    client = login(request.getfixturevalue(role))
    page = client.get(_urls(year_2027)["change"])
    assert page.status_code == 200
    assert not page.context["has_change_permission"]


def test_operator_changes_the_calendar(login, operator):
    official = load_2027().official
    client = login(operator)
    url = reverse("admin:calendars_officialyear_change", args=[official.pk])
    data = form_data(client.get(url), notice="State Council 2027 (corrected)")
    data.pop("year", None)

    response = client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    official.refresh_from_db()
    assert official.notice == "State Council 2027 (corrected)"


def test_staff_outside_any_organisation_without_the_permission_cannot(
    login, django_user_model, year_2027
):
    staff = django_user_model.objects.create_user("helpdesk", password="pw", is_staff=True)
    client = login(staff)
    assert client.get(_urls(year_2027)["add"]).status_code == 403
    assert client.post(_urls(year_2027)["delete"], {"post": "yes"}).status_code == 403
    assert _unchanged(year_2027)


def test_the_api_offers_no_way_to_change_the_calendar(client):
    paths = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    assert not [path for path in paths if "calendar" in path or "holiday" in path]
