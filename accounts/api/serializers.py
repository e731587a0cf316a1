from rest_framework import serializers

from accounts.models import ApiToken, Membership
from accounts.tokens import DEFAULT_EXPIRY_DAYS, EXPIRY_DAYS


class MemberOutputSerializer(serializers.ModelSerializer):
    user = serializers.IntegerField(source="user_id", read_only=True)
    username = serializers.CharField(source="user.username", read_only=True)
    first_name = serializers.CharField(source="user.first_name", read_only=True)
    last_name = serializers.CharField(source="user.last_name", read_only=True)
    email = serializers.EmailField(source="user.email", read_only=True)

    class Meta:
        model = Membership
        fields = [
            "id",
            "user",
            "username",
            "first_name",
            "last_name",
            "email",
            "role",
            "time_zone",
            "language",
        ]
        read_only_fields = fields


class ApiTokenOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "read_only", "created_at", "expires_at", "last_used_at"]
        read_only_fields = fields


class ApiTokenCreatedSerializer(ApiTokenOutputSerializer):
    key = serializers.CharField(
        read_only=True, help_text="The token's key: returned once, never again."
    )

    class Meta(ApiTokenOutputSerializer.Meta):
        fields = [*ApiTokenOutputSerializer.Meta.fields, "key"]
        read_only_fields = fields


class ApiTokenInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    days = serializers.ChoiceField(choices=EXPIRY_DAYS, default=DEFAULT_EXPIRY_DAYS)
    read_only = serializers.BooleanField(default=False)
