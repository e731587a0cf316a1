"""Loading a year's official schedule, the day the State Council publishes it."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from .hooks import calendar_year_loaded
from .models import CalendarAdjustment, OfficialYear


@transaction.atomic
def official_year_load(
    *,
    year: int,
    notice: str,
    published_on: dt.date,
    days_off: list[tuple[dt.date, str]],
    working_days: list[tuple[dt.date, str]],
    source_url: str = "",
    actor=None,
) -> tuple[OfficialYear, int]:
    """Store the notice's days off (weekdays) and swapped working days, then recompute.

    Returns the year and the number of rights whose provisional deadlines were recomputed.
    """
    errors = []
    for day, _ in days_off:
        if day.year != year:
            errors.append(f"{day} is not in {year}.")
    for day, _ in working_days:
        if day.year != year:
            errors.append(f"{day} is not in {year}.")
        elif day.weekday() < 5:
            errors.append(f"{day} is a weekday: only weekend days become swapped working days.")
    overlap = {d for d, _ in days_off} & {d for d, _ in working_days}
    if overlap:
        errors.append(f"{sorted(overlap)} listed both as day off and as working day.")
    if errors:
        raise ValidationError({"days": errors})
    official, _ = OfficialYear.objects.update_or_create(
        year=year,
        defaults={"notice": notice, "published_on": published_on, "source_url": source_url},
    )
    official.adjustments.all().delete()
    CalendarAdjustment.objects.bulk_create(
        [
            CalendarAdjustment(official_year=official, date=d, is_working_day=False, name=n)
            for d, n in days_off
        ]
        + [
            CalendarAdjustment(official_year=official, date=d, is_working_day=True, name=n)
            for d, n in working_days
        ]
    )
    replies = calendar_year_loaded.send(sender=OfficialYear, year=year, actor=actor)
    return official, sum(count for _, count in replies if isinstance(count, int))
