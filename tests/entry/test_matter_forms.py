"""Entry on saved matters: register a grant, priority claims, a recordal, a customs notice.
Each refusal leaves everything as it was; other organisations' objects are 404."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from customs.models import CustomsNotice, Recordal, RecordalImage, RecordalParty
from deadlines.models import Deadline
from rights.models import PriorityClaim, Right
from tests.factories import RecordalFactory, RecordalRouteFactory, RightFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

EMPTY_PARTIES = {"party-TOTAL_FORMS": "0", "party-INITIAL_FORMS": "0"}
EMPTY_ROUTES = {"route-TOTAL_FORMS": "0", "route-INITIAL_FORMS": "0"}
EMPTY_IMAGES = {"image-TOTAL_FORMS": "0", "image-INITIAL_FORMS": "0"}
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6300010000000500010d0a2db40000000049454e44ae426082"
)


@pytest.fixture
def application(org):
    return RightFactory(organisation=org, filing_date=dt.date(2024, 3, 5), status="filed")


def test_grant_preview_marks_new_dates_and_saves_nothing(as_paralegal, application):
    response = as_paralegal.post(
        reverse("entry:grant-preview", args=[application.pk]), {"grant_date": "2026-06-02"}
    )
    changes = {i.rule: i.change for i in response.context["items"]}
    assert changes["patent_expiry"] == "new" and changes["customs_record"] == "new"
    application.refresh_from_db()
    assert application.status == "filed" and not Deadline.objects.exists()


def test_register_grant_through_the_service(as_paralegal, application):
    response = as_paralegal.post(
        reverse("entry:grant", args=[application.pk]),
        {"grant_date": "2026-06-02", "registration_number": "ZL202410000001"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.status, application.grant_date) == ("granted", dt.date(2026, 6, 2))
    assert Deadline.objects.filter(right=application, rule="patent_annuity").exists()


def test_a_grant_before_filing_is_refused_beside_the_field(as_paralegal, application):
    response = as_paralegal.post(
        reverse("entry:grant", args=[application.pk]), {"grant_date": "2023-01-01"}
    )
    assert response.status_code == 400
    assert "before the filing date" in response.context["form"].errors["grant_date"][0]
    application.refresh_from_db()
    assert application.status == "filed" and application.history.count() == 1


def test_priority_claim_added_moves_the_priority_date(as_paralegal, application):
    url = reverse("entry:priority-claim-add", args=[application.pk])
    response = as_paralegal.post(
        url, {"new-country": "us", "new-number": "63/123,456", "new-date": "2023-03-06"}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.priority_date == dt.date(2023, 3, 6)
    assert PriorityClaim.objects.get().country == "US"
    late = as_paralegal.post(
        url, {"new-country": "EP", "new-number": "23100001", "new-date": "2025-01-01"}
    )
    assert late.status_code == 400
    assert "after the filing date" in late.context["add_form"].errors["date"][0]
    assert PriorityClaim.objects.count() == 1


def test_priority_claim_corrected_and_removed_the_date_follows(as_paralegal, application):
    from rights.services import priority_claim_add

    first = priority_claim_add(
        right=application, country="US", number="63/1", date=dt.date(2023, 3, 6), actor=None
    )
    priority_claim_add(
        right=application, country="EP", number="23100001", date=dt.date(2023, 6, 1), actor=None
    )
    edit = reverse("entry:priority-claim-edit", args=[application.pk, first.pk])
    prefix = f"claim-{first.pk}"
    response = as_paralegal.post(
        edit,
        {f"{prefix}-country": "US", f"{prefix}-number": "63/1", f"{prefix}-date": "2023-04-03"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.priority_date == dt.date(2023, 4, 3)
    late = as_paralegal.post(
        edit,
        {f"{prefix}-country": "US", f"{prefix}-number": "63/1", f"{prefix}-date": "2025-01-01"},
    )
    assert late.status_code == 400
    first.refresh_from_db()
    assert first.date == dt.date(2023, 4, 3)
    as_paralegal.post(reverse("entry:priority-claim-remove", args=[application.pk, first.pk]))
    application.refresh_from_db()
    assert application.priority_date == dt.date(2023, 6, 1)
    assert PriorityClaim.objects.count() == 1


def test_a_claim_of_another_right_is_404(as_paralegal, application, org):
    from rights.services import priority_claim_add

    other = RightFactory(organisation=org, filing_date=dt.date(2024, 3, 5))
    claim = priority_claim_add(
        right=other, country="US", number="63/1", date=dt.date(2023, 3, 6), actor=None
    )
    url = reverse("entry:priority-claim-remove", args=[application.pk, claim.pk])
    assert as_paralegal.post(url).status_code == 404
    assert PriorityClaim.objects.filter(pk=claim.pk).exists()


def test_recordal_with_parties_through_the_services(as_paralegal, org):
    right = RightFactory(organisation=org, granted=True)
    response = as_paralegal.post(
        reverse("entry:recordal-new", args=[right.pk]),
        {
            "recordal_number": "P2026-00001",
            "applied_on": "2026-09-01",
            "approved_on": "2026-10-12",
            "genuine_product_notes": "Hologram on the box.",
            "party-TOTAL_FORMS": "2",
            "party-INITIAL_FORMS": "0",
            "party-0-role": "manufacturer",
            "party-0-name": "Shenzhen Works Ltd",
            "party-0-country": "cn",
            "party-1-role": "",
            "party-1-name": "",
            **EMPTY_ROUTES,
            "route-TOTAL_FORMS": "1",
            "route-0-port": "Ningbo",
            "route-0-route": "Ningbo to Rotterdam",
            **EMPTY_IMAGES,
            "image-TOTAL_FORMS": "1",
            "image-0-image": SimpleUploadedFile("box.png", PNG, "image/png"),
            "image-0-caption": "The hologram",
        },
    )
    recordal = Recordal.objects.get()
    assert response.status_code == 302 and response["Location"] == recordal.get_absolute_url()
    assert recordal.status == "active" and recordal.valid_until is not None
    assert RecordalParty.objects.get().country == "CN"
    assert recordal.routes.get().port == "Ningbo"
    assert recordal.images.get().caption == "The hologram"


def test_a_refused_image_keeps_the_recordal_unsaved_with_the_error_beside_it(as_paralegal, org):
    right = RightFactory(organisation=org, granted=True)
    response = as_paralegal.post(
        reverse("entry:recordal-new", args=[right.pk]),
        {
            "applied_on": "2026-09-01",
            **EMPTY_PARTIES,
            **EMPTY_ROUTES,
            **EMPTY_IMAGES,
            "image-TOTAL_FORMS": "1",
            "image-0-image": SimpleUploadedFile("box.exe", b"MZ", "application/octet-stream"),
        },
    )
    assert response.status_code == 400
    assert "image" in response.context["images"][0].errors
    assert not Recordal.objects.exists() and not RecordalImage.objects.exists()


def test_recordal_of_a_right_not_in_force_is_refused_and_nothing_saved(as_paralegal, org):
    right = RightFactory(organisation=org, status="filed")
    response = as_paralegal.post(
        reverse("entry:recordal-new", args=[right.pk]),
        {
            "applied_on": "2026-09-01",
            "approved_on": "2026-10-12",
            "party-TOTAL_FORMS": "1",
            "party-INITIAL_FORMS": "0",
            "party-0-role": "licensee",
            "party-0-name": "Someone",
            "party-0-licence_from": "2026-01-01",
            **EMPTY_ROUTES,
            **EMPTY_IMAGES,
        },
    )
    assert response.status_code == 400
    assert "in force" in " ".join(response.context["form"].non_field_errors())
    assert not Recordal.objects.exists() and not RecordalParty.objects.exists()


def recordal_with_licensee(client, right, **party):
    data = {
        "recordal_number": "P2026-00002",
        "applied_on": "2026-09-01",
        "approved_on": "2026-10-12",
        "party-TOTAL_FORMS": "1",
        "party-INITIAL_FORMS": "0",
        "party-0-role": "licensee",
        "party-0-name": "Hangzhou Licensee Co.",
        **{f"party-0-{k}": v for k, v in party.items()},
        **EMPTY_ROUTES,
        **EMPTY_IMAGES,
    }
    return client.post(reverse("entry:recordal-new", args=[right.pk]), data)


def test_a_licensee_is_recorded_with_its_licence_period(as_paralegal, org):
    right = RightFactory(organisation=org, granted=True)
    response = recordal_with_licensee(
        as_paralegal, right, licence_from="2026-03-01", licence_until="2029-02-28"
    )
    assert response.status_code == 302
    party = RecordalParty.objects.get()
    assert (party.licence_from, party.licence_until) == (dt.date(2026, 3, 1), dt.date(2029, 2, 28))
    page = as_paralegal.get(response["Location"]).content.decode()
    assert "Hangzhou Licensee Co." in page
    assert "Licence from Sun 2026-03-01 to Wed 2029-02-28" in page


def test_a_licensee_without_its_start_date_is_refused_beside_the_field(as_paralegal, org):
    right = RightFactory(organisation=org, granted=True)
    response = recordal_with_licensee(as_paralegal, right, licence_until="2029-02-28")
    assert response.status_code == 400
    party = response.context["parties"][0]
    assert party.errors["licence_from"] == ["Give the date the licence starts."]
    assert 'value="Hangzhou Licensee Co."' in response.content.decode()  # input kept
    assert not Recordal.objects.exists() and not RecordalParty.objects.exists()


def test_a_licence_ending_before_it_starts_is_refused_and_nothing_saved(as_paralegal, org):
    right = RightFactory(organisation=org, granted=True)
    response = recordal_with_licensee(
        as_paralegal, right, licence_from="2026-03-01", licence_until="2025-02-28"
    )
    assert response.status_code == 400
    errors = response.context["parties"][0].errors
    assert errors["licence_until"] == ["The licence cannot end before it starts."]
    assert not Recordal.objects.exists() and not RecordalParty.objects.exists()


def test_only_a_licensee_has_a_licence_period(as_paralegal, org):
    right = RightFactory(organisation=org, granted=True)
    response = recordal_with_licensee(
        as_paralegal, right, role="manufacturer", licence_from="2026-03-01"
    )
    assert response.status_code == 400
    errors = response.context["parties"][0].errors
    assert errors["licence_from"] == ["Only an authorised licensee has a licence period."]
    assert not Recordal.objects.exists()


def notice_data(person, **changes):
    data = {
        "track": "ex_officio",
        "customs_reference": "SZ-2026-0042",
        "served_on": "2026-11-23",
        "served_time": "09:30",
        "service_method": "electronic",
        "port": "Shenzhen Yantian",
        "goods_description": "Bicycle locks",
        "quantity": "1200",
        "goods_value_cny": "36000.00",
        "responsible": person.pk,
        "notes": "",
    }
    data.update(changes)
    return data


def test_notice_preview_shows_due_date_and_countdown(as_paralegal, paralegal, org):
    recordal = RecordalFactory(right__organisation=org)
    response = as_paralegal.post(
        reverse("entry:notice-preview", args=[recordal.pk]), notice_data(paralegal)
    )
    assert response.context["answer"].due_date == dt.date(2026, 11, 26)  # Mon+3 working days
    assert response.context["clock"].working_days_left == 3
    assert b"Thu 2026-11-26" in response.content and b"3 working days left" in response.content
    assert not CustomsNotice.objects.exists()


def test_notice_preview_warns_when_the_answer_date_has_passed(as_paralegal, paralegal, org):
    recordal = RecordalFactory(right__organisation=org)
    response = as_paralegal.post(
        reverse("entry:notice-preview", args=[recordal.pk]),
        notice_data(paralegal, served_on="2026-11-16", served_time=""),
    )
    assert response.context["clock"].overdue
    assert b"already passed" in response.content


def test_notice_saved_with_its_responsible_person(as_paralegal, paralegal, org):
    recordal = RecordalFactory(right__organisation=org)
    response = as_paralegal.post(
        reverse("entry:notice-new", args=[recordal.pk]), notice_data(paralegal)
    )
    notice = CustomsNotice.objects.get()
    assert response["Location"] == notice.get_absolute_url()
    assert notice.response_due == dt.date(2026, 11, 26)
    assert notice.served_at == dt.datetime(2026, 11, 23, 1, 30, tzinfo=dt.UTC)
    deadline = Deadline.objects.get(customs_notice=notice, rule="customs_notice_response")
    assert deadline.responsible == paralegal


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"served_on": "2026-11-25"}, "served_on"),  # the future
        ({"responsible": ""}, "responsible"),
        ({"quantity": "-1"}, "quantity"),
    ],
)
def test_notice_refusals_save_nothing(as_paralegal, paralegal, org, changes, field):
    recordal = RecordalFactory(right__organisation=org)
    response = as_paralegal.post(
        reverse("entry:notice-new", args=[recordal.pk]), notice_data(paralegal, **changes)
    )
    assert response.status_code == 400 and field in response.context["form"].errors
    assert not CustomsNotice.objects.exists()


def test_notice_names_a_route_of_its_recordal_as_the_api_does(as_paralegal, paralegal, org):
    recordal = RecordalFactory(right__organisation=org)
    route = RecordalRouteFactory(recordal=recordal, port="Ningbo", route="Ningbo - Rotterdam")
    page = as_paralegal.get(reverse("entry:notice-new", args=[recordal.pk]))
    assert b"Ningbo \xe2\x80\x93 Ningbo - Rotterdam" in page.content
    response = as_paralegal.post(
        reverse("entry:notice-new", args=[recordal.pk]), notice_data(paralegal, route=route.pk)
    )
    assert response.status_code == 302
    assert CustomsNotice.objects.get().route == route


def test_notice_refuses_a_route_of_another_recordal(as_paralegal, paralegal, org):
    recordal = RecordalFactory(right__organisation=org)
    RecordalRouteFactory(recordal=recordal, port="Ningbo")
    elsewhere = RecordalRouteFactory(recordal=RecordalFactory(right__organisation=org))
    response = as_paralegal.post(
        reverse("entry:notice-new", args=[recordal.pk]), notice_data(paralegal, route=elsewhere.pk)
    )
    assert response.status_code == 400 and "route" in response.context["form"].errors
    assert not CustomsNotice.objects.exists()


def test_a_recordal_without_routes_offers_no_route(as_paralegal, paralegal, org):
    recordal = RecordalFactory(right__organisation=org)
    page = as_paralegal.get(reverse("entry:notice-new", args=[recordal.pk]))
    assert "route" not in page.context["form"].fields
    response = as_paralegal.post(
        reverse("entry:notice-new", args=[recordal.pk]), notice_data(paralegal)
    )
    assert response.status_code == 302 and CustomsNotice.objects.get().route is None


def test_notice_intake_finds_the_recordal_by_number(as_paralegal, org):
    recordal = RecordalFactory(right__organisation=org, recordal_number="P2021-77777")
    response = as_paralegal.get(reverse("entry:notice-find"), {"number": "p2021-77777"})
    assert response["Location"] == reverse("entry:notice-new", args=[recordal.pk])


def test_other_organisations_matters_are_404(as_paralegal, other_org):
    right = RightFactory(organisation=other_org, status="filed")
    recordal = RecordalFactory(right__organisation=other_org)
    for url in (
        reverse("entry:grant", args=[right.pk]),
        reverse("entry:priority-claims", args=[right.pk]),
        reverse("entry:recordal-new", args=[right.pk]),
        reverse("entry:notice-new", args=[recordal.pk]),
    ):
        assert as_paralegal.get(url).status_code == 404
        assert as_paralegal.post(url, {}).status_code in (404, 405)
    assert Right.objects.get(pk=right.pk).status == "filed"


@pytest.mark.parametrize("role", ["viewer", "manager"])
def test_viewers_get_403_and_see_no_entry_buttons(client, request, role, org):
    client.force_login(request.getfixturevalue(role))
    right = RightFactory(organisation=org, status="filed")
    assert client.get(reverse("entry:grant", args=[right.pk])).status_code == 403
    assert (
        client.post(
            reverse("entry:grant", args=[right.pk]), {"grant_date": "2026-06-02"}
        ).status_code
        == 403
    )
    page = client.get(right.get_absolute_url()).content.decode()
    assert "/entry/" not in page
    right.refresh_from_db()
    assert right.status == "filed"


def test_editors_see_the_entry_buttons_and_nav(as_paralegal, org):
    right = RightFactory(organisation=org, status="filed")
    page = as_paralegal.get(right.get_absolute_url()).content.decode()
    assert reverse("entry:grant", args=[right.pk]) in page
    assert reverse("entry:right-start") in page and reverse("entry:import") in page


@pytest.mark.parametrize(
    ("name", "current"),
    [
        ("entry:right-start", "New right"),
        ("entry:import", "Import"),
        ("entry:notice-find", "Customs notices"),
    ],
)
def test_the_menu_marks_the_section_of_the_entry_page(as_paralegal, name, current):
    page = as_paralegal.get(reverse(name), follow=True).content.decode()
    assert f'aria-current="page">{current}</a>' in page
