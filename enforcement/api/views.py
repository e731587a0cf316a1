"""Infringers, evidence, letters and platform complaints over HTTP: thin views over the services."""

import mimetypes

from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.views import APIView

from core.api import (
    API_PERMISSIONS,
    CanEditOrReadOnly,
    HistoryMixin,
    OrgScopedMixin,
    ServiceViewSet,
    StableOrderingFilter,
    is_pk,
)
from core.clock import today_legal
from customs.models import Recordal
from enforcement import customs_work, monitoring, services
from enforcement.customs_pack import pack_issue
from enforcement.documents import DOCX_CONTENT_TYPE, letter_document, letter_filename
from enforcement.models import (
    CeaseDesistLetter,
    DetentionApplication,
    Evidence,
    Infringer,
    Listing,
    MonitoringPlan,
    PlatformComplaint,
    Sweep,
)

from .filters import (
    DetentionApplicationFilter,
    EvidenceFilter,
    InfringerFilter,
    LetterFilter,
    MonitoringPlanFilter,
    PlatformComplaintFilter,
    SweepFilter,
)
from .serializers import (
    ComplaintTransitionInputSerializer,
    CounterNoticeInputSerializer,
    DetentionApplicationInputSerializer,
    DetentionApplicationOutputSerializer,
    EvidenceDescribeInputSerializer,
    EvidenceInputSerializer,
    EvidenceOutputSerializer,
    InfringerInputSerializer,
    InfringerMergeInputSerializer,
    InfringerOutputSerializer,
    LetterInputSerializer,
    LetterOutputSerializer,
    MonitoringPlanInputSerializer,
    MonitoringPlanOutputSerializer,
    PlatformComplaintInputSerializer,
    PlatformComplaintOutputSerializer,
    SweepInputSerializer,
    SweepOutputSerializer,
)

BINARY = OpenApiResponse(OpenApiTypes.BINARY, description="The file's bytes.")


class _EnforcementViewSet(HistoryMixin, ServiceViewSet):
    permission_classes = [*API_PERMISSIONS, CanEditOrReadOnly]
    filter_backends = [DjangoFilterBackend, StableOrderingFilter]


def _crud_schema(input_serializer, output_serializer):
    return extend_schema_view(
        create=extend_schema(request=input_serializer, responses={201: output_serializer}),
        update=extend_schema(request=input_serializer, responses=output_serializer),
        partial_update=extend_schema(request=input_serializer, responses=output_serializer),
    )


