"""The organisation's alerts over HTTP: list, read, acknowledge (thin over the service)."""

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.decorators import action

from accounts.models import Role
from accounts.selectors import role_of
from core.api import API_PERMISSIONS, HistoryMixin, ServiceViewSet, StableOrderingFilter
from notifications import services
from notifications.models import Alert

from .filters import AlertFilter
from .serializers import AlertOutputSerializer

ACKNOWLEDGING_ROLES = frozenset({Role.MANAGER, Role.COUNSEL, Role.PARALEGAL})


class CanAcknowledge(permissions.BasePermission):
    message = "Viewers cannot acknowledge alerts."

    def has_permission(self, request, view):
        return role_of(request.user) in ACKNOWLEDGING_ROLES


class AlertViewSet(HistoryMixin, ServiceViewSet):
    """Alerts sent (or waiting to be sent) to the organisation's people (read-only: the
    scanner writes them). Acknowledging a critical alert stops its escalation."""

    output_serializer_class = AlertOutputSerializer
    filter_backends = [DjangoFilterBackend, StableOrderingFilter]
    filterset_class = AlertFilter
    ordering_fields = ["id", "created_at"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self):
        queryset = self.scope(Alert.objects.all()).select_related("deadline", "recipient")
        if self.action == "list":
            queryset = queryset.only(*AlertOutputSerializer.columns())
        return queryset

    @extend_schema(request=None, responses=AlertOutputSerializer)
    @action(detail=True, methods=["post"], permission_classes=[*API_PERMISSIONS, CanAcknowledge])
    def acknowledge(self, request, pk=None):
        """Acknowledge (no body): every alert of the same deadline stage stops waiting to
        escalate. Acknowledging again changes nothing and answers the first acknowledgement."""
        alert = services.alert_acknowledge(alert=self.get_object(), by=request.user)
        return self.render_output(alert)
