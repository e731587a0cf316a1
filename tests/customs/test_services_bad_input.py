"""Bad input to customs.services is refused with field errors and changes nothing."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

import deadlines.services
from customs.models import CustomsNotice, GeneralGuarantee, Recordal, RecordalChange
from customs.services import (
    customs_notice_answer,
    customs_notice_register,
    guarantee_register,
    recordal_change_register,
    recordal_register,
)
from deadlines.models import Deadline
from tests.factories import RecordalFactory, RightFactory, cn_patent_number

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


def _counts() -> dict[str, int]:
    return {
        "recordals": Recordal.objects.count(),
        "recordal_history": Recordal.history.count(),
        "notices": CustomsNotice.objects.count(),
        "notice_history": CustomsNotice.history.count(),
        "changes": RecordalChange.objects.count(),
        "guarantees": GeneralGuarantee.objects.count(),
        "deadlines": Deadline.objects.count(),
        "deadline_history": Deadline.history.count(),
    }


@pytest.fixture
def right(org):
    right = RightFactory(
        organisation=org,
        filing_date=dt.date(2024, 3, 14),
        application_number=cn_patent_number(2024, 1, 600001),
        status="granted",
        grant_date=dt.date(2026, 10, 20),
    )
    deadlines.services.deadlines_recompute(right=right)
    return right


@pytest.fixture
def recordal(right):
    recordal = RecordalFactory(right=right)
    deadlines.services.deadlines_recompute(right=right)
    return recordal


def _notice_fields(**overrides):
    fields = {
        "served_on": dt.date(2026, 11, 23),
        "port": "Shenzhen Huanggang",
        "goods_description": "Counterfeit fastening devices",
        "quantity": 1200,
        "goods_value_cny": Decimal("86000.00"),
    }
    fields.update(overrides)
    return fields


def test_recordal_approved_before_applied_is_refused(paralegal, org, right):
    before = _counts()

    with pytest.raises(ValidationError) as exc:
        recordal_register(
            organisation=org,
            right=right,
            actor=paralegal,
            applied_on=dt.date(2026, 11, 10),
            approved_on=dt.date(2026, 11, 9),
        )

    assert "Approval cannot be before the application." in exc.value.messages
    assert _counts() == before


def test_recordal_of_another_organisations_right_is_refused(paralegal, org, other_org):
    theirs = RightFactory(organisation=other_org, granted=True)
    before = _counts()

    with pytest.raises(ValidationError) as exc:
        recordal_register(
            organisation=org, right=theirs, actor=paralegal, applied_on=dt.date(2026, 11, 2)
        )

    assert "right" in exc.value.message_dict
    assert _counts() == before


def test_notice_with_another_organisations_recordal_is_refused(paralegal, org, other_org):
    foreign_recordal = RecordalFactory(right=RightFactory(organisation=other_org, granted=True))
    before = _counts()

    with pytest.raises(ValidationError) as exc:
        customs_notice_register(
            organisation=org, recordal=foreign_recordal, actor=paralegal, **_notice_fields()
        )

    assert "recordal" in exc.value.message_dict
    assert _counts() == before


def test_notice_model_clean_refuses_another_organisations_recordal(org, other_org):
    foreign_recordal = RecordalFactory(right=RightFactory(organisation=other_org, granted=True))
    notice = CustomsNotice(organisation=org, recordal=foreign_recordal, **_notice_fields())

    with pytest.raises(ValidationError) as exc:
        notice.full_clean()

    assert "recordal" in exc.value.message_dict


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"served_on": dt.date(2026, 11, 25)}, "served_on"),
        ({"goods_value_cny": Decimal("-1.00")}, "goods_value_cny"),
        ({"track": "anonymous_tip"}, "track"),
        ({"status": "lost"}, "status"),
        ({"response": "detain"}, "responded_on"),
        ({"responded_on": dt.date(2026, 11, 22), "response": "explain"}, "responded_on"),
    ],
    ids=[
        "future",
        "negative-value",
        "unknown-track",
        "unknown-status",
        "answer-without-date",
        "answered-before-served",
    ],
)
def test_bad_notice_fields_are_refused_and_write_nothing(paralegal, org, recordal, fields, field):
    before = _counts()

    with pytest.raises(ValidationError) as exc:
        customs_notice_register(
            organisation=org, recordal=recordal, actor=paralegal, **_notice_fields(**fields)
        )

    assert field in exc.value.message_dict, exc.value.message_dict
    assert _counts() == before


def test_notice_answer_must_be_detain_or_explain_and_only_once(paralegal, org, recordal):
    notice = customs_notice_register(
        organisation=org, recordal=recordal, actor=paralegal, **_notice_fields()
    )
    before = _counts()

    with pytest.raises(ValidationError) as exc:
        customs_notice_answer(
            notice=notice, response="ignore", responded_on=dt.date(2026, 11, 24), actor=paralegal
        )
    assert "response" in exc.value.message_dict
    assert _counts() == before

    customs_notice_answer(
        notice=notice, response="explain", responded_on=dt.date(2026, 11, 24), actor=paralegal
    )
    notice.refresh_from_db()
    before = _counts()
    with pytest.raises(ValidationError):
        customs_notice_answer(
            notice=notice, response="detain", responded_on=dt.date(2026, 11, 24), actor=paralegal
        )
    assert _counts() == before
    notice.refresh_from_db()
    assert notice.response == "explain"


def test_unknown_recordal_change_kind_is_refused(paralegal, recordal):
    before = _counts()

    with pytest.raises(ValidationError) as exc:
        recordal_change_register(
            recordal=recordal, kind="merger", occurred_on=dt.date(2026, 11, 20), actor=paralegal
        )

    assert "kind" in exc.value.message_dict
    assert _counts() == before


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"amount_cny": Decimal("199999.99")}, "at least RMB 200,000"),
        ({"approved_on": dt.date(2025, 12, 20)}, "Approval must fall in 2026"),
    ],
    ids=["below-minimum", "approved-in-another-year"],
)
def test_bad_guarantee_is_refused_and_writes_nothing(counsel, org, fields, message):
    values = {
        "year": 2026,
        "amount_cny": Decimal("200000.00"),
        "bank": "Bank of China",
        "approved_on": dt.date(2026, 1, 20),
    }
    values.update(fields)
    before = _counts()

    with pytest.raises(ValidationError) as exc:
        guarantee_register(organisation=org, actor=counsel, **values)

    assert message in str(exc.value)
    assert _counts() == before


def test_second_guarantee_for_the_same_year_is_refused(counsel, org):
    values = {
        "year": 2026,
        "amount_cny": Decimal("200000.00"),
        "bank": "Bank of China",
        "approved_on": dt.date(2026, 1, 20),
    }
    guarantee_register(organisation=org, actor=counsel, **values)
    before = _counts()

    with pytest.raises(ValidationError):
        guarantee_register(organisation=org, actor=counsel, **values)

    assert _counts() == before


def test_failure_halfway_through_notice_register_leaves_no_partial_rows(
    paralegal, org, recordal, monkeypatch
):
    real = deadlines.services.bulk_create_with_history

    def crash_after_writing(*args, **kwargs):
        real(*args, **kwargs)
        raise RuntimeError("crash in the middle of the recompute")

    monkeypatch.setattr(deadlines.services, "bulk_create_with_history", crash_after_writing)
    before = _counts()

    with pytest.raises(RuntimeError):
        customs_notice_register(
            organisation=org, recordal=recordal, actor=paralegal, **_notice_fields()
        )

    assert _counts() == before
