"""Alerts: the outbox rows, read-only except for acknowledging."""

from rest_framework import serializers

from notifications.models import Alert


class AlertOutputSerializer(serializers.ModelSerializer):
    deadline_title = serializers.CharField(
        source="deadline.heading", read_only=True, allow_null=True, help_text="Null for digests."
    )
    deadline_due_date = serializers.DateField(
        source="deadline.due_date", read_only=True, allow_null=True, help_text="Null for digests."
    )
    rule = serializers.CharField(
        source="deadline.rule",
        read_only=True,
        allow_null=True,
        help_text="The deadline's rule code (null for digests).",
    )
    recipient_username = serializers.CharField(source="recipient.username", read_only=True)

    class Meta:
        model = Alert
        fields = [
            "id",
            "deadline",
            "deadline_title",
            "deadline_due_date",
            "rule",
            "recipient",
            "recipient_username",
            "kind",
            "stage",
            "critical",
            "state",
            "attempts",
            "sent_at",
            "last_error",
            "acknowledged_at",
            "acknowledged_by",
            "acknowledged_via",
            "created_at",
        ]
        read_only_fields = fields

    @classmethod
    def columns(cls) -> list[str]:
        """What a list loads: the alert's own columns and the few related ones it shows."""
        own = [
            "id",
            "organisation_id",
            "deadline_id",
            "recipient_id",
            "kind",
            "stage",
            "critical",
            "state",
            "attempts",
            "sent_at",
            "last_error",
            "acknowledged_at",
            "acknowledged_by_id",
            "acknowledged_via",
            "created_at",
        ]
        related = ["deadline__title", "deadline__due_date", "deadline__rule", "recipient__username"]
        return own + related
