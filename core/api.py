"""Shared API plumbing: one error vocabulary, pagination, organisation and role permissions."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import (
    NON_FIELD_ERRORS,
    RequestDataTooBig,
    ValidationError as DjangoValidationError,
)
from django.db import IntegrityError, models
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.filters import OrderingFilter
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from accounts.selectors import can_edit, can_waive, membership_of, organisation_of
from core import history as core_history
from core.constraints import integrity_field_errors
from core.exceptions import ApplicationError
from deadlines.reasons import reason_words

NON_FIELD = api_settings.NON_FIELD_ERRORS_KEY
# Legal dates outside this range are typing mistakes; beyond it date arithmetic would overflow.
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2199, 12, 31)
# Primary keys are 64-bit; a larger number in a URL is simply not found.
MAX_PK = 2**63 - 1


def is_pk(value) -> bool:
    """A primary key as typed in a URL: ASCII digits only (str.isdigit() also accepts "²")."""
    text = str(value)
    return text.isascii() and text.isdigit() and int(text) <= MAX_PK


# --- errors ------------------------------------------------------------------------------------


def _flatten(value, prefix: str = "") -> list[str]:
    """Nested serializer errors as plain messages, prefixed with where they occurred."""
    if isinstance(value, dict):
        messages = []
        for key, inner in value.items():
            label = f"[{key}]" if str(key).isdigit() else str(key)
            where = (
                f"{prefix}{label}" if label.startswith("[") or not prefix else f"{prefix}.{label}"
            )
            messages.extend(_flatten(inner, where))
        return messages
    if isinstance(value, list | tuple):
        messages = []
        for index, inner in enumerate(value):
            if isinstance(inner, dict | list | tuple):
                if inner:
                    messages.extend(_flatten(inner, f"{prefix}[{index}]"))
            else:
                messages.append(f"{prefix}: {inner}" if prefix else str(inner))
        return messages
    return [f"{prefix}: {value}" if prefix else str(value)]


def field_errors(data) -> dict[str, list[str]]:
    """Every 400 body has one shape: {"field": ["message", ...]}."""
    if not isinstance(data, dict):
        return {NON_FIELD: _flatten(data)}
    return {
        (NON_FIELD if key == NON_FIELD_ERRORS else str(key)): _flatten(value)
        for key, value in data.items()
    }


def _from_django(exc: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return field_errors(exc.message_dict)
    return {NON_FIELD: list(exc.messages)}


class PayloadTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is larger than this server accepts."
    default_code = "payload_too_large"


def exception_handler(exc, context):
    """DRF's handler, plus the service vocabulary: never a 500 for a refused write."""
    if isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    elif isinstance(exc, DjangoValidationError):
        exc = ValidationError(_from_django(exc))
    elif isinstance(exc, ApplicationError):
        exc = ValidationError({NON_FIELD: [exc.message]})
    elif isinstance(exc, IntegrityError):
        exc = ValidationError(
            integrity_field_errors(exc)
            or {NON_FIELD: [_("This change conflicts with a record that already exists.")]}
        )
    elif isinstance(exc, OverflowError):
        exc = ValidationError({NON_FIELD: [_("A number or date is out of range.")]})
    response = drf_exception_handler(exc, context)
    if response is not None and response.status_code == status.HTTP_400_BAD_REQUEST:
        # Every 400 has the field-errors shape, malformed JSON included.
        if isinstance(exc, ValidationError):
            response.data = field_errors(response.data)
        else:
            response.data = {NON_FIELD: _flatten(response.data.get("detail", response.data))}
    return response


# --- pagination --------------------------------------------------------------------------------


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request):
        """DRF ignores a page_size it cannot read; here it is a field error, like a filter's."""
        raw = request.query_params.get(self.page_size_query_param)
        if raw is not None and not (raw.isascii() and raw.isdigit() and int(raw) > 0):
            raise ValidationError({self.page_size_query_param: ["Give a whole number from 1."]})
        return super().get_page_size(request)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
        return parameters


class StableOrderingFilter(OrderingFilter):
    """`?ordering=` made total: the primary key breaks ties, so pages never overlap or skip.

    Ordering by a non-unique column alone (due_date) lets PostgreSQL return tied rows in any
    order, and differently from one LIMIT/OFFSET to the next.
    """

    def get_ordering(self, request, queryset, view):
        ordering = super().get_ordering(request, queryset, view)
        if ordering and not any(field.lstrip("-") in ("id", "pk") for field in ordering):
            ordering = [*ordering, "id"]
        return ordering


