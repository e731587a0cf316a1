"""How every page and email shows a date or a moment, defined once.

- `weekday_date`: a legal date (China calendar) with its weekday, in the reader's convention:
  "Thu 2026-11-26" in English, "2026年11月26日（星期四）" in Chinese.
- `zoned_time`: an aware timestamp in the active time zone, naming the zone,
  e.g. "Mon 2026-11-30 18:00 CST (Asia/Shanghai)" or "2026年11月30日（星期一）18:00 CST".

Both are plain functions too, for text built in Python (calendar events, email subjects).
"""

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language

register = template.Library()

WEEKDAYS_ZH = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


def _chinese() -> bool:
    return (get_language() or "").startswith("zh")


def _date_zh(value: dt.date) -> str:
    return f"{value.year}年{value.month}月{value.day}日（{WEEKDAYS_ZH[value.weekday()]}）"


@register.filter
def weekday_date(value) -> str:
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return _date_zh(value) if _chinese() else date_format(value, "D Y-m-d")


@register.filter
def zoned_time(value) -> str:
    if not value:
        return ""
    if not isinstance(value, dt.datetime):
        return str(value)
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    zone = timezone.get_current_timezone_name()
    abbreviation = local.strftime("%Z")
    if _chinese():
        shown = f"{_date_zh(local.date())}{local:%H:%M} {abbreviation}".rstrip()
    else:
        shown = f"{date_format(local, 'D Y-m-d H:i')} {abbreviation}".rstrip()
    return shown if abbreviation == zone else f"{shown} ({zone})"
