import django_filters
from django.db.models import Q

from core.filters import IdFilter
from enforcement.models import (
    ApplicationStatus,
    CeaseDesistLetter,
    ComplaintStatus,
    DetentionApplication,
    Evidence,
    EvidenceKind,
    Infringer,
    InfringerKind,
    LetterOutcome,
    MonitoringPlan,
    PlatformComplaint,
    Sweep,
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


class DetentionApplicationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ApplicationStatus.choices)
    right = IdFilter(field_name="right_id")
    recordal = IdFilter(field_name="recordal_id")
    infringer = IdFilter(field_name="infringers")

    class Meta:
        model = DetentionApplication
        fields = ["status", "right", "recordal", "infringer", "port", "customs_reference"]


class MonitoringPlanFilter(django_filters.FilterSet):
    platform = django_filters.ChoiceFilter(choices=Platform.choices)
    right = IdFilter(field_name="right_id")

    class Meta:
        model = MonitoringPlan
        fields = ["platform", "right", "active"]


class SweepFilter(django_filters.FilterSet):
    plan = IdFilter(field_name="plan_id")

    class Meta:
        model = Sweep
        fields = ["plan"]
