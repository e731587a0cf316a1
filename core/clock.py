"""The only sources of "now": timestamps in UTC, legal dates on the China calendar."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

# The calendar every legal period is counted on. Defined here only.
LEGAL_TZ_NAME = "Asia/Shanghai"
LEGAL_TZ = ZoneInfo(LEGAL_TZ_NAME)


def legal_tz() -> ZoneInfo:
    return LEGAL_TZ


def now_utc() -> dt.datetime:
    return timezone.now()


def today_legal() -> dt.date:
    """Today's date in Asia/Shanghai, the calendar every legal period is counted on."""
    return now_utc().astimezone(LEGAL_TZ).date()


def legal_date_of(moment: dt.datetime) -> dt.date:
    return moment.astimezone(LEGAL_TZ).date()
