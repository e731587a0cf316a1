"""The official holiday schedule in the admin: an interface to calendars.services.

Saving or deleting a year goes through `calendar_year_load` / `calendar_year_delete`, which
check the schedule, store it and recompute every deadline counted through the year; the admin
only gathers the rows and shows the service's errors and outcome.
"""

from itertools import groupby

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _, ngettext

from accounts.selectors import membership_of
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
from .services import (
    Days,
    calendar_notice_load,
    calendar_notice_preview,
    calendar_year_delete,
    calendar_year_load,
)

MAX_NOTICE_BYTES = 200_000


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


class NoticeForm(forms.Form):
    text = forms.CharField(
        label=_("Notice text"),
        required=False,
        max_length=MAX_NOTICE_BYTES,
        widget=forms.Textarea(attrs={"rows": 16, "cols": 100, "lang": "zh-Hans"}),
        help_text=_("The notice as published, from its title to the date under the signature."),
    )
    upload = forms.FileField(label=_("or a text file (UTF-8)"), required=False)
    source_url = forms.URLField(label=_("Published at"), required=False, assume_scheme="https")

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        upload = cleaned.get("upload")
        if upload:
            if upload.size > MAX_NOTICE_BYTES:
                self.add_error("upload", _("The file is too large for a notice."))
                return cleaned
            try:
                cleaned["text"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                self.add_error("upload", _("The file is not UTF-8 text."))
                return cleaned
        if not (cleaned.get("text") or "").strip() and not self.errors:
            self.add_error("text", _("Paste the notice or upload it."))
        return cleaned


def moves_by_organisation(moves):
    """Per organisation: the operator maintains national data and sees every organisation's."""
    ordered = sorted(moves, key=lambda m: (m.organisation, m.new_due, m.deadline_id))
    return [(name, list(rows)) for name, rows in groupby(ordered, key=lambda m: m.organisation)]


class CalendarAdjustmentInline(admin.TabularInline):
    model = CalendarAdjustment
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

    def get_urls(self):
        load_notice = self.admin_site.admin_view(self.load_notice_view)
        return [
            path("load-notice/", load_notice, name="calendars_officialyear_load_notice"),
            *super().get_urls(),
        ]

    def load_notice_view(self, request):
        """Paste the notice, preview what it says and what it moves, then load it."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = NoticeForm(request.POST or None, request.FILES or None)
        preview = None
        if request.method == "POST" and form.is_valid():
            text, source_url = form.cleaned_data["text"], form.cleaned_data["source_url"]
            try:
                if "load" in request.POST:
                    load = calendar_notice_load(
                        text=text, source_url=source_url, actor=service_actor(request.user)
                    )
                    self.message_user(
                        request,
                        outcome_message(load.official.year, load.outcome),
                        messages.SUCCESS,
                    )
                    return redirect(reverse("admin:calendars_officialyear_changelist"))
                preview = calendar_notice_preview(text=text)
            except ValidationError as exc:
                form.add_error(None, exc.messages)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Load a State Council notice"),
            "form": form,
            "preview": preview,
            "moves_by_organisation": moves_by_organisation(
                preview.load.outcome.moves if preview and preview.load else []
            ),
        }
        return TemplateResponse(request, "admin/calendars/officialyear/load_notice.html", context)

    def get_readonly_fields(self, request, obj=None):
        return ["year"] if obj is not None else []

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)

        # The admin builds its form class at run time; this one adds the service's refusal.
        class YearForm(ScopedFormMixin, form_class):  # type: ignore[misc,valid-type]
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
        days_off: Days = []
        working_days: Days = []
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
