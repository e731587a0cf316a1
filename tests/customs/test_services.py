"""customs.services: recordals, customs notices and their answer, general guarantees."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from customs.models import CustomsNotice, NoticeStatus, Recordal
from customs.services import customs_notice_answer, customs_notice_register, recordal_register
from deadlines.models import Deadline, DeadlineStatus
from tests.factories import RecordalFactory, RightFactory, cn_patent_number

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def granted_invention(org, counsel):
    return RightFactory(
        organisation=org,
        filing_date=dt.date(2024, 3, 14),
        application_number=cn_patent_number(2024, 1, 200001),
        status="granted",
        grant_date=dt.date(2026, 10, 20),
        responsible=counsel,
    )


@pytest.fixture
def recordal(granted_invention):
    return RecordalFactory(
        right=granted_invention, applied_on=dt.date(2026, 11, 2), approved_on=dt.date(2026, 11, 10)
    )


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


def test_recordal_register_satisfies_customs_record_and_computes_validity(
    paralegal, org, granted_invention
):
    from deadlines.services import deadlines_recompute

    deadlines_recompute(right=granted_invention)
    duty = Deadline.objects.get(right=granted_invention, rule="customs_record")
    assert duty.status == DeadlineStatus.OPEN

    recordal = recordal_register(
        organisation=org,
        right=granted_invention,
        actor=paralegal,
        recordal_number="P2026-00001",
        applied_on=dt.date(2026, 11, 2),
        approved_on=dt.date(2026, 11, 10),
    )

    duty.refresh_from_db()
    assert duty.status == DeadlineStatus.DONE
    assert duty.completed_on == dt.date(2026, 11, 2)
    assert recordal.status == "active"
    # 10 years from approval, ending the day before the anniversary (Reg. art. 10(1)).
    assert recordal.valid_until == dt.date(2036, 11, 9)
    # The renewal window: the 6 months before the end.
    assert recordal.renewal_window_opens == dt.date(2036, 5, 10)
    rows = {d.rule: d for d in Deadline.objects.filter(recordal=recordal)}
    assert rows["recordal_expiry"].due_date == dt.date(2036, 11, 9)
    assert rows["recordal_renewal_window_opens"].due_date == dt.date(2036, 5, 10)


def test_recordal_validity_is_capped_at_the_rights_expiry(paralegal, org):
    utility_model = RightFactory(
        organisation=org,
        kind="utility_model",
        filing_date=dt.date(2020, 5, 1),
        application_number=cn_patent_number(2020, 2, 300001),
        status="granted",
        grant_date=dt.date(2020, 12, 1),
    )

    recordal = recordal_register(
        organisation=org,
        right=utility_model,
        actor=paralegal,
        applied_on=dt.date(2026, 11, 2),
        approved_on=dt.date(2026, 11, 10),
    )

    utility_model.refresh_from_db()
    assert utility_model.expiry_date == dt.date(2030, 4, 30)
    assert recordal.valid_until == dt.date(2030, 4, 30)
    # The right ends with the recordal: nothing to renew, only the expiry is docketed.
    rules = set(Deadline.objects.filter(recordal=recordal).values_list("rule", flat=True))
    assert rules == {"recordal_expiry"}
    assert recordal.renewal_window_opens is None  # a patent cannot be renewed (PL art. 42)


def test_trademark_recordal_capped_at_the_marks_expiry_keeps_its_renewal_window(paralegal, org):
    # Issue 8 item 3. Registered 2016-05-07: the term ends 2026-05-06 (TMIR art. 12(2)).
    # Approved 2020-03-16, 10 years would run to 2030-03-15, so the recordal is capped at
    # 2026-05-06 (Measures art. 10). The mark can be renewed (TML art. 40) and the recordal
    # with it (Reg. art. 10(2)): its window opens 6 months before the end, on 2025-11-07.
    mark = RightFactory(organisation=org, trademark=True)
    recordal = recordal_register(
        organisation=org,
        right=mark,
        actor=paralegal,
        applied_on=dt.date(2020, 1, 6),
        approved_on=dt.date(2020, 3, 16),
    )

    assert recordal.valid_until == dt.date(2026, 5, 6)
    assert recordal.renewal_window_opens == dt.date(2025, 11, 7)
    rows = {d.rule: d for d in Deadline.objects.filter(recordal=recordal)}
    assert rows["recordal_renewal_window_opens"].due_date == dt.date(2025, 11, 7)
    assert rows["recordal_expiry"].due_date == dt.date(2026, 5, 6)
    assert "TML art. 40" in rows["recordal_expiry"].explanation


def test_recordal_office_end_date_wins_over_the_computed_one(paralegal, org, granted_invention):
    recordal = recordal_register(
        organisation=org,
        right=granted_invention,
        actor=paralegal,
        applied_on=dt.date(2026, 11, 2),
        approved_on=dt.date(2026, 11, 10),
        office_valid_until=dt.date(2036, 11, 10),
    )

    assert recordal.valid_until == dt.date(2036, 11, 10)
    assert recordal.renewal_window_opens == dt.date(2036, 5, 11)


def test_customs_notice_register_stores_due_date_bond_and_opens_response_deadline(
    paralegal, org, recordal
):
    notice = customs_notice_register(
        organisation=org, recordal=recordal, actor=paralegal, **_notice_fields()
    )

    stored = CustomsNotice.objects.get(pk=notice.pk)
    # Served Monday 2026-11-23: day 1 is Tuesday, day 3 Thursday 2026-11-26.
    assert stored.response_due == dt.date(2026, 11, 26)
    assert stored.bond_cny == Decimal("43000.00")  # 50% of RMB 86,000 (Measures art. 23)
    assert stored.provisional is False
    assert stored.explanation.startswith("Answer the customs notice")
    assert "due 2026-11-26" in stored.explanation
    assert "Working days counted: 2026-11-24, 2026-11-25, 2026-11-26." in stored.explanation
    response = Deadline.objects.get(customs_notice=notice, rule="customs_notice_response")
    assert response.status == DeadlineStatus.OPEN
    assert response.due_date == dt.date(2026, 11, 26)
    assert response.recordal_id == recordal.pk
    # Nobody named on the notice: the right's responsible person answers it.
    assert response.responsible == recordal.right.responsible


def test_customs_notice_response_deadline_goes_to_the_notices_responsible(paralegal, org, recordal):
    notice = customs_notice_register(
        organisation=org,
        recordal=recordal,
        actor=paralegal,
        **_notice_fields(responsible=paralegal),
    )

    response = Deadline.objects.get(customs_notice=notice, rule="customs_notice_response")
    assert response.responsible == paralegal != recordal.right.responsible


def test_customs_notice_answer_detain_marks_response_done_and_opens_detention_clocks(
    paralegal, org, recordal
):
    notice = customs_notice_register(
        organisation=org, recordal=recordal, actor=paralegal, **_notice_fields()
    )

    notice = customs_notice_answer(
        notice=notice,
        response="detain",
        responded_on=dt.date(2026, 11, 24),
        detained_on=dt.date(2026, 11, 25),
        actor=paralegal,
    )

    assert notice.status == NoticeStatus.DETAINED
    rows = {d.rule: d for d in Deadline.objects.filter(customs_notice=notice)}
    assert rows["customs_notice_response"].status == DeadlineStatus.DONE
    assert rows["customs_notice_response"].completed_on == dt.date(2026, 11, 24)
    assert rows["detention_investigation"].status == DeadlineStatus.OPEN
    assert rows["detention_court_order"].status == DeadlineStatus.OPEN
    assert rows["detention_investigation"].due_date < rows["detention_court_order"].due_date


def test_customs_notice_answer_explain_opens_no_detention_clock(paralegal, org, recordal):
    notice = customs_notice_register(
        organisation=org, recordal=recordal, actor=paralegal, **_notice_fields()
    )

    notice = customs_notice_answer(
        notice=notice, response="explain", responded_on=dt.date(2026, 11, 24), actor=paralegal
    )

    assert notice.status == NoticeStatus.ANSWERED
    rules = set(Deadline.objects.filter(customs_notice=notice).values_list("rule", flat=True))
    assert rules == {"customs_notice_response"}
    assert Deadline.objects.get(customs_notice=notice).status == DeadlineStatus.DONE


def test_customs_writes_by_a_viewer_are_refused(viewer, org, granted_invention, recordal):
    recordals_before = Recordal.objects.count()
    with pytest.raises(PermissionDenied):
        recordal_register(
            organisation=org, right=granted_invention, actor=viewer, applied_on=dt.date(2026, 11, 2)
        )
    with pytest.raises(PermissionDenied):
        customs_notice_register(
            organisation=org, recordal=recordal, actor=viewer, **_notice_fields()
        )
    assert Recordal.objects.count() == recordals_before
    assert CustomsNotice.objects.count() == 0


def test_a_second_answer_through_a_stale_copy_of_the_notice_is_refused(paralegal, org, recordal):
    notice = customs_notice_register(
        organisation=org, recordal=recordal, actor=paralegal, **_notice_fields()
    )
    stale = CustomsNotice.objects.get(pk=notice.pk)  # e.g. a second browser tab
    customs_notice_answer(
        notice=notice, response="explain", responded_on=dt.date(2026, 11, 24), actor=paralegal
    )

    with pytest.raises(ValidationError) as exc:
        customs_notice_answer(
            notice=stale,
            response="detain",
            responded_on=dt.date(2026, 11, 24),
            detained_on=dt.date(2026, 11, 24),
            actor=paralegal,
        )

    assert "response" in exc.value.message_dict
    notice.refresh_from_db()
    assert (notice.response, notice.status) == ("explain", NoticeStatus.ANSWERED)
    assert not Deadline.objects.filter(customs_notice=notice, rule__startswith="detention").exists()
