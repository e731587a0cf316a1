"""Enforcement records in the admin, scoped to the user's organisation and saved through the
enforcement services (the deadlines follow). Files, listings, sweeps and status steps are the
workspace's and the API's (hashing on upload, one listing counted once, the lifecycle): here
they are shown read-only."""

from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.utils.html import linebreaks

from accounts.selectors import scoped
from core.admin_mixins import OrgScopedAdmin, ReadOnlyInline, service_actor
from core.models import OrgOwnedModel
from deadlines.models import Deadline

from . import customs_work, monitoring, services
from .models import (
    CeaseDesistLetter,
    CustomsPackIssue,
    DetentionApplication,
    EnforcementSettings,
    Evidence,
    Infringer,
    Listing,
    MonitoringPlan,
    PlatformComplaint,
    Sweep,
)


class _EnforcementAdmin(OrgScopedAdmin):
    def formfield_for_manytomany(self, db_field, request, **kwargs):
        related = db_field.related_model
        scope = not request.user.is_superuser and issubclass(related, OrgOwnedModel)
        if scope and "queryset" not in kwargs:
            kwargs["queryset"] = scoped(related._default_manager.all(), request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @staticmethod
    def m2m_values(form, names) -> dict:
        """The many-to-many choices of the form, as lists (for the services)."""
        return {n: list(form.cleaned_data[n]) for n in names if n in form.cleaned_data}

    def save_related(self, request, form, formsets, change):
        """The services set the many-to-many links themselves; only inlines are left."""
        form.save_m2m = lambda: None
        super().save_related(request, form, formsets, change)


class DeadlineInline(ReadOnlyInline, GenericTabularInline):
    model = Deadline
    ct_field = "subject_type"
    ct_fk_field = "subject_id"
    fields = ["rule", "title", "due_date", "act_by", "status", "provisional", "why"]
    readonly_fields = fields
    verbose_name_plural = "Deadlines (computed; read-only)"

    @admin.display(description="Why this date")
    def why(self, obj):
        return linebreaks(obj.explanation)


@admin.register(EnforcementSettings)
class EnforcementSettingsAdmin(_EnforcementAdmin):
    list_display = ["organisation", "letter_reply_days", "letter_follow_up_days"]
    fields = ["letter_reply_days", "letter_follow_up_days"]

    def service_save(self, request, obj, form, change):
        return services.enforcement_settings_save(
            organisation=obj.organisation,
            actor=service_actor(request.user),
            **self.form_values(obj, form, change),
        )


@admin.register(Infringer)
class InfringerAdmin(_EnforcementAdmin):
    list_display = ["__str__", "kind", "credit_code", "platform", "account_name", "merged_into"]
    list_filter = ["kind", "platform"]
    search_fields = ["name", "name_zh", "credit_code", "account_name"]
    fields = [
        "kind",
        "name",
        "name_zh",
        "credit_code",
        "platform",
        "account_name",
        "addresses",
        "notes",
        "merged_into",
    ]
    readonly_fields = ["merged_into"]

    def service_save(self, request, obj, form, change):
        values, actor = self.form_values(obj, form, change), service_actor(request.user)
        if change:
            return services.infringer_update(infringer=obj, actor=actor, **values)
        return services.infringer_create(organisation=obj.organisation, actor=actor, **values)


@admin.register(Evidence)
class EvidenceAdmin(_EnforcementAdmin):
    """Upload in the workspace or the API (hashed on upload); here only the words change."""

    list_display = ["__str__", "kind", "original_name", "size", "sha256", "uploaded_at"]
    list_filter = ["kind"]
    search_fields = ["description", "original_name", "sha256"]
    fields = [
        "kind",
        "description",
        "original_name",
        "file",
        "captured_at",
        "sha256",
        "size",
        "uploaded_at",
        "uploaded_by",
        "supersedes",
    ]
    readonly_fields = [
        "original_name",
        "file",
        "captured_at",
        "sha256",
        "size",
        "uploaded_at",
        "uploaded_by",
        "supersedes",
    ]

    def has_add_permission(self, request):
        return False

    def service_save(self, request, obj, form, change):
        return services.evidence_describe(
            evidence=obj,
            actor=service_actor(request.user),
            description=obj.description,
            kind=obj.kind,
        )


@admin.register(CeaseDesistLetter)
class CeaseDesistLetterAdmin(_EnforcementAdmin):
    inlines = [DeadlineInline]
    list_display = ["__str__", "sent_on", "method", "reply_due", "outcome", "escalation"]
    list_filter = ["outcome", "method", "language"]
    list_select_related = ["infringer"]
    search_fields = ["infringer__name", "infringer__name_zh", "findings"]
    autocomplete_fields = ["infringer"]
    filter_horizontal = ["rights", "evidence"]
    fields = [
        "infringer",
        "rights",
        "language",
        "findings",
        "findings_zh",
        "demands",
        "demands_zh",
        "sent_on",
        "method",
        "reply_days",
        "reply_due",
        "outcome",
        "outcome_on",
        "escalation",
        "escalation_notes",
        "evidence",
    ]
    readonly_fields = ["reply_due"]

    def service_save(self, request, obj, form, change):
        values = self.form_values(obj, form, change)
        links = self.m2m_values(form, ["rights", "evidence"])
        actor = service_actor(request.user)
        if change:
            return services.letter_update(letter=obj, actor=actor, **values, **links)
        values.pop("infringer", None)
        return services.letter_create(
            organisation=obj.organisation, infringer=obj.infringer, actor=actor, **values, **links
        )


class ListingInline(ReadOnlyInline, admin.TabularInline):
    model = Listing
    fields = ["url", "platform", "title"]
    readonly_fields = fields


@admin.register(PlatformComplaint)
class PlatformComplaintAdmin(_EnforcementAdmin):
    """The facts of a complaint; its status moves in the workspace or the API (its steps)."""

    inlines = [ListingInline, DeadlineInline]
    list_display = ["__str__", "right", "infringer", "status", "submitted_on", "counter_notice_due"]
    list_filter = ["platform", "status"]
    list_select_related = ["right", "infringer"]
    search_fields = ["platform_reference", "reason"]
    autocomplete_fields = ["right", "infringer"]
    filter_horizontal = ["evidence"]
    fields = [
        "platform",
        "right",
        "infringer",
        "reason",
        "evidence",
        "platform_reference",
        "status",
        "submitted_on",
        "removed_on",
        "rejected_on",
        "counter_notice_received_on",
        "counter_notice_due",
        "action_filed_on",
        "measures_lifted_on",
        "relisted_on",
    ]
    readonly_fields = ["counter_notice_due"]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            readonly.append("status")  # a step with its date: complaint_transition
        return readonly

    def service_save(self, request, obj, form, change):
        values = self.form_values(obj, form, change)
        links = self.m2m_values(form, ["evidence"])
        actor = service_actor(request.user)
        if change:
            return services.complaint_update(complaint=obj, actor=actor, **values, **links)
        values.pop("right", None)
        return services.complaint_create(
            organisation=obj.organisation, right=obj.right, actor=actor, **values, **links
        )


class SweepInline(ReadOnlyInline, admin.TabularInline):
    model = Sweep
    fields = ["swept_on", "swept_by", "searched", "listings_found", "complaint"]
    readonly_fields = fields


@admin.register(MonitoringPlan)
class MonitoringPlanAdmin(_EnforcementAdmin):
    inlines = [SweepInline, DeadlineInline]
    list_display = ["__str__", "interval_days", "started_on", "next_sweep_due", "active"]
    list_filter = ["platform", "active"]
    list_select_related = ["right"]
    autocomplete_fields = ["right"]
    fields = [
        "right",
        "platform",
        "interval_days",
        "search_terms",
        "started_on",
        "active",
        "next_sweep_due",
    ]
    readonly_fields = ["next_sweep_due"]

    def service_save(self, request, obj, form, change):
        values, actor = self.form_values(obj, form, change), service_actor(request.user)
        if change:
            return monitoring.monitoring_plan_update(plan=obj, actor=actor, **values)
        values.pop("right", None)
        return monitoring.monitoring_plan_create(
            organisation=obj.organisation, right=obj.right, actor=actor, **values
        )


@admin.register(DetentionApplication)
class DetentionApplicationAdmin(_EnforcementAdmin):
    inlines = [DeadlineInline]
    list_display = [
        "__str__",
        "right",
        "applied_on",
        "status",
        "bond_cny",
        "detained_on",
        "court_order_due",
    ]
    list_filter = ["status", "port"]
    list_select_related = ["right"]
    search_fields = ["customs_reference", "port", "goods_description", "consignor", "consignee"]
    autocomplete_fields = ["right", "recordal"]
    filter_horizontal = ["infringers", "evidence"]
    readonly_fields = ["bond_cny", "status", "court_order_due", "provisional"]
    fieldsets = [
        (
            "Court assistance notice (computed: 20 China working days from the day after "
            "detention, Reg. art. 24(1))",
            {"fields": ["status", "court_order_due", "provisional"]},
        ),
        (
            "Application",
            {
                "fields": [
                    "right",
                    "recordal",
                    "customs_reference",
                    "port",
                    "applied_on",
                    "responsible",
                ]
            },
        ),
        (
            "Goods and bond (the bond equals the goods' value, Reg. art. 14)",
            {
                "fields": [
                    "goods_description",
                    "quantity",
                    "goods_value_cny",
                    "bond_cny",
                    "bond_form",
                    "consignor",
                    "consignee",
                    "transport",
                    "infringers",
                    "evidence",
                ]
            },
        ),
        (
            "What happened",
            {
                "fields": [
                    "rejected_on",
                    "detained_on",
                    "court_notice_on",
                    "released_on",
                    "withdrawn_on",
                    "notes",
                ]
            },
        ),
    ]

    def service_save(self, request, obj, form, change):
        values = self.form_values(obj, form, change)
        links = self.m2m_values(form, ["infringers", "evidence"])
        actor = service_actor(request.user)
        if change:
            return customs_work.detention_application_update(
                application=obj, actor=actor, **values, **links
            )
        values.pop("right", None)
        return customs_work.detention_application_create(
            organisation=obj.organisation, right=obj.right, actor=actor, **values, **links
        )


@admin.register(CustomsPackIssue)
class CustomsPackIssueAdmin(_EnforcementAdmin):
    """The log of customs packs generated (download one from the recordal's page)."""

    list_display = ["recordal", "generated_at", "generated_by", "facts_changed_at"]
    list_select_related = ["recordal", "generated_by"]
    fields = ["recordal", "generated_at", "generated_by", "facts_changed_at", "fingerprint"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
