"""load_calendar_year: a new year's State Council notice loaded from the command line.

The 2027 schedule used here is made up for the tests (the real notice is not out yet).
"""

import datetime as dt
from decimal import Decimal
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command

from calendars.models import CalendarAdjustment, OfficialYear
from customs.services import customs_notice_register
from deadlines.models import Deadline

from ..factories import RecordalFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOTICE = "国办发明电〔2026〕9号"
# Every statutory weekday of 2027 must be off (Holidays Measures art. 2; made-up schedule).
DAYS_OFF = (
    "2027-01-01:New Year's Day,2027-02-05..2027-02-13:Spring Festival,2027-04-05:Qingming,"
    "2027-05-03..2027-05-05:Labour Day,2027-06-09:Dragon Boat,2027-09-15:Mid-Autumn,"
    "2027-10-01..2027-10-07:National Day"
)
DAYS_OFF_COUNT = 1 + 9 + 1 + 3 + 1 + 1 + 7

pytestmark = pytest.mark.django_db


def at(day: dt.date):
    return time_machine.travel(
        dt.datetime.combine(day, dt.time(10, 0), tzinfo=SHANGHAI), tick=False
    )


def serve_notice(served_on: dt.date):
    recordal = RecordalFactory()
    return customs_notice_register(
        organisation=recordal.organisation,
        recordal=recordal,
        served_on=served_on,
        port="Shenzhen Huanggang",
        goods_description="Counterfeit fastening devices",
        quantity=1200,
        goods_value_cny=Decimal("86000.00"),
    )


def load(*args: str) -> str:
    out = StringIO()
    call_command(
        "load_calendar_year",
        "2027",
        "--notice",
        NOTICE,
        "--published-on",
        "2026-11-05",
        *args,
        stdout=out,
    )
    return out.getvalue()


def response_deadline(notice) -> Deadline:
    return Deadline.objects.get(customs_notice=notice, rule="customs_notice_response")


def test_loading_2027_recomputes_a_provisional_notice_deadline_with_the_new_day_off():
    with at(dt.date(2026, 12, 30)):
        notice = serve_notice(dt.date(2026, 12, 30))
        # Before the notice: weekends and the statutory New Year's Day (Thu 31, Mon 4, Tue 5);
        # Sat 2 and Sun 3 could be swapped, so the earliest is Sun 3; the act-by is the known
        # working day on or before it (issue 8 item 7): Thu 2026-12-31.
        assert notice.provisional and notice.response_due == dt.date(2027, 1, 5)
        assert response_deadline(notice).provisional
        assert response_deadline(notice).act_by == dt.date(2026, 12, 31)

        output = load("--days-off", DAYS_OFF, "--working-days", "2027-02-20:Spring Festival")

    notice.refresh_from_db()
    deadline = response_deadline(notice)
    # Thu 31 Dec (day 1), Fri 1 Jan is a day off, then Mon 4 (day 2) and Tue 5 (day 3).
    assert notice.response_due == deadline.due_date == dt.date(2027, 1, 5)
    assert not notice.provisional and not deadline.provisional
    assert "2027-01-01 New Year's Day" in deadline.explanation
    assert "2027-01-01 New Year's Day" in notice.explanation
    assert "PROVISIONAL" not in deadline.explanation
    assert "Recomputed 1 deadline(s) counted through 2027: 1 moved, 0 still provisional." in output
    assert "due 2027-01-05 Tue -> 2027-01-05 Tue, act by 2026-12-31 Thu -> 2027-01-05 Tue" in output
    official = OfficialYear.objects.get(year=2027)
    assert official.notice == NOTICE and official.published_on == dt.date(2026, 11, 5)
    assert official.adjustments.filter(is_working_day=False).count() == DAYS_OFF_COUNT
    assert official.adjustments.get(is_working_day=True).date == dt.date(2027, 2, 20)


def test_a_loaded_swapped_working_saturday_is_counted_in_the_three_days():
    with at(dt.date(2027, 2, 19)):
        notice = serve_notice(dt.date(2027, 2, 19))  # a Friday
        # Unpublished: Mon 22, Tue 23, Wed 24 (Sat 20, Sun 21 are within reach of the
        # Spring Festival, so the earliest is Tue 23 and the act-by with it).
        assert notice.response_due == dt.date(2027, 2, 24) and notice.provisional
        load("--days-off", DAYS_OFF, "--working-days", "2027-02-20:Spring Festival")

    notice.refresh_from_db()
    assert notice.response_due == dt.date(2027, 2, 23)  # Sat 20, Mon 22, Tue 23
    assert not notice.provisional
    assert "swapped weekend working day(s) 2027-02-20" in response_deadline(notice).explanation


