"""Past dates entered today are history, not "missed" (issue 8 item 6).

The rule (deadlines.services.passed_status, set by the recompute): a date that had already
passed when its deadline entered the system is history: no alerts, not listed as missed. Acting
may still be possible (a grace period or late window still open): then it stays live (missed,
alerted) while the window closing it is open and alerted. A date that passes while the system
watches it is missed. Today is Tue 2026-11-24 in every case below.
"""

import datetime as dt
import importlib
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps as django_apps

from deadlines.models import Deadline, DeadlineStatus
from deadlines.rules import RULES
from deadlines.selectors import deadline_list
from deadlines.services import deadlines_mark_missed
from notifications import scanner
from notifications.models import Alert
from rights.services import right_create, right_update
from tests.factories import cn_patent_number

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=SHANGHAI)
D = dt.date
OPEN, MISSED, HISTORY, DONE = "open", "missed", "history", "done"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def mark(registered: dt.date, **extra) -> dict:
    return {
        "kind": "trademark",
        "title": "SPARROW",
        "owner": "Demo Co. Ltd",
        "nice_classes": [9],
        "filing_date": registered - dt.timedelta(days=400),
        "registration_date": registered,
        "status": "registered",
        **extra,
    }


def invention(filed: dt.date, paid_through: int) -> dict:
    return {
        "kind": "invention",
        "title": "Clip",
        "owner": "Demo Co. Ltd",
        "application_number": cn_patent_number(filed.year, 1, 4242),
        "filing_date": filed,
        "grant_date": filed + dt.timedelta(days=900),
        "status": "granted",
        "annuities_paid_through": paid_through,
    }


# (why, facts of a right entered today, {(rule, cycle): expected status})
TABLE = [
    (
        # Registered 2017-03-01: "record with customs" was due 3 months later, 2017-06-01,
        # years before entry: history. The term ends 2027-02-28 (TMIR art. 12(2)), so the
        # renewal (due that day) is open. The renewal window opened 2026-03-01 and the non-use
        # exposure began 2020-03-01: milestones reached (done).
        "a 2017 registration: the customs duty is history, the renewal open",
        mark(D(2017, 3, 1)),
        {
            ("customs_record", 0): HISTORY,
            ("trademark_renewal_due", 1): OPEN,
            ("trademark_renewal_grace_end", 1): OPEN,
            ("trademark_renewal_window_opens", 1): DONE,
            ("trademark_non_use_exposure", 0): DONE,
        },
    ),
    (
        # Registered 2016-08-01: the term ended 2026-07-31, before entry; the 6-month grace runs
        # to 2027-01-31 (TML art. 40), still open: renewing is still possible, so the passed
        # renewal date stays live (missed, alerted) and the grace end is open.
        "a renewal passed before entry but inside its grace period stays live",
        mark(D(2016, 8, 1)),
        {
            ("trademark_renewal_due", 1): MISSED,
            ("trademark_renewal_grace_end", 1): OPEN,
        },
    ),
    (
        # Filed 2015-04-07, paid through year 10: year 11 was due 2025-04-07 and its grace ended
        # 2025-10-09 (6 months, 2025-10-07 rolled over National Day): both before entry, both
        # history (the patent has in fact lapsed: the user corrects its status).
        "an annuity and its grace both passed before entry are history",
        invention(D(2015, 4, 7), 10),
        {("patent_annuity", 11): HISTORY, ("patent_annuity_grace_end", 11): HISTORY},
    ),
    (
        # Filed 2015-08-10, paid through year 11: year 12 was due 2026-08-10, before entry; the
        # grace runs to 2027-02-10 (PIR art. 115), still open: missed and alerted, grace open.
        "an annuity passed before entry inside its grace period stays live",
        invention(D(2015, 8, 10), 11),
        {("patent_annuity", 12): MISSED, ("patent_annuity_grace_end", 12): OPEN},
    ),
]


