import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from deadlines.services import deadlines_recompute
from tests.factories import CustomsNoticeFactory, RightFactory

NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_home_requires_login(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_login_page_renders_with_csrf(client, db):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert b"csrfmiddlewaretoken" in response.content


def test_home_lists_own_upcoming_notice_and_not_other_organisations(
    client, paralegal, outsider, org, other_org, frozen
):
    own = CustomsNoticeFactory(
        recordal__right__organisation=org, served_on=dt.date(2026, 11, 23), port="Ningbo"
    )
    deadlines_recompute(right=own.recordal.right)
    foreign = CustomsNoticeFactory(
        recordal__right__organisation=other_org,
        recordal__right__title="Outsider secret gadget",
        served_on=dt.date(2026, 11, 23),
    )
    deadlines_recompute(right=foreign.recordal.right)
    client.force_login(paralegal)
    body = client.get("/").content.decode()
    assert "Answer the customs notice" in body
    assert "2026-11-26" in body  # served Mon 23 Nov: Tue, Wed, Thu are working days 1-3
    assert "Outsider secret gadget" not in body


def test_home_shows_foreign_right_not_filed_in_china_as_at_risk(client, counsel, org, frozen):
    right = RightFactory(
        organisation=org,
        jurisdiction="US",
        application_number="18/123,456",
        title="Quick-release buckle",
        filing_date=dt.date(2026, 1, 10),
    )
    deadlines_recompute(right=right)
    client.force_login(counsel)
    body = client.get("/").content.decode()
    assert "Quick-release buckle" in body
    assert "2027-01-11" in body  # 12 months from 2026-01-10 lands on Sunday 2027-01-10


def test_home_warns_when_a_notice_is_due_on_a_swapped_working_saturday(client, counsel, org):
    # Served Tue 2025-09-30: working days 10-09, 10-10 and Saturday 10-11 (swapped working day).
    with time_machine.travel(
        dt.datetime(2025, 10, 1, 9, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False
    ):
        notice = CustomsNoticeFactory(recordal__right__organisation=org)
        deadlines_recompute(right=notice.recordal.right)
        client.force_login(counsel)
        body = client.get("/").content.decode()
    assert "2025-10-11" in body
    assert "swapped working day" in body
