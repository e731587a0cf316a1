"""An enforcement deadline's history says which fact moved it: the letter or complaint, and the
fields that changed, on the deadline's page and in its /history/ API, in English and Chinese
(the calendar's reasons are tests/enforcement/test_calendar_change.py)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from core.clock import LEGAL_TZ
from deadlines.models import Deadline
from enforcement import customs_work, services
from tests.api.conftest import token_client

D = dt.date

pytestmark = [pytest.mark.frozen_at(dt.datetime(2025, 9, 1, 12, tzinfo=LEGAL_TZ))]


def _newest_reason(deadline) -> str:
    return deadline.history.order_by("-history_date", "-history_id").first().history_change_reason


def _page(client, user, deadline, language="en") -> str:
    client.force_login(user)
    response = client.get(
        reverse("dashboard:deadline-detail", args=[deadline.pk]),
        headers={"accept-language": language},
    )
    assert response.status_code == 200
    return response.content.decode()


def test_a_letter_sent_later_moves_its_reply_date_and_says_why(
    frozen_clock, client, counsel, send_letter
):
    letter = send_letter(D(2025, 9, 5))
    reply = Deadline.objects.get(rule="letter_reply_due")
    assert _newest_reason(reply) == f"Cease-and-desist letter “#{letter.pk}” entered"

    services.letter_update(letter=letter, actor=counsel, sent_on=D(2025, 9, 8))
    reply.refresh_from_db()
    assert reply.due_date == D(2025, 9, 22)  # Mon 09-08 + 14 days
    moved = f"Cease-and-desist letter “#{letter.pk}” changed: Sent on"
    assert _newest_reason(reply) == moved

    assert f"(why: {moved})" in _page(client, counsel, reply)
    chinese = _page(client, counsel, reply, "zh-hans")
    assert f"(原因：警告函“#{letter.pk}”已修改：发送日期)" in chinese

    newest = (
        token_client(counsel).get(f"/api/v1/deadlines/{reply.pk}/history/").json()["results"][0]
    )
    assert newest["reason_stored"] == moved
    assert newest["reason"] == moved
    assert {"due_date", "act_by"} <= {change["field"] for change in newest["changes"]}


def test_a_counter_notice_date_corrected_moves_the_window_and_says_why(
    frozen_clock, client, org, counsel, right
):
    complaint = services.complaint_create(
        organisation=org,
        actor=counsel,
        right=right,
        platform="taobao",
        reason="Counterfeit listing",
        status="submitted",
        submitted_on=D(2025, 9, 1),
        platform_reference="TB-7",
        listings=["https://item.taobao.com/item.htm?id=1"],
    )
    services.complaint_transition(
        complaint=complaint, status="removed", on=D(2025, 9, 5), actor=counsel
    )
    services.complaint_counter_notice(
        complaint=complaint, received_on=D(2025, 9, 17), actor=counsel
    )
    window = Deadline.objects.get(rule="ecommerce_counter_notice")
    assert _newest_reason(window) == (
        "Platform complaint “TB-7” changed: Status, Counter-notice received on"
    )

    services.complaint_update(
        complaint=complaint, actor=counsel, counter_notice_received_on=D(2025, 9, 10)
    )
    window.refresh_from_db()
    assert window.due_date == D(2025, 9, 25)  # Wed 09-10 + 15 days
    moved = "Platform complaint “TB-7” changed: Counter-notice received on"
    assert _newest_reason(window) == moved
    assert f"(why: {moved})" in _page(client, counsel, window)

    newest = (
        token_client(counsel)
        .get(f"/api/v1/deadlines/{window.pk}/history/", headers={"accept-language": "zh-hans"})
        .json()["results"][0]
    )
    assert newest["reason_stored"] == moved
    assert newest["reason"] == "平台投诉“TB-7”已修改：收到反通知日期"


@pytest.mark.frozen_at(dt.datetime(2025, 9, 25, 12, tzinfo=LEGAL_TZ))
def test_a_detention_recorded_on_an_application_says_why_its_court_clock_started(
    frozen_clock, org, counsel, right
):
    application = customs_work.detention_application_create(
        organisation=org,
        right=right,
        actor=counsel,
        port="Shanghai Yangshan",
        applied_on=D(2025, 9, 15),
        goods_description="Fastening devices",
        quantity=10,
        goods_value_cny=Decimal("1000.00"),
    )
    customs_work.detention_application_update(
        application=application, actor=counsel, detained_on=D(2025, 9, 19)
    )
    clock = Deadline.objects.get(rule="detention_court_order_on_application")
    reason = _newest_reason(clock)
    assert reason.startswith(f"Detention application “#{application.pk}” changed: ")
    assert reason.split(": ", 1)[1].split(", ") == ["Goods detained on", "Status"]
