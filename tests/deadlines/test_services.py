"""deadlines.services: completing, waiving and missing deadlines; general guarantees."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from customs.models import GeneralGuarantee
from customs.services import guarantee_register
from deadlines.models import Deadline, DeadlineStatus
from deadlines.services import (
    deadline_complete,
    deadline_waive,
    deadlines_mark_missed,
    deadlines_recompute,
)
from rights.models import Right
from tests.factories import RightFactory, cn_patent_number

SHANGHAI = ZoneInfo("Asia/Shanghai")
UTC = dt.UTC
NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def granted_invention(org, counsel, frozen_now):
    right = RightFactory(
        organisation=org,
        filing_date=dt.date(2024, 3, 14),
        application_number=cn_patent_number(2024, 1, 400001),
        status="granted",
        grant_date=dt.date(2026, 10, 20),
        responsible=counsel,
    )
    deadlines_recompute(right=right)
    return right


@pytest.fixture
def registered_mark(org, frozen_now):
    right = RightFactory(
        organisation=org,
        trademark=True,
        filing_date=dt.date(2015, 2, 10),
        registration_date=dt.date(2017, 1, 10),
    )
    deadlines_recompute(right=right)
    return right


def _row(right, rule, cycle=None) -> Deadline:
    rows = Deadline.objects.filter(right=right, rule=rule)
    if cycle is not None:
        rows = rows.filter(cycle=cycle)
    return rows.get()


def _bare_deadline(org, *, due, key, status=DeadlineStatus.OPEN, note=""):
    return Deadline.objects.create(
        organisation=org,
        subject_key=key,
        rule="patent_annuity",
        title="Patent annuity due",
        due_date=due,
        act_by=due,
        status=status,
        note=note,
        explanation="test row",
    )


# --- completing ---------------------------------------------------------------------------


def test_completing_an_annuity_advances_paid_years_and_dockets_the_next_cycle(
    paralegal, granted_invention
):
    annuity = _row(granted_invention, "patent_annuity")
    grace = _row(granted_invention, "patent_annuity_grace_end")
    assert annuity.cycle == grace.cycle == 4

    deadline_complete(deadline=annuity, actor=paralegal, note="Paid, receipt 123")

    right = Right.objects.get(pk=granted_invention.pk)
    assert right.annuities_paid_through == 4
    annuity.refresh_from_db()
    assert (annuity.status, annuity.completed_by, annuity.note) == (
        DeadlineStatus.DONE,
        paralegal,
        "Paid, receipt 123",
    )
    grace.refresh_from_db()
    assert grace.status == DeadlineStatus.DONE
    assert "Superseded by cycle 5" in grace.note
    following = _row(granted_invention, "patent_annuity", cycle=5)
    assert following.status == DeadlineStatus.OPEN
    assert following.due_date == dt.date(2028, 3, 14)
    assert _row(granted_invention, "patent_annuity_grace_end", cycle=5).status == "open"


def test_completing_a_trademark_renewal_starts_the_next_term(paralegal, registered_mark):
    due = _row(registered_mark, "trademark_renewal_due", cycle=1)
    assert due.due_date == dt.date(2027, 1, 9)

    deadline_complete(deadline=due, actor=paralegal)

    right = Right.objects.get(pk=registered_mark.pk)
    assert right.renewals == 1
    assert right.expiry_date == dt.date(2037, 1, 9)
    following = _row(registered_mark, "trademark_renewal_due", cycle=2)
    assert (following.status, following.due_date) == (DeadlineStatus.OPEN, dt.date(2037, 1, 9))
    assert set(Deadline.objects.filter(right=right, cycle=1).values_list("status", flat=True)) == {
        DeadlineStatus.DONE
    }


def test_completing_by_a_manager_is_refused(manager, granted_invention):
    annuity = _row(granted_invention, "patent_annuity")

    with pytest.raises(PermissionDenied):
        deadline_complete(deadline=annuity, actor=manager)

    annuity.refresh_from_db()
    assert annuity.status == DeadlineStatus.OPEN
    assert Right.objects.get(pk=granted_invention.pk).annuities_paid_through is None


def test_completing_a_done_deadline_is_refused(paralegal, granted_invention):
    annuity = _row(granted_invention, "patent_annuity")
    deadline_complete(deadline=annuity, actor=paralegal)

    with pytest.raises(ValidationError) as exc:
        deadline_complete(deadline=annuity, actor=paralegal)

    assert "status" in exc.value.message_dict


# --- waiving ------------------------------------------------------------------------------


def test_counsel_waives_a_deadline_with_a_reason(counsel, granted_invention):
    duty = _row(granted_invention, "customs_record")

    deadline_waive(deadline=duty, actor=counsel, reason="  Not worth recording this one.  ")

    duty.refresh_from_db()
    assert duty.status == DeadlineStatus.WAIVED
    assert duty.note == "Not worth recording this one."
    assert duty.completed_by == counsel
    assert duty.completed_on == dt.date(2026, 11, 24)


def test_waiving_without_a_reason_is_refused(counsel, granted_invention):
    duty = _row(granted_invention, "customs_record")

    with pytest.raises(ValidationError) as exc:
        deadline_waive(deadline=duty, actor=counsel, reason="   ")

    assert "reason" in exc.value.message_dict
    duty.refresh_from_db()
    assert duty.status == DeadlineStatus.OPEN


def test_paralegal_cannot_waive(paralegal, granted_invention):
    duty = _row(granted_invention, "customs_record")

    with pytest.raises(PermissionDenied):
        deadline_waive(deadline=duty, actor=paralegal, reason="Not needed")

    duty.refresh_from_db()
    assert duty.status == DeadlineStatus.OPEN


def test_a_waived_deadline_stays_waived_after_recompute(counsel, granted_invention):
    duty = _row(granted_invention, "customs_record")
    deadline_waive(deadline=duty, actor=counsel, reason="Not needed")

    deadlines_recompute(right=granted_invention)

    duty.refresh_from_db()
    assert duty.status == DeadlineStatus.WAIVED


# --- missing ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("utc_moment", "missed_keys"),
    [
        # 15:59 UTC is 23:59 in Shanghai: the 24th is still today there.
        (dt.datetime(2026, 11, 24, 15, 59, tzinfo=UTC), {"a:23"}),
        # 17:00 UTC on the 24th is already 01:00 on the 25th in Shanghai.
        (dt.datetime(2026, 11, 24, 17, 0, tzinfo=UTC), {"a:23", "a:24"}),
    ],
)
def test_mark_missed_uses_the_shanghai_date(org, utc_moment, missed_keys):
    for day in (23, 24, 25):
        _bare_deadline(org, due=dt.date(2026, 11, day), key=f"a:{day}")
    _bare_deadline(org, due=dt.date(2026, 11, 1), key="done", status=DeadlineStatus.DONE)
    _bare_deadline(
        org, due=dt.date(2026, 11, 1), key="waived", status=DeadlineStatus.WAIVED, note="Why"
    )

    with time_machine.travel(utc_moment, tick=False):
        count = deadlines_mark_missed()

    assert count == len(missed_keys)
    statuses = dict(Deadline.objects.values_list("subject_key", "status"))
    assert {k for k, s in statuses.items() if s == DeadlineStatus.MISSED} == missed_keys
    assert statuses["done"] == DeadlineStatus.DONE
    assert statuses["waived"] == DeadlineStatus.WAIVED
    for missed in Deadline.objects.filter(status=DeadlineStatus.MISSED):
        assert missed.history.filter(history_type="~", status=DeadlineStatus.MISSED).exists()


def _mark_missed_queries(org, rows: int, prefix: str) -> list[str]:
    for day in range(1, rows + 1):
        _bare_deadline(org, due=dt.date(2026, 10, day), key=f"{prefix}:{day}")
    with time_machine.travel(NOW, tick=False), CaptureQueriesContext(connection) as ctx:
        assert deadlines_mark_missed() == rows
    return [q["sql"] for q in ctx.captured_queries]


def test_mark_missed_reads_a_due_date_range_of_open_rows_in_constant_queries(org):
    few = _mark_missed_queries(org, 2, "few")
    many = _mark_missed_queries(org, 25, "many")

    assert len(many) == len(few), many
    # The deadline reads (the webhooks receiver also reads the organisation's endpoints).
    selects = [sql for sql in many if sql.startswith('SELECT "deadlines_deadline"')]
    assert selects
    for sql in selects:
        assert '"due_date" <' in sql
        assert '"status" = ' in sql
        assert "LIMIT" in sql


def test_mark_missed_query_can_use_the_partial_open_due_index(org):
    _bare_deadline(org, due=dt.date(2026, 10, 1), key="k")
    qs = Deadline.objects.filter(status=DeadlineStatus.OPEN, due_date__lt=dt.date(2026, 11, 24))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            plan = qs.explain()
    else:
        plan = qs.explain()
    assert "deadline_open" in plan, plan


# --- general guarantee --------------------------------------------------------------------


def test_guarantee_below_the_minimum_is_refused_and_writes_nothing(counsel, org, frozen_now):
    with pytest.raises(ValidationError) as exc:
        guarantee_register(
            organisation=org,
            year=2026,
            amount_cny=Decimal("199999.99"),
            bank="Bank of China",
            approved_on=dt.date(2026, 1, 20),
            actor=counsel,
        )

    assert "200,000" in str(exc.value)
    assert GeneralGuarantee.objects.count() == 0
    assert Deadline.objects.count() == 0


def test_next_years_guarantee_satisfies_this_years_renewal(counsel, org):
    with time_machine.travel(dt.datetime(2026, 1, 20, 10, tzinfo=SHANGHAI), tick=False):
        this_year = guarantee_register(
            organisation=org,
            year=2026,
            amount_cny=Decimal("200000.00"),
            bank="Bank of China",
            approved_on=dt.date(2026, 1, 20),
            actor=counsel,
        )
    renewal = Deadline.objects.get(guarantee=this_year, rule="general_guarantee_renewal")
    assert (renewal.status, renewal.due_date) == (DeadlineStatus.OPEN, dt.date(2026, 12, 31))
    letter = Deadline.objects.get(guarantee=this_year, rule="general_guarantee_letter_expiry")
    assert letter.due_date == dt.date(2027, 6, 30)

    with time_machine.travel(dt.datetime(2026, 12, 30, 10, tzinfo=SHANGHAI), tick=False):
        guarantee_register(
            organisation=org,
            year=2027,
            amount_cny=Decimal("250000.00"),
            bank="Bank of China",
            approved_on=dt.date(2027, 1, 4),
            actor=counsel,
        )

    renewal.refresh_from_db()
    assert renewal.status == DeadlineStatus.DONE
    assert renewal.completed_on == dt.date(2027, 1, 4)
    letter.refresh_from_db()
    assert letter.status == DeadlineStatus.OPEN
