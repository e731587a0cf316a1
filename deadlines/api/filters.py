import django_filters

from core.filters import IdFilter
from deadlines.models import Deadline, DeadlineStatus
from deadlines.rules import RULES


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