# --- permissions -------------------------------------------------------------------------------


class IsOrgMember(permissions.BasePermission):
    """Signed in and a member of an organisation: every API call needs both."""

    message = "You need a membership of an organisation to use the API."

    def has_permission(self, request, view):
        return membership_of(request.user) is not None


class CanEditOrReadOnly(permissions.BasePermission):
    """Everyone in the organisation reads; paralegals and counsel write."""

    message = "Only counsel and paralegals can change records."

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        return can_edit(request.user)


class IsCounsel(permissions.BasePermission):
    message = "Only counsel can do this."

    def has_permission(self, request, view):
        return can_waive(request.user)


API_PERMISSIONS = [permissions.IsAuthenticated, IsOrgMember]


# --- fields and views --------------------------------------------------------------------------


class LegalDateField(serializers.DateField):
    """A Shanghai-calendar date within a range the deadline arithmetic can handle."""

    def to_internal_value(self, value):
        date = super().to_internal_value(value)
        if not EARLIEST_DATE <= date <= LATEST_DATE:
            raise ValidationError(
                _("Give a date between %(earliest)s and %(latest)s.")
                % {"earliest": EARLIEST_DATE.isoformat(), "latest": LATEST_DATE.isoformat()}
            )
        return date


class OrgScopedRelatedField(serializers.PrimaryKeyRelatedField):
    """A foreign key limited to the requesting user's organisation.

    `scope` is the lookup from the related model to its organisation (default `organisation`).
    Another organisation's id is reported exactly like an id that does not exist.
    """

    def __init__(self, *, scope: str = "organisation", **kwargs):
        self.scope = scope
        super().__init__(**kwargs)

    def get_queryset(self):
        queryset = super().get_queryset()
        request = self.context.get("request")
        org = organisation_of(request.user) if request else None
        if org is None:
            return queryset.none()
        return queryset.filter(**{self.scope: org})

    def to_internal_value(self, data):
        if isinstance(data, int) and not isinstance(data, bool) and not 0 < data <= MAX_PK:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)


class OrgScopedMixin:
    """Scoping in the query layer: a view only ever sees its user's organisation's rows."""

    permission_classes = API_PERMISSIONS
    org_lookup = "organisation"

    @property
    def organisation(self):
        return organisation_of(self.request.user)

    def scope(self, queryset):
        org = self.organisation
        if org is None:
            return queryset.none()
        return queryset.filter(**{self.org_lookup: org})

    def get_object(self):
        lookup = self.kwargs.get(self.lookup_url_kwarg or self.lookup_field)
        if lookup is not None and not is_pk(lookup):
            raise Http404
        return super().get_object()


class InputSerializer(serializers.ModelSerializer):
    """Base of write serializers: shape only (the service runs the model's full validation)."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateField: LegalDateField,
    }


class ServiceViewSet(OrgScopedMixin, viewsets.GenericViewSet):
    """Thin views: read the input serializer, call one service, answer with the output one."""

    pagination_class = Pagination
    # Any path segment reaches the view, so a malformed id is a JSON 404 like a missing one.
    lookup_value_regex = "[^/]+"
    input_serializer_class: type[serializers.Serializer] | None = None
    output_serializer_class: type[serializers.Serializer] | None = None

    def get_serializer_class(self):
        return self.output_serializer_class

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "organisation": self.organisation}

    def read_input(self, serializer_class=None, *, instance=None, partial=False, **context) -> dict:
        serializer = (serializer_class or self.input_serializer_class)(
            instance=instance,
            data=self.request.data,
            partial=partial,
            context={**self.get_serializer_context(), **context},
        )
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def render_output(self, instance, status_code=status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=instance.pk)
        return Response(self.get_serializer(fresh).data, status=status_code)

    def existing_by_external_id(self):
        """Idempotent integration writes: the object the posted external_id already names.

        Looked up before validation, so that a retried POST finds its first result even when
        the payload would now clash with it (same application or recordal number).
        """
        data = self.request.data
        external_id = data.get("external_id") if hasattr(data, "get") else None
        if not isinstance(external_id, str) or not external_id.strip():
            return None
        return self.get_queryset().filter(external_id=external_id.strip()).first()

    def create_idempotently(self, create) -> Response:
        """201 with what `create(validated data)` made, or 200 with the record the posted
        external_id already names, also when a concurrent POST with the same external_id
        committed it while this one ran: the loser's unique-constraint error (IntegrityError
        on insert, or a ValidationError from full_clean once the winner committed) is answered
        with the winner's record instead."""
        existing = self.existing_by_external_id()
        if existing is not None:
            return self.render_output(existing)
        data = self.read_input()
        try:
            instance = create(data)
        except (IntegrityError, DjangoValidationError):
            existing = self.existing_by_external_id()
            if existing is None:
                raise
            return self.render_output(existing)
        return self.render_output(instance, status.HTTP_201_CREATED)

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        return Response(self.get_serializer(self.get_object()).data)


