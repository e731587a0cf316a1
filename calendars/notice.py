"""Reading the State Council General Office's holiday notice as published (Chinese). Pure.

The notice (国务院办公厅关于YYYY年部分节假日安排的通知) has a title naming the year, a document
number (国办发明电〔YYYY〕N号), one numbered line per holiday and the date it was signed:

    一、元旦：1月1日（周三）放假1天，不调休。
    二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。1月26日（周日）、2月8日（周六）上班。

Each sentence of a numbered line must be one of: the days off ("M月D日[（…）][至[M月]D日[（…）]]
放假…", with its "共N天" count checked), the working weekend days ("M月D日（…）、…上班"), or an
encouragement ("鼓励…", not a day off). Anything else, a weekday in brackets that is not the
date's, or a count that does not match, is an error naming the line; the caller then loads
nothing. Prose outside the numbered lines (greeting, closing paragraph) is not schedule data.
"""

import datetime as dt
import re
from dataclasses import dataclass, field

HOLIDAY_NAMES = {
    "元旦": "New Year's Day",
    "春节": "Spring Festival",
    "清明节": "Qingming Festival",
    "劳动节": "Labour Day",
    "端午节": "Dragon Boat Festival",
    "中秋节": "Mid-Autumn Festival",
    "国庆节": "National Day",
}
WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
NUMERALS = "一二三四五六七八九十"

TITLE = re.compile(r"关于(\d{4})年[^\n]*节假日安排")
NUMBER = re.compile(r"国办发明电\s*[〔［\[(（]\s*(\d{4})\s*[〕］\])）]\s*(\d+)\s*号")
SIGNED = re.compile(r"^\s*(\d{4})年(\d{1,2})月(\d{1,2})日\s*$")
ITEM = re.compile(rf"^\s*([{NUMERALS}]+)、\s*([^：:]+)[：:]\s*(.+?)\s*$")
BRACKET = r"(?:[（(]([^）)]*)[）)])?"
OFF = re.compile(
    rf"^(\d{{1,2}})月(\d{{1,2}})日{BRACKET}"
    rf"(?:至(?:(\d{{1,2}})月)?(\d{{1,2}})日{BRACKET})?"
    r"放假(?:调休)?(?:(\d+)天)?(?:[，,]\s*(.*))?$"
)
COUNT = re.compile(r"^共(\d+)天$")
OFF_TAIL = re.compile(r"^(?:共(\d+)天|与周末连休|不调休)$")
WORKING = re.compile(rf"^((?:\d{{1,2}}月\d{{1,2}}日{BRACKET}[、，,]?)+)上班$")
WORKING_DAY = re.compile(rf"(\d{{1,2}})月(\d{{1,2}})日{BRACKET}")


@dataclass
class NoticeLine:
    number: int  # line number in the text, from 1
    text: str
    holiday: str
    days_off: list[dt.date] = field(default_factory=list)
    working_days: list[dt.date] = field(default_factory=list)


@dataclass
class Notice:
    """What the notice says; `errors` (each naming its line) means nothing may be loaded."""

    year: int | None = None
    number: str = ""
    title: str = ""
    published_on: dt.date | None = None
    lines: list[NoticeLine] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def days_off(self) -> list[tuple[dt.date, str]]:
        return [(day, line.holiday) for line in self.lines for day in line.days_off]

    @property
    def working_days(self) -> list[tuple[dt.date, str]]:
        return [(day, line.holiday) for line in self.lines for day in line.working_days]


class _Unreadable(ValueError):
    pass


def _holiday(names: str) -> str:
    parts = [p.strip() for p in re.split(r"[、，,和及]", names) if p.strip()]
    unknown = [p for p in parts if p not in HOLIDAY_NAMES]
    if not parts or unknown:
        raise _Unreadable(f"unknown holiday {'、'.join(unknown) or names}")
    return " and ".join(HOLIDAY_NAMES[p] for p in parts)


