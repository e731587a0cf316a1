import django_filters

from core.filters import IdFilter
from webhooks.models import Delivery, DeliveryStatus, Event


class DeliveryFilter(django_filters.FilterSet):
    # A plain id, not a choice list over every organisation's endpoints (see core.filters.IdFilter).
    endpoint = IdFilter(field_name="endpoint_id")
    event = django_filters.ChoiceFilter(choices=Event.choices)
    status = django_filters.ChoiceFilter(choices=DeliveryStatus.choices)

    class Meta:
        model = Delivery
        fields = ["endpoint", "event", "status"]
