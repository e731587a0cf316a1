"""Customs recordals, notices and guarantees in the admin, saved through customs.services."""

from django.contrib import admin
from django.utils.html import format_html, linebreaks

from core.admin_mixins import OrgScopedAdmin, OrgScopedInline, ReadOnlyInline, service_actor
from deadlines.models import Deadline

from .models import (
    CustomsNotice,
    GeneralGuarantee,
    Recordal,
    RecordalChange,
    RecordalImage,
    RecordalParty,
    RecordalRoute,
)
from .services import (
    customs_notice_register,
    customs_notice_update,
    guarantee_register,
    guarantee_update,
    recordal_change_register,
    recordal_change_remove,
    recordal_change_update,
    recordal_detail_remove,
    recordal_detail_save,
    recordal_register,
    recordal_update,
)


class _RecordalPart(OrgScopedInline):
    organisation_path = "recordal__organisation"
    extra = 0


class RecordalPartyInline(_RecordalPart, admin.TabularInline):
    model = RecordalParty
    fields = ["role", "name", "country", "address", "licence_from", "licence_until", "notes"]


class RecordalRouteInline(_RecordalPart, admin.TabularInline):
    model = RecordalRoute
    fields = ["port", "route", "notes"]


class RecordalImageInline(_RecordalPart, admin.TabularInline):
    model = RecordalImage
    fields = ["image", "caption"]


class RecordalChangeInline(_RecordalPart, admin.TabularInline):
    model = RecordalChange
    fields = ["kind", "occurred_on", "filed_on", "description"]
    verbose_name_plural = "Changes GACC must be told of (within 30 working days)"


class _DeadlineInline(ReadOnlyInline, admin.TabularInline):
    model = Deadline
    fields = ["rule", "title", "due_date", "act_by", "status", "provisional", "why"]
    readonly_fields = fields
    verbose_name_plural = "Deadlines (computed; read-only)"

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("due_date", "id")

    @admin.display(description="Why this date")
    def why(self, obj):
        return linebreaks(obj.explanation)


class RecordalDeadlineInline(_DeadlineInline):
    fk_name = "recordal"


class NoticeDeadlineInline(_DeadlineInline):
    fk_name = "customs_notice"


class GuaranteeDeadlineInline(_DeadlineInline):
    fk_name = "guarantee"


@admin.register(Recordal)
class RecordalAdmin(OrgScopedAdmin):
    inlines = [
        RecordalPartyInline,
        RecordalRouteInline,
        RecordalImageInline,
        RecordalChangeInline,
        RecordalDeadlineInline,
    ]
    list_display = [
        "recordal_number",
        "right",
        "status",
        "applied_on",
        "approved_on",
        "valid_until",
        "renewal_window_opens",
    ]
    list_filter = ["status"]
    list_select_related = ["right"]
    search_fields = [
        "recordal_number",
        "external_id",
        "right__title",
        "right__application_number",
        "right__registration_number",
    ]
    date_hierarchy = "applied_on"
    autocomplete_fields = ["right"]
    readonly_fields = ["valid_until", "renewal_window_opens", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["right", "recordal_number", "status", "external_id"]}),
        (
            "Dates",
            {
                "fields": [
                    "applied_on",
                    "approved_on",
                    "office_valid_until",
                    "valid_until",
                    "renewal_window_opens",
                ],
                "description": "Valid until and the renewal window are computed (10 years from "
                "approval, capped by the right's term, unless GACC's own end date is entered).",
            },
        ),
        ("Notes", {"fields": ["genuine_product_notes", "notes", "created_at", "updated_at"]}),
    ]

    def service_save(self, request, obj, form, change):
        values = self.form_values(obj, form, change)
        actor = service_actor(request.user)
        if change:
            return recordal_update(recordal=obj, actor=actor, **values)
        values.pop("right", None)
        return recordal_register(
            organisation=obj.organisation, right=obj.right, actor=actor, **values
        )

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            readonly.append("right")  # a recordal's right never changes (see recordal_update)
        return readonly

    def save_formset(self, request, form, formset, change):
        """Every inline row goes through its service (changes recompute the 30-WD duties)."""
        recordal, actor = form.instance, service_actor(request.user)
        formset.save(commit=False)
        if formset.model is RecordalChange:
            for row in formset.deleted_objects:
                recordal_change_remove(change=row, actor=actor)
            for row, fields in formset.changed_objects:
                recordal_change_update(
                    change=row, actor=actor, **{name: getattr(row, name) for name in fields}
                )
            for new in formset.new_objects:
                saved = recordal_change_register(
                    recordal=recordal,
                    kind=new.kind,
                    occurred_on=new.occurred_on,
                    description=new.description,
                    actor=actor,
                )
                if new.filed_on:
                    recordal_change_update(change=saved, actor=actor, filed_on=new.filed_on)
            return
        for row in formset.deleted_objects:
            recordal_detail_remove(detail=row, actor=actor)
        for row in [*formset.new_objects, *(row for row, _ in formset.changed_objects)]:
            row.recordal = recordal
            recordal_detail_save(detail=row, actor=actor)


