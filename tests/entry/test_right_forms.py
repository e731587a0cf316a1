"""New rights through the entry forms: the service decides, errors sit beside the fields,
nothing is saved on error, the live check and the preview use the model's own validator."""

import datetime as dt

import pytest
from django.urls import reverse

from deadlines.models import Deadline
from rights.models import Right
from tests.factories import RightFactory, cn_patent_number

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

GOOD = cn_patent_number(2024, 1, 1234567)  # an invention filed in 2024
BODY = GOOD.split(".")[0]
WRONG_CHECK = f"{BODY}.{(int(GOOD[-1]) + 1) % 10 if GOOD[-1] != 'X' else 0}"


def grant_data(**changes):
    data = {
        "kind": "invention",
        "title": "Foldable bicycle lock",
        "owner": "Demo Co. Ltd",
        "application_number": GOOD,
        "filing_date": "2024-03-05",
        "grant_date": "2026-06-02",
        "registration_number": "",
        "annuities_paid_through": "",
        "responsible": "",
        "external_id": "",
        "notes": "",
        "priority_country": "",
        "priority_number": "",
        "priority_date": "",
    }
    data.update(changes)
    return data


def url(kind="grant", name="entry:right-new"):
    return reverse(name, args=[kind])


def test_a_grant_saved_through_the_service_lands_on_its_page_with_its_deadlines(
    as_paralegal, paralegal
):
    response = as_paralegal.post(url(), grant_data(responsible=paralegal.pk))
    right = Right.objects.get()
    assert response.status_code == 302
    assert response["Location"] == right.get_absolute_url()
    assert right.status == "granted"
    assert right.responsible == paralegal
    assert right.history.first().history_user == paralegal
    rules = set(Deadline.objects.filter(right=right).values_list("rule", flat=True))
    assert {"patent_expiry", "patent_annuity", "customs_record"} <= rules
    page = as_paralegal.get(right.get_absolute_url())
    assert b"Patent expires" in page.content


def test_a_wrong_check_character_is_refused_beside_the_field_and_nothing_is_saved(as_paralegal):
    response = as_paralegal.post(url(), grant_data(application_number=WRONG_CHECK))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "Check character" in errors["application_number"][0]
    assert not Right.objects.exists()
    assert not Deadline.objects.exists()
    assert response.context["form"]["title"].value() == "Foldable bicycle lock"  # input kept


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"grant_date": "2023-01-01"}, "grant_date", "before the filing date"),
        ({"filing_date": "2025-03-05"}, "application_number", "filing year"),
        ({"kind": "design"}, "application_number", "Type digit"),
        ({"priority_country": "US"}, "priority_number", "or none of them"),
        (
            {"priority_country": "US", "priority_number": "63/1", "priority_date": "2024-04-01"},
            "filing_date",  # the model names the filing date for this date order
            "priority date cannot be after the filing date",
        ),
        ({"title": ""}, "title", "required"),
    ],
)
def test_each_refusal_names_its_field_and_saves_nothing(as_paralegal, changes, field, words):
    response = as_paralegal.post(url(), grant_data(**changes))
    assert response.status_code == 400
    assert words in " ".join(response.context["form"].errors[field])
    assert not Right.objects.exists()


def test_a_number_already_in_the_organisation_is_refused(as_paralegal, org):
    RightFactory(organisation=org, application_number=GOOD, filing_date=dt.date(2024, 3, 5))
    response = as_paralegal.post(url(), grant_data())
    assert response.status_code == 400
    assert "already has a right" in " ".join(response.context["form"].errors["application_number"])
    assert Right.objects.count() == 1


def test_the_same_number_in_another_organisation_is_no_obstacle(as_paralegal, other_org):
    RightFactory(organisation=other_org, application_number=GOOD, filing_date=dt.date(2024, 3, 5))
    assert as_paralegal.post(url(), grant_data()).status_code == 302


def test_live_number_check_uses_the_models_validator(as_paralegal):
    check = reverse("entry:check-number")
    wrong = as_paralegal.post(
        check, {"kind": "invention", "application_number": WRONG_CHECK, "filing_date": "2024-03-05"}
    )
    assert b"Check character" in wrong.content
    right = as_paralegal.post(
        check, {"kind": "invention", "application_number": BODY + GOOD[-1], "filing_date": ""}
    )
    assert GOOD.encode() in right.content and b"check character are right" in right.content
    year = as_paralegal.post(
        check, {"kind": "invention", "application_number": GOOD, "filing_date": "2023-12-31"}
    )
    assert b"filing year 2024" in year.content