def _date(year: int, month: str | int, day: str, bracket: str | None) -> dt.date:
    try:
        date = dt.date(year, int(month), int(day))
    except ValueError as exc:
        raise _Unreadable(f"{month}月{day}日 is not a date in {year}") from exc
    weekday = re.search(r"(?:周|星期|礼拜)([一二三四五六日天])", bracket or "")
    if weekday and WEEKDAYS[weekday.group(1)] != date.weekday():
        raise _Unreadable(
            f"{month}月{day}日 is a {date:%A} in {year}, not the 周{weekday.group(1)} the line says"
        )
    return date


def _off_range(year: int, match: re.Match) -> tuple[list[dt.date], int | None]:
    month, day, bracket, end_month, end_day, end_bracket, days, tail = match.groups()
    first = _date(year, month, day, bracket)
    last = _date(year, end_month or month, end_day, end_bracket) if end_day else first
    if last < first:
        raise _Unreadable(f"the days off end ({last}) before they start ({first})")
    if (last - first).days > 31:
        raise _Unreadable("a holiday is at most a month long")
    count = int(days) if days else None
    if tail:
        tail_match = OFF_TAIL.match(tail.strip())
        if not tail_match:
            raise _Unreadable(f"cannot read {tail!r}")
        count = int(tail_match.group(1)) if tail_match.group(1) else count
    span = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    return span, count


def _read_item(year: int, body: str, line: NoticeLine) -> None:
    count = None
    for sentence in (s.strip() for s in re.split(r"[。；;]", body)):
        if not sentence or sentence.startswith("鼓励"):
            continue  # an encouragement (e.g. to rest on New Year's Eve) is not a day off
        if match := OFF.match(sentence):
            if line.days_off:
                raise _Unreadable("two ranges of days off in one line")
            line.days_off, count = _off_range(year, match)
        elif match := COUNT.match(sentence):
            count = int(match.group(1))
        elif match := WORKING.match(sentence):
            line.working_days.extend(
                _date(year, m, d, b) for m, d, b in WORKING_DAY.findall(match.group(1))
            )
        else:
            raise _Unreadable(f"cannot read {sentence!r}")
    if not line.days_off:
        raise _Unreadable("no days off (M月D日…放假) in this line")
    if count is not None and count != len(line.days_off):
        raise _Unreadable(
            f"says {count} days but {line.days_off[0]}..{line.days_off[-1]} is "
            f"{len(line.days_off)} days"
        )


def parse_notice(text: str) -> Notice:
    """Read a notice's text into its year, number, date and days; see the module docstring."""
    notice = Notice()
    lines = text.replace("\r\n", "\n").replace("\u3000", " ").split("\n")
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if notice.year is None and (match := TITLE.search(line)):
            notice.year = int(match.group(1))
            notice.title = line
        if not notice.number and (match := NUMBER.search(line)):
            notice.number = f"国办发明电〔{match.group(1)}〕{match.group(2)}号"
        if match := SIGNED.match(line):
            try:
                notice.published_on = dt.date(*map(int, match.groups()))
            except ValueError:
                notice.errors.append(f"Line {number}: {line!r} is not a date.")
    if notice.year is None:
        notice.errors.append(
            "No title naming the year (国务院办公厅关于YYYY年部分节假日安排的通知) was found."
        )
        return notice
    for number, raw in enumerate(lines, start=1):
        match = ITEM.match(raw.replace("\u3000", " "))
        if not match:
            continue
        item = NoticeLine(number, raw.strip(), "")
        try:
            item.holiday = _holiday(match.group(2))
            _read_item(notice.year, match.group(3), item)
        except _Unreadable as problem:
            notice.errors.append(f"Line {number} ({raw.strip()}): {problem}.")
            continue
        notice.lines.append(item)
    if not notice.lines and not notice.errors:
        notice.errors.append("No numbered holiday lines (一、元旦：…) were found.")
    return notice
