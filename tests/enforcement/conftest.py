"""Enforcement fixtures: evidence files in a throwaway media folder, a granted right, an
infringer, and a letter sent to it."""

import datetime as dt

import pytest

from enforcement import services
from rights import services as rights_services
from tests.factories import InfringerFactory, cn_patent_number


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def right(org):
    return rights_services.right_create(
        organisation=org,
        kind="invention",
        title="Fastening device",
        owner="Demo Co. Ltd",
        application_number=cn_patent_number(2019, 1, 200001),
        registration_number="ZL201910200001",
        filing_date=dt.date(2019, 3, 14),
        grant_date=dt.date(2021, 8, 3),
        status="granted",
    )


@pytest.fixture
def infringer(org):
    return InfringerFactory(
        organisation=org, name="Shenzhen Copycat Trading Co., Ltd.", name_zh="深圳仿冒贸易有限公司"
    )


@pytest.fixture
def send_letter(org, counsel, infringer, right):
    """send_letter(sent_on, method="courier"): a cease-and-desist letter about `right`, through
    the service."""

    def send(sent_on: dt.date, method: str = "courier"):
        return services.letter_create(
            organisation=org,
            actor=counsel,
            infringer=infringer,
            rights=[right],
            findings="Sells copies.",
            demands="Stop.",
            sent_on=sent_on,
            method=method,
        )

    return send
