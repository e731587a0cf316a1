"""A portfolio of a given size on a frozen day, for the workspace pages."""

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

import pytest
import time_machine

from deadlines.services import deadlines_recompute
from tests.factories import CustomsNoticeFactory, RightFactory

NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Tuesday


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


_serial = itertools.count(1)


def build_portfolio(org, size: int, responsible=None) -> dict:
    """`size` rights in three shapes: recorded with an open customs notice, granted in China
    but not recorded, and filed abroad with the China window open."""
    made = {"notices": [], "unrecorded": [], "foreign": []}
    for n in range(size):
        i = next(_serial)
        shape = n % 3
        if shape == 0:
            notice = CustomsNoticeFactory(
                recordal__right__organisation=org,
                recordal__right__responsible=responsible,
                served_on=dt.date(2026, 11, 23),
                customs_reference=f"SZ-2026-{i:04d}",
            )
            right = notice.recordal.right
            made["notices"].append(notice)
        elif shape == 1:
            right = RightFactory(organisation=org, granted=True, responsible=responsible)
            made["unrecorded"].append(right)
        else:
            right = RightFactory(
                organisation=org,
                jurisdiction="US",
                application_number=f"18/{100000 + i}",
                filing_date=dt.date(2026, 3, 10),
                responsible=responsible,
            )
            made["foreign"].append(right)
        deadlines_recompute(right=right)
    return made
