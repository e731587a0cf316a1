from django.contrib import admin

from core.admin_mixins import OrgScopedAdmin, ServiceAdmin, may_edit, service_actor

from .models import Alert, NotificationPreference, ReminderPolicy
from .services import POLICY_FIELDS, alerts_retry, preference_update, reminder_policy_save


@admin.register(Alert)
class AlertAdmin(OrgScopedAdmin):
    """The outbox, read-only: failures stay visible here until someone sends them again."""

    list_display = (
        "created_at",
        "organisation",
        "kind",
        "stage",
        "recipient",
        "state",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "last_error",
        "acknowledged_at",
    )
    list_filter = ("state", "kind", "critical")
    search_fields = ("stage", "recipient__username", "recipient__email", "last_error")
    list_select_related = ("organisation", "recipient")
    raw_id_fields = ("deadline", "recipient", "acknowledged_by")
    readonly_fields = (
        "claim",
        "lease_until",
        "sent_at",
        "attempts",
        "acknowledged_at",
        "acknowledged_by",
        "acknowledged_via",
    )
    actions = ["retry_now"]

    def has_add_permission(self, request):
        return False  # alerts are created by the scanner only

    def has_change_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not may_edit(request.user):
            actions.pop("retry_now", None)
        return actions

    @admin.action(description="Send again (failed alerts go back to the outbox)")
    def retry_now(self, request, queryset):
        count = alerts_retry(alerts=queryset)
        self.message_user(request, f"{count} alert(s) queued again.")


@admin.register(ReminderPolicy)
class ReminderPolicyAdmin(OrgScopedAdmin):
    list_display = (
        "organisation",
        "ladder_days",
        "alert_hour",
        "overdue_days",
        "escalate_notice_after",
        "escalate_after",
    )

    def service_save(self, request, obj, form, change):
        values = {
            k: v for k, v in self.form_values(obj, form, change).items() if k in POLICY_FIELDS
        }
        return reminder_policy_save(
            organisation=obj.organisation, actor=service_actor(request.user), **values
        )


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(ServiceAdmin):
    """Per-user settings; administered by superusers (users get their own page later)."""

    def has_module_permission(self, request):
        return request.user.is_superuser

    list_display = ("user", "digest_hour", "language", "muted_stages")
    exclude = ("feed_token",)

    def service_save(self, request, obj, form, change):
        return preference_update(
            user=obj.user,
            digest_hour=obj.digest_hour,
            language=obj.language,
            muted_stages=obj.muted_stages,
        )
