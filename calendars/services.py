"""Changing a year's official schedule: the one way in for the command, the admin and notices.

Every change (load, reload, edit, delete) is checked here, stored in one transaction, and
announced on `calendars.changes.year_changed` so that every deadline whose counted days touch
the year is recomputed in the same transaction.
"""

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.models import set_history_user

from .changes import ChangeOutcome, announce_year_changed
from .models import CalendarAdjustment, OfficialYear
from .notice import Notice, parse_notice
from .reasons import CALENDAR_LOADED, CALENDAR_NOTICE, CALENDAR_REMOVED
from .statutory import statutory_days_off

Days = list[tuple[dt.date, str]]


@dataclass
class YearLoad:
    official: OfficialYear
    outcome: ChangeOutcome
    days_off: int
    working_days: int
    dry_run: bool = False


class _DryRun(Exception):
    """Raised inside the transaction of a preview so that nothing it did is kept."""

    def __init__(self, load: YearLoad):
        super().__init__()
        self.load = load


@dataclass(frozen=True)
class ReadNotice:
    """A notice that read without an error: its year and publication date are known."""

    notice: Notice
    year: int
    published_on: dt.date


class Problem(NamedTuple):
    day: dt.date
    message: str
    rule: str  # one of LAW_CHECKS' keys, or "year"/"twice"/"empty"


# What the preview shows as checked against the law (Holidays Measures arts. 2, 6-7).
LAW_CHECKS = {
    "statutory": "Every statutory day off of the Holidays Measures (art. 2) is a day off.",
    "weekend": "Every swapped working day is a Saturday or a Sunday.",
    "both": "No day is both a day off and a working day.",
}


def _weekday(day: dt.date) -> str:
    """The day's name in the reader's language (Wednesday, 星期三)."""
    return date_format(day, "l")


def schedule_problems(*, year: int, days_off: Days, working_days: Days) -> list[Problem]:
    """Every reason the schedule cannot be right, each with the day it is about. Pure."""
    problems = []
    seen: dict[dt.date, str] = {}
    kinds = {"off": _("day off"), "work": _("working day")}
    for kind, days in (("off", days_off), ("work", working_days)):
        for day, _name in days:
            values = {"day": day, "kind": kinds[kind], "year": year, "weekday": _weekday(day)}
            if day.year != year:
                problems.append(
                    Problem(day, _("%(day)s (%(kind)s) is not in %(year)s.") % values, "year")
                )
                continue
            if kind == "work" and day.weekday() < 5:
                problems.append(
                    Problem(
                        day,
                        _(
                            "%(day)s is a %(weekday)s: only a Saturday or Sunday can become a "
                            "swapped working day."
                        )
                        % values,
                        "weekend",
                    )
                )
            if day in seen:
                if seen[day] != kind:
                    message = _("%(day)s is listed both as a day off and as a working day.")
                    problems.append(Problem(day, message % values, "both"))
                else:
                    message = _("%(day)s is listed twice as a %(kind)s.")
                    problems.append(Problem(day, message % values, "twice"))
            seen[day] = kind
    if not days_off:
        message = _("No days off given for %(year)s.") % {"year": year}
        problems.append(Problem(dt.date(year, 1, 1), message, "empty"))
    working = {day for day, _ in working_days}
    off = {day for day, _ in days_off}
    for day, name in statutory_days_off(year).items():
        if day in working:
            problems.append(
                Problem(
                    day,
                    _(
                        "%(day)s is a statutory day off (%(name)s, Holidays Measures art. 2): it "
                        "cannot be a working day."
                    )
                    % {"day": day, "name": name},
                    "statutory",
                )
            )
        elif day.weekday() < 5 and day not in off and off:
            problems.append(
                Problem(
                    day,
                    _(
                        "%(day)s (%(weekday)s) is a statutory day off (%(name)s, Holidays "
                        "Measures art. 2) missing from the days off."
                    )
                    % {"day": day, "weekday": _weekday(day), "name": name},
                    "statutory",
                )
            )
    return problems


def law_checks(problems: list[Problem]) -> list[tuple[str, list[str]]]:
    """The preview's checklist: each rule of the law with the problems found against it."""
    return [
        (label, [p.message for p in problems if p.rule == rule])
        for rule, label in LAW_CHECKS.items()
    ]


def _check(*, year, notice, published_on, days_off, working_days) -> None:
    errors: dict[str, list[str]] = {}
    if not 2000 <= year <= 2100:
        errors["year"] = [_("Year %(year)s is outside 2000-2100.") % {"year": year}]
    if not (notice or "").strip():
        errors["notice"] = [_("Give the notice number and title.")]
    if published_on is None:
        errors["published_on"] = [_("Give the notice's publication date.")]
    problems = schedule_problems(year=year, days_off=days_off, working_days=working_days)
    if problems:
        errors["days"] = [p.message for p in problems]
    if errors:
        raise ValidationError(errors)


