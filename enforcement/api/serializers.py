"""Enforcement resources over HTTP: input (shape only) vs output (with computed fields)."""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api import InputSerializer, LegalDateField, OrgScopedRelatedField
from customs.models import CustomsNotice, Recordal
from enforcement.models import (
    NEW_COMPLAINT_STATUSES,
    CeaseDesistLetter,
    ComplaintStatus,
    DetentionApplication,
    Evidence,
    Infringer,
    MonitoringPlan,
    PlatformComplaint,
    Sweep,
)
from rights.models import Right

# --- infringers ----------------------------------------------------------------------------


class InfringerInputSerializer(InputSerializer):
    customs_notices = OrgScopedRelatedField(
        queryset=CustomsNotice.objects.all(), many=True, required=False
    )

    class Meta:
        model = Infringer
        fields = [
            "kind",
            "name",
            "name_zh",
            "credit_code",
            "platform",
            "account_name",
            "addresses",
            "notes",
            "customs_notices",
        ]
        validators = []


class InfringerOutputSerializer(serializers.ModelSerializer):
    # Blank when the infringer is not a platform seller; documented as a plain string so the
    # schema admits "" (schemathesis' response check found the enum without it).
    platform = serializers.CharField(read_only=True)

    class Meta:
        model = Infringer
        fields = [
            "id",
            "kind",
            "name",
            "name_zh",
            "credit_code",
            "platform",
            "account_name",
            "addresses",
            "notes",
            "customs_notices",
            "merged_into",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class InfringerMergeInputSerializer(serializers.Serializer):
    duplicate = OrgScopedRelatedField(
        queryset=Infringer.objects.filter(merged_into__isnull=True),
        help_text="The duplicate record folded into this one (kept, marked as merged).",
    )


# --- evidence ------------------------------------------------------------------------------


class EvidenceInputSerializer(InputSerializer):
    file = serializers.FileField(help_text="The file (multipart upload).")
    supersedes = OrgScopedRelatedField(
        queryset=Evidence.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = Evidence
        fields = ["file", "kind", "description", "captured_at", "supersedes"]


class EvidenceDescribeInputSerializer(InputSerializer):
    class Meta:
        model = Evidence
        fields = ["kind", "description"]


class EvidenceOutputSerializer(serializers.ModelSerializer):
    file = serializers.SerializerMethodField(
        help_text="Where to download the stored bytes (organisation members only)."
    )

    class Meta:
        model = Evidence
        fields = [
            "id",
            "file",
            "original_name",
            "kind",
            "description",
            "captured_at",
            "sha256",
            "size",
            "uploaded_at",
            "uploaded_by",
            "supersedes",
        ]
        read_only_fields = fields

    def get_file(self, evidence) -> str:
        path = reverse("evidence-download", args=[evidence.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


# --- letters -------------------------------------------------------------------------------


class LetterInputSerializer(InputSerializer):
    infringer = OrgScopedRelatedField(queryset=Infringer.objects.filter(merged_into__isnull=True))
    rights = OrgScopedRelatedField(queryset=Right.objects.all(), many=True)
    evidence = OrgScopedRelatedField(queryset=Evidence.objects.all(), many=True, required=False)
    reply_days = serializers.IntegerField(
        min_value=1,
        max_value=180,
        required=False,
        help_text="Days given to reply; default: the organisation's setting (14).",
    )

    class Meta:
        model = CeaseDesistLetter
        fields = [
            "infringer",
            "rights",
            "language",
            "findings",
            "findings_zh",
            "demands",
            "demands_zh",
            "sent_on",
            "method",
            "reply_days",
            "outcome",
            "outcome_on",
            "escalation",
            "escalation_notes",
            "evidence",
        ]


class LetterOutputSerializer(serializers.ModelSerializer):
    document = serializers.SerializerMethodField(help_text="Download the letter as .docx.")

    class Meta:
        model = CeaseDesistLetter
        fields = [
            "id",
            "infringer",
            "rights",
            "language",
            "findings",
            "findings_zh",
            "demands",
            "demands_zh",
            "sent_on",
            "method",
            "reply_days",
            "reply_due",
            "outcome",
            "outcome_on",
            "escalation",
            "escalation_notes",
            "evidence",
            "document",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_document(self, letter) -> str:
        return reverse("letter-document", args=[letter.pk])


# --- platform complaints -------------------------------------------------------------------


class PlatformComplaintInputSerializer(InputSerializer):
    right = OrgScopedRelatedField(queryset=Right.objects.all())
    infringer = OrgScopedRelatedField(
        queryset=Infringer.objects.filter(merged_into__isnull=True), required=False, allow_null=True
    )
    evidence = OrgScopedRelatedField(queryset=Evidence.objects.all(), many=True, required=False)
    listings = serializers.ListField(
        child=serializers.URLField(max_length=1000),
        required=False,
        max_length=500,
        help_text="Listing URLs; the platform is recognised from each URL's host.",
    )
    status = serializers.ChoiceField(
        choices=NEW_COMPLAINT_STATUSES,
        required=False,
        help_text="On creation only: draft or submitted. Later steps use the actions.",
    )

    class Meta:
        model = PlatformComplaint
        fields = [
            "platform",
            "right",
            "infringer",
            "listings",
            "reason",
            "evidence",
            "platform_reference",
            "submitted_on",
            "status",
        ]


class ListingSerializer(serializers.Serializer):
    url = serializers.URLField()
    platform = serializers.CharField()
    title = serializers.CharField()


class PlatformComplaintOutputSerializer(serializers.ModelSerializer):
    listings = serializers.SerializerMethodField(help_text="Listing URLs.")
    listing_details = serializers.SerializerMethodField()

    class Meta:
        model = PlatformComplaint
        fields = [
            "id",
            "platform",
            "right",
            "infringer",
            "listings",
            "listing_details",
            "reason",
            "evidence",
            "platform_reference",
            "status",
            "submitted_on",
            "removed_on",
            "rejected_on",
            "counter_notice_received_on",
            "counter_notice_due",
            "action_filed_on",
            "measures_lifted_on",
            "relisted_on",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_listings(self, complaint) -> list[str]:
        return [listing.url for listing in complaint.listings.all()]

    @extend_schema_field(ListingSerializer(many=True))
    def get_listing_details(self, complaint) -> list[dict]:
        return [
            {"url": item.url, "platform": item.platform, "title": item.title}
            for item in complaint.listings.all()
        ]


class CounterNoticeInputSerializer(serializers.Serializer):
    received_on = LegalDateField(
        help_text="The date the seller's declaration reached the right holder."
    )


class ComplaintTransitionInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ComplaintStatus.choices)
    on = LegalDateField(required=False, help_text="The date this happened (all but under review).")
    platform_reference = serializers.CharField(required=False, allow_blank=True, max_length=100)


# --- customs action on application ---------------------------------------------------------


class DetentionApplicationInputSerializer(InputSerializer):
    right = OrgScopedRelatedField(queryset=Right.objects.all())
    recordal = OrgScopedRelatedField(
        queryset=Recordal.objects.all(),
        required=False,
        allow_null=True,
        help_text="The right's recordal, only if it is recorded (Reg. art. 13).",
    )
    infringers = OrgScopedRelatedField(
        queryset=Infringer.objects.filter(merged_into__isnull=True), many=True, required=False
    )
    evidence = OrgScopedRelatedField(queryset=Evidence.objects.all(), many=True, required=False)
    responsible = OrgScopedRelatedField(
        queryset=get_user_model().objects.all(),
        scope="membership__organisation",
        required=False,
        allow_null=True,
    )
    goods_value_cny = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=Decimal("0")
    )

    class Meta:
        model = DetentionApplication
        fields = [
            "right",
            "recordal",
            "customs_reference",
            "port",
            "applied_on",
            "goods_description",
            "quantity",
            "goods_value_cny",
            "bond_form",
            "consignor",
            "consignee",
            "transport",
            "infringers",
            "evidence",
            "rejected_on",
            "detained_on",
            "court_notice_on",
            "released_on",
            "withdrawn_on",
            "responsible",
            "notes",
        ]


class DetentionApplicationOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = DetentionApplication
        fields = [
            "id",
            "right",
            "recordal",
            "customs_reference",
            "port",
            "applied_on",
            "goods_description",
            "quantity",
            "goods_value_cny",
            "bond_cny",
            "bond_form",
            "consignor",
            "consignee",
            "transport",
            "infringers",
            "evidence",
            "status",
            "rejected_on",
            "detained_on",
            "court_order_due",
            "provisional",
            "court_notice_on",
            "released_on",
            "withdrawn_on",
            "responsible",
            "notes",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "bond_cny": {"help_text": "Equal to the value of the goods (Reg. art. 14)."},
            "court_order_due": {
                "help_text": "20 China working days from the day after detention: a court's "
                "assistance notice must reach customs by then, or the goods are released "
                "(Reg. art. 24(1)). Rule `detention_court_order_on_application` in deadlines."
            },
        }


# --- monitoring ----------------------------------------------------------------------------


class MonitoringPlanInputSerializer(InputSerializer):
    right = OrgScopedRelatedField(queryset=Right.objects.all())

    class Meta:
        model = MonitoringPlan
        fields = ["right", "platform", "interval_days", "search_terms", "started_on", "active"]
        validators = []


class MonitoringPlanOutputSerializer(serializers.ModelSerializer):
    sweeps = serializers.IntegerField(source="n_sweeps", read_only=True)

    class Meta:
        model = MonitoringPlan
        fields = [
            "id",
            "right",
            "platform",
            "interval_days",
            "search_terms",
            "started_on",
            "active",
            "next_sweep_due",
            "sweeps",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class SweepInputSerializer(serializers.Serializer):
    plan = OrgScopedRelatedField(queryset=MonitoringPlan.objects.all())
    swept_on = LegalDateField()
    searched = serializers.CharField(max_length=5000)
    listings = serializers.ListField(
        child=serializers.URLField(max_length=1000),
        required=False,
        max_length=500,
        help_text="Listing URLs found.",
    )
    notes = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    draft_complaint = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Turn the listings found into a draft platform complaint in the same step.",
    )


class SweepOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Sweep
        fields = [
            "id",
            "plan",
            "swept_on",
            "swept_by",
            "searched",
            "listings_found",
            "notes",
            "complaint",
            "created_at",
        ]
        read_only_fields = fields
