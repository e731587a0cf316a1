"""rights.services: creating, granting and changing rights, and the deadlines that follow."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from customs.models import RecordalChange
from deadlines.models import Deadline, DeadlineStatus
from rights.models import Right
from rights.services import patent_grant_register, right_create, right_update
from tests.factories import RecordalFactory, RightFactory, cn_patent_number

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=SHANGHAI)
TODAY = dt.date(2026, 11, 24)


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


def _rules(right) -> dict[str, Deadline]:
    return {d.rule: d for d in Deadline.objects.filter(right=right)}


def _filed_invention(org, *, filing_date=dt.date(2024, 3, 14), **fields):
    return RightFactory(
        organisation=org,
        filing_date=filing_date,
        application_number=cn_patent_number(filing_date.year, 1, 123457),
        **fields,
    )


# 202610123456 has check character X (weighted sum mod 11 == 10).
@pytest.mark.parametrize(
    "typed",
    ["ZL202610123456.X", "zl 2026 1012 3456.x", "CN202610123456X", "2026-1012-3456.X"],
)
def test_right_create_stores_cn_invention_number_normalised(counsel, org, typed):
    right = right_create(
        organisation=org,
        actor=counsel,
        kind="invention",
        title="Fastening device",
        owner="Demo Co. Ltd",
        application_number=typed,
        filing_date=dt.date(2026, 10, 12),
    )

    stored = Right.objects.get(pk=right.pk)
    assert stored.application_number == "202610123456.X"
    history = list(stored.history.order_by("history_id"))
    assert history[0].history_type == "+"
    assert {h.history_user for h in history} == {counsel}


def test_right_create_by_viewer_or_manager_is_refused_and_writes_nothing(viewer, manager, org):
    for actor in (viewer, manager):
        with pytest.raises(PermissionDenied):
            right_create(
                organisation=org,
                actor=actor,
                kind="invention",
                title="Fastening device",
                owner="Demo Co. Ltd",
                application_number="202610123456.X",
                filing_date=dt.date(2026, 10, 12),
            )
    assert Right.objects.count() == 0
    assert Right.history.count() == 0


def test_patent_grant_register_creates_annuity_expiry_and_customs_record_deadlines(paralegal, org):
    right = _filed_invention(org)
    assert not Deadline.objects.filter(right=right).exists()

    right = patent_grant_register(right=right, grant_date=dt.date(2026, 10, 20), actor=paralegal)

    assert right.status == "granted"
    assert right.expiry_date == dt.date(2044, 3, 13)
    rows = _rules(right)
    assert set(rows) == {
        "patent_annuity",
        "patent_annuity_grace_end",
        "patent_expiry",
        "customs_record",
    }
    # Granted in patent year 3 (2026-03-14 .. 2027-03-13): the annuity for year 4 is next.
    assert (rows["patent_annuity"].cycle, rows["patent_annuity"].due_date) == (
        4,
        dt.date(2027, 3, 14),
    )
    assert rows["patent_expiry"].due_date == dt.date(2044, 3, 13)
    assert rows["customs_record"].due_date == dt.date(2027, 1, 20)
    assert all(d.status == DeadlineStatus.OPEN for d in rows.values())
    assert all(d.organisation_id == org.id for d in rows.values())


def test_owner_change_of_recorded_right_opens_recordal_amendment_duty(counsel, org):
    right = _filed_invention(org, status="granted", grant_date=dt.date(2025, 1, 6))
    recordal = RecordalFactory(right=right)

    right_update(right=right, actor=counsel, owner="New Holder GmbH")

    change = RecordalChange.objects.get(recordal=recordal)
    assert change.kind == "assignment"
    assert change.occurred_on == TODAY
    assert "New Holder GmbH" in change.description
    assert change.history.get().history_user == counsel
    duty = Deadline.objects.get(rule="recordal_amendment", subject_key=f"change:{change.pk}")
    assert duty.status == DeadlineStatus.OPEN
    assert duty.recordal_id == recordal.pk
    # 30 China working days from 2026-11-24; 2027 has no official schedule yet: weekends and
    # the statutory New Year's Day (Fri 2027-01-01) are rest days -> Wed 2027-01-06.
    assert duty.due_date == dt.date(2027, 1, 6)
    assert duty.provisional is True


def test_owner_change_of_unrecorded_right_opens_no_duty(counsel, org):
    right = _filed_invention(org, status="granted", grant_date=dt.date(2025, 1, 6))

    right_update(right=right, actor=counsel, owner="New Holder GmbH")

    assert RecordalChange.objects.count() == 0
    assert not Deadline.objects.filter(rule="recordal_amendment").exists()


def test_filing_date_change_moves_due_dates_in_the_same_rows_and_history_keeps_both(counsel, org):
    right = patent_grant_register(
        right=_filed_invention(org), grant_date=dt.date(2026, 10, 20), actor=counsel
    )
    before = {d.rule: (d.pk, d.due_date) for d in Deadline.objects.filter(right=right)}
    count_before = Deadline.objects.count()

    right_update(right=right, actor=counsel, filing_date=dt.date(2024, 3, 15))

    after = {d.rule: (d.pk, d.due_date) for d in Deadline.objects.filter(right=right)}
    assert Deadline.objects.count() == count_before
    assert {rule: pk for rule, (pk, _) in after.items()} == {
        rule: pk for rule, (pk, _) in before.items()
    }
    assert after["patent_expiry"][1] == dt.date(2044, 3, 14)
    assert after["patent_annuity"][1] == dt.date(2027, 3, 15)

    expiry_id = after["patent_expiry"][0]
    history = Deadline.history.filter(id=expiry_id).order_by("history_date", "history_id")
    assert [h.due_date for h in history] == [dt.date(2044, 3, 13), dt.date(2044, 3, 14)]
    assert [h.history_type for h in history] == ["+", "~"]
    assert history.last().history_user == counsel


def test_right_update_by_viewer_is_refused_and_changes_nothing(viewer, org):
    right = _filed_invention(org)

    with pytest.raises(PermissionDenied):
        right_update(right=right, actor=viewer, owner="Someone Else")

    assert Right.objects.get(pk=right.pk).owner == "Demo Co. Ltd"
