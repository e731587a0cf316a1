"""Webhook endpoints and their delivery log: counsel only (the secrets live here)."""

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.response import Response

from core.api import API_PERMISSIONS, IsCounsel, ServiceViewSet, StableOrderingFilter
from webhooks import services
from webhooks.models import Delivery, Endpoint

from .filters import DeliveryFilter
from .serializers import (
    DeliveryOutputSerializer,
    EndpointCreatedOutputSerializer,
    EndpointInputSerializer,
    EndpointOutputSerializer,
)


@extend_schema_view(
    create=extend_schema(
        request=EndpointInputSerializer, responses={201: EndpointCreatedOutputSerializer}
    ),
    update=extend_schema(request=EndpointInputSerializer, responses=EndpointOutputSerializer),
    partial_update=extend_schema(
        request=EndpointInputSerializer, responses=EndpointOutputSerializer
    ),
    destroy=extend_schema(responses={204: None}),
)
class EndpointViewSet(mixins.UpdateModelMixin, mixins.DestroyModelMixin, ServiceViewSet):
    """Where events are POSTed, signed `X-Iptracker-Signature: sha256=<hex>` (HMAC-SHA256 of
    the body with the endpoint's secret). Set `active` false to stop deliveries."""

    permission_classes = [*API_PERMISSIONS, IsCounsel]
    input_serializer_class = EndpointInputSerializer
    output_serializer_class = EndpointOutputSerializer
    filter_backends = [DjangoFilterBackend, StableOrderingFilter]
    filterset_fields = ["active"]
    ordering_fields = ["id", "url"]
    ordering = ["id"]

    def get_queryset(self):
        return self.scope(Endpoint.objects.all())

    def create(self, request, *args, **kwargs):
        data = self.read_input()
        endpoint = services.endpoint_create(
            organisation=self.organisation, actor=request.user, **data
        )
        body = EndpointCreatedOutputSerializer(endpoint, context=self.get_serializer_context())
        return Response(body.data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        endpoint = self.get_object()
        data = self.read_input(instance=endpoint, partial=kwargs.get("partial", False))
        endpoint = services.endpoint_update(endpoint=endpoint, actor=request.user, **data)
        return self.render_output(endpoint)

    def destroy(self, request, *args, **kwargs):
        services.endpoint_delete(endpoint=self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class DeliveryViewSet(ServiceViewSet):
    """The delivery log: one row per event and endpoint, with attempts and the last error."""

    permission_classes = [*API_PERMISSIONS, IsCounsel]
    org_lookup = "endpoint__organisation"
    output_serializer_class = DeliveryOutputSerializer
    filter_backends = [DjangoFilterBackend, StableOrderingFilter]
    filterset_class = DeliveryFilter
    ordering_fields = ["id", "created_at"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self):
        return self.scope(Delivery.objects.all())