def test_load_calendar_year_reads_a_csv_file(tmp_path):
    days = tmp_path / "2027.csv"
    days.write_text(
        "date,kind,name\n"
        "# New Year\n"
        + "".join(f"{item.replace(':', ',off,', 1)}\n" for item in DAYS_OFF.split(","))
        + "2027-02-20,work,Spring Festival\n",
        encoding="utf-8",
    )
    output = load("--file", str(days))
    assert f"{DAYS_OFF_COUNT} days off, 1 swapped working days" in output
    assert CalendarAdjustment.objects.count() == DAYS_OFF_COUNT + 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--days-off", "2027-01-32:New Year's Day"], "'2027-01-32' is not a date"),
        (
            ["--days-off", DAYS_OFF, "--working-days", "2027-02-15:Spring"],
            "2027-02-15 is a Monday: only a Saturday or Sunday",
        ),
        (
            ["--days-off", f"2026-12-31:New Year's Eve,{DAYS_OFF}"],
            "2026-12-31 (day off) is not in 2027",
        ),
        (["--days-off", "2027-01-01"], "'2027-01-01' needs a name"),
        (
            ["--days-off", DAYS_OFF, "--working-days", "2027-02-13:Oops"],
            "2027-02-13 is listed both as a day off and as a working day",
        ),
        (
            ["--days-off", DAYS_OFF.replace("2027-06-09:Dragon Boat,", "")],
            "2027-06-09 (Wednesday) is a statutory day off (Dragon Boat Festival",
        ),
        ([], "No days off given"),
    ],
    ids=[
        "malformed-date",
        "weekday-as-working-day",
        "outside-year",
        "no-name",
        "twice",
        "statutory-day-missing",
        "empty",
    ],
)
def test_bad_input_names_the_problem_and_loads_nothing(args, message):
    with at(dt.date(2026, 12, 30)):
        notice = serve_notice(dt.date(2026, 12, 30))
        with pytest.raises(CommandError, match="Nothing was loaded") as error:
            load(*args)
    assert message in str(error.value)
    assert not OfficialYear.objects.exists()
    assert not CalendarAdjustment.objects.exists()
    notice.refresh_from_db()
    assert notice.provisional and notice.response_due == dt.date(2027, 1, 5)


def test_a_malformed_publication_date_and_a_bad_csv_kind_are_both_reported(tmp_path):
    days = tmp_path / "bad.csv"
    days.write_text("2027-01-01,holiday,New Year's Day\n", encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command(
            "load_calendar_year",
            "2027",
            "--notice",
            NOTICE,
            "--published-on",
            "5 Nov 2026",
            "--file",
            str(days),
            stdout=StringIO(),
        )
    assert "--published-on: '5 Nov 2026' is not a date" in str(error.value)
    assert "line 1: kind 'holiday' must be 'off' or 'work'" in str(error.value)
    assert not OfficialYear.objects.exists()


NOTICES = Path(__file__).parents[1] / "calendars" / "notices"


def test_the_published_notice_text_is_loaded_from_a_file():
    with at(dt.date(2026, 12, 30)):
        notice = serve_notice(dt.date(2026, 12, 30))
        # Provisional earliest Sun 2027-01-03, back to the working day Thu 2026-12-31.
        assert response_deadline(notice).act_by == dt.date(2026, 12, 31)
        out = StringIO()
        call_command(
            "load_calendar_year", "2027", "--file", str(NOTICES / "2027-made-up.txt"), stdout=out
        )

    official = OfficialYear.objects.get(year=2027)
    assert (official.notice_number, official.published_on) == (
        "国办发明电〔2026〕99号",
        dt.date(2026, 11, 5),
    )
    assert "一、元旦：1月1日（周五）至3日（周日）放假，共3天。" in official.notice_text
    assert "28 days off, 3 swapped working days" in out.getvalue()
    # Thu 12-31, (01-01..01-03 off), Mon 01-04, Tue 01-05: the act-by moves to the due date.
    notice.refresh_from_db()
    deadline = response_deadline(notice)
    assert (deadline.due_date, deadline.act_by, deadline.provisional) == (
        dt.date(2027, 1, 5),
        dt.date(2027, 1, 5),
        False,
    )
    assert deadline.history.first().history_change_reason == (
        "State Council notice 国办发明电〔2026〕99号 of 2026-11-05 (2027 calendar)"
    )


def test_an_unreadable_notice_file_names_the_line_and_loads_nothing(tmp_path):
    text = (NOTICES / "2025.txt").read_text(encoding="utf-8").replace("共5天", "共6天")
    bad = tmp_path / "notice.txt"
    bad.write_text(text, encoding="utf-8")

    with pytest.raises(CommandError, match="Nothing was loaded") as error:
        call_command("load_calendar_year", "2025", "--file", str(bad), stdout=StringIO())

    assert "Line 9 (四、劳动节：" in str(error.value)
    assert "says 6 days but 2025-05-01..2025-05-05 is 5 days" in str(error.value)
    assert not OfficialYear.objects.exists()
