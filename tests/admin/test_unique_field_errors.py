"""The admin's forms show a unique constraint's refusal next to the field, nothing saved."""

import pytest
from django.urls import reverse

from customs.models import GeneralGuarantee
from tests.factories import GeneralGuaranteeFactory

from .conftest import form_data

pytestmark = pytest.mark.django_db

ADD = reverse("admin:customs_generalguarantee_add")


def test_second_guarantee_for_a_year_is_an_error_on_the_year(login, paralegal, org):
    GeneralGuaranteeFactory(organisation=org, year=2025)
    client = login(paralegal)
    data = form_data(
        client.get(ADD),
        year="2025",
        amount_cny="300000",
        bank="ICBC",
        approved_on="2025-02-03",
    )

    response = client.post(ADD, data)

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["year"] == ["There is already a general guarantee for this year."]
    assert "__all__" not in form.errors
    assert GeneralGuarantee.objects.count() == 1
