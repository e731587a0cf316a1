"""CNIPA application numbers (ZC 0006-2003) and trademark numbers: parse, check, normalise."""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .choices import Kind

WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
TYPE_DIGITS = {
    "invention": {"1", "8"},  # 8: PCT invention entering the national phase
    "utility_model": {"2", "9"},  # 9: PCT utility model entering the national phase
    "design": {"3"},
}
PCT_TYPE_DIGITS = {"8", "9"}  # numbered in the year of national phase entry, not of filing
# ZC 0006-2003: the 12-digit form (four-digit year) is given to filings from this day; the 8-digit
# form (two-digit year) before it.
TWELVE_DIGIT_FORM_FROM = dt.date(2003, 10, 1)
_PATENT_RE = re.compile(r"^(?:ZL|CN)?(\d{12}|\d{8})\.?([0-9X])$")


def check_character(body: str) -> str:
    """Weighted sum mod 11; 10 is written X. The remainder itself, not 11 minus it."""
    remainder = sum(int(d) * w for d, w in zip(body, WEIGHTS, strict=False)) % 11
    return "X" if remainder == 10 else str(remainder)


def normalise_cn_patent_number(
    raw: str, kind: str | None = None, filing_date: dt.date | None = None
) -> str:
    """Return the number as `BODY.C` (e.g. 201510958772.0) or raise ValidationError.

    With a filing date, the number's form and year must fit it (`number_fits_filing_date`).
    """
    compact = re.sub(r"[\s\-]", "", raw or "").upper()
    match = _PATENT_RE.match(compact)
    if not match:
        raise ValidationError(
            _(
                "Enter a CNIPA application number: 12 digits and a check character "
                "(e.g. 201510958772.0), or 8 digits and a check character before 2003."
            ),
            code="format",
        )
    body, check = match.groups()
    expected = check_character(body)
    if check != expected:
        raise ValidationError(
            _("Check character %(check)s is wrong for %(body)s: it should be %(expected)s.")
            % {"check": check, "body": body, "expected": expected},
            code="check_character",
        )
    type_digit = body[4] if len(body) == 12 else body[2]
    if kind in TYPE_DIGITS and type_digit not in TYPE_DIGITS[kind]:
        raise ValidationError(
            _(
                "Type digit %(digit)s in %(body)s does not match the kind %(kind)s (expected %(expected)s)."
            )
            % {
                "digit": type_digit,
                "body": body,
                "kind": Kind(kind).label,
                "expected": " / ".join(sorted(TYPE_DIGITS[kind])),
            },
            code="type_digit",
        )
    if filing_date is not None:
        number_fits_filing_date(body, filing_date)
    return f"{body}.{check}"


def _number_year(body: str) -> int:
    if len(body) == 12:
        return int(body[:4])
    two = int(body[:2])
    return 1900 + two if two >= 85 else 2000 + two  # the old form ran from 1985 to 2003


def number_fits_filing_date(body: str, filing_date: dt.date) -> None:
    """The number's form and year follow from the filing date (ZC 0006-2003).

    - The 8-digit form was given before 2003-10-01, the 12-digit form from that day on.
    - The year in the number is the filing year; for a PCT national phase number (type 8 or 9)
      it is the year of entry, which is the filing year or later (the filing date is the
      international filing date, PCT art. 11(3)).
    """
    old_form = len(body) == 8
    if old_form and filing_date >= TWELVE_DIGIT_FORM_FROM:
        raise ValidationError(
            _(
                "%(body)s is a pre-2003 eight-digit number, but the filing date %(date)s is on or "
                "after %(start)s, when CNIPA numbers have 12 digits and a check character."
            )
            % {"body": body, "date": filing_date, "start": TWELVE_DIGIT_FORM_FROM},
            code="form_vs_filing_date",
        )
    if not old_form and filing_date < TWELVE_DIGIT_FORM_FROM:
        raise ValidationError(
            _(
                "%(body)s is a 12-digit number, given only from %(start)s; a filing of %(date)s "
                "has an eight-digit number with a check character."
            )
            % {"body": body, "date": filing_date, "start": TWELVE_DIGIT_FORM_FROM},
            code="form_vs_filing_date",
        )
    year = _number_year(body)
    type_digit = body[4] if not old_form else body[2]
    if type_digit in PCT_TYPE_DIGITS:
        if year < filing_date.year:
            raise ValidationError(
                _(
                    "%(body)s names the year %(year)s, before the international filing date "
                    "%(date)s: a national phase number carries the year of entry."
                )
                % {"body": body, "year": year, "date": filing_date},
                code="year_vs_filing_date",
            )
    elif year != filing_date.year:
        raise ValidationError(
            _("%(body)s names the filing year %(year)s, but the filing date is %(date)s.")
            % {"body": body, "year": year, "date": filing_date},
            code="year_vs_filing_date",
        )


def normalise_trademark_number(raw: str) -> str:
    compact = re.sub(r"\s", "", raw or "")
    if not re.fullmatch(r"\d{1,10}", compact):
        raise ValidationError(
            _("A CN trademark number is numeric (up to 10 digits)."), code="format"
        )
    return compact.lstrip("0") or "0"
