"""Deadlines: computed rows, read-only except for the done and waive actions."""

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _, gettext_noop
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api import LegalDateField
from deadlines.models import Deadline
from enforcement.models import (
    CeaseDesistLetter,
    DetentionApplication,
    MonitoringPlan,
    PlatformComplaint,
)

# Higher-layer subjects hang on a deadline through its generic subject (type + id); the label
# is read in the request's language (Accept-Language).
GENERIC_SUBJECTS = {
    PlatformComplaint: ("platform_complaint", gettext_noop("Platform complaint")),
    CeaseDesistLetter: ("letter", gettext_noop("Cease-and-desist letter")),
    DetentionApplication: ("customs_application", gettext_noop("Customs application")),
    MonitoringPlan: ("monitoring_plan", gettext_noop("Monitoring plan")),
}


def generic_subject(deadline: Deadline) -> tuple[str, str] | None:
    """(type, label prefix) of a deadline's generic subject, without loading the subject."""
    if not deadline.subject_type_id:
        return None
    model = ContentType.objects.get_for_id(deadline.subject_type_id).model_class()
    return GENERIC_SUBJECTS.get(model)


class SubjectSerializer(serializers.Serializer):
    type = serializers.ChoiceField(
        choices=[
            "right",
            "recordal",
            "customs_notice",
            "guarantee",
            "platform_complaint",
            "letter",
            "customs_application",
            "monitoring_plan",
        ]
    )
    id = serializers.IntegerField()
    label = serializers.CharField()


# The related columns get_subject reads (through the models' __str__ too): the list loads
# only these, not every column of four joined tables.
SUBJECT_FIELDS = {
    "right": ["kind", "jurisdiction", "title", "application_number", "registration_number"],
    "recordal": ["recordal_number"],
    "customs_notice": ["customs_reference", "port"],
    "guarantee": ["year", "bank"],
}


class DeadlineOutputSerializer(serializers.ModelSerializer):
    subject = serializers.SerializerMethodField(
        help_text="What the deadline belongs to: the most specific of notice, recordal, "
        "guarantee, right, platform complaint or letter."
    )
    # Stored in English (the engine's words); answered in the request's language (Accept-Language)
    title = serializers.CharField(
        source="heading",
        read_only=True,
        help_text="The deadline's title, in the reader's language.",
    )
    explanation = serializers.CharField(
        source="explained",
        read_only=True,
        help_text="Why this date (rule, legal source, anchor, period), in the reader's language.",
    )
    platform_complaint = serializers.SerializerMethodField()
    letter = serializers.SerializerMethodField()
    needs_verification = serializers.BooleanField(
        read_only=True,
        help_text="A rights-ending date no second person has verified yet (POST verify/).",
    )

    class Meta:
        model = Deadline
        fields = [
            "id",
            "rule",
            "cycle",
            "title",
            "due_date",
            "act_by",
            "status",
            "provisional",
            "explanation",
            "basis",
            "subject_key",
            "subject",
            "right",
            "recordal",
            "customs_notice",
            "guarantee",
            "platform_complaint",
            "letter",
            "responsible",
            "completed_on",
            "completed_by",
            "note",
            "needs_verification",
            "verified_by",
            "verified_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @classmethod
    def columns(cls) -> list[str]:
        """What to load for a list: the fields shown, plus the subject's columns."""
        computed = ("subject", "platform_complaint", "letter", "needs_verification")
        own = [name for name in cls.Meta.fields if name not in computed]
        own += ["subject_type", "subject_id"]
        related = [f"{fk}__{name}" for fk, names in SUBJECT_FIELDS.items() for name in names]
        return own + related

    def _generic_id(self, deadline: Deadline, kind: str) -> int | None:
        found = generic_subject(deadline)
        return deadline.subject_id if found and found[0] == kind else None

    def get_platform_complaint(self, deadline: Deadline) -> int | None:
        return self._generic_id(deadline, "platform_complaint")

    def get_letter(self, deadline: Deadline) -> int | None:
        return self._generic_id(deadline, "letter")

    @extend_schema_field(SubjectSerializer)
    def get_subject(self, deadline: Deadline) -> dict:
        found = generic_subject(deadline)
        if found:
            return {
                "type": found[0],
                "id": deadline.subject_id,
                "label": f"{_(found[1])} {deadline.subject_id}",
            }
        if deadline.customs_notice_id:
            notice = deadline.customs_notice
            label = _("Customs notice %(ref)s at %(port)s") % {
                "ref": notice.customs_reference or notice.pk,
                "port": notice.port,
            }
            return {"type": "customs_notice", "id": notice.pk, "label": label}
        if deadline.recordal_id:
            recordal = deadline.recordal
            label = _("GACC recordal %(number)s") % {
                "number": recordal.recordal_number or _("pending")
            }
            return {"type": "recordal", "id": recordal.pk, "label": label}
        if deadline.guarantee_id:
            guarantee = deadline.guarantee
            return {"type": "guarantee", "id": guarantee.pk, "label": str(guarantee)}
        right = deadline.right
        return {"type": "right", "id": right.pk, "label": str(right)}


class DeadlineDoneInputSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    completed_on = LegalDateField(required=False, allow_null=True)


class DeadlineWaiveInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, help_text="Why the date is given up.")
