"""Enforcement pages (under /enforcement/). The names are stable: deadlines link to them."""

from django.urls import path

from . import views

app_name = "enforcement"

urlpatterns = [
    path("infringers/", views.infringer_list, name="infringer-list"),
    path("infringers/new/", views.infringer_new, name="infringer-new"),
    path("infringers/<int:pk>/", views.infringer_detail, name="infringer-detail"),
    path("infringers/<int:pk>/merge/", views.infringer_merge, name="infringer-merge"),
    path("complaints/", views.complaint_list, name="complaint-list"),
    path("complaints/new/", views.complaint_new, name="complaint-new"),
    path("complaints/<int:pk>/", views.complaint_detail, name="complaint-detail"),
    path("complaints/<int:pk>/status/", views.complaint_transition, name="complaint-transition"),
    path(
        "complaints/<int:pk>/counter-notice/",
        views.complaint_counter_notice,
        name="complaint-counter-notice",
    ),
    path("letters/", views.letter_list, name="letter-list"),
    path("letters/new/", views.letter_new, name="letter-new"),
    path("letters/<int:pk>/", views.letter_detail, name="letter-detail"),
    path("letters/<int:pk>/update/", views.letter_update, name="letter-update"),
    path("letters/<int:pk>/document.docx", views.letter_document, name="letter-document"),
    path("evidence/", views.evidence_list, name="evidence-list"),
    path("evidence/<int:pk>/download/", views.evidence_download, name="evidence-download"),
    path("statistics/", views.statistics_page, name="statistics"),
    path(
        "statistics/<str:table>.<str:fmt>",
        views.statistics_export,
        name="statistics-export",
    ),
    path("applications/", views.application_list, name="application-list"),
    path("applications/new/", views.application_new, name="application-new"),
    path("applications/<int:pk>/", views.application_detail, name="application-detail"),
    path("notices/<int:pk>/links/", views.notice_links, name="notice-links"),
    path(
        "recordals/<int:pk>/customs-pack.docx",
        views.recordal_customs_pack,
        name="recordal-customs-pack",
    ),
    path("monitoring/", views.monitoring_list, name="monitoring-list"),
    path("monitoring/<int:pk>/", views.monitoring_detail, name="monitoring-detail"),
]