def test_preview_lists_each_date_with_weekday_and_why_and_saves_nothing(as_paralegal):
    response = as_paralegal.post(url(name="entry:right-preview"), grant_data())
    assert response.status_code == 200
    items = response.context["items"]
    assert not Right.objects.exists() and not Deadline.objects.exists()
    expiry = next(i for i in items if i.rule == "patent_expiry")
    assert expiry.due_date == dt.date(2044, 3, 4)
    html = response.content.decode()
    assert "Fri 2044-03-04" in html  # weekday with the date
    assert "Why this date" in html and "PL art. 42" in html


def test_preview_warns_about_dates_already_past_or_within_7_days(as_paralegal):
    # Granted long ago: the customs-recordal reminder is past; an annuity due on 2026-11-30.
    data = grant_data(
        application_number=cn_patent_number(2019, 1, 7654321),
        filing_date="2019-11-30",
        grant_date="2022-01-10",
        annuities_paid_through="7",
    )
    response = as_paralegal.post(url(name="entry:right-preview"), data)
    by_rule = {i.rule: i for i in response.context["items"]}
    assert by_rule["patent_annuity"].due_date == dt.date(2026, 11, 30)
    assert by_rule["patent_annuity"].warning == "soon"
    assert by_rule["customs_record"].warning == "past"
    assert by_rule["customs_record"].status == "history"  # as the save records it
    assert by_rule["patent_annuity"].status == "open"
    assert b"kept as history" in response.content and b"within 7 days" in response.content


def test_preview_shows_the_models_refusals_instead_of_dates(as_paralegal):
    response = as_paralegal.post(
        url(name="entry:right-preview"), grant_data(grant_date="2023-01-01")
    )
    assert "items" not in response.context
    assert b"cannot be before the filing date" in response.content


@pytest.mark.parametrize(
    ("kind", "data", "rules"),
    [
        (
            "trademark",
            {
                "kind": "trademark",
                "title": "SPARROW",
                "owner": "Demo Co. Ltd",
                "application_number": "0012345",
                "filing_date": "2015-02-10",
                "registration_number": "12345",
                "registration_date": "2016-05-07",
                "nice_classes": "35, 9",
                "renewals": "0",
            },
            {
                "trademark_renewal_due",
                "trademark_renewal_window_opens",
                "trademark_renewal_grace_end",
                "trademark_non_use_exposure",
                "customs_record",
            },
        ),
        (
            "application",
            {
                "kind": "invention",
                "title": "Sealed water filter",
                "owner": "Demo Co. Ltd",
                "application_number": cn_patent_number(2026, 1, 55),
                "filing_date": "2026-02-02",
                "publication_date": "2026-08-07",
            },
            set(),
        ),
        (
            "foreign",
            {
                "kind": "invention",
                "jurisdiction": "us",
                "title": "Heated grinder",
                "owner": "Demo Co. Ltd",
                "application_number": "18/555,123",
                "filing_date": "2026-03-10",
            },
            {"paris_priority"},
        ),
    ],
)
def test_every_kind_has_its_form(as_paralegal, kind, data, rules):
    assert as_paralegal.get(url(kind)).status_code == 200
    response = as_paralegal.post(url(kind), data)
    assert response.status_code == 302, response.context["form"].errors
    right = Right.objects.get()
    assert set(Deadline.objects.filter(right=right).values_list("rule", flat=True)) == rules
    if kind == "trademark":
        assert right.nice_classes == [9, 35] and right.status == "registered"
        assert right.application_number == "12345"
    if kind == "application":
        assert right.status == "published"
    if kind == "foreign":
        assert right.jurisdiction == "US"


def test_unknown_form_kind_is_404(as_paralegal):
    assert as_paralegal.get(url("copyright-ish")).status_code == 404


@pytest.mark.parametrize("role", ["viewer", "manager"])
def test_roles_that_do_not_enter_facts_never_see_the_forms(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(url()).status_code == 403
    assert client.post(url(), grant_data()).status_code == 403
    assert client.post(url(name="entry:right-preview"), grant_data()).status_code == 403
    assert not Right.objects.exists()


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(url())
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_preview_shows_each_date_with_the_status_the_save_records(as_paralegal):
    data = grant_data(
        application_number=cn_patent_number(2019, 1, 7654321),
        filing_date="2019-06-10",
        grant_date="2022-01-10",
        annuities_paid_through="7",  # year 8 due 2026-06-10, unpaid: grace open to December
    )
    preview = as_paralegal.post(url(name="entry:right-preview"), data)
    shown = {i.rule: i.status for i in preview.context["items"]}
    as_paralegal.post(url(), data)
    assert shown == dict(Deadline.objects.values_list("rule", "status"))
    assert shown["patent_annuity"] == "missed" and shown["customs_record"] == "history"
    assert b"late action still possible" in preview.content
