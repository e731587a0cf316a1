"""The official holiday schedule: maintained by operators, read by every member.

Saving a year recomputes every deadline that was counted provisionally, and says how many
rights that touched.
"""

from django import forms
from django.contrib import admin, messages
from django.db import models

from accounts.selectors import membership_of
from core.admin_mixins import HistoryWithoutRevert, may_view, service_actor
from deadlines.services import deadlines_recompute_provisional

from .models import CalendarAdjustment, OfficialYear


def may_load_calendar(user) -> bool:
    """National data every organisation's deadlines are counted on: only an operator changes it
    (a superuser, or staff outside every organisation holding the model's Django permission).
    Organisation roles, counsel included, only read it."""
    if user.is_superuser:
        return True
    return (
        user.is_active
        and user.is_staff
        and membership_of(user) is None
        and user.has_perm("calendars.change_officialyear")
    )


def may_read_calendar(user) -> bool:
    return may_view(user) or may_load_calendar(user)


class AdjustmentFormSet(forms.BaseInlineFormSet):
    """The same checks as calendars.services.official_year_load, next to the rows."""

    def clean(self):
        super().clean()
        year = self.instance.year
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            day = form.cleaned_data.get("date")
            if day is None:
                continue
            if year and day.year != year:
                form.add_error("date", f"{day} is not in {year}.")
            elif form.cleaned_data.get("is_working_day") and day.weekday() < 5:
                form.add_error(
                    "date", f"{day} is a weekday: only weekend days become swapped working days."
                )


class CalendarAdjustmentInline(admin.TabularInline):
    model = CalendarAdjustment
    formset = AdjustmentFormSet
    fields = ["date", "is_working_day", "name"]
    extra = 0

    def has_view_permission(self, request, obj=None):
        return may_read_calendar(request.user)

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
        return may_read_calendar(request.user)

    def has_view_permission(self, request, obj=None):
        return may_read_calendar(request.user)

    def has_add_permission(self, request):
        return may_load_calendar(request.user)

    def has_change_permission(self, request, obj=None):
        return may_load_calendar(request.user)

    def has_delete_permission(self, request, obj=None):
        # Removing a loaded year would leave dates counted with it: only a superuser may.
        return request.user.is_superuser

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        count = deadlines_recompute_provisional(actor=service_actor(request.user))
        self.message_user(
            request,
            f"Recomputed the provisional deadlines of {count} right{'s' if count != 1 else ''}.",
            messages.SUCCESS,
        )
