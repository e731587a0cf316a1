from rest_framework import serializers

from core.api import InputSerializer
from webhooks.models import Delivery, Endpoint, Event
from webhooks.targets import TargetRefused, check_target


class EndpointOutputSerializer(serializers.ModelSerializer):
    event_types = serializers.ListField(
        child=serializers.ChoiceField(choices=Event.choices), read_only=True
    )

    class Meta:
        model = Endpoint
        fields = ["id", "url", "event_types", "active", "description", "created_at", "updated_at"]
        read_only_fields = fields


class EndpointCreatedOutputSerializer(EndpointOutputSerializer):
    """Shown once, on creation: the secret the receiver checks signatures with."""

    class Meta(EndpointOutputSerializer.Meta):
        fields = [*EndpointOutputSerializer.Meta.fields, "secret"]
        read_only_fields = fields


class EndpointInputSerializer(InputSerializer):
    url = serializers.URLField(max_length=500, help_text="http(s) URL receiving signed POSTs.")
    event_types = serializers.ListField(
        child=serializers.ChoiceField(choices=Event.choices),
        required=False,
        help_text="Events to send; empty or omitted means all.",
    )
    secret = serializers.CharField(
        min_length=16,
        max_length=128,
        required=False,
        write_only=True,
        help_text="HMAC-SHA256 key; generated when omitted.",
    )

    class Meta:
        model = Endpoint
        fields = ["url", "event_types", "active", "description", "secret"]
        validators = []

    def validate_url(self, value):
        try:
            check_target(value)
        except TargetRefused as exc:
            raise serializers.ValidationError(str(exc)) from exc
        return value


class DeliveryOutputSerializer(serializers.ModelSerializer):
    payload = serializers.JSONField(read_only=True)

    class Meta:
        model = Delivery
        fields = [
            "id",
            "endpoint",
            "event",
            "payload",
            "status",
            "status_code",
            "attempts",
            "last_error",
            "delivered_at",
            "created_at",
        ]
        read_only_fields = fields
