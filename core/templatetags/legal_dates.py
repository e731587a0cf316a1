"""How every page and email shows a date or a moment, defined once.

- `weekday_date`: a legal date (China calendar) with its weekday, e.g. "Thu 2026-11-26";
  weekday names go through Django's translations.
- `zoned_time`: an aware timestamp in the active time zone, naming the zone,
  e.g. "Mon 2026-11-30 18:00 CST (Asia/Shanghai)".

Both are plain functions too, for text built in Python (calendar events, email subjects).
"""

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.formats import date_format

register = template.Library()


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
    return date_format(value, "D Y-m-d")


@register.filter
def zoned_time(value) -> str:
    if not value:
        return ""
    if not isinstance(value, dt.datetime):
        return str(value)
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    zone = timezone.get_current_timezone_name()
    abbreviation = local.strftime("%Z")
    shown = f"{date_format(local, 'D Y-m-d H:i')} {abbreviation}".rstrip()
    return shown if abbreviation == zone else f"{shown} ({zone})"
