from django.contrib import admin

from core.admin_mixins import OrgScopedAdmin

from .models import ImportBatch


@admin.register(ImportBatch)
class ImportBatchAdmin(OrgScopedAdmin):
    """The record of confirmed imports, read-only: written by the import service only."""

    list_display = (
        "created_at",
        "imported_by",
        "file_name",
        "rows",
        "created_count",
        "unchanged_count",
    )
    list_select_related = ("organisation", "imported_by")
    search_fields = ("file_name", "file_sha256", "imported_by__username")
    date_hierarchy = "created_at"
    fields = (
        "created_at",
        "imported_by",
        "file_name",
        "file_sha256",
        "rows",
        "created_count",
        "unchanged_count",
    )
    readonly_fields = fields

    def has_add_permission(self, request):
        return False  # an import is recorded by entry.services.rights_file_import only

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
