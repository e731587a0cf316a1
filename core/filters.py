"""Filter types shared by the API's filtersets."""

import django_filters
from django import forms
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core.api import MAX_PK


@extend_schema_field(OpenApiTypes.INT)
class IntegerFilter(django_filters.NumberFilter):
    """A whole number: ?year=2026.5 is a 400, not a filter that matches nothing."""

    field_class = forms.IntegerField


@extend_schema_field(OpenApiTypes.INT64)
class IdFilter(IntegerFilter):
    """A related row by id, never a choice list: a ModelChoiceFilter would list (and check
    against) every organisation's rows. An id of another organisation's row simply matches
    nothing, exactly like an id that does not exist, or one beyond any 64-bit key."""

    def filter(self, qs, value):
        if value is not None and not -MAX_PK <= value <= MAX_PK:
            return qs.none()
        return super().filter(qs, value)
