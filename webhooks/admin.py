"""Webhook endpoints (counsel manages them, through webhooks.services) and the delivery log."""

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _, ngettext

from accounts.selectors import can_waive, organisation_of
from core.admin_mixins import OrgScopedAdmin, may_view, owns, service_actor

from .models import Delivery, Endpoint
from .services import deliveries_retry, endpoint_create, endpoint_update


def _may_manage(user, obj=None) -> bool:
    return user.is_superuser or (can_waive(user) and owns(user, obj))


@admin.register(Endpoint)
class EndpointAdmin(OrgScopedAdmin):
    list_display = ["url", "active", "description"]
    list_filter = ["active"]
    fields = ["url", "event_types", "active", "description", "secret"]
    readonly_fields = ["secret"]  # generated; the receiver checks signatures with it
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_add_permission(self, request):
        return _may_manage(request.user)

    def has_change_permission(self, request, obj=None):
        return _may_manage(request.user, obj)

    def service_save(self, request, obj, form, change):
        values = self.form_values(obj, form, change)
        actor = service_actor(request.user)
        if change:
            return endpoint_update(endpoint=obj, actor=actor, **values)
        return endpoint_create(organisation=obj.organisation, actor=actor, **values)


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """The log of what was sent where: read-only, the organisation's own endpoints only."""

    list_display = [
        "event",
        "endpoint",
        "status",
        "status_code",
        "attempts",
        "next_attempt_at",
        "last_error",
        "created_at",
    ]
    list_filter = ["status", "event"]
    list_select_related = ["endpoint"]
    search_fields = ["last_error"]
    actions = ["retry_now"]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not _may_manage(request.user):
            actions.pop("retry_now", None)
        return actions

    @admin.action(description=_("Send again (failed deliveries go back to the outbox)"))
    def retry_now(self, request, queryset):
        count = deliveries_retry(deliveries=queryset, actor=service_actor(request.user))
        self.message_user(
            request,
            ngettext(
                "%(count)d delivery queued again.", "%(count)d deliveries queued again.", count
            )
            % {"count": count},
        )

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(endpoint__organisation=organisation_of(request.user))

    def has_module_permission(self, request):
        return may_view(request.user)

    def has_view_permission(self, request, obj=None):
        return may_view(request.user, obj and obj.endpoint)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
