"""Every enforcement matter page pages its change history like the rights and customs pages
(`?history=N`, 25 entries a page, dashboard/_history.html), and reads the same number of queries
for a history of 2 entries or of 40."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.clock import LEGAL_TZ
from enforcement import customs_work, monitoring, services

D = dt.date

pytestmark = [pytest.mark.frozen_at(dt.datetime(2025, 9, 25, 12, tzinfo=LEGAL_TZ))]


@pytest.fixture
def records(org, counsel, infringer, right):
    """One record of each kind with a matter page, and a change that adds one history entry."""
    letter = services.letter_create(
        organisation=org, actor=counsel, infringer=infringer, rights=[right], findings="f",
        demands="d",
    )  # fmt: skip
    complaint = services.complaint_create(
        organisation=org, actor=counsel, right=right, platform="jd", reason="r",
        listings=["https://item.jd.com/1.html"],
    )  # fmt: skip
    plan = monitoring.monitoring_plan_create(
        organisation=org, actor=counsel, right=right, platform="pinduoduo",
        started_on=D(2025, 9, 1),
    )  # fmt: skip
    application = customs_work.detention_application_create(
        organisation=org, right=right, actor=counsel, port="Ningbo", applied_on=D(2025, 9, 15),
        goods_description="g", quantity=1, goods_value_cny=Decimal("10"),
    )  # fmt: skip
    return [
        (infringer, lambda n: services.infringer_update(
            infringer=infringer, actor=counsel, notes=f"Note {n}")),
        (letter, lambda n: services.letter_update(
            letter=letter, actor=counsel, demands=f"Note {n}")),
        (complaint, lambda n: services.complaint_update(
            complaint=complaint, actor=counsel, reason=f"Note {n}")),
        (plan, lambda n: monitoring.monitoring_plan_update(
            plan=plan, actor=counsel, search_terms=f"Note {n}")),
        (application, lambda n: customs_work.detention_application_update(
            application=application, actor=counsel, goods_description=f"Note {n}")),
    ]  # fmt: skip


def test_a_long_history_is_paged_newest_first(frozen_clock, client, counsel, records):
    client.force_login(counsel)
    for record, change in records:
        for n in range(30):
            change(n)
        url = record.get_absolute_url()
        first = client.get(url).content.decode()
        assert "Older changes" in first and "Newer changes" not in first, url
        assert "<ins>Note 29</ins>" in first and "<ins>Note 4</ins>" not in first, url
        second = client.get(f"{url}?history=2").content.decode()
        assert "Newer changes" in second and "<ins>Note 4</ins>" in second, url
        assert "<ins>Note 29</ins>" not in second, url


def test_history_pages_read_as_many_queries_for_a_short_and_a_long_history(
    frozen_clock, client, counsel, records
):
    client.force_login(counsel)

    def costs(page):
        found = []
        for record, _change in records:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(f"{record.get_absolute_url()}?history={page}")
                assert response.status_code == 200
            found.append(len(queries))
        return found

    short = costs(1)
    for _record, change in records:
        for n in range(40):
            change(n)
    # A first page of a longer history reads one more row: the entry before its last (its diff).
    assert costs(1) == [s + 1 for s in short]
    assert costs(2) == short
    assert max(short) <= 12, short  # infringer 12 (its letters, complaints, notices), others 8-9
