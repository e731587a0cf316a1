"""Load a year's State Council holiday notice the day it is published, then recompute.

    python manage.py load_calendar_year 2027 --notice "国办发明电〔2026〕N号" \\
        --published-on 2026-11-05 \\
        --days-off "2027-01-01:New Year's Day,2027-02-08..2027-02-14:Spring Festival" \\
        --working-days "2027-02-06:Spring Festival,2027-02-20:Spring Festival"

or with `--file days.csv`, one day per line: `date,off|work,name` (a `#` starts a comment; a
first line `date,kind,name` is skipped). A date may be a range `START..END` (both included).

or with `--file notice.txt`, the State Council notice as published (Chinese): its title, number,
numbered holiday lines and date are read by calendars.notice, so --notice and --published-on
are not needed (and the year argument must match the notice's).

Nothing is stored unless every line is valid.
"""

import csv
import datetime as dt
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from calendars.notice import TITLE
from calendars.services import calendar_notice_load, calendar_year_load, read_notice
from calendars.workdays import library_covers

KINDS = {"off": False, "work": True}
SHOWN_MOVES = 50


# Every problem found in the input is collected and reported together.
Problems = list[str]
Days = list[tuple[dt.date, str]]


def parse_date(text: str, where: str, problems: Problems) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        problems.append(f"{where}: {text.strip()!r} is not a date (use YYYY-MM-DD).")
        return None


def parse_days(text: str, where: str, problems: Problems) -> list[tuple[dt.date, str]]:
    """`DATE[..DATE]:Name` items, comma-separated."""
    days = []
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        when, sep, name = item.partition(":")
        if not sep or not name.strip():
            problems.append(f"{where}: {item!r} needs a name, as in 2027-01-01:New Year's Day.")
            continue
        days.extend(expand(when, name.strip(), f"{where} {item!r}", problems))
    return days


def expand(when: str, name: str, where: str, problems: Problems) -> list[tuple[dt.date, str]]:
    first_text, is_range, last_text = when.partition("..")
    first = parse_date(first_text, where, problems)
    if not is_range:
        return [(first, name)] if first else []
    last = parse_date(last_text, where, problems)
    if not (first and last):
        return []
    if last < first:
        problems.append(f"{where}: the range ends before it starts.")
        return []
    if (last - first).days > 31:
        problems.append(f"{where}: a holiday range is at most a month long.")
        return []
    return [(first + dt.timedelta(days=n), name) for n in range((last - first).days + 1)]


def read_file(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(f"Cannot read {path}: {getattr(exc, 'strerror', None) or exc}.") from exc


def parse_file(path: str, text: str, problems: Problems) -> tuple[Days, Days]:
    days_off: Days = []
    working_days: Days = []
    for number, row in enumerate(csv.reader(text.splitlines()), start=1):
        cells = [c.strip() for c in row]
        if not cells or not cells[0] or cells[0].startswith("#"):
            continue
        if number == 1 and cells[0].lower() == "date":
            continue
        where = f"{path} line {number}"
        if len(cells) != 3 or not cells[2]:
            problems.append(f"{where}: expected 'date,off|work,name', got {','.join(row)!r}.")
            continue
        when, kind, name = cells
        if kind.lower() not in KINDS:
            problems.append(f"{where}: kind {kind!r} must be 'off' or 'work'.")
            continue
        target = working_days if KINDS[kind.lower()] else days_off
        target.extend(expand(when, name, where, problems))
    return days_off, working_days


class Command(BaseCommand):
    help = (
        "Load a year's official holiday schedule (State Council notice) and recompute every "
        "deadline counted through that year."
    )

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("--notice", help="Notice number and title (not with a notice file).")
        parser.add_argument(
            "--published-on", help="Publication date of the notice, YYYY-MM-DD (idem)."
        )
        parser.add_argument(
            "--days-off", default="", help="Comma-separated DATE[..DATE]:Name days off."
        )
        parser.add_argument(
            "--working-days",
            default="",
            help="Comma-separated DATE:Name weekend days that become working days (调休上班).",
        )
        parser.add_argument(
            "--file", help="The notice text as published, or a CSV file of date,off|work,name."
        )
        parser.add_argument("--source-url", default="", help="Where the notice was published.")

    def handle(
        self, *args, year, notice, published_on, days_off, working_days, file, source_url, **options
    ):
        text = read_file(file) if file else ""
        if TITLE.search(text):
            load = self.load_notice(year, text, source_url, notice, published_on)
        else:
            load = self.load_days(
                year, text, file, notice, published_on, days_off, working_days, source_url
            )
        official, outcome, off, work = load.official, load.outcome, load.days_off, load.working_days

        if library_covers(year):
            self.stdout.write(
                f"Note: chinesecalendar already covers {year}; the loaded days take precedence."
            )
        self.stdout.write(
            f"Loaded {official.year} ({official.notice}, published {official.published_on}): "
            f"{off} days off, {work} swapped working days."
        )
        self.stdout.write(
            f"Recomputed {outcome.recomputed} deadline(s) counted through {year}: "
            f"{len(outcome.moves)} moved, {outcome.still_provisional} still provisional."
        )
        for move in outcome.moves[:SHOWN_MOVES]:
            self.stdout.write(
                f"  {move.organisation}: {move.title}: due {move.old_due:%Y-%m-%d %a} -> "
                f"{move.new_due:%Y-%m-%d %a}, act by {move.old_act_by:%Y-%m-%d %a} -> "
                f"{move.new_act_by:%Y-%m-%d %a}"
            )
        if len(outcome.moves) > SHOWN_MOVES:
            self.stdout.write(f"  ... and {len(outcome.moves) - SHOWN_MOVES} more.")

    def load_notice(self, year, text, source_url, notice, published_on):
        if notice or published_on:
            raise CommandError("Nothing was loaded: the notice file gives its number and date.")
        try:
            notice_year = read_notice(text).year
            if notice_year != year:
                raise CommandError(
                    f"Nothing was loaded: the notice is for {notice_year}, not {year}."
                )
            return calendar_notice_load(text=text, source_url=source_url)
        except ValidationError as exc:
            raise CommandError("Nothing was loaded:\n  " + "\n  ".join(exc.messages)) from exc

    def load_days(self, year, text, file, notice, published_on, days_off, working_days, source_url):
        problems: Problems = []
        if not notice:
            problems.append("--notice is required (the notice number and title).")
        published = None
        if published_on:
            published = parse_date(published_on, "--published-on", problems)
        else:
            problems.append("--published-on is required (YYYY-MM-DD).")
        off = parse_days(days_off, "--days-off", problems)
        work = parse_days(working_days, "--working-days", problems)
        if file:
            file_off, file_work = parse_file(file, text, problems)
            off += file_off
            work += file_work
        if problems or published is None:  # an unreadable date is one of the problems
            raise CommandError("Nothing was loaded:\n  " + "\n  ".join(dict.fromkeys(problems)))
        try:
            return calendar_year_load(
                year=year,
                notice=notice,
                published_on=published,
                days_off=off,
                working_days=work,
                source_url=source_url,
            )
        except ValidationError as exc:
            raise CommandError("Nothing was loaded:\n  " + "\n  ".join(exc.messages)) from exc
