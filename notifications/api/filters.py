import django_filters

from core.filters import IdFilter
from notifications.models import Alert, AlertKind, AlertState


class AlertFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=AlertState.choices)
    kind = django_filters.ChoiceFilter(choices=AlertKind.choices)
    critical = django_filters.BooleanFilter()
    deadline = IdFilter(field_name="deadline_id")
    recipient = IdFilter(field_name="recipient_id")
    acknowledged = django_filters.BooleanFilter(
        method="filter_acknowledged", label="Acknowledged (true) or still unacknowledged (false)."
    )

    class Meta:
        model = Alert
        fields = ["state", "kind", "critical", "deadline", "recipient", "acknowledged"]

    def filter_acknowledged(self, queryset, name, value):
        return queryset.filter(acknowledged_at__isnull=not value)
