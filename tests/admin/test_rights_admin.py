"""Rights through the admin: validation next to the field, saving through the services."""

import datetime as dt

import pytest
from django.urls import reverse

from deadlines.models import Deadline
from deadlines.services import deadlines_recompute
from rights.models import Right
from rights.numbers import check_character
from tests.factories import RightFactory, cn_patent_number

from .conftest import form_data

pytestmark = pytest.mark.django_db

ADD = reverse("admin:rights_right_add")
CHANGELIST = reverse("admin:rights_right_changelist")


def change_url(right):
    return reverse("admin:rights_right_change", args=[right.pk])


def invention_fields(**overrides):
    fields = {
        "kind": "invention",
        "jurisdiction": "CN",
        "title": "Self-locking fastener",
        "owner": "Demo Co. Ltd",
        "status": "filed",
        "application_number": cn_patent_number(2024, 1, 123456),
        "filing_date": "2024-03-14",
        "renewals": "0",
    }
    fields.update(overrides)
    return fields


def wrong_check(number: str) -> str:
    body, check = number.split(".")
    return f"{body}.{'0' if check != '0' else '1'}"


def test_wrong_check_character_is_shown_next_to_the_field_and_nothing_is_saved(login, paralegal):
    client = login(paralegal)
    number = wrong_check(cn_patent_number(2024, 1, 123456))
    data = form_data(client.get(ADD), **invention_fields(application_number=number))

    response = client.post(ADD, data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "application_number" in errors
    assert "Check character" in errors["application_number"][0]
    assert b"Check character" in response.content
    assert Right.objects.count() == 0
    assert Deadline.objects.count() == 0


def test_grant_before_filing_is_refused_on_the_form(login, paralegal):
    client = login(paralegal)
    data = form_data(
        client.get(ADD),
        **invention_fields(status="granted", grant_date="2023-01-05"),
    )

    response = client.post(ADD, data)

    assert response.status_code == 200
    assert b"The grant date cannot be before the filing date." in response.content
    assert Right.objects.count() == 0


def test_valid_add_creates_the_right_with_its_deadlines(login, paralegal, org):
    client = login(paralegal)
    body = "202410123456"
    data = form_data(
        client.get(ADD),
        **invention_fields(
            application_number=f"ZL {body}{check_character(body)}",
            status="granted",
            grant_date="2025-03-03",
            responsible=paralegal.pk,
        ),
    )

    response = client.post(ADD, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    right = Right.objects.get()
    assert right.organisation == org
    assert right.application_number == f"{body}.{check_character(body)}"  # normalised
    assert right.expiry_date == dt.date(2044, 3, 13)  # computed by the service's recompute
    rules = set(right.deadlines.values_list("rule", flat=True))
    assert {"patent_expiry", "patent_annuity", "customs_record"} <= rules
    assert set(right.deadlines.values_list("responsible", flat=True)) == {paralegal.pk}
    assert right.history.first().history_user == paralegal


def test_duplicate_application_number_is_refused_on_the_form(login, paralegal, org):
    existing = RightFactory(organisation=org)
    client = login(paralegal)
    data = form_data(
        client.get(ADD),
        **invention_fields(
            application_number=existing.application_number, filing_date="2019-03-14"
        ),
    )

    response = client.post(ADD, data)

    assert response.status_code == 200
    assert b"already has a right with this application number" in response.content
    assert Right.objects.count() == 1


def test_same_application_number_in_another_organisation_is_allowed(login, paralegal, other_org):
    theirs = RightFactory(organisation=other_org)
    client = login(paralegal)
    data = form_data(
        client.get(ADD),
        **invention_fields(application_number=theirs.application_number, filing_date="2019-03-14"),
    )

    response = client.post(ADD, data)

    assert response.status_code == 302
    assert Right.objects.count() == 2


def test_change_goes_through_the_service_and_recomputes_deadlines(login, paralegal, org):
    right = RightFactory(organisation=org)
    deadlines_recompute(right=right)
    assert not right.deadlines.filter(rule="patent_annuity").exists()
    client = login(paralegal)
    data = form_data(client.get(change_url(right)), status="granted", grant_date="2021-08-03")

    response = client.post(change_url(right), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    right.refresh_from_db()
    assert right.status == "granted"
    assert right.deadlines.filter(rule="patent_annuity").exists()
    assert right.history.first().history_user == paralegal


def test_owner_change_opens_a_recordal_duty(login, paralegal, org):
    """right_update receives the changed fields and tells the recordal (Reg. art. 11)."""
    from tests.factories import RecordalFactory

    recordal = RecordalFactory(right__organisation=org, organisation=org)
    right = recordal.right
    deadlines_recompute(right=right)
    client = login(paralegal)
    data = form_data(client.get(change_url(right)), owner="New Owner Ltd")

    response = client.post(change_url(right), data)

    assert response.status_code == 302
    assert recordal.changes.filter(kind="assignment").count() == 1
    assert right.deadlines.filter(rule="recordal_amendment", status="open").exists()


def test_nice_classes_are_typed_as_comma_separated_numbers(login, paralegal):
    client = login(paralegal)
    data = form_data(
        client.get(ADD),
        kind="trademark",
        jurisdiction="CN",
        title="SPARROW",
        owner="Demo Co. Ltd",
        status="registered",
        application_number="12345678",
        filing_date="2015-02-10",
        registration_date="2016-05-07",
        nice_classes="35, 9",
        renewals="0",
    )

    response = client.post(ADD, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    mark = Right.objects.get()
    assert mark.nice_classes == [9, 35]
    page = client.get(change_url(mark))
    assert page.context["adminform"].form["nice_classes"].value() == "9, 35"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("9, x", "is not a whole number"),
        ("9, \u00b3", "is not a whole number"),  # a superscript digit: isdigit() but not int()
        ("9, 46", "Nice classes run from 1 to 45"),
    ],
)
def test_bad_nice_classes_get_a_clear_error(login, paralegal, typed, message):
    client = login(paralegal)
    data = form_data(
        client.get(ADD),
        kind="trademark",
        jurisdiction="CN",
        title="SPARROW",
        owner="Demo Co. Ltd",
        status="filed",
        application_number="12345678",
        filing_date="2015-02-10",
        nice_classes=typed,
        renewals="0",
    )

    response = client.post(ADD, data)

    assert response.status_code == 200
    assert message in " ".join(response.context["adminform"].form.errors["nice_classes"])
    assert Right.objects.count() == 0


def test_priority_claim_added_inline_sets_the_priority_date(login, paralegal, org):
    right = RightFactory(organisation=org, filing_date=dt.date(2019, 3, 14))
    client = login(paralegal)
    data = form_data(client.get(change_url(right)))
    data.update(
        {
            "priority_claims-TOTAL_FORMS": "1",
            "priority_claims-0-country": "US",
            "priority_claims-0-number": "62/123,456",
            "priority_claims-0-date": "2018-04-02",
        }
    )

    response = client.post(change_url(right), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    right.refresh_from_db()
    assert right.priority_date == dt.date(2018, 4, 2)
    assert right.priority_claims.get().country == "US"


def test_deleting_the_last_priority_claim_clears_the_priority_date(login, paralegal, org):
    from rights.services import priority_claim_add

    right = RightFactory(organisation=org)
    priority_claim_add(right=right, country="US", number="1", date=dt.date(2018, 4, 2))
    client = login(paralegal)
    data = form_data(client.get(change_url(right)), **{"priority_claims-0-DELETE": "on"})

    response = client.post(change_url(right), data)

    assert response.status_code == 302
    right.refresh_from_db()
    assert right.priority_date is None
    assert not right.priority_claims.exists()


def test_priority_claim_after_filing_is_refused_and_nothing_saved(login, paralegal):
    client = login(paralegal)
    data = form_data(client.get(ADD), **invention_fields())
    data.update(
        {
            "priority_claims-TOTAL_FORMS": "1",
            "priority_claims-0-country": "US",
            "priority_claims-0-number": "62/123,456",
            "priority_claims-0-date": "2024-05-01",
        }
    )

    response = client.post(ADD, data)

    assert response.status_code == 200
    assert b"A priority date cannot be after the filing date." in response.content
    assert Right.objects.count() == 0


def test_deadlines_are_shown_read_only_on_the_right(login, paralegal, org):
    right = RightFactory(organisation=org, granted=True)
    deadlines_recompute(right=right)

    response = login(paralegal).get(change_url(right))

    inline = next(
        i for i in response.context["inline_admin_formsets"] if i.formset.model is Deadline
    )
    assert inline.has_add_permission is False
    assert inline.has_change_permission is False
    assert inline.has_delete_permission is False
    assert right.deadlines.first().title.encode() in response.content


def test_changelist_shows_next_open_deadline(login, paralegal, org):
    right = RightFactory(organisation=org, granted=True)
    deadlines_recompute(right=right)
    first_open = right.deadlines.filter(status="open").order_by("due_date").first()

    response = login(paralegal).get(CHANGELIST)

    row = next(r for r in response.context["cl"].result_list if r.pk == right.pk)
    assert row.next_due == first_open.due_date


def test_right_changelist_query_count_does_not_grow_with_rows(
    login, paralegal, org, django_assert_max_num_queries
):
    for _ in range(30):
        right = RightFactory(organisation=org, granted=True, responsible=paralegal)
        deadlines_recompute(right=right)
    client = login(paralegal)

    with django_assert_max_num_queries(12):
        response = client.get(CHANGELIST)

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 30


def test_saving_a_right_never_writes_its_deadline_rows_from_the_form(login, paralegal, org):
    right = RightFactory(organisation=org, granted=True)
    deadlines_recompute(right=right)
    versions = {d.pk: d.history.count() for d in right.deadlines.all()}
    client = login(paralegal)
    data = form_data(client.get(change_url(right)))
    # A tampered post: the read-only deadline rows' hidden ids and a deletion request.
    for key in [k for k in data if k.startswith("deadlines-0-")]:
        del data[key]
    data["deadlines-1-DELETE"] = "on"

    response = client.post(change_url(right), data)

    assert response.status_code == 302
    assert {d.pk: d.history.count() for d in right.deadlines.all()} == versions
