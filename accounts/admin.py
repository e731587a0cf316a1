from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _, ngettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.admin import SimpleHistoryAdmin

from core.clock import now_utc

from .models import ApiToken, Membership, Organisation
from .two_factor import second_factor_reset


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    """Operators' view of the organisations; each change (the second-factor rule too) is kept
    in the organisation's history."""

    list_display = ["name", "slug", "require_two_factor"]
    list_filter = ["require_two_factor"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def has_module_permission(self, request):
        return request.user.is_superuser


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role"]
    list_filter = ["role", "organisation"]
    search_fields = ["user__username", "organisation__name"]

    def has_module_permission(self, request):
        return request.user.is_superuser


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Operators see and revoke tokens; keys are never shown (only digests are stored) and new
    tokens are made by their users (API tokens page) or `manage.py drf_create_token`."""

    list_display = [
        "name",
        "user",
        "prefix",
        "read_only",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["read_only"]
    search_fields = ["name", "user__username", "prefix"]
    readonly_fields = ["user", "name", "prefix", "read_only", "expires_at", "last_used_at"]
    fields = [*readonly_fields, "revoked_at"]
    actions = ["revoke"]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        queryset.filter(revoked_at__isnull=True).update(revoked_at=now_utc())


# django-otp's own admins show each device's secret key (and a QR code of it) to operators, and
# let them type new keys: replaced by one read-only list whose only acts are resets.
for _model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


@admin.register(TOTPDevice)
class SecondFactorAdmin(admin.ModelAdmin):
    """Who has an authenticator app; operators reset a lost one (the user's backup codes go
    too): "Reset the second factor of the selected users", or delete the row. Keys are never
    shown. `manage.py two_factor_reset USER` does the same."""

    list_display = ["user", "confirmed", "created_at", "last_used_at", "throttling_failure_count"]
    list_filter = ["confirmed"]
    search_fields = ["user__username"]
    fields = ["user", "confirmed", "created_at", "last_used_at", "throttling_failure_count"]
    readonly_fields = fields
    actions = ["reset"]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def delete_model(self, request, obj):
        second_factor_reset(obj.user)

    def delete_queryset(self, request, queryset):
        for device in queryset.select_related("user"):
            second_factor_reset(device.user)

    @admin.action(description=_("Reset the second factor of the selected users"))
    def reset(self, request, queryset):
        users = {device.user for device in queryset.select_related("user")}
        for user in users:
            second_factor_reset(user)
        self.message_user(
            request,
            ngettext(
                "The second factor of %(count)d user is reset.",
                "The second factor of %(count)d users is reset.",
                len(users),
            )
            % {"count": len(users)},
            messages.SUCCESS,
        )
