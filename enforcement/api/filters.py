import django_filters
from django.db.models import Q

from core.filters import IdFilter
from enforcement.models import (
    CeaseDesistLetter,
    ComplaintStatus,
    Evidence,
    EvidenceKind,
    Infringer,
    InfringerKind,
    LetterOutcome,
    PlatformComplaint,
)
from enforcement.platforms import Platform


class InfringerFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=InfringerKind.choices)
    platform = django_filters.ChoiceFilter(choices=Platform.choices)
    search = django_filters.CharFilter(method="search_names", label="Name (either language)")
    merged = django_filters.BooleanFilter(
        field_name="merged_into", lookup_expr="isnull", exclude=True, label="Merged duplicates"
    )

    class Meta:
        model = Infringer
        fields = ["kind", "platform", "credit_code", "search", "merged"]

    def search_names(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(name_zh__icontains=value))


class EvidenceFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=EvidenceKind.choices)

    class Meta:
        model = Evidence
        fields = ["kind", "sha256"]


class LetterFilter(django_filters.FilterSet):
    infringer = IdFilter(field_name="infringer_id")
    right = IdFilter(field_name="rights")
    outcome = django_filters.ChoiceFilter(choices=LetterOutcome.choices)

    class Meta:
        model = CeaseDesistLetter
        fields = ["infringer", "right", "outcome", "language"]


class PlatformComplaintFilter(django_filters.FilterSet):
    platform = django_filters.ChoiceFilter(choices=Platform.choices)
    status = django_filters.ChoiceFilter(choices=ComplaintStatus.choices)
    right = IdFilter(field_name="right_id")
    infringer = IdFilter(field_name="infringer_id")

    class Meta:
        model = PlatformComplaint
        fields = ["platform", "status", "right", "infringer", "platform_reference"]