def calendar_year_load(
    *,
    year: int,
    notice: str,
    published_on: dt.date,
    days_off: Days,
    working_days: Days,
    source_url: str = "",
    notice_number: str = "",
    notice_text: str = "",
    actor=None,
    reason: str = "",
    dry_run: bool = False,
) -> YearLoad:
    """Store (or replace) a year's announced days off and swapped working days, then recompute.

    With `dry_run`, everything is done and then rolled back: the outcome lists exactly the
    deadlines that a real load would move (the preview).
    """
    _check(
        year=year,
        notice=notice,
        published_on=published_on,
        days_off=days_off,
        working_days=working_days,
    )
    reason = reason or CALENDAR_LOADED % {"year": year, "notice": notice.strip()}
    try:
        with transaction.atomic():
            official = OfficialYear.objects.filter(year=year).first() or OfficialYear(year=year)
            official.notice = notice.strip()
            official.published_on = published_on
            official.source_url = source_url
            official.notice_number = notice_number
            official.notice_text = notice_text
            official.full_clean()
            set_history_user(official, actor)
            official.save()
            official.adjustments.all().delete()
            CalendarAdjustment.objects.bulk_create(
                [
                    CalendarAdjustment(official_year=official, date=d, is_working_day=False, name=n)
                    for d, n in sorted(days_off)
                ]
                + [
                    CalendarAdjustment(official_year=official, date=d, is_working_day=True, name=n)
                    for d, n in sorted(working_days)
                ]
            )
            outcome = announce_year_changed(years={year}, reason=reason, actor=actor)
            result = YearLoad(official, outcome, len(days_off), len(working_days), dry_run)
            if dry_run:
                raise _DryRun(result)
    except _DryRun as rolled_back:
        return rolled_back.load
    return result


@transaction.atomic
def calendar_year_delete(*, year: int, actor=None) -> ChangeOutcome:
    """Remove a loaded year: its dates fall back to the library or to the statutory days."""
    official = OfficialYear.objects.filter(year=year).first()
    if official is None:
        raise ValidationError({"year": f"No official calendar is loaded for {year}."})
    set_history_user(official, actor)
    official.delete()
    return announce_year_changed(
        years={year},
        reason=CALENDAR_REMOVED % {"year": year, "notice": official.notice},
        actor=actor,
    )


def read_notice(text: str) -> ReadNotice:
    """The notice's days, or a ValidationError on `text` listing every line it cannot read."""
    notice = parse_notice(text or "")
    errors = list(notice.errors)
    if not errors and notice.published_on is None:
        errors.append("No publication date line (YYYY年M月D日, under the signature) was found.")
    if errors or notice.year is None or notice.published_on is None:
        raise ValidationError({"text": errors})
    return ReadNotice(notice, notice.year, notice.published_on)


def calendar_notice_load(
    *, text: str, source_url: str = "", actor=None, dry_run: bool = False
) -> YearLoad:
    """Load a year from the State Council notice as published (see calendars.notice).

    Nothing is stored if a line cannot be read or the schedule breaks the law; the notice is
    the reason recorded in each moved deadline's history.
    """
    read = read_notice(text)
    notice = read.notice
    label = notice.number or notice.title
    return calendar_year_load(
        year=read.year,
        notice=f"{notice.number} {notice.title}".strip()[:200],
        notice_number=notice.number,
        notice_text=text,
        published_on=read.published_on,
        days_off=notice.days_off,
        working_days=notice.working_days,
        source_url=source_url,
        actor=actor,
        reason=CALENDAR_NOTICE
        % {"label": label, "published": read.published_on, "year": read.year},
        dry_run=dry_run,
    )


@dataclass
class NoticePreview:
    notice: Notice
    checks: list[tuple[str, list[str]]]
    problems: list[str]
    load: YearLoad | None  # the dry run: what loading would move (None if it cannot load)


def calendar_notice_preview(*, text: str) -> NoticePreview:
    """What loading the notice would do, without keeping anything (the operator's preview)."""
    read = read_notice(text)
    notice = read.notice
    problems = schedule_problems(
        year=read.year, days_off=notice.days_off, working_days=notice.working_days
    )
    load = None if problems else calendar_notice_load(text=text, dry_run=True)
    return NoticePreview(notice, law_checks(problems), [p.message for p in problems], load)
