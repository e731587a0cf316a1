"""Recordals, parties, customs notices and guarantees over HTTP: thin views over the services."""

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
from customs import services
from customs.models import CustomsNotice, GeneralGuarantee, Recordal, RecordalParty

from .filters import (
    CustomsNoticeFilter,
    GeneralGuaranteeFilter,
    RecordalFilter,
    RecordalPartyFilter,
)
from .serializers import (
    CustomsNoticeInputSerializer,
    CustomsNoticeOutputSerializer,
    CustomsNoticeRespondInputSerializer,
    GeneralGuaranteeInputSerializer,
    GeneralGuaranteeOutputSerializer,
    RecordalInputSerializer,
    RecordalOutputSerializer,
    RecordalPartyInputSerializer,
    RecordalPartyOutputSerializer,
    RecordalRenewInputSerializer,
)

IDEMPOTENT_CREATE = (
    "With an `external_id` that already names one of your organisation's records, nothing is "
    "created or changed: the existing record is returned with 200. Otherwise 201."
)


class _CustomsViewSet(HistoryMixin, ServiceViewSet):
    permission_classes = [*API_PERMISSIONS, CanEditOrReadOnly]
    filter_backends = [DjangoFilterBackend, StableOrderingFilter]


@extend_schema_view(
    create=extend_schema(
        request=RecordalInputSerializer,
        responses={201: RecordalOutputSerializer, 200: RecordalOutputSerializer},
        description=IDEMPOTENT_CREATE,
    ),
    update=extend_schema(request=RecordalInputSerializer, responses=RecordalOutputSerializer),
    partial_update=extend_schema(
        request=RecordalInputSerializer, responses=RecordalOutputSerializer
    ),
)
class RecordalViewSet(mixins.UpdateModelMixin, _CustomsViewSet):
    """GACC recordals; `valid_until` and `renewal_window_opens` are computed, read-only."""

    input_serializer_class = RecordalInputSerializer
    output_serializer_class = RecordalOutputSerializer
    filterset_class = RecordalFilter
    ordering_fields = ["id", "applied_on", "approved_on", "valid_until", "status"]
    ordering = ["-applied_on", "id"]

    def get_queryset(self):
        return self.scope(Recordal.objects.all()).prefetch_related(
            Prefetch("parties", queryset=RecordalParty.objects.order_by("id"))
        )

    def create(self, request, *args, **kwargs):
        return self.create_idempotently(
            lambda data: services.recordal_register(
                organisation=self.organisation, actor=request.user, **data
            )
        )

    def update(self, request, *args, **kwargs):
        recordal = self.get_object()
        data = self.read_input(instance=recordal, partial=kwargs.get("partial", False))
        data.pop("right", None)
        recordal = services.recordal_update(recordal=recordal, actor=request.user, **data)
        return self.render_output(recordal)

    @extend_schema(request=RecordalRenewInputSerializer, responses=RecordalOutputSerializer)
    @action(detail=True, methods=["post"])
    def renew(self, request, pk=None):
        """GACC approved a renewal of the recordal: store its new end date."""
        recordal = self.get_object()
        data = self.read_input(RecordalRenewInputSerializer)
        recordal = services.recordal_renew(recordal=recordal, actor=request.user, **data)
        return self.render_output(recordal)


@extend_schema_view(
    create=extend_schema(
        request=RecordalPartyInputSerializer, responses={201: RecordalPartyOutputSerializer}
    )
)
class RecordalPartyViewSet(_CustomsViewSet):
    """Licensees, manufacturers, exporters and known infringers recorded with a recordal."""

    org_lookup = "recordal__organisation"
    input_serializer_class = RecordalPartyInputSerializer
    output_serializer_class = RecordalPartyOutputSerializer
    filterset_class = RecordalPartyFilter
    ordering_fields = ["id", "name", "role"]
    ordering = ["id"]

    def get_queryset(self):
        return self.scope(RecordalParty.objects.all())

    def create(self, request, *args, **kwargs):
        data = self.read_input()
        party = services.recordal_party_add(actor=request.user, **data)
        return self.render_output(party, status.HTTP_201_CREATED)


@extend_schema_view(
    create=extend_schema(
        request=CustomsNoticeInputSerializer,
        responses={201: CustomsNoticeOutputSerializer, 200: CustomsNoticeOutputSerializer},
        description=IDEMPOTENT_CREATE,
    ),
    update=extend_schema(
        request=CustomsNoticeInputSerializer, responses=CustomsNoticeOutputSerializer
    ),
    partial_update=extend_schema(
        request=CustomsNoticeInputSerializer, responses=CustomsNoticeOutputSerializer
    ),
)
class CustomsNoticeViewSet(mixins.UpdateModelMixin, _CustomsViewSet):
    """Notices of suspected goods; `response_due`, `bond_cny`, `provisional` and
    `explanation` are computed (3 China working days from the day after service)."""

    input_serializer_class = CustomsNoticeInputSerializer
    output_serializer_class = CustomsNoticeOutputSerializer
    filterset_class = CustomsNoticeFilter
    ordering_fields = ["id", "served_on", "response_due", "status"]
    ordering = ["-served_on", "id"]

    def get_queryset(self):
        return self.scope(CustomsNotice.objects.all())

    def create(self, request, *args, **kwargs):
        return self.create_idempotently(
            lambda data: services.customs_notice_register(
                organisation=self.organisation, actor=request.user, **data
            )
        )

    def update(self, request, *args, **kwargs):
        notice = self.get_object()
        data = self.read_input(instance=notice, partial=kwargs.get("partial", False))
        data.pop("recordal", None)
        notice = services.customs_notice_update(notice=notice, actor=request.user, **data)
        return self.render_output(notice)

    @extend_schema(
        request=CustomsNoticeRespondInputSerializer, responses=CustomsNoticeOutputSerializer
    )
    @action(detail=True, methods=["post"])
    def respond(self, request, pk=None):
        """Record our answer: detain (with bond) or explain; detention starts further clocks."""
        notice = self.get_object()
        data = self.read_input(CustomsNoticeRespondInputSerializer, notice=notice)
        notice = services.customs_notice_answer(notice=notice, actor=request.user, **data)
        return self.render_output(notice)


@extend_schema_view(
    create=extend_schema(
        request=GeneralGuaranteeInputSerializer,
        responses={201: GeneralGuaranteeOutputSerializer},
    )
)
class GeneralGuaranteeViewSet(_CustomsViewSet):
    """Yearly general guarantees; `covers_until` and `letter_valid_until` are computed."""

    input_serializer_class = GeneralGuaranteeInputSerializer
    output_serializer_class = GeneralGuaranteeOutputSerializer
    filterset_class = GeneralGuaranteeFilter
    ordering_fields = ["id", "year"]
    ordering = ["-year"]

    def get_queryset(self):
        return self.scope(GeneralGuarantee.objects.all())

    def create(self, request, *args, **kwargs):
        data = self.read_input()
        guarantee = services.guarantee_register(
            organisation=self.organisation, actor=request.user, **data
        )
        return self.render_output(guarantee, status.HTTP_201_CREATED)
