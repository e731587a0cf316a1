"""The only sources of "now": timestamps in UTC, legal dates on the China calendar."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone


def legal_tz() -> ZoneInfo:
    return ZoneInfo(settings.LEGAL_TIME_ZONE)


def now_utc() -> dt.datetime:
    return timezone.now()


def today_legal() -> dt.date:
    """Today's date in Asia/Shanghai, the calendar every legal period is counted on."""
    return now_utc().astimezone(legal_tz()).date()


def legal_date_of(moment: dt.datetime) -> dt.date:
    return moment.astimezone(legal_tz()).date()
