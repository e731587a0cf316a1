import django_filters

from deadlines.models import Deadline, DeadlineStatus
from deadlines.rules import RULES


class DeadlineFilter(django_filters.FilterSet):
    due_after = django_filters.DateFilter(field_name="due_date", lookup_expr="gte")
    due_before = django_filters.DateFilter(field_name="due_date", lookup_expr="lte")
    rule = django_filters.ChoiceFilter(choices=[(r.id, r.label) for r in RULES.values()])
    status = django_filters.ChoiceFilter(choices=DeadlineStatus.choices)
    right = django_filters.NumberFilter(field_name="right_id")
    recordal = django_filters.NumberFilter(field_name="recordal_id")
    customs_notice = django_filters.NumberFilter(field_name="customs_notice_id")
    guarantee = django_filters.NumberFilter(field_name="guarantee_id")
    provisional = django_filters.BooleanFilter()

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
        ]
