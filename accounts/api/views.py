"""The organisation's members, read-only (to pick a `responsible` user by id)."""

from django_filters.rest_framework import DjangoFilterBackend

from accounts.models import Membership
from core.api import ServiceViewSet, StableOrderingFilter

from .serializers import MemberOutputSerializer


class MemberViewSet(ServiceViewSet):
    output_serializer_class = MemberOutputSerializer
    filter_backends = [DjangoFilterBackend, StableOrderingFilter]
    filterset_fields = ["role"]
    ordering_fields = ["id", "user__username", "role"]
    ordering = ["user__username"]

    def get_queryset(self):
        return self.scope(Membership.objects.select_related("user"))
