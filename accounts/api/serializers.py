from rest_framework import serializers

from accounts.models import Membership


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
