"""Date order as field errors.

The database CheckConstraints enforce the same order for any write; `clean()` reports it on the
field, so the admin form and the API (via the services' full_clean) name the field at fault.
"""


def date_order_errors(instance, pairs) -> dict[str, list[str]]:
    """`pairs` are (later, earlier, message): `later` may not be before `earlier`."""
    errors: dict[str, list[str]] = {}
    for later, earlier, message in pairs:
        first, second = getattr(instance, earlier), getattr(instance, later)
        if first and second and second < first:
            errors.setdefault(later, []).append(message)
    return errors
