import django_filters
from django.contrib.contenttypes.models import ContentType

from core.filters import IdFilter
from deadlines.models import Deadline, DeadlineStatus
from deadlines.rules import RULES, TWO_PERSON_RULES
from enforcement.models import (
    CeaseDesistLetter,
    DetentionApplication,
    MonitoringPlan,
    PlatformComplaint,
)


def _generic(model):
    def method(queryset, name, value):
        subject_type = ContentType.objects.get_for_model(model)
        return queryset.filter(subject_type=subject_type, subject_id=value)

    return method


class DeadlineFilter(django_filters.FilterSet):
    due_after = django_filters.DateFilter(field_name="due_date", lookup_expr="gte")
    due_before = django_filters.DateFilter(field_name="due_date", lookup_expr="lte")
    rule = django_filters.ChoiceFilter(choices=[(r.id, r.label) for r in RULES.values()])
    status = django_filters.ChoiceFilter(choices=DeadlineStatus.choices)
    right = IdFilter(field_name="right_id")
    recordal = IdFilter(field_name="recordal_id")
    customs_notice = IdFilter(field_name="customs_notice_id")
    guarantee = IdFilter(field_name="guarantee_id")
    provisional = django_filters.BooleanFilter()
    platform_complaint = IdFilter(method=_generic(PlatformComplaint), label="Platform complaint id")
    letter = IdFilter(method=_generic(CeaseDesistLetter), label="Cease-and-desist letter id")
    customs_application = IdFilter(
        method=_generic(DetentionApplication), label="Customs application (for detention) id"
    )
    monitoring_plan = IdFilter(method=_generic(MonitoringPlan), label="Monitoring plan id")
    needs_verification = django_filters.BooleanFilter(
        method="filter_needs_verification",
        label="true: rights-ending dates not yet verified by a second person; false: the others",
    )

    def filter_needs_verification(self, queryset, name, value):
        if value:
            return queryset.filter(rule__in=TWO_PERSON_RULES, verified_at__isnull=True)
        return queryset.exclude(rule__in=TWO_PERSON_RULES, verified_at__isnull=True)

    class Meta:
        model = Deadline
        fields = [
            "due_after",
            "due_before",
            "rule",
            "status",
            "right",
            "recordal",
            "customs_notice",
            "guarantee",
            "provisional",
            "platform_complaint",
            "letter",
            "customs_application",
            "monitoring_plan",
            "needs_verification",
        ]