@admin.register(CustomsNotice)
class CustomsNoticeAdmin(OrgScopedAdmin):
    inlines = [NoticeDeadlineInline]
    list_display = [
        "__str__",
        "recordal_number",
        "served_on",
        "response_due",
        "provisional",
        "status",
        "track",
        "port",
        "responsible",
    ]
    list_filter = ["status", "track", "port", "provisional"]
    list_select_related = ["recordal", "responsible"]
    search_fields = ["customs_reference", "port", "goods_description", "external_id"]
    date_hierarchy = "served_on"
    autocomplete_fields = ["recordal"]
    readonly_fields = [
        "answer_due",
        "response_due",
        "bond_cny",
        "provisional",
        "why",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (
            "Answer deadline (computed: 3 China working days from the day after service)",
            {"fields": ["answer_due", "why", "bond_cny"]},
        ),
        (
            "Notice",
            {
                "fields": [
                    "recordal",
                    "track",
                    "customs_reference",
                    "served_on",
                    "served_at",
                    "service_method",
                    "port",
                    "responsible",
                ]
            },
        ),
        ("Goods", {"fields": ["goods_description", "quantity", "goods_value_cny"]}),
        (
            "Our answer",
            {"fields": ["response", "responded_on", "detained_on", "status"]},
        ),
        ("Other", {"fields": ["external_id", "notes", "created_at", "updated_at"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            readonly.append("recordal")  # a notice stays with its recordal
        return readonly

    @admin.display(description="Recordal", ordering="recordal__recordal_number")
    def recordal_number(self, obj):
        return obj.recordal.recordal_number or "pending"

    @admin.display(description="Answer due")
    def answer_due(self, obj):
        if obj.pk is None or obj.response_due is None:
            return "Computed when saved."
        if obj.provisional:
            return format_html(
                "<strong>{}</strong> (provisional: counted through a year whose official "
                "holiday schedule is not loaded yet)",
                obj.response_due,
            )
        return format_html("<strong>{}</strong>", obj.response_due)

    @admin.display(description="Why this date")
    def why(self, obj):
        return linebreaks(obj.explanation) if obj.explanation else "-"

    def service_save(self, request, obj, form, change):
        values = self.form_values(obj, form, change)
        actor = service_actor(request.user)
        if change:
            return customs_notice_update(notice=obj, actor=actor, **values)
        values.pop("recordal", None)
        return customs_notice_register(
            organisation=obj.organisation, recordal=obj.recordal, actor=actor, **values
        )


@admin.register(GeneralGuarantee)
class GeneralGuaranteeAdmin(OrgScopedAdmin):
    """Year and approval date drive the deadlines: they are fixed once registered."""

    inlines = [GuaranteeDeadlineInline]
    list_display = [
        "year",
        "amount_cny",
        "bank",
        "approved_on",
        "covers_until",
        "letter_valid_until",
    ]
    search_fields = ["bank", "notes"]
    fields = [
        "year",
        "amount_cny",
        "bank",
        "approved_on",
        "covers_until",
        "letter_valid_until",
        "notes",
    ]

    def get_readonly_fields(self, request, obj=None):
        readonly = ["covers_until", "letter_valid_until"]
        if obj is not None:
            readonly = ["year", "approved_on", *readonly]
        return [*super().get_readonly_fields(request, obj), *readonly]

    def service_save(self, request, obj, form, change):
        actor = service_actor(request.user)
        if change:
            return guarantee_update(
                guarantee=obj, actor=actor, **self.form_values(obj, form, change)
            )
        return guarantee_register(
            organisation=obj.organisation,
            year=obj.year,
            amount_cny=obj.amount_cny,
            bank=obj.bank,
            approved_on=obj.approved_on,
            notes=obj.notes,
            actor=actor,
        )
