"""API fixtures: token clients per persona, and one coherent portfolio per organisation."""

import datetime as dt
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from accounts.models import ApiToken
from accounts.tokens import token_create
from core.clock import now_utc
from customs import services as customs_services
from deadlines.models import Deadline
from rights import services as rights_services
from tests.factories import cn_patent_number


def token_client(user) -> APIClient:
    client = APIClient()
    token, key = token_create(user=user, name="Tests")
    # As if just used: the once-a-minute last-used write (accounts.tokens) then stays out of the
    # query counts of the tests' first calls.
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now_utc())
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def api_as():
    """api_as(user) -> an APIClient authenticated with a new API token of the user."""
    return token_client


def make_portfolio(organisation, serial: int = 1) -> dict:
    """Through the services, so computed fields and deadlines exist as in production."""
    right = rights_services.right_create(
        organisation=organisation,
        kind="invention",
        title=f"Fastening device {serial}",
        owner="Demo Co. Ltd",
        application_number=cn_patent_number(2019, 1, 200000 + serial),
        filing_date=dt.date(2019, 3, 14),
        grant_date=dt.date(2021, 8, 3),
        status="granted",
        external_id=f"ext-right-{serial}",
    )
    recordal = customs_services.recordal_register(
        organisation=organisation,
        right=right,
        recordal_number=f"P2021-{organisation.pk}-{serial}",
        applied_on=dt.date(2021, 9, 1),
        approved_on=dt.date(2021, 10, 12),
        external_id=f"ext-recordal-{serial}",
    )
    party = customs_services.recordal_party_add(
        recordal=recordal, role="licensee", name=f"Licensee {serial}"
    )
    notice = customs_services.customs_notice_register(
        organisation=organisation,
        recordal=recordal,
        served_on=dt.date(2025, 9, 30),
        port="Shenzhen Huanggang",
        goods_description="Counterfeit fastening devices",
        quantity=1200,
        goods_value_cny=Decimal("86000.00"),
        external_id=f"ext-notice-{serial}",
    )
    claim = rights_services.priority_claim_add(
        right=right, country="DE", number=f"10 2018 {serial:06d}", date=dt.date(2018, 3, 20)
    )
    return {
        "right": right,
        "recordal": recordal,
        "party": party,
        "notice": notice,
        "claim": claim,
        "deadline": Deadline.objects.filter(customs_notice=notice).first(),
    }


@pytest.fixture
def demo(org):
    """Demo Co.'s portfolio (one of everything), plus a general guarantee."""
    data = make_portfolio(org)
    data["guarantee"] = customs_services.guarantee_register(
        organisation=org,
        year=2026,
        amount_cny=Decimal("200000.00"),
        bank="Bank of China",
        approved_on=dt.date(2026, 1, 20),
    )
    return data


@pytest.fixture
def other(other_org):
    """Another organisation's portfolio: it must never show through Demo Co.'s API."""
    return make_portfolio(other_org, serial=900)
