"""Entry pages are read on a known day: Tuesday 2026-11-24, 10:00 in China."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def as_paralegal(client, paralegal):
    client.force_login(paralegal)
    return client
