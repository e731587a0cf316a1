"""deadlines_recompute reads a right's whole tree in a fixed number of queries."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from customs.models import RecordalChange
from deadlines.models import Deadline
from deadlines.services import deadlines_recompute
from tests.factories import CustomsNoticeFactory, RecordalFactory, RightFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=SHANGHAI)

# Steady state (nothing changed): the right tree (4), the calendar (2), existing deadlines (1),
# the reminder policy and the savepoints: 10 today, with a little room.
STEADY_CEILING = 12


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


def _add_notices(recordal, count, start_day=1):
    for n in range(count):
        CustomsNoticeFactory(recordal=recordal, served_on=dt.date(2026, 10, start_day + n))


@pytest.fixture
def busy_right(org):
    right = RightFactory(organisation=org, granted=True)
    first = RecordalFactory(right=right)
    second = RecordalFactory(
        right=right, applied_on=dt.date(2024, 1, 2), approved_on=None, status="pending"
    )
    _add_notices(first, 2)
    _add_notices(second, 1, start_day=10)
    for day, kind in ((5, "assignment"), (6, "licence")):
        RecordalChange.objects.create(recordal=first, kind=kind, occurred_on=dt.date(2026, 11, day))
    deadlines_recompute(right=right)
    return right


def _count(right) -> int:
    with CaptureQueriesContext(connection) as ctx:
        deadlines_recompute(right=right)
    return len(ctx.captured_queries)


def test_recompute_of_a_right_with_recordals_notices_and_changes_has_a_query_ceiling(
    busy_right, django_assert_max_num_queries
):
    assert Deadline.objects.filter(customs_notice__isnull=False).count() == 3
    assert Deadline.objects.filter(rule="recordal_amendment").count() == 2

    with django_assert_max_num_queries(STEADY_CEILING):
        deadlines_recompute(right=busy_right)


def test_recompute_queries_do_not_grow_with_the_number_of_notices(busy_right):
    with_three = _count(busy_right)
    _add_notices(busy_right.recordals.order_by("id").first(), 5, start_day=15)
    deadlines_recompute(right=busy_right)  # first pass stores the new notices' derived fields
    with_eight = _count(busy_right)

    assert Deadline.objects.filter(customs_notice__isnull=False).count() == 8
    assert with_eight == with_three


def test_first_recompute_writes_notices_in_a_bounded_number_of_queries_each(org):
    """New notices need their derived fields saved (and history): a few queries each, no more."""

    def first_pass(notices: int) -> int:
        right = RightFactory(organisation=org, granted=True)
        _add_notices(RecordalFactory(right=right), notices)
        return _count(right)

    one, six = first_pass(1), first_pass(6)

    assert (six - one) / 5 <= 3, (one, six)
