"""A real Celery worker, in its own process on real Redis, runs the scheduled tasks."""

import datetime as dt
import time

import pytest

from core.clock import today_legal
from deadlines.models import Deadline, DeadlineStatus

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

POLL_TIMEOUT = 20


def _deadline(org, *, key, due):
    return Deadline.objects.create(
        organisation=org,
        subject_key=key,
        rule="customs_notice_response",
        title="Answer the customs notice",
        due_date=due,
        act_by=due,
        explanation="integration test row",
    )


def _wait_for_status(deadline: Deadline, status: str, worker) -> Deadline:
    end = time.monotonic() + POLL_TIMEOUT
    while time.monotonic() < end:
        deadline.refresh_from_db()
        if deadline.status == status:
            return deadline
        time.sleep(0.1)
    pytest.fail(
        f"deadline still {deadline.status!r} after {POLL_TIMEOUT}s; worker log:\n{worker.log()}"
    )


def test_worker_marks_an_overdue_open_deadline_missed(celery_worker_process, org):
    today = today_legal()
    overdue = _deadline(org, key="notice:overdue", due=today - dt.timedelta(days=2))
    upcoming = _deadline(org, key="notice:upcoming", due=today + dt.timedelta(days=3))

    celery_worker_process.send("deadlines.tasks.deadlines_mark_missed")

    overdue = _wait_for_status(overdue, DeadlineStatus.MISSED, celery_worker_process)
    assert overdue.history.filter(status=DeadlineStatus.MISSED).exists()
    upcoming.refresh_from_db()
    assert upcoming.status == DeadlineStatus.OPEN
    assert "deadlines.tasks.deadlines_mark_missed" in celery_worker_process.log()


def test_worker_run_is_idempotent_and_sees_rows_written_after_it_started(
    celery_worker_process, org
):
    first = _deadline(org, key="notice:first", due=today_legal() - dt.timedelta(days=1))
    celery_worker_process.send("deadlines.tasks.deadlines_mark_missed")
    _wait_for_status(first, DeadlineStatus.MISSED, celery_worker_process)

    second = _deadline(org, key="notice:second", due=today_legal() - dt.timedelta(days=5))
    celery_worker_process.send("deadlines.tasks.deadlines_mark_missed")
    _wait_for_status(second, DeadlineStatus.MISSED, celery_worker_process)

    first.refresh_from_db()
    assert first.history.filter(status=DeadlineStatus.MISSED).count() == 1
