"""Legal dates and moments are written in the reader's convention, weekday included."""

import datetime as dt

from django.utils import timezone, translation

from core.clock import LEGAL_TZ
from core.templatetags.legal_dates import weekday_date, zoned_time


def test_a_legal_date_in_english_and_in_chinese():
    day = dt.date(2026, 12, 3)
    with translation.override("en"):
        assert weekday_date(day) == "Thu 2026-12-03"
    with translation.override("zh-hans"):
        assert weekday_date(day) == "2026年12月3日（星期四）"
        assert weekday_date("2027-01-03") == "2027年1月3日（星期日）"


def test_a_moment_in_chinese_names_the_zone():
    moment = dt.datetime(2026, 11, 30, 10, 0, tzinfo=dt.UTC)
    with translation.override("zh-hans"), timezone.override(LEGAL_TZ):
        assert zoned_time(moment) == "2026年11月30日（星期一）18:00 CST (Asia/Shanghai)"
    with translation.override("en"), timezone.override(LEGAL_TZ):
        assert zoned_time(moment) == "Mon 2026-11-30 18:00 CST (Asia/Shanghai)"
