"""Rights in the admin: org-scoped, saved through rights.services (deadlines recomputed)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Subquery
from django.utils.html import linebreaks

from core.admin_mixins import OrgScopedAdmin, OrgScopedInline, ReadOnlyInline, service_actor
from deadlines.models import Deadline, DeadlineStatus

from .models import PriorityClaim, Right
from .services import (
    priority_claim_add,
    priority_claim_remove,
    priority_claim_update,
    right_create,
    right_update,
)


class NiceClassesField(forms.CharField):
    """Nice classes typed as "9, 35"; stored as a list of whole numbers."""

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(str(v) for v in value)
        return value

    def to_python(self, value):
        if isinstance(value, list | tuple):
            return list(value)
        text = (super().to_python(value) or "").strip()
        if not text:
            return []
        classes = []
        for part in text.replace(";", ",").replace(" ", ",").split(","):
            part = part.strip()
            if not part:
                continue
            if not (part.isascii() and part.isdigit()):
                raise ValidationError(
                    f"Type the Nice classes as whole numbers separated by commas, "
                    f"e.g. 9, 35; \u201c{part}\u201d is not a whole number.",
                    code="invalid",
                )
            classes.append(int(part))
        return classes


class RightAdminForm(forms.ModelForm):
    nice_classes = NiceClassesField(
        required=False,
        label="Nice classes",
        help_text="Trademarks only: the classes as numbers separated by commas, e.g. 9, 35.",
    )

    class Meta:
        model = Right
        fields = ["nice_classes"]  # the admin's fieldsets add the others


class PriorityClaimInline(OrgScopedInline, admin.TabularInline):
    model = PriorityClaim
    organisation_path = "right__organisation"
    extra = 0
    fields = ["country", "number", "date"]


class DeadlineInline(ReadOnlyInline, admin.TabularInline):
    model = Deadline
    fk_name = "right"
    verbose_name_plural = "Deadlines (computed from the facts above; read-only)"
    fields = ["rule", "title", "due_date", "act_by", "status", "provisional", "why"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("due_date", "id")

    @admin.display(description="Why this date")
    def why(self, obj):
        return linebreaks(obj.explanation)


@admin.register(Right)
class RightAdmin(OrgScopedAdmin):
    form = RightAdminForm
    inlines = [PriorityClaimInline, DeadlineInline]
    list_display = [
        "kind",
        "jurisdiction",
        "application_number",
        "title",
        "owner",
        "status",
        "filing_date",
        "expiry_date",
        "next_deadline",
        "responsible",
    ]
    list_display_links = ["application_number", "title"]
    list_filter = ["kind", "jurisdiction", "status"]
    list_select_related = ["responsible"]
    search_fields = [
        "title",
        "owner",
        "application_number",
        "registration_number",
        "external_id",
    ]
    date_hierarchy = "filing_date"
    readonly_fields = ["expiry_date", "created_at", "updated_at"]
    autocomplete_fields = ["cn_counterpart"]
    fieldsets = [
        (None, {"fields": ["kind", "jurisdiction", "title", "owner", "status", "responsible"]}),
        ("Numbers", {"fields": ["application_number", "registration_number", "external_id"]}),
        (
            "Dates",
            {
                "fields": [
                    "filing_date",
                    "priority_date",
                    "publication_date",
                    "grant_date",
                    "registration_date",
                    "office_expiry_date",
                    "expiry_date",
                ],
                "description": "The expiry date is computed from the facts (or the office's "
                "own end date when entered).",
            },
        ),
        ("Patents", {"fields": ["annuities_paid_through"]}),
        ("Trademarks", {"fields": ["nice_classes", "renewals"]}),
        ("Other", {"fields": ["cn_counterpart", "notes", "created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        next_due = (
            Deadline.objects.filter(right=OuterRef("pk"), status=DeadlineStatus.OPEN)
            .order_by("due_date")
            .values("due_date")[:1]
        )
        return super().get_queryset(request).annotate(next_due=Subquery(next_due))

    @admin.display(description="Next open deadline", ordering="next_due")
    def next_deadline(self, obj):
        return obj.next_due

    def service_save(self, request, obj, form, change):
        values = self.form_values(obj, form, change)
        actor = service_actor(request.user)
        if change:
            return right_update(right=obj, actor=actor, **values)
        return right_create(organisation=obj.organisation, actor=actor, **values)

    def save_formset(self, request, form, formset, change):
        """Priority claims through their services: the priority date follows them there."""
        if formset.model is not PriorityClaim:
            return super().save_formset(request, form, formset, change)
        right, actor = form.instance, service_actor(request.user)
        formset.save(commit=False)
        for claim in formset.deleted_objects:
            priority_claim_remove(claim=claim, actor=actor)
        for claim, fields in formset.changed_objects:
            priority_claim_update(
                claim=claim, actor=actor, **{name: getattr(claim, name) for name in fields}
            )
        for claim in formset.new_objects:
            priority_claim_add(
                right=right,
                country=claim.country,
                number=claim.number,
                date=claim.date,
                actor=actor,
            )
        return None
