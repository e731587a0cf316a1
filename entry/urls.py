"""Entry URLs (under /entry/): new rights, grant, priority claims, recordals, notices, import."""

from django.urls import path
from django.views.generic import RedirectView

from .views import imports, matters, rights

app_name = "entry"

urlpatterns = [
    path(
        "rights/new/",
        RedirectView.as_view(pattern_name="entry:right-new", permanent=False),
        {"form_kind": "grant"},
        name="right-start",
    ),
    path("rights/new/<slug:form_kind>/", rights.right_new, name="right-new"),
    path("rights/new/<slug:form_kind>/preview/", rights.right_preview, name="right-preview"),
    path("check-number/", rights.number_check, name="check-number"),
    path("rights/<int:pk>/grant/", matters.grant_register, name="grant"),
    path("rights/<int:pk>/grant/preview/", matters.grant_preview, name="grant-preview"),
    path("rights/<int:pk>/priority-claims/", matters.priority_claims, name="priority-claims"),
    path(
        "rights/<int:pk>/priority-claims/add/",
        matters.priority_claim_add,
        name="priority-claim-add",
    ),
    path(
        "rights/<int:pk>/priority-claims/<int:claim_pk>/edit/",
        matters.priority_claim_edit,
        name="priority-claim-edit",
    ),
    path(
        "rights/<int:pk>/priority-claims/<int:claim_pk>/remove/",
        matters.priority_claim_remove,
        name="priority-claim-remove",
    ),
    path("rights/<int:pk>/recordal/new/", matters.recordal_new, name="recordal-new"),
    path("recordals/<int:pk>/notice/new/", matters.notice_new, name="notice-new"),
    path("recordals/<int:pk>/notice/preview/", matters.notice_preview, name="notice-preview"),
    path("notices/new/", matters.notice_find_recordal, name="notice-find"),
    path("import/", imports.import_page, name="import"),
    path("import/history/", imports.import_history, name="import-history"),
    path("import/template.<str:fmt>", imports.import_template, name="import-template"),
    path("import/dry-run/", imports.import_dry_run, name="import-dry-run"),
    path("import/confirm/", imports.import_confirm, name="import-confirm"),
]
