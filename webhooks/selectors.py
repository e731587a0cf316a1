"""Reads of the webhook delivery outbox, per organisation (through the endpoint)."""

from django.db.models import F

from .models import Delivery, DeliveryStatus


def _of(organisation_id: int):
    return Delivery.objects.filter(endpoint__organisation_id=organisation_id).annotate(
        organisation_id=F("endpoint__organisation_id")
    )


def failed_deliveries(*, organisation_id: int):
    """Deliveries that gave up (permanent failure or attempts used up), the error kept."""
    return _of(organisation_id).filter(status=DeliveryStatus.FAILED)


def retrying_deliveries(*, organisation_id: int):
    """Deliveries not delivered yet after an error: waiting for their retry, or being retried."""
    return (
        _of(organisation_id)
        .filter(status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING])
        .exclude(last_error="")
    )
