"""Reading the State Council notice as published (issue 9). Pure, no database.

The fixtures reproduce the 2024, 2025 and 2026 notices (domain-rules §4.2) in their published
structure; the 2026 document number was not seen, so its fixture has none. Each must read into
exactly the calendar chinesecalendar holds for that year, day for day.
"""

import datetime as dt
from pathlib import Path

import chinese_calendar
import pytest

from calendars.notice import parse_notice

D = dt.date
NOTICES = Path(__file__).parent / "notices"


def read(year: int) -> str:
    return (NOTICES / f"{year}.txt").read_text(encoding="utf-8")


def working(notice, day: dt.date) -> bool:
    off = {d for d, _ in notice.days_off}
    work = {d for d, _ in notice.working_days}
    return day in work or (day not in off and day.weekday() < 5)


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_each_notice_reads_into_the_library_calendar_day_for_day(year):
    notice = parse_notice(read(year))

    assert notice.errors == []
    assert notice.year == year
    day, differences = D(year, 1, 1), []
    while day.year == year:
        if working(notice, day) != chinese_calendar.is_workday(day):
            differences.append(day)
        day += dt.timedelta(days=1)
    assert differences == []


@pytest.mark.parametrize(
    ("year", "number", "published_on", "days_off", "working_days"),
    [
        (2024, "国办发明电〔2023〕7号", D(2023, 10, 25), 1 + 8 + 3 + 5 + 1 + 3 + 7, 8),
        (2025, "国办发明电〔2024〕12号", D(2024, 11, 12), 1 + 8 + 3 + 5 + 3 + 8, 5),
        (2026, "", D(2025, 11, 4), 3 + 9 + 3 + 5 + 3 + 3 + 7, 6),
    ],
)
def test_the_number_date_and_counts_are_kept(year, number, published_on, days_off, working_days):
    notice = parse_notice(read(year))

    assert (notice.number, notice.published_on) == (number, published_on)
    assert (len(notice.days_off), len(notice.working_days)) == (days_off, working_days)


def test_the_2025_spring_festival_line():
    notice = parse_notice(read(2025))
    spring = notice.lines[1]

    # 1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）: Tue 01-28 .. Tue 02-04, 8 days.
    assert spring.holiday == "Spring Festival"
    assert (spring.days_off[0], spring.days_off[-1], len(spring.days_off)) == (
        D(2025, 1, 28),
        D(2025, 2, 4),
        8,
    )
    assert spring.working_days == [D(2025, 1, 26), D(2025, 2, 8)]
    assert notice.lines[-1].holiday == "National Day and Mid-Autumn Festival"


def test_the_2024_encouragement_to_rest_on_new_years_eve_is_not_a_day_off():
    notice = parse_notice(read(2024))

    assert D(2024, 2, 9) not in {d for d, _ in notice.days_off}


def replace_line(year: int, old: str, new: str) -> str:
    text = read(year)
    assert old in text
    return text.replace(old, new)


UNREADABLE = [
    pytest.param(
        (
            "三、清明节：4月4日（周五）至6日（周日）放假，共3天。",
            "三、清明节：4月4日至6日放几天假。",
        ),
        "Line 8 (三、清明节：4月4日至6日放几天假。): cannot read '4月4日至6日放几天假'.",
        id="a sentence that is not a schedule",
    ),
    pytest.param(
        ("4月27日（周日）上班", "4月27日（周一）上班"),
        "Line 9 (四、劳动节：5月1日（周四）至5日（周一）放假调休，共5天。4月27日（周一）上班。): "
        "4月27日 is a Sunday in 2025, not the 周一 the line says.",
        id="a weekday that is not the date's",
    ),
    pytest.param(
        ("至5日（周一）放假调休，共5天", "至5日（周一）放假调休，共6天"),
        "Line 9 (四、劳动节：5月1日（周四）至5日（周一）放假调休，共6天。4月27日（周日）上班。): "
        "says 6 days but 2025-05-01..2025-05-05 is 5 days.",
        id="a count that contradicts the range",
    ),
    pytest.param(
        ("五、端午节：", "五、龙舟节："),
        "Line 10 (五、龙舟节：5月31日（周六）至6月2日（周一）放假，共3天。): unknown holiday 龙舟节.",
        id="an unknown holiday",
    ),
]


@pytest.mark.parametrize(("change", "error"), UNREADABLE)
def test_an_unreadable_line_is_an_error_naming_it(change, error):
    notice = parse_notice(replace_line(2025, *change))

    assert notice.errors == [error]


def test_a_text_without_the_title_is_refused():
    notice = parse_notice("一、元旦：1月1日（周三）放假1天，不调休。")

    assert notice.errors == [
        "No title naming the year (国务院办公厅关于YYYY年部分节假日安排的通知) was found."
    ]
