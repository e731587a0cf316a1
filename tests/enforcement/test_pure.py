"""Pure pieces: the platform of a listing URL, statistics arithmetic, the calendar countdown."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from enforcement.clock import calendar_countdown
from enforcement.platforms import normalise_listing_url, platform_of_url
from enforcement.statistics import ComplaintRow, summarise

D = dt.date


@pytest.mark.parametrize(
    ("url", "platform"),
    [
        ("https://item.taobao.com/item.htm?id=1", "taobao"),
        ("https://m.tb.cn/h.abc", "taobao"),
        ("https://detail.tmall.com/item.htm?id=1", "tmall"),
        ("https://detail.tmall.hk/hk/item.htm?id=1", "tmall"),
        ("https://item.jd.com/100.html", "jd"),
        ("https://mobile.yangkeduo.com/goods.html?goods_id=1", "pinduoduo"),
        ("https://detail.1688.com/offer/1.html", "1688"),
        ("https://haohuo.jinritemai.com/views/product/item2?id=1", "douyin"),
        ("https://www.goofish.com/item?id=1", "xianyu"),
        ("https://www.alibaba.com/product-detail/x_1.html", "alibaba_com"),
        ("https://www.aliexpress.us/item/1.html", "aliexpress"),
        ("https://notjd.com/x", "other"),
        ("https://example.com/shop", "other"),
    ],
)
def test_platform_is_recognised_from_the_host(url, platform):
    assert platform_of_url(url) == platform


def test_a_listing_url_is_spelled_one_way():
    assert (
        normalise_listing_url(" HTTPS://Item.JD.com/100.html/#comments ")
        == "https://item.jd.com/100.html"
    )


SEPT_1 = D(2025, 9, 1)


def row(status, submitted=SEPT_1, removed=None, counter=None, relisted=None):
    return ComplaintRow(status, submitted, removed, counter, relisted)


def test_statistics_arithmetic():
    figures = summarise(
        [
            row("draft", submitted=None),  # not counted
            row("submitted"),
            row("rejected"),
            row("removed", removed=D(2025, 9, 4)),  # 3 days
            row("counter_notice_received", removed=D(2025, 9, 8), counter=D(2025, 9, 20)),  # 7
            row("relisted", removed=D(2025, 9, 2), relisted=D(2025, 10, 1)),  # 1 day
        ]
    )
    assert (figures.complaints, figures.removed, figures.counter_notices, figures.relisted) == (
        5,
        3,
        1,
        1,
    )
    assert figures.takedown_rate == 3 / 5
    assert figures.counter_notice_rate == 1 / 3
    assert figures.median_days_to_removal == 3


def test_no_complaints_no_rates():
    figures = summarise([])
    assert figures.takedown_rate is None and figures.median_days_to_removal is None


def test_calendar_countdown_runs_to_24_00_china_time():
    now = dt.datetime(2026, 12, 7, 22, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    clock = calendar_countdown(due_date=D(2026, 12, 7), now=now)
    assert (clock.days_left, clock.hours_left, clock.urgency) == (0, 1, "today")
    later = calendar_countdown(due_date=D(2026, 12, 7), now=now + dt.timedelta(hours=2))
    assert later.overdue
