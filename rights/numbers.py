"""CNIPA application numbers (ZC 0006-2003) and trademark numbers: parse, check, normalise."""

import re

from django.core.exceptions import ValidationError

WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
TYPE_DIGITS = {
    "invention": {"1", "8"},  # 8: PCT invention entering the national phase
    "utility_model": {"2", "9"},  # 9: PCT utility model entering the national phase
    "design": {"3"},
}
_PATENT_RE = re.compile(r"^(?:ZL|CN)?(\d{12}|\d{8})\.?([0-9X])$")


def check_character(body: str) -> str:
    """Weighted sum mod 11; 10 is written X. The remainder itself, not 11 minus it."""
    remainder = sum(int(d) * w for d, w in zip(body, WEIGHTS, strict=False)) % 11
    return "X" if remainder == 10 else str(remainder)


def normalise_cn_patent_number(raw: str, kind: str | None = None) -> str:
    """Return the number as `BODY.C` (e.g. 201510958772.0) or raise ValidationError."""
    compact = re.sub(r"[\s\-]", "", raw or "").upper()
    match = _PATENT_RE.match(compact)
    if not match:
        raise ValidationError(
            "Enter a CNIPA application number: 12 digits and a check character "
            "(e.g. 201510958772.0), or 8 digits and a check character before 2003.",
            code="format",
        )
    body, check = match.groups()
    expected = check_character(body)
    if check != expected:
        raise ValidationError(
            f"Check character {check} is wrong for {body}: it should be {expected}.",
            code="check_character",
        )
    type_digit = body[4] if len(body) == 12 else body[2]
    if kind in TYPE_DIGITS and type_digit not in TYPE_DIGITS[kind]:
        raise ValidationError(
            f"Type digit {type_digit} in {body} does not match a {kind.replace('_', ' ')} "
            f"(expected {' or '.join(sorted(TYPE_DIGITS[kind]))}).",
            code="type_digit",
        )
    return f"{body}.{check}"


def normalise_trademark_number(raw: str) -> str:
    compact = re.sub(r"\s", "", raw or "")
    if not re.fullmatch(r"\d{1,10}", compact):
        raise ValidationError("A CN trademark number is numeric (up to 10 digits).", code="format")
    return compact.lstrip("0") or "0"
