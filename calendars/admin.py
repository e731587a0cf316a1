"""The official holiday schedule in the admin: an interface to calendars.services.

Saving or deleting a year goes through `calendar_year_load` / `calendar_year_delete`, which
check the schedule, store it and recompute every deadline counted through the year; the admin
only gathers the rows and shows the service's errors and outcome.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import ngettext

from accounts.models import Role
from accounts.selectors import role_of
from core.admin_mixins import (
    SERVICE_ERRORS,
    HistoryWithoutRevert,
    ScopedFormMixin,
    ServiceRejected,
    adopt,
    may_view,
    service_actor,
)

from .changes import ChangeOutcome
from .models import CalendarAdjustment, OfficialYear
from .services import calendar_year_delete, calendar_year_load


def may_load_calendar(user) -> bool:
    return user.is_superuser or role_of(user) == Role.COUNSEL


def outcome_message(year: int, outcome: ChangeOutcome) -> str:
    return ngettext(
        "Recomputed %(count)d deadline counted through %(year)d: %(moved)d moved, "
        "%(provisional)d still provisional.",
        "Recomputed %(count)d deadlines counted through %(year)d: %(moved)d moved, "
        "%(provisional)d still provisional.",
        outcome.recomputed,
    ) % {
        "count": outcome.recomputed,
        "year": year,
        "moved": len(outcome.moves),
        "provisional": outcome.still_provisional,
    }


class CalendarAdjustmentInline(admin.TabularInline):
    model = CalendarAdjustment
    fields = ["date", "is_working_day", "name"]
    extra = 0

    def has_view_permission(self, request, obj=None):
        return may_view(request.user)

    def has_add_permission(self, request, obj=None):
        return may_load_calendar(request.user)

    def has_change_permission(self, request, obj=None):
        return may_load_calendar(request.user)

    def has_delete_permission(self, request, obj=None):
        return may_load_calendar(request.user)


@admin.register(OfficialYear)
class OfficialYearAdmin(HistoryWithoutRevert):
    inlines = [CalendarAdjustmentInline]
    list_display = ["year", "notice", "published_on"]
    search_fields = ["notice"]
    fields = ["year", "notice", "published_on", "source_url"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_module_permission(self, request):
        return may_view(request.user)

    def has_view_permission(self, request, obj=None):
        return may_view(request.user)

    def has_add_permission(self, request):
        return may_load_calendar(request.user)

    def has_change_permission(self, request, obj=None):
        return may_load_calendar(request.user)

    def has_delete_permission(self, request, obj=None):
        # Removing a loaded year would leave dates counted with it: only a superuser may.
        return request.user.is_superuser

    def get_readonly_fields(self, request, obj=None):
        return ["year"] if obj is not None else []

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)

        class YearForm(ScopedFormMixin, form_class):
            def clean(self):
                cleaned = super().clean()
                rejected = getattr(request, SERVICE_ERRORS, None)
                if rejected is not None:
                    self.add_error(None, rejected)
                return cleaned

        return YearForm

    def save_model(self, request, obj, form, change):
        """Nothing here: the service stores the year together with its days (save_related)."""

    def save_related(self, request, form, formsets, change):
        days_off, working_days = [], []
        for formset in formsets:
            for row in formset.forms:
                data = getattr(row, "cleaned_data", None) or {}
                if data.get("date") and not data.get("DELETE"):
                    target = working_days if data.get("is_working_day") else days_off
                    target.append((data["date"], data.get("name", "")))
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        obj = form.instance
        try:
            load = calendar_year_load(
                year=obj.year,
                notice=obj.notice,
                published_on=obj.published_on,
                source_url=obj.source_url,
                days_off=days_off,
                working_days=working_days,
                actor=service_actor(request.user),
            )
        except ValidationError as exc:
            raise ServiceRejected(exc) from exc
        adopt(obj, load.official)
        self.message_user(request, outcome_message(obj.year, load.outcome), messages.SUCCESS)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ServiceRejected as rejected:
            # Rolled back with the admin's transaction: show the form again with the errors.
            setattr(request, SERVICE_ERRORS, rejected.error)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def delete_model(self, request, obj):
        outcome = calendar_year_delete(year=obj.year, actor=service_actor(request.user))
        self.message_user(request, outcome_message(obj.year, outcome), messages.SUCCESS)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)
