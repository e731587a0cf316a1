"""The organisation's members, read-only (to pick a `responsible` user by id); the caller's own
API tokens (list, create with the key returned once, revoke)."""

from django.http import Http404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from accounts.models import ApiToken, Membership
from accounts.tokens import token_create, token_revoke, tokens_of
from core.api import Pagination, ServiceViewSet, StableOrderingFilter

from .serializers import (
    ApiTokenCreatedSerializer,
    ApiTokenInputSerializer,
    ApiTokenOutputSerializer,
    MemberOutputSerializer,
)


class MemberViewSet(ServiceViewSet):
    output_serializer_class = MemberOutputSerializer
    filter_backends = [DjangoFilterBackend, StableOrderingFilter]
    filterset_fields = ["role"]
    ordering_fields = ["id", "user__username", "role"]
    ordering = ["user__username"]

    def get_queryset(self):
        return self.scope(Membership.objects.select_related("user"))


class ApiTokenViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The caller's own tokens, not revoked (expired ones included, with their `expires_at`).
    Another user's token is a 404. A read-only token cannot create or revoke (403)."""

    permission_classes = [IsAuthenticated]
    serializer_class = ApiTokenOutputSerializer
    pagination_class = Pagination
    lookup_value_regex = "[^/]+"
    filter_backends = []

    def get_queryset(self):
        return tokens_of(self.request.user)

    @extend_schema(request=ApiTokenInputSerializer, responses={201: ApiTokenCreatedSerializer})
    def create(self, request):
        serializer = ApiTokenInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token, key = token_create(user=request.user, **serializer.validated_data)
        token.key = key
        response = Response(ApiTokenCreatedSerializer(token).data, status=status.HTTP_201_CREATED)
        response["Cache-Control"] = "no-store"
        return response

    @extend_schema(request=None, responses={204: None})
    def destroy(self, request, pk=None):
        try:
            token_revoke(user=request.user, token_id=int(pk))
        except (ApiToken.DoesNotExist, ValueError, OverflowError) as exc:
            raise Http404 from exc
        return Response(status=status.HTTP_204_NO_CONTENT)
