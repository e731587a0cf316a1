"""The API's JSON parser: bodies that would fail later as a 500 are refused here with a 400."""

from rest_framework import parsers
from rest_framework.exceptions import ParseError, ValidationError

NON_FIELD = "non_field_errors"  # rest_framework's NON_FIELD_ERRORS_KEY default

NUL_MESSAGE = "Null characters are not allowed."
SURROGATE_MESSAGE = "Text must be valid Unicode (a lone surrogate code point was sent)."


def text_problem(text: str) -> str | None:
    """Why a string cannot be stored (PostgreSQL refuses NUL; UTF-8 cannot encode a lone
    surrogate), or None."""
    if "\x00" in text:
        return NUL_MESSAGE
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return SURROGATE_MESSAGE
    return None


def text_errors(data) -> dict[str, list[str]]:
    """Every string in a parsed JSON body checked, reported under its top-level field.

    Iterative, so that a deeply nested (but parseable) body cannot exhaust the stack.
    """
    errors: dict[str, list[str]] = {}
    top = data.items() if isinstance(data, dict) else [(NON_FIELD, data)]
    for field, value in top:
        problem = text_problem(field) if isinstance(field, str) else None
        stack = [value]
        while stack and problem is None:
            item = stack.pop()
            if isinstance(item, str):
                problem = text_problem(item)
            elif isinstance(item, dict):
                stack.extend(item.keys())
                stack.extend(item.values())
            elif isinstance(item, list):
                stack.extend(item)
        if problem:
            key = field if isinstance(field, str) and not text_problem(field) else NON_FIELD
            errors.setdefault(key, []).append(problem)
    return errors


class JSONParser(parsers.JSONParser):
    """DRF's parser, refusing with a 400 what would otherwise fail later as a 500: nesting
    deeper than Python's recursion limit, and strings the database cannot store."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError("JSON parse error - nested too deeply.") from exc
        errors = text_errors(data)
        if errors:
            raise ValidationError(errors)
        return data
