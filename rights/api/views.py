"""Rights and priority claims over HTTP: thin views over rights.services."""

from django.db.models import Prefetch
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action

from core.api import (
    API_PERMISSIONS,
    CanEditOrReadOnly,
    HistoryMixin,
    ServiceViewSet,
    StableOrderingFilter,
)
from rights import services
from rights.models import PriorityClaim, Right

from .filters import PriorityClaimFilter, RightFilter
from .serializers import (
    GrantInputSerializer,
    PriorityClaimInputSerializer,
    PriorityClaimOutputSerializer,
    RightInputSerializer,
    RightOutputSerializer,
)

IDEMPOTENT_CREATE = (
    "With an `external_id` that already names one of your organisation's records, nothing is "
    "created or changed: the existing record is returned with 200. Otherwise 201."
)


@extend_schema_view(
    create=extend_schema(
        request=RightInputSerializer,
        responses={201: RightOutputSerializer, 200: RightOutputSerializer},
        description=IDEMPOTENT_CREATE,
    ),
    update=extend_schema(request=RightInputSerializer, responses=RightOutputSerializer),
    partial_update=extend_schema(request=RightInputSerializer, responses=RightOutputSerializer),
)
class RightViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    HistoryMixin,
    ServiceViewSet,
):
    """Patents, trademarks and copyrights; computed fields (`expiry_date`) are read-only."""

    permission_classes = [*API_PERMISSIONS, CanEditOrReadOnly]
    input_serializer_class = RightInputSerializer
    output_serializer_class = RightOutputSerializer
    filter_backends = [DjangoFilterBackend, StableOrderingFilter]
    filterset_class = RightFilter
    ordering_fields = ["id", "filing_date", "expiry_date", "title", "kind", "status"]
    ordering = ["-filing_date", "id"]

    def get_queryset(self):
        return self.scope(Right.objects.all()).prefetch_related(
            Prefetch("priority_claims", queryset=PriorityClaim.objects.order_by("date", "id"))
        )

    def create(self, request, *args, **kwargs):
        return self.create_idempotently(
            lambda data: services.right_create(
                organisation=self.organisation, actor=request.user, **data
            )
        )

    def update(self, request, *args, **kwargs):
        right = self.get_object()
        data = self.read_input(instance=right, partial=kwargs.get("partial", False))
        right = services.right_update(right=right, actor=request.user, **data)
        return self.render_output(right)

    @extend_schema(request=GrantInputSerializer, responses=RightOutputSerializer)
    @action(detail=True, methods=["post"])
    def grant(self, request, pk=None):
        """Register the CNIPA grant of a patent: it is in force and its annuities begin."""
        right = self.get_object()
        data = self.read_input(GrantInputSerializer)
        right = services.patent_grant_register(right=right, actor=request.user, **data)
        return self.render_output(right)


@extend_schema_view(
    create=extend_schema(
        request=PriorityClaimInputSerializer,
        responses={201: PriorityClaimOutputSerializer},
    )
)
class PriorityClaimViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    HistoryMixin,
    ServiceViewSet,
):
    """Paris priority claims of a right; adding one recomputes the right's deadlines."""

    permission_classes = [*API_PERMISSIONS, CanEditOrReadOnly]
    org_lookup = "right__organisation"
    input_serializer_class = PriorityClaimInputSerializer
    output_serializer_class = PriorityClaimOutputSerializer
    filter_backends = [DjangoFilterBackend, StableOrderingFilter]
    filterset_class = PriorityClaimFilter
    ordering_fields = ["id", "date"]
    ordering = ["date", "id"]

    def get_queryset(self):
        return self.scope(PriorityClaim.objects.all())

    def create(self, request, *args, **kwargs):
        data = self.read_input()
        claim = services.priority_claim_add(actor=request.user, **data)
        return self.render_output(claim, status.HTTP_201_CREATED)
