"""Properties of the working-day calendar and the engine's counting (hypothesis; pure, no DB).

Dates are drawn from 2004-2030: the library's official years, and unpublished years that are
counted provisionally from the statutory days; calendars are varied with loaded years.
"""

import datetime as dt

from hypothesis import given, strategies as st

from calendars.workdays import DayOverride, WorkdayCalendar, add_working_days, day_status
from deadlines.engine import apply_period
from deadlines.rules import RULES

D = dt.date
ONE_DAY = dt.timedelta(days=1)
WORKING_DAY_RULES = sorted(r.id for r in RULES.values() if r.counting == "working_days")

anchors = st.dates(min_value=D(2004, 1, 1), max_value=D(2030, 12, 1))
periods = st.integers(min_value=1, max_value=40)


@st.composite
def calendars(draw):
    """The library's calendar, or one with some years loaded with made-up adjustments."""
    years = draw(st.sets(st.integers(min_value=2024, max_value=2030), max_size=3))
    overrides = {}
    for year in years:
        for day in draw(
            st.lists(st.dates(D(year, 1, 1), D(year, 12, 31)), max_size=12, unique=True)
        ):
            overrides[day] = DayOverride(working=draw(st.booleans()), name="made up")
    return WorkdayCalendar(loaded_years=frozenset(years), overrides=overrides)


def _years_counted(start: dt.date, due: dt.date) -> set[int]:
    return set(range((start + ONE_DAY).year, due.year + 1))


@given(anchor=anchors, days=periods, calendar=calendars())
def test_a_working_day_deadline_is_a_working_day_strictly_after_its_anchor(anchor, days, calendar):
    result = add_working_days(anchor, days, calendar)
    assert result.due > anchor
    assert day_status(result.due, calendar).working
    assert len(result.counted) == days
    assert all(anchor < d <= result.due for d in result.counted)
    assert all(day_status(d, calendar).working for d in result.counted)
    # Every day between the anchor and the due date is either counted or skipped as a rest day.
    between = (result.due - anchor).days
    assert len(result.counted) + len(result.skipped) == between


@given(anchor=anchors, rule=st.sampled_from(WORKING_DAY_RULES), calendar=calendars())
def test_every_working_day_rule_of_the_engine_lands_on_a_working_day_after_its_anchor(
    anchor, rule, calendar
):
    r = RULES[rule]
    counted = apply_period(anchor, r.period, r.counting, calendar)
    assert counted.due > anchor
    assert day_status(counted.due, calendar).working


@given(anchor=anchors, days=periods, more=st.integers(min_value=1, max_value=30), cal=calendars())
def test_adding_more_working_days_never_gives_an_earlier_date(anchor, days, more, cal):
    fewer = add_working_days(anchor, days, cal).due
    assert add_working_days(anchor, days + more, cal).due > fewer


@given(first=anchors, gap=st.integers(min_value=0, max_value=60), days=periods, cal=calendars())
def test_a_later_anchor_never_gives_an_earlier_date(first, gap, days, cal):
    later = first + dt.timedelta(days=gap)
    assert add_working_days(later, days, cal).due >= add_working_days(first, days, cal).due


@given(
    anchor=anchors,
    days=periods,
    base=calendars(),
    year=st.integers(min_value=2004, max_value=2031),
    changed=st.lists(st.integers(min_value=0, max_value=364), min_size=1, max_size=15),
    working=st.booleans(),
)
def test_a_result_changes_only_when_a_year_it_counts_through_changes(
    anchor, days, base, year, changed, working
):
    """Load (or change) year `year`'s schedule: a count that does not pass through that year
    keeps its result exactly; a count whose result moved did pass through it."""
    overrides = {d: o for d, o in base.overrides.items() if d.year != year}
    for offset in changed:
        day = D(year, 1, 1) + dt.timedelta(days=offset)
        if day.year == year:
            overrides[day] = DayOverride(working=working, name="changed")
    after = WorkdayCalendar(loaded_years=base.loaded_years | {year}, overrides=overrides)
    before_count = add_working_days(anchor, days, base)
    after_count = add_working_days(anchor, days, after)
    if year not in _years_counted(anchor, before_count.due):
        assert after_count == before_count
    if after_count.due != before_count.due:
        assert year in _years_counted(anchor, before_count.due) | _years_counted(
            anchor, after_count.due
        )


@given(anchor=st.dates(min_value=D(2027, 1, 1), max_value=D(2030, 12, 1)), days=periods)
def test_a_provisional_count_has_an_earliest_date_not_after_its_due_date(anchor, days):
    """An unpublished year: counted from the statutory days, provisional, with an earliest date
    (weekend days near a holiday counted as possible working days) no later than the due date."""
    result = add_working_days(anchor, days, WorkdayCalendar())
    assert result.provisional
    assert anchor < result.earliest <= result.due
