"""Admin tests: the personas as staff users (the admin only lets staff in), a frozen today,
and a helper that turns an admin form page into the POST data a browser would send."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django import forms

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
TODAY = dt.datetime(2025, 6, 2, 10, 0, tzinfo=SHANGHAI)


def _staff(user):
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


@pytest.fixture
def counsel(counsel):
    return _staff(counsel)


@pytest.fixture
def paralegal(paralegal):
    return _staff(paralegal)


@pytest.fixture
def manager(manager):
    return _staff(manager)


@pytest.fixture
def viewer(viewer):
    return _staff(viewer)


@pytest.fixture
def outsider(outsider):
    return _staff(outsider)


@pytest.fixture
def operator(django_user_model):
    """Runs the service: staff in no organisation, allowed to maintain the national calendar."""
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("operator", password="pw", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="calendars", codename__contains="_")
    )
    return user


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def login(client):
    """Log the test client in as `user`; returns the client."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


def form_data(page, /, **overrides) -> dict:
    """The POST data of the admin form page `page` (main form and every inline)."""
    data: dict = {}

    def put(bound):
        widget, value = bound.field.widget, bound.value()
        widget = getattr(widget, "widget", widget)  # the admin's related-object wrapper
        if isinstance(widget, forms.MultiWidget):
            parts = value if isinstance(value, list | tuple) else widget.decompress(value)
            for i, part in enumerate(parts):
                data[f"{bound.html_name}_{i}"] = "" if part is None else part
        elif isinstance(widget, forms.SelectMultiple):
            data[bound.html_name] = [str(v) for v in value or []]
        elif isinstance(widget, forms.CheckboxInput):
            if value:
                data[bound.html_name] = "on"
        else:
            data[bound.html_name] = "" if value is None else value

    for bound in page.context["adminform"].form:
        put(bound)
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        for bound in formset.management_form:
            data[bound.html_name] = bound.value()
        for form in formset.forms:
            for bound in form:
                put(bound)
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def portfolio(org, other_org, paralegal, outsider):
    """One of everything in the user's organisation and in the outsider's, deadlines computed."""
    from calendars.models import OfficialYear
    from deadlines.services import deadlines_recompute, guarantee_deadlines_recompute
    from tests.factories import (
        CustomsNoticeFactory,
        GeneralGuaranteeFactory,
        RecordalFactory,
        RightFactory,
    )

    def one_of_each(organisation, label, responsible):
        right = RightFactory(
            organisation=organisation,
            granted=True,
            title=f"{label} fastener",
            responsible=responsible,
        )
        mark = RightFactory(organisation=organisation, trademark=True, title=f"{label} MARK")
        recordal = RecordalFactory(organisation=organisation, right=right)
        notice = CustomsNoticeFactory(
            organisation=organisation,
            recordal=recordal,
            customs_reference=f"{label}-N1",
            port=f"{label} port",
        )
        guarantee = GeneralGuaranteeFactory(organisation=organisation, bank=f"{label} Bank")
        for r in (right, mark):
            deadlines_recompute(right=r)
        guarantee_deadlines_recompute(guarantee=guarantee)
        return {
            "right": right,
            "mark": mark,
            "recordal": recordal,
            "notice": notice,
            "guarantee": guarantee,
        }

    OfficialYear.objects.create(year=2027, notice="State Council 2027", published_on=TODAY.date())
    return {
        "own": one_of_each(org, "Ours", paralegal),
        "other": one_of_each(other_org, "Theirs", outsider),
    }
