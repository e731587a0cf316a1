"""Who sees and does what in the admin: organisation scoping and roles."""

import pytest
from django.contrib import admin
from django.urls import reverse

from customs.models import Recordal
from deadlines.models import Deadline
from rights.models import Right

pytestmark = pytest.mark.django_db

DOMAIN_APPS = {"rights", "customs", "deadlines", "calendars"}
DOMAIN_MODELS = [model for model in admin.site._registry if model._meta.app_label in DOMAIN_APPS]


def changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def change(obj):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


def test_every_domain_model_is_registered():
    names = {m._meta.label for m in DOMAIN_MODELS}
    assert names == {
        "rights.Right",
        "customs.Recordal",
        "customs.CustomsNotice",
        "customs.GeneralGuarantee",
        "deadlines.Deadline",
        "calendars.OfficialYear",
    }


@pytest.mark.parametrize("model", DOMAIN_MODELS, ids=lambda m: m._meta.label)
def test_paralegal_changelist_opens_and_lists_only_own_organisation(
    model, login, paralegal, org, portfolio
):
    response = login(paralegal).get(changelist(model))

    assert response.status_code == 200
    rows = list(response.context["cl"].result_list)
    assert rows, "the own organisation's rows are listed"
    if hasattr(model, "organisation_id") or "organisation" in {f.name for f in model._meta.fields}:
        assert {row.organisation_id for row in rows} == {org.id}


def test_admin_index_lists_the_domain_models_for_a_paralegal(login, paralegal, portfolio):
    response = login(paralegal).get(reverse("admin:index"))

    assert response.status_code == 200
    listed = {m["object_name"] for app in response.context["app_list"] for m in app["models"]}
    assert {
        "Right",
        "Recordal",
        "CustomsNotice",
        "GeneralGuarantee",
        "Deadline",
        "OfficialYear",
    } <= listed
    assert "Membership" not in listed  # accounts stay superuser-only


def test_outsiders_right_is_not_listed(login, paralegal, portfolio):
    response = login(paralegal).get(changelist(Right))

    assert b"Ours fastener" in response.content
    assert b"Theirs fastener" not in response.content


def test_search_does_not_reach_other_organisations(login, paralegal, portfolio):
    response = login(paralegal).get(changelist(Right), {"q": "Theirs"})

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []


@pytest.mark.parametrize("kind", ["right", "recordal", "notice", "guarantee"])
def test_outsiders_record_change_page_redirects_without_its_data(kind, login, paralegal, portfolio):
    obj = portfolio["other"][kind]

    response = login(paralegal).get(change(obj))

    assert response.status_code in (302, 404)
    assert b"Theirs" not in response.content


def test_outsiders_deadline_change_page_redirects(login, paralegal, portfolio):
    deadline = Deadline.objects.filter(right=portfolio["other"]["right"]).first()

    response = login(paralegal).get(change(deadline))

    assert response.status_code in (302, 404)


def test_outsiders_right_history_pages_are_refused(login, paralegal, portfolio):
    right = portfolio["other"]["right"]
    client = login(paralegal)
    version = right.history.first()

    listing = client.get(reverse("admin:rights_right_history", args=[right.pk]))
    one = client.get(
        reverse("admin:rights_right_simple_history", args=[right.pk, version.history_id])
    )

    assert listing.status_code == 403
    assert one.status_code == 403


def test_reverting_from_history_is_refused(login, counsel, portfolio):
    right = portfolio["own"]["right"]
    version = right.history.first()
    url = reverse("admin:rights_right_simple_history", args=[right.pk, version.history_id])
    client = login(counsel)

    assert client.get(url).status_code == 200
    assert client.post(url, {"title": "Reverted"}).status_code == 403
    right.refresh_from_db()
    assert right.title == "Ours fastener"


def test_viewer_can_read_but_not_add(login, viewer, portfolio):
    client = login(viewer)

    assert client.get(changelist(Right)).status_code == 200
    assert client.get(change(portfolio["own"]["right"])).status_code == 200
    assert client.get(reverse("admin:rights_right_add")).status_code == 403
    assert client.post(reverse("admin:rights_right_add"), {"title": "x"}).status_code == 403
    assert Right.objects.filter(title="x").count() == 0


def test_manager_cannot_change_a_right(login, manager, portfolio):
    right = portfolio["own"]["right"]
    client = login(manager)

    page = client.get(change(right))
    posted = client.post(change(right), {"title": "Changed by manager"})

    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert posted.status_code == 403
    right.refresh_from_db()
    assert right.title == "Ours fastener"


def test_only_counsel_may_delete(login, paralegal, counsel, portfolio):
    mark = portfolio["own"]["mark"]
    url = reverse("admin:rights_right_delete", args=[mark.pk])

    assert login(paralegal).post(url, {"post": "yes"}).status_code == 403
    assert Right.objects.filter(pk=mark.pk).exists()

    response = login(counsel).post(url, {"post": "yes"})

    assert response.status_code == 302
    assert not Right.objects.filter(pk=mark.pk).exists()


def test_user_without_membership_is_kept_out(client, django_user_model, portfolio):
    stranger = django_user_model.objects.create_user("stranger", password="pw", is_staff=True)
    client.force_login(stranger)

    index = client.get(reverse("admin:index"))
    listing = client.get(changelist(Right))

    assert index.context["app_list"] == []
    assert listing.status_code == 403


def test_superuser_sees_every_organisation(admin_client, portfolio):
    response = admin_client.get(changelist(Right))

    assert b"Ours fastener" in response.content
    assert b"Theirs fastener" in response.content


def test_foreign_key_choices_are_limited_to_own_organisation(login, paralegal, portfolio):
    client = login(paralegal)

    right_page = client.get(reverse("admin:rights_right_add"))
    recordal_page = client.get(reverse("admin:customs_recordal_add"))

    responsible = right_page.context["adminform"].form.fields["responsible"].queryset
    assert {u.username for u in responsible} == {"paralegal"}
    rights = recordal_page.context["adminform"].form.fields["right"].queryset
    assert set(rights) == {portfolio["own"]["right"], portfolio["own"]["mark"]}


def test_choosing_an_outsiders_right_for_a_recordal_is_rejected(login, paralegal, portfolio):
    client = login(paralegal)
    url = reverse("admin:customs_recordal_add")
    from .conftest import form_data

    data = form_data(client.get(url), right=portfolio["other"]["right"].pk, applied_on="2025-05-06")

    response = client.post(url, data)

    assert response.status_code == 200
    assert "right" in response.context["adminform"].form.errors
    assert Recordal.objects.filter(right=portfolio["other"]["right"]).count() == 1


def test_autocomplete_offers_only_own_rights(login, paralegal, portfolio):
    response = login(paralegal).get(
        reverse("admin:autocomplete"),
        {"app_label": "customs", "model_name": "recordal", "field_name": "right", "term": ""},
    )

    assert response.status_code == 200
    ids = {int(r["id"]) for r in response.json()["results"]}
    assert ids == {portfolio["own"]["right"].pk, portfolio["own"]["mark"].pk}


def test_superuser_adds_a_right_for_a_chosen_organisation(admin_client, other_org):
    from tests.factories import cn_patent_number

    from .conftest import form_data

    url = reverse("admin:rights_right_add")
    data = form_data(
        admin_client.get(url),
        organisation=other_org.pk,
        kind="invention",
        jurisdiction="CN",
        title="Chosen org",
        owner="X",
        status="filed",
        renewals="0",
        application_number=cn_patent_number(2024, 1, 5),
        filing_date="2024-01-05",
    )

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Right.objects.get(title="Chosen org").organisation == other_org
