"""Planning many rows at once (an import) gives each row the next alert it gets planned alone:
long-range rows sharing a due date share the plan, a notice's plan follows its own entry."""

import datetime as dt

import pytest
import time_machine

from calendars.selectors import workday_calendar
from deadlines.models import Deadline
from notifications.services import deadlines_plan_next_alert

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 24, 2, 0, tzinfo=dt.UTC)


def rows():
    due = dt.date(2026, 12, 1)
    entered = [NOW - dt.timedelta(days=3), NOW]
    return [
        Deadline(rule="patent_annuity", due_date=due, status="open"),
        Deadline(rule="customs_record", due_date=due, status="open"),
        Deadline(rule="patent_annuity", due_date=due + dt.timedelta(days=200), status="open"),
        Deadline(rule="patent_annuity", due_date=due, status="done"),
        *(
            Deadline(rule="customs_notice_response", due_date=due, status="open", created_at=at)
            for at in entered
        ),
    ]


def test_rows_planned_together_get_the_alert_each_gets_alone(org):
    calendar = workday_calendar()
    with time_machine.travel(NOW, tick=False):
        together = rows()
        deadlines_plan_next_alert(organisation_id=org.pk, rows=together, calendar=calendar)
        alone = rows()
        for row in alone:
            deadlines_plan_next_alert(organisation_id=org.pk, rows=[row], calendar=calendar)
    assert [r.next_alert_at for r in together] == [r.next_alert_at for r in alone]
    assert together[0].next_alert_at == together[1].next_alert_at is not None
    assert together[3].next_alert_at is None  # done: no alert
    assert together[4].next_alert_at != together[5].next_alert_at  # a notice's own entry
