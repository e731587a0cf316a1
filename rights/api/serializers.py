"""Rights and priority claims: separate write (input) and read (output) serializers."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.api import InputSerializer, LegalDateField, OrgScopedRelatedField
from rights.models import Kind, PriorityClaim, Right


def members_of_org():
    return get_user_model().objects.all()


class PriorityClaimOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = PriorityClaim
        fields = ["id", "right", "country", "number", "date"]
        read_only_fields = fields


class PriorityClaimNestedInputSerializer(InputSerializer):
    class Meta:
        model = PriorityClaim
        fields = ["country", "number", "date"]
        validators = []


class PriorityClaimInputSerializer(InputSerializer):
    right = OrgScopedRelatedField(queryset=Right.objects.all())

    class Meta:
        model = PriorityClaim
        fields = ["right", "country", "number", "date"]
        validators = []  # uniqueness: the database constraint, mapped by core.constraints


class RightOutputSerializer(serializers.ModelSerializer):
    priority_claims = PriorityClaimOutputSerializer(many=True, read_only=True)
    nice_classes = serializers.ListField(child=serializers.IntegerField(), read_only=True)

    class Meta:
        model = Right
        fields = [
            "id",
            "kind",
            "jurisdiction",
            "title",
            "owner",
            "application_number",
            "registration_number",
            "filing_date",
            "priority_date",
            "publication_date",
            "grant_date",
            "registration_date",
            "nice_classes",
            "status",
            "office_expiry_date",
            "expiry_date",
            "annuities_paid_through",
            "renewals",
            "cn_counterpart",
            "responsible",
            "external_id",
            "notes",
            "priority_claims",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class RightInputSerializer(InputSerializer):
    nice_classes = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=45),
        required=False,
        help_text="Trademarks: Nice classes, whole numbers 1-45.",
    )
    cn_counterpart = OrgScopedRelatedField(
        queryset=Right.objects.all(), required=False, allow_null=True
    )
    responsible = OrgScopedRelatedField(
        queryset=get_user_model().objects.all(),
        scope="membership__organisation",
        required=False,
        allow_null=True,
    )
    priority_claims = PriorityClaimNestedInputSerializer(
        many=True, required=False, write_only=True, help_text="On creation only."
    )
    kind = serializers.ChoiceField(choices=Kind.choices)

    class Meta:
        model = Right
        fields = [
            "kind",
            "jurisdiction",
            "title",
            "owner",
            "application_number",
            "registration_number",
            "filing_date",
            "priority_date",
            "publication_date",
            "grant_date",
            "registration_date",
            "nice_classes",
            "status",
            "office_expiry_date",
            "annuities_paid_through",
            "renewals",
            "cn_counterpart",
            "responsible",
            "external_id",
            "notes",
            "priority_claims",
        ]
        validators = []

    def validate(self, attrs):
        if self.instance is not None and "priority_claims" in attrs:
            raise serializers.ValidationError(
                {"priority_claims": [_("Add priority claims through /api/v1/priority-claims/.")]}
            )
        return attrs  # the priority date follows the claims in rights.services


class GrantInputSerializer(serializers.Serializer):
    grant_date = LegalDateField()
    registration_number = serializers.CharField(max_length=40, required=False, default="")
