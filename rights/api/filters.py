import django_filters

from core.filters import IdFilter
from rights.models import Kind, PriorityClaim, Right, Status


class RightFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Kind.choices)
    status = django_filters.ChoiceFilter(choices=Status.choices)
    filed_after = django_filters.DateFilter(field_name="filing_date", lookup_expr="gte")
    filed_before = django_filters.DateFilter(field_name="filing_date", lookup_expr="lte")

    class Meta:
        model = Right
        fields = ["kind", "status", "jurisdiction", "application_number", "external_id"]


class PriorityClaimFilter(django_filters.FilterSet):
    # A plain id, not a choice list over every organisation's rights (see core.filters.IdFilter).
    right = IdFilter(field_name="right_id")

    class Meta:
        model = PriorityClaim
        fields = ["right", "country"]
