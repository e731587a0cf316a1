"""Reminder policy, pure: which alert stages a deadline has and when each one fires.

No ORM and no "now": callers pass the moment. Two rule classes:

- long-range deadlines: a ladder of days before the legal date (90, 60, 30, 14, 7, 3, 1, 0 by
  default), each firing at `alert_hour` (Asia/Shanghai) on that calendar day, then one alert a day
  while overdue (for at most `overdue_days` days, so imported history cannot nag forever);
- customs notices (`customs_notice_response`): one alert the moment the notice is entered, then
  every China working-day morning at `notice_hour` until the legal date, counting the hours left to
  the cut-off (24:00 Asia/Shanghai on the legal date); then the overdue alerts.

Stage keys name the step ("d-30", "notice-2026-11-24", "overdue-2026-11-25"); the outbox keeps
one alert per (deadline, stage, recipient). After downtime only the latest passed stage is sent:
`current_stage` is the most urgent one, and the earlier ones are never looked at again.
"""

import datetime as dt
import functools
from dataclasses import dataclass

from calendars.workdays import WorkdayCalendar, day_status
from core.clock import LEGAL_TZ
from deadlines.countdown import period_end

NOTICE_RULE = "customs_notice_response"
DEFAULT_LADDER = (90, 60, 30, 14, 7, 3, 1, 0)
ONE_DAY = dt.timedelta(days=1)

LADDER, NOTICE, OVERDUE = "ladder", "notice", "overdue"
LONG_RANGE = "long_range"


@dataclass(frozen=True)
class Policy:
    """An organisation's reminder policy (defaults when it has no ReminderPolicy row)."""

    ladder: tuple[int, ...] = DEFAULT_LADDER
    alert_hour: int = 9
    notice_hour: int = 9
    overdue_days: int = 30
    escalate_notice_after: dt.timedelta = dt.timedelta(hours=4)
    escalate_after: dt.timedelta = dt.timedelta(days=2)

    def escalation_delay(self, rule_id: str) -> dt.timedelta:
        return self.escalate_notice_after if rule_id == NOTICE_RULE else self.escalate_after


DEFAULT_POLICY = Policy()


@dataclass(frozen=True, slots=True)
class Stage:
    key: str
    at: dt.datetime  # aware
    kind: str  # ladder | notice | overdue


def rule_class(rule_id: str) -> str:
    return NOTICE if rule_id == NOTICE_RULE else LONG_RANGE


def legal_moment(day: dt.date, hour: int) -> dt.datetime:
    """`hour`:00 on `day` in Asia/Shanghai, as an aware UTC datetime."""
    local = dt.datetime.combine(day, dt.time(hour), tzinfo=LEGAL_TZ)
    return local.astimezone(dt.UTC)


def cutoff(due_date: dt.date) -> dt.datetime:
    """The end of the legal day: 24:00 Asia/Shanghai on the due date."""
    return period_end(due_date)


def _is_working_day(day: dt.date, calendar: WorkdayCalendar | None) -> bool:
    if calendar is None:  # unit tests of the ladder only: every caller passes the real calendar
        return day.weekday() < 5
    return day_status(day, calendar).working


def stages(
    *,
    due_date: dt.date,
    rule_id: str,
    policy: Policy,
    entered_at: dt.datetime,
    calendar: WorkdayCalendar | None = None,
) -> list[Stage]:
    """Every alert stage of one deadline, in firing order."""
    if rule_class(rule_id) != NOTICE:  # depends on the date and policy only: shared plans
        return list(_long_range_stages(due_date, policy))
    out: list[Stage] = []
    entered_day = entered_at.astimezone(LEGAL_TZ).date()
    if entered_at < cutoff(due_date):
        out.append(Stage(f"notice-{entered_day}", entered_at, NOTICE))
    day = entered_day + ONE_DAY
    while day <= due_date:
        if _is_working_day(day, calendar):
            out.append(Stage(f"notice-{day}", legal_moment(day, policy.notice_hour), NOTICE))
        day += ONE_DAY
    out.extend(_overdue_stages(due_date, policy))
    out.sort(key=lambda s: s.at)
    return out


def _overdue_stages(due_date: dt.date, policy: Policy) -> list[Stage]:
    out = []
    for n in range(1, policy.overdue_days + 1):
        day = due_date + dt.timedelta(days=n)
        out.append(Stage(f"overdue-{day}", legal_moment(day, policy.alert_hour), OVERDUE))
    return out


# About 40 stages a due date: 512 dates keep a few MB (the scanner's due set spans a few
# hundred dates; an import's dates are spread over decades and rarely meet again).
@functools.lru_cache(maxsize=512)
def _long_range_stages(due_date: dt.date, policy: Policy) -> tuple[Stage, ...]:
    out = []
    for days_before in sorted(set(policy.ladder), reverse=True):
        day = due_date - dt.timedelta(days=days_before)
        out.append(Stage(f"d-{days_before}", legal_moment(day, policy.alert_hour), LADDER))
    out.extend(_overdue_stages(due_date, policy))
    out.sort(key=lambda s: s.at)
    return tuple(out)


def current_stage(all_stages: list[Stage], now: dt.datetime) -> Stage | None:
    """The most urgent stage that has fired by `now` (earlier ones are superseded by it).

    The last stage stays current for one day only: a deadline whose ladder ended long ago (an
    imported old right) has no current stage.
    """
    passed = [s for s in all_stages if s.at <= now]
    if not passed:
        return None
    if len(passed) == len(all_stages) and now >= passed[-1].at + ONE_DAY:
        return None
    return passed[-1]


def next_stage(all_stages: list[Stage], now: dt.datetime) -> Stage | None:
    return next((s for s in all_stages if s.at > now), None)


def first_alert_at(
    *,
    due_date: dt.date,
    rule_id: str,
    policy: Policy,
    now: dt.datetime,
    entered_at: dt.datetime | None = None,
    calendar: WorkdayCalendar | None = None,
) -> dt.datetime | None:
    """`next_alert_at` for a deadline just created or changed (services.deadlines_plan_next_alert).

    If a stage has already fired (a notice just entered, a date that moved inside the ladder),
    the scanner should look now: the outbox key makes the look harmless when that stage was sent
    already. Otherwise the next stage; None when no stage is left.
    """
    if rule_class(rule_id) == LONG_RANGE:
        outside = _long_range_outside(due_date, policy, now)
        if outside is not _INSIDE:
            return outside
    all_stages = stages(
        due_date=due_date,
        rule_id=rule_id,
        policy=policy,
        entered_at=entered_at or now,
        calendar=calendar,
    )
    fired = current_stage(all_stages, now)
    if fired is not None:
        return fired.at
    upcoming = next_stage(all_stages, now)
    return upcoming.at if upcoming else None


_INSIDE = object()


def _long_range_outside(due_date: dt.date, policy: Policy, now: dt.datetime):
    """`first_alert_at` of a long-range deadline without building its stages, when `now` is
    before the first stage (the answer is that stage) or more than a day after the last (None);
    else `_INSIDE`. An import plans tens of thousands of dates, nearly all of them far from now.
    """
    days = [due_date - dt.timedelta(days=d) for d in policy.ladder]
    if policy.overdue_days > 0:
        days += [due_date + ONE_DAY, due_date + dt.timedelta(days=policy.overdue_days)]
    if not days:
        return None
    first = legal_moment(min(days), policy.alert_hour)
    if now < first:
        return first
    if now >= legal_moment(max(days), policy.alert_hour) + ONE_DAY:
        return None
    return _INSIDE