# --- history: /<resource>/{id}/history/ ------------------------------------------------------


def _plain(value):
    """A stored value as JSON: dates ISO, money as a decimal string, ids as they are."""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if value is None or isinstance(value, bool | int | float | str | list | dict):
        return value
    return str(value)


@extend_schema_field(OpenApiTypes.ANY)
class StoredValueField(serializers.Field):
    def to_representation(self, value):
        return _plain(value)


class HistoryChangeSerializer(serializers.Serializer):
    field = serializers.CharField(source="name", help_text="The field's name (ids end in _id).")
    label = serializers.CharField(help_text="The field's name in the request's language.")
    old = StoredValueField(help_text="The value before (as stored: codes, ids, ISO dates).")
    new = StoredValueField(help_text="The value after.")


class HistoryEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The history entry's id.")
    at = serializers.DateTimeField(source="when")
    type = serializers.ChoiceField(source="kind", choices=["created", "changed", "deleted"])
    user = serializers.SerializerMethodField(help_text="Who made it (null: the system).")
    user_name = serializers.SerializerMethodField()
    reason = serializers.SerializerMethodField(
        help_text="Why, in the request's language (a calendar notice, a changed fact, an import)."
    )
    reason_stored = serializers.CharField(
        source="reason", help_text="The reason as stored (English with its values)."
    )
    changes = HistoryChangeSerializer(
        source="fields", many=True, help_text="Fields that differ from the entry before."
    )

    def get_user(self, entry) -> int | None:
        return entry.who.pk if entry.who else None

    def get_user_name(self, entry) -> str:
        return (entry.who.get_full_name() or entry.who.get_username()) if entry.who else ""

    def get_reason(self, entry) -> str:
        return reason_words(entry.reason)


class HistoryPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = HistoryEntrySerializer(many=True)


class HistoryMixin:
    """`GET /<resource>/{id}/history/`: the record's change history, newest first, paginated:
    who, when, each field's old and new value, and why. Scoped like the record itself (another
    organisation's id is a 404). Four reads: the record, the count, the page, the entry before
    the page's last (for its diff)."""

    @extend_schema(
        summary="Change history",
        parameters=[
            OpenApiParameter("page", int, description="Page number (1 = newest changes)."),
            OpenApiParameter("page_size", int, description="Entries per page (up to 500)."),
        ],
        responses=HistoryPageSerializer,
        filters=False,
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=Pagination)
    def history(self, request, pk=None):
        record = self.get_object()
        queryset = core_history.newest_first(record.history)
        paginator = Pagination()
        records = list(paginator.paginate_queryset(queryset, request, view=self))
        if records and paginator.page.has_next():
            before = core_history.older_than(queryset, records[-1])
            if before is not None:
                records.append(before)
        entries = core_history.entries(records, raw=True)[: paginator.page.paginator.per_page]
        return paginator.get_paginated_response(HistoryEntrySerializer(entries, many=True).data)


# --- schema ------------------------------------------------------------------------------------

_ERROR_COMPONENTS = {
    "FieldErrors": {
        "type": "object",
        "description": 'Bad input: {"field": ["message", ...]}; nothing was saved.',
        "additionalProperties": {"type": "array", "items": {"type": "string"}},
    },
    "ErrorDetail": {
        "type": "object",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
}
_ERROR_RESPONSES = {
    "400": ("FieldErrors", "Bad input (field errors); nothing was saved."),
    "401": ("ErrorDetail", "Not authenticated."),
    "403": ("ErrorDetail", "Authenticated, but the role does not allow this."),
    "404": ("ErrorDetail", "Not found (or another organisation's object)."),
}


def document_errors(result, generator, request, public):
    """Postprocessing hook: every operation documents its 400/401/403/404 bodies."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.update(_ERROR_COMPONENTS)
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for code, (component, description) in _ERROR_RESPONSES.items():
                operation["responses"].setdefault(
                    code,
                    {
                        "description": description,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": f"#/components/schemas/{component}"}
                            }
                        },
                    },
                )
    return result
