"""Recordals, their parties, customs notices and general guarantees: input vs output."""

from decimal import Decimal

from django.contrib.auth import get_user_model
from rest_framework import serializers

from core.api import InputSerializer, LegalDateField, OrgScopedRelatedField
from customs.models import (
    CustomsNotice,
    GeneralGuarantee,
    PartyRole,
    Recordal,
    RecordalParty,
    RecordalRoute,
    RecordalStatus,
    Response,
)
from rights.models import Right

# --- recordals ---------------------------------------------------------------------------------


class RecordalPartyOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = RecordalParty
        fields = [
            "id",
            "recordal",
            "role",
            "name",
            "country",
            "address",
            "licence_from",
            "licence_until",
            "notes",
            "created_at",
        ]
        read_only_fields = fields


class RecordalPartyInputSerializer(InputSerializer):
    recordal = OrgScopedRelatedField(queryset=Recordal.objects.all())
    role = serializers.ChoiceField(choices=PartyRole.choices)
    occurred_on = LegalDateField(
        required=False,
        write_only=True,
        help_text="For a new licensee: the licence date; opens the 30-working-day duty to "
        "tell GACC (Reg. art. 11).",
    )

    class Meta:
        model = RecordalParty
        fields = [
            "recordal",
            "role",
            "name",
            "country",
            "address",
            "licence_from",
            "licence_until",
            "notes",
            "occurred_on",
        ]
        validators = []


class RecordalOutputSerializer(serializers.ModelSerializer):
    parties = RecordalPartyOutputSerializer(many=True, read_only=True)

    class Meta:
        model = Recordal
        fields = [
            "id",
            "right",
            "recordal_number",
            "applied_on",
            "approved_on",
            "office_valid_until",
            "valid_until",
            "renewal_window_opens",
            "status",
            "genuine_product_notes",
            "notes",
            "external_id",
            "parties",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class RecordalInputSerializer(InputSerializer):
    right = OrgScopedRelatedField(queryset=Right.objects.all())
    status = serializers.ChoiceField(choices=RecordalStatus.choices, required=False)

    class Meta:
        model = Recordal
        fields = [
            "right",
            "recordal_number",
            "applied_on",
            "approved_on",
            "office_valid_until",
            "status",
            "genuine_product_notes",
            "notes",
            "external_id",
        ]
        validators = []

    def validate_right(self, right):
        if self.instance is not None and right.pk != self.instance.right_id:
            raise serializers.ValidationError("A recordal's right cannot be changed.")
        return right


class RecordalRenewInputSerializer(serializers.Serializer):
    new_valid_until = LegalDateField(help_text="GACC's new end date for the recordal.")


# --- customs notices ---------------------------------------------------------------------------


class CustomsNoticeOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = CustomsNotice
        fields = [
            "id",
            "recordal",
            "track",
            "customs_reference",
            "served_on",
            "served_at",
            "service_method",
            "port",
            "route",
            "goods_description",
            "quantity",
            "goods_value_cny",
            "response_due",
            "bond_cny",
            "provisional",
            "explanation",
            "response",
            "responded_on",
            "detained_on",
            "status",
            "responsible",
            "external_id",
            "notes",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class CustomsNoticeInputSerializer(InputSerializer):
    recordal = OrgScopedRelatedField(queryset=Recordal.objects.all())
    responsible = OrgScopedRelatedField(
        queryset=get_user_model().objects.all(),
        scope="membership__organisation",
        required=False,
        allow_null=True,
    )
    route = OrgScopedRelatedField(
        queryset=RecordalRoute.objects.all(),
        scope="recordal__organisation",
        required=False,
        allow_null=True,
        help_text="The recorded port or trade route (of the notice's recordal) the goods took.",
    )
    goods_value_cny = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=Decimal("0")
    )

    class Meta:
        model = CustomsNotice
        fields = [
            "recordal",
            "track",
            "customs_reference",
            "served_on",
            "served_at",
            "service_method",
            "port",
            "route",
            "goods_description",
            "quantity",
            "goods_value_cny",
            "status",
            "responsible",
            "external_id",
            "notes",
        ]
        validators = []

    def validate_recordal(self, recordal):
        if self.instance is not None and recordal.pk != self.instance.recordal_id:
            raise serializers.ValidationError("A notice's recordal cannot be changed.")
        return recordal


class CustomsNoticeRespondInputSerializer(serializers.Serializer):
    response = serializers.ChoiceField(choices=[Response.DETAIN, Response.EXPLAIN])
    responded_on = LegalDateField()
    detained_on = LegalDateField(required=False, allow_null=True)


# --- general guarantees ------------------------------------------------------------------------


class GeneralGuaranteeOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = GeneralGuarantee
        fields = [
            "id",
            "year",
            "amount_cny",
            "bank",
            "approved_on",
            "covers_until",
            "letter_valid_until",
            "notes",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class GeneralGuaranteeInputSerializer(InputSerializer):
    year = serializers.IntegerField(min_value=1990, max_value=2190)
    amount_cny = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("200000"),
        help_text="At least RMB 200,000 (Measures art. 24).",
    )

    class Meta:
        model = GeneralGuarantee
        fields = ["year", "amount_cny", "bank", "approved_on", "notes"]
        validators = []  # uniqueness: the database constraint, mapped by core.constraints
