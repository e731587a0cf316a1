"""The organisation's docket over HTTP: list, read, mark done, waive (thin over the services)."""

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action

from accounts.selectors import can_edit, can_verify, can_waive
from core.api import API_PERMISSIONS, HistoryMixin, IsCounsel, ServiceViewSet, StableOrderingFilter
from deadlines import services
from deadlines.models import Deadline

from .filters import DeadlineFilter
from .serializers import (
    DeadlineDoneInputSerializer,
    DeadlineOutputSerializer,
    DeadlineWaiveInputSerializer,
)


class CanComplete(IsCounsel):
    message = "Only counsel and paralegals can mark deadlines done."

    def has_permission(self, request, view):
        return can_edit(request.user) or can_waive(request.user)


class CanVerify(IsCounsel):
    message = "A viewer cannot verify deadlines."

    def has_permission(self, request, view):
        return can_verify(request.user)


class DeadlineViewSet(HistoryMixin, ServiceViewSet):
    """Every computed deadline of the organisation (read-only: the engine writes them)."""

    output_serializer_class = DeadlineOutputSerializer
    filter_backends = [DjangoFilterBackend, StableOrderingFilter]
    filterset_class = DeadlineFilter
    ordering_fields = ["id", "due_date", "act_by", "status", "rule"]
    ordering = ["due_date", "id"]

    def get_queryset(self):
        queryset = self.scope(Deadline.objects.all()).select_related(
            "right", "recordal", "customs_notice", "guarantee"
        )
        if self.action == "list":
            # Narrow rows: deep pages (OFFSET) join thousands of rows before the page starts.
            queryset = queryset.only(*DeadlineOutputSerializer.columns())
        return queryset

    @extend_schema(request=DeadlineDoneInputSerializer, responses=DeadlineOutputSerializer)
    @action(detail=True, methods=["post"], permission_classes=[*API_PERMISSIONS, CanComplete])
    def done(self, request, pk=None):
        """Mark done, with a note (recorded in the deadline's history)."""
        deadline = self.get_object()
        data = self.read_input(DeadlineDoneInputSerializer)
        deadline = services.deadline_complete(deadline=deadline, actor=request.user, **data)
        return self.render_output(deadline)

    @extend_schema(request=DeadlineWaiveInputSerializer, responses=DeadlineOutputSerializer)
    @action(detail=True, methods=["post"], permission_classes=[*API_PERMISSIONS, IsCounsel])
    def waive(self, request, pk=None):
        """Give the date up, with a reason (counsel only; recorded in history)."""
        deadline = self.get_object()
        data = self.read_input(DeadlineWaiveInputSerializer)
        deadline = services.deadline_waive(deadline=deadline, actor=request.user, **data)
        return self.render_output(deadline)

    @extend_schema(request=None, responses=DeadlineOutputSerializer)
    @action(detail=True, methods=["post"], permission_classes=[*API_PERMISSIONS, CanVerify])
    def verify(self, request, pk=None):
        """Two-person verification of a rights-ending date (`needs_verification`): by counsel, a
        paralegal or a manager who did not enter the facts behind it (400 otherwise, with the
        reason). A recompute that moves the date clears it (recorded in history)."""
        deadline = self.get_object()
        deadline = services.deadline_verify(deadline=deadline, actor=request.user)
        return self.render_output(deadline)