@_crud_schema(InfringerInputSerializer, InfringerOutputSerializer)
class InfringerViewSet(mixins.UpdateModelMixin, _EnforcementViewSet):
    """Companies, individuals, stores and seller accounts, one record across customs and every
    platform; merged duplicates stay (with `merged_into`) for their history."""

    input_serializer_class = InfringerInputSerializer
    output_serializer_class = InfringerOutputSerializer
    filterset_class = InfringerFilter
    ordering_fields = ["id", "name", "name_zh", "created_at"]
    ordering = ["name", "name_zh", "id"]

    def get_queryset(self):
        return self.scope(Infringer.objects.all()).prefetch_related("customs_notices")

    def create(self, request, *args, **kwargs):
        data = self.read_input()
        infringer = services.infringer_create(
            organisation=self.organisation, actor=request.user, **data
        )
        return self.render_output(infringer, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        infringer = self.get_object()
        data = self.read_input(instance=infringer, partial=kwargs.get("partial", False))
        infringer = services.infringer_update(infringer=infringer, actor=request.user, **data)
        return self.render_output(infringer)

    @extend_schema(request=InfringerMergeInputSerializer, responses=InfringerOutputSerializer)
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        """Fold a duplicate into this record: its letters, complaints and notices move here."""
        keep = self.get_object()
        data = self.read_input(InfringerMergeInputSerializer)
        keep = services.infringer_merge(keep=keep, duplicate=data["duplicate"], actor=request.user)
        return self.render_output(keep)


@extend_schema_view(
    create=extend_schema(
        request=EvidenceInputSerializer, responses={201: EvidenceOutputSerializer}
    ),
    partial_update=extend_schema(
        request=EvidenceDescribeInputSerializer, responses=EvidenceOutputSerializer
    ),
)
class EvidenceViewSet(_EnforcementViewSet):
    """Evidence files (multipart upload). `sha256`, `size` and `uploaded_at` are recorded on
    upload and never change; a new version is a new upload with `supersedes`."""

    http_method_names = ["get", "post", "patch", "head", "options"]
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    input_serializer_class = EvidenceInputSerializer
    output_serializer_class = EvidenceOutputSerializer
    filterset_class = EvidenceFilter
    ordering_fields = ["id", "uploaded_at", "captured_at", "size"]
    ordering = ["-uploaded_at", "-id"]

    def get_queryset(self):
        return self.scope(Evidence.objects.all())

    def create(self, request, *args, **kwargs):
        data = self.read_input()
        evidence = services.evidence_upload(
            organisation=self.organisation, actor=request.user, **data
        )
        return self.render_output(evidence, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        evidence = self.get_object()
        data = self.read_input(EvidenceDescribeInputSerializer, instance=evidence, partial=True)
        evidence = services.evidence_describe(
            evidence=evidence,
            actor=request.user,
            description=data.get("description", evidence.description),
            kind=data.get("kind"),
        )
        return self.render_output(evidence)

    @extend_schema(responses={200: BINARY})
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        """The stored bytes, to members of the evidence's organisation only."""
        evidence = self.get_object()
        return evidence_file_response(evidence)


def evidence_file_response(evidence: Evidence) -> FileResponse:
    storage = evidence.file.storage
    if not storage.exists(evidence.file.name):
        raise Http404
    content_type = mimetypes.guess_type(evidence.original_name)[0] or "application/octet-stream"
    response = FileResponse(
        storage.open(evidence.file.name, "rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=content_type,
    )
    response["X-Content-SHA256"] = evidence.sha256
    return response


@_crud_schema(LetterInputSerializer, LetterOutputSerializer)
class LetterViewSet(mixins.UpdateModelMixin, _EnforcementViewSet):
    """Cease-and-desist letters; `reply_due` is computed (the organisation's reply period, a
    last day on a rest day moved to the next working day). `document/` gives the .docx."""

    input_serializer_class = LetterInputSerializer
    output_serializer_class = LetterOutputSerializer
    filterset_class = LetterFilter
    ordering_fields = ["id", "sent_on", "reply_due", "created_at"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self):
        return self.scope(CeaseDesistLetter.objects.all()).prefetch_related("rights", "evidence")

    def create(self, request, *args, **kwargs):
        data = self.read_input()
        letter = services.letter_create(organisation=self.organisation, actor=request.user, **data)
        return self.render_output(letter, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        letter = self.get_object()
        data = self.read_input(instance=letter, partial=kwargs.get("partial", False))
        letter = services.letter_update(letter=letter, actor=request.user, **data)
        return self.render_output(letter)

    @extend_schema(responses={200: BINARY})
    @action(detail=True, methods=["get"])
    def document(self, request, pk=None):
        """The letter as an editable .docx (English and/or Chinese, as its language says)."""
        letter = self.get_object()
        return letter_docx_response(letter)


def letter_docx_response(letter: CeaseDesistLetter) -> HttpResponse:
    response = HttpResponse(
        letter_document(letter, today=today_legal()), content_type=DOCX_CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="{letter_filename(letter)}"'
    return response


@_crud_schema(PlatformComplaintInputSerializer, PlatformComplaintOutputSerializer)
class PlatformComplaintViewSet(mixins.UpdateModelMixin, _EnforcementViewSet):
    """Complaints to e-commerce platforms (E-Commerce Law art. 42). The status moves through
    `transition/`; `counter-notice/` records the seller's declaration and starts the art. 43
    15-day window (`counter_notice_due`, and rule `ecommerce_counter_notice` in deadlines)."""

    input_serializer_class = PlatformComplaintInputSerializer
    output_serializer_class = PlatformComplaintOutputSerializer
    filterset_class = PlatformComplaintFilter
    ordering_fields = ["id", "submitted_on", "counter_notice_due", "status", "created_at"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self):
        return self.scope(PlatformComplaint.objects.all()).prefetch_related(
            Prefetch("listings", queryset=Listing.objects.order_by("id")), "evidence"
        )

    def create(self, request, *args, **kwargs):
        data = self.read_input()
        complaint = services.complaint_create(
            organisation=self.organisation, actor=request.user, **data
        )
        return self.render_output(complaint, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        complaint = self.get_object()
        data = self.read_input(instance=complaint, partial=kwargs.get("partial", False))
        complaint = services.complaint_update(complaint=complaint, actor=request.user, **data)
        return self.render_output(complaint)

    @extend_schema(
        request=CounterNoticeInputSerializer, responses=PlatformComplaintOutputSerializer
    )
    @action(detail=True, methods=["post"], url_path="counter-notice")
    def counter_notice(self, request, pk=None):
        """The seller's counter-notice reached us on `received_on`: the 15-day window starts."""
        complaint = self.get_object()
        data = self.read_input(CounterNoticeInputSerializer)
        complaint = services.complaint_counter_notice(
            complaint=complaint, actor=request.user, **data
        )
        return self.render_output(complaint)

    @extend_schema(
        request=ComplaintTransitionInputSerializer, responses=PlatformComplaintOutputSerializer
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        """Move the complaint to its next status (only the allowed steps), with the date."""
        complaint = self.get_object()
        data = self.read_input(ComplaintTransitionInputSerializer)
        complaint = services.complaint_transition(complaint=complaint, actor=request.user, **data)
        return self.render_output(complaint)


@_crud_schema(DetentionApplicationInputSerializer, DetentionApplicationOutputSerializer)
class DetentionApplicationViewSet(mixins.UpdateModelMixin, _EnforcementViewSet):
    """Customs action on application (Reg. arts. 12-15): the right holder asks the port's customs
    to detain suspected goods, for a recorded or an unrecorded right. `bond_cny` equals the
    goods' value (Reg. art. 14); once `detained_on` is given, `court_order_due` is 20 China
    working days on (Reg. art. 24(1)), rule `detention_court_order_on_application` in
    deadlines. `status` follows from the dates."""

    input_serializer_class = DetentionApplicationInputSerializer
    output_serializer_class = DetentionApplicationOutputSerializer
    filterset_class = DetentionApplicationFilter
    ordering_fields = ["id", "applied_on", "detained_on", "court_order_due", "created_at"]
    ordering = ["-applied_on", "-id"]

    def get_queryset(self):
        return self.scope(DetentionApplication.objects.all()).prefetch_related(
            "infringers", "evidence"
        )

    def create(self, request, *args, **kwargs):
        data = self.read_input()
        application = customs_work.detention_application_create(
            organisation=self.organisation, actor=request.user, **data
        )
        return self.render_output(application, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        application = self.get_object()
        data = self.read_input(instance=application, partial=kwargs.get("partial", False))
        application = customs_work.detention_application_update(
            application=application, actor=request.user, **data
        )
        return self.render_output(application)


@_crud_schema(MonitoringPlanInputSerializer, MonitoringPlanOutputSerializer)
class MonitoringPlanViewSet(mixins.UpdateModelMixin, _EnforcementViewSet):
    """Manual monitoring plans, one per right and platform: a sweep every `interval_days`;
    `next_sweep_due` is also a deadline (rule `monitoring_sweep_due`)."""

    input_serializer_class = MonitoringPlanInputSerializer
    output_serializer_class = MonitoringPlanOutputSerializer
    filterset_class = MonitoringPlanFilter
    ordering_fields = ["id", "next_sweep_due", "started_on", "created_at"]
    ordering = ["next_sweep_due", "id"]

    def get_queryset(self):
        return self.scope(MonitoringPlan.objects.all()).annotate(n_sweeps=Count("sweeps"))

    def create(self, request, *args, **kwargs):
        data = self.read_input()
        plan = monitoring.monitoring_plan_create(
            organisation=self.organisation, actor=request.user, **data
        )
        return self.render_output(plan, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        plan = self.get_object()
        data = self.read_input(instance=plan, partial=kwargs.get("partial", False))
        plan = monitoring.monitoring_plan_update(plan=plan, actor=request.user, **data)
        return self.render_output(plan)


@extend_schema_view(
    create=extend_schema(request=SweepInputSerializer, responses={201: SweepOutputSerializer})
)
class SweepViewSet(_EnforcementViewSet):
    """Logged sweeps of monitoring plans (who, when, what was searched, listings found). Posting
    a sweep with `draft_complaint` turns its listings into a draft platform complaint."""

    http_method_names = ["get", "post", "head", "options"]
    input_serializer_class = SweepInputSerializer
    output_serializer_class = SweepOutputSerializer
    filterset_class = SweepFilter
    ordering_fields = ["id", "swept_on", "created_at"]
    ordering = ["-swept_on", "-id"]

    def get_queryset(self):
        return self.scope(Sweep.objects.all())

    def create(self, request, *args, **kwargs):
        data = self.read_input()
        sweep = monitoring.sweep_log(actor=request.user, **data)
        return self.render_output(sweep, status.HTTP_201_CREATED)


class CustomsPackView(OrgScopedMixin, APIView):
    """The customs collaboration pack of a recordal, as .docx, built from the current facts."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Recordal id"
            )
        ],
        responses={200: BINARY},
        description="The recordal's customs collaboration pack (.docx, bilingual headings): "
        "genuine-product identification, authorised licensees, manufacturers and exporters, "
        "known infringers and their routes, earlier detentions and contacts. Built from the "
        "current facts on each request; each download is recorded.",
    )
    def get(self, request, id: str):
        if not is_pk(id):
            raise Http404
        recordal = get_object_or_404(self.scope(Recordal.objects.all()), pk=id)
        body, filename = pack_issue(recordal=recordal, actor=request.user)
        response = HttpResponse(body, content_type=DOCX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