@pytest.mark.parametrize(("why", "facts", "expected"), TABLE, ids=[r[0] for r in TABLE])
def test_dates_past_on_entry_are_history_unless_acting_is_still_possible(
    org, counsel, manager, why, facts, expected
):
    right = right_create(organisation=org, actor=counsel, responsible=counsel, **facts)

    rows = {(d.rule, d.cycle): d for d in Deadline.objects.filter(right=right)}
    assert {key: rows[key].status for key in expected} == expected
    for (rule, cycle), status in expected.items():
        row = rows[(rule, cycle)]
        if status == HISTORY:
            assert row.next_alert_at is None
            assert "History: due on" in row.explanation
        if status == OPEN:
            assert row.next_alert_at is not None  # alerted as it comes near
        if status == MISSED:  # live: listed as missed; its grace end (open) carries the alerts
            late = rows[(RULES[row.rule].late_rule, cycle)]
            assert late.status == OPEN and late.next_alert_at is not None

    scanner.scan()
    alerted = set(Alert.objects.values_list("deadline__rule", "deadline__cycle"))
    history = {key for key, status in expected.items() if status == HISTORY}
    assert alerted.isdisjoint(history)
    missed_list = {(d.rule, d.cycle) for d in deadline_list(user=counsel, status=MISSED)}
    assert missed_list == {key for key, status in expected.items() if status == MISSED}


def test_a_date_that_passes_while_watched_is_missed(org, counsel, frozen):
    # Registered 2026-08-03, entered 2026-09-01: "record with customs" is due 2026-11-03, after
    # entry, so it is open; on 2026-11-24 the daily pass finds it passed: missed.
    frozen.move_to(dt.datetime(2026, 9, 1, 10, 0, tzinfo=SHANGHAI))
    right = right_create(organisation=org, actor=counsel, **mark(D(2026, 8, 3)))
    row = Deadline.objects.get(right=right, rule="customs_record")
    assert (row.due_date, row.status) == (D(2026, 11, 3), OPEN)

    frozen.move_to(NOW)
    deadlines_mark_missed()

    row.refresh_from_db()
    assert row.status == DeadlineStatus.MISSED


def test_a_corrected_date_brings_a_history_row_back_to_open(org, counsel):
    # Entered with a 2006 registration by mistake: the 2016 renewal is history. Corrected to
    # 2017-03-01, the renewal is due 2027-02-28: open again, with its alert clock set.
    right = right_create(organisation=org, actor=counsel, **mark(D(2006, 3, 1), renewals=0))
    row = Deadline.objects.get(right=right, rule="trademark_renewal_due")
    assert (row.due_date, row.status) == (D(2016, 2, 29), HISTORY)

    right_update(
        right=right,
        actor=counsel,
        registration_date=D(2017, 3, 1),
        filing_date=D(2016, 1, 25),
    )

    row.refresh_from_db()
    assert (row.due_date, row.status) == (D(2027, 2, 28), OPEN)
    assert "History" not in row.explanation
    assert row.next_alert_at is not None


def test_the_migration_turns_existing_missed_rows_due_before_entry_into_history(org, counsel):
    # Rows stored before this rule existed: a 2017 mark's customs duty was stored as missed;
    # a 2016 mark's renewal passed before entry but its grace runs to 2027-01-31.
    old = right_create(organisation=org, actor=counsel, **mark(D(2017, 3, 1)))
    graced = right_create(organisation=org, actor=counsel, **mark(D(2016, 8, 1)))
    Deadline.objects.filter(right__in=[old, graced], status=HISTORY).update(status=MISSED)
    migration = importlib.import_module("deadlines.migrations.0005_deadline_history_status")

    migration.missed_before_entry_to_history(django_apps, None)

    assert Deadline.objects.get(right=old, rule="customs_record").status == HISTORY
    assert Deadline.objects.get(right=graced, rule="trademark_renewal_due").status == MISSED
