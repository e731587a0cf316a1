"""Loading a year's official calendar recomputes the counter-notice windows counted through it.

The 2027 schedule is made up (tests/calendars/made_up_2027.py): 10-01..10-07 off, Sat 10-09
working. Unpublished, 2027 counts weekends and the statutory days (National Day 10-01..10-03).
"""

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine

from deadlines.models import Deadline
from enforcement import services
from tests.calendars.made_up_2027 import load_2027

D = dt.date


@time_machine.travel(dt.datetime(2027, 9, 25, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)
def test_loading_2027_moves_a_counter_notice_window(org, counsel, right):
    complaint = services.complaint_create(
        organisation=org,
        actor=counsel,
        platform="jd",
        right=right,
        reason="Copies",
        status="submitted",
        submitted_on=D(2027, 9, 1),
    )
    services.complaint_transition(
        complaint=complaint, status="removed", on=D(2027, 9, 10), actor=counsel
    )
    # Received Tue 2027-09-21: day 15 = Wed 10-06; unpublished, only 10-01..10-03 are
    # statutory rest days, so Wed 10-06 stands (provisional).
    complaint = services.complaint_counter_notice(
        complaint=complaint, received_on=D(2027, 9, 21), actor=counsel
    )
    deadline = Deadline.objects.get(rule="ecommerce_counter_notice")
    assert (deadline.due_date, deadline.provisional) == (D(2027, 10, 6), True)

    load = load_2027()

    # Loaded: 10-01..10-07 off, so Wed 10-06 rolls to Fri 10-08.
    deadline.refresh_from_db()
    complaint.refresh_from_db()
    assert (deadline.due_date, deadline.provisional) == (D(2027, 10, 8), False)
    assert complaint.counter_notice_due == D(2027, 10, 8)
    assert [(m.deadline_id, m.old_due, m.new_due) for m in load.outcome.moves] == [
        (deadline.pk, D(2027, 10, 6), D(2027, 10, 8))
    ]
    assert deadline.history.first().history_change_reason.startswith("Official 2027 calendar")
