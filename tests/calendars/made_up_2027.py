"""A 2027 schedule made up for the tests (the real notice is not out when they were written).

It respects the Holidays Measures: every statutory weekday of 2027 is off (New Year's Day Fri
01-01, Spring Festival eve Fri 02-05 and day 3 Mon 02-08, Qingming Mon 04-05, Dragon Boat Wed
06-09, Mid-Autumn Wed 09-15, National Day Fri 10-01), and the swapped working days are weekends.
"""

import datetime as dt

D = dt.date


def _range(first: dt.date, last: dt.date, name: str):
    return [(first + dt.timedelta(days=n), name) for n in range((last - first).days + 1)]


DAYS_OFF_2027 = [
    (D(2027, 1, 1), "New Year's Day"),
    *_range(D(2027, 2, 5), D(2027, 2, 12), "Spring Festival"),
    (D(2027, 4, 5), "Qingming Festival"),
    *_range(D(2027, 5, 1), D(2027, 5, 5), "Labour Day"),
    (D(2027, 6, 9), "Dragon Boat Festival"),
    (D(2027, 9, 15), "Mid-Autumn Festival"),
    *_range(D(2027, 10, 1), D(2027, 10, 7), "National Day"),
]
WORKING_DAYS_2027 = [
    (D(2027, 2, 20), "Spring Festival"),
    (D(2027, 4, 25), "Labour Day"),
    (D(2027, 10, 9), "National Day"),
]


def load_2027(**overrides):
    """calendar_year_load with the made-up schedule; keyword arguments replace parts of it."""
    from calendars.services import calendar_year_load

    values = {
        "year": 2027,
        "notice": "国办发明电〔2026〕99号 (made up for the tests)",
        "published_on": D(2026, 11, 5),
        "days_off": DAYS_OFF_2027,
        "working_days": WORKING_DAYS_2027,
    }
    values.update(overrides)
    return calendar_year_load(**values)
