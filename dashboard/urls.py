"""Workspace URLs. The names are stable: emails and other apps link to them."""

from django.urls import path

from .views import actions, docket, home, lists, matters

app_name = "dashboard"

EXPORT = "<str:fmt>"

urlpatterns = [
    path("", home.home, name="home"),
    path("docket/", docket.docket, name="docket"),
    path(f"docket/export.{EXPORT}", docket.docket_export, name="docket-export"),
    path("docket/calendar/", docket.docket_calendar, name="docket-calendar"),
    path("deadlines/<int:pk>/", matters.deadline_detail, name="deadline-detail"),
    path("deadlines/<int:pk>/why/", matters.deadline_why, name="deadline-why"),
    path("deadlines/<int:pk>/done/", actions.deadline_done, name="deadline-done"),
    path("deadlines/<int:pk>/waive/", actions.deadline_waive_view, name="deadline-waive"),
    path("deadlines/<int:pk>/verify/", actions.deadline_verify_view, name="deadline-verify"),
    path("rights/", lists.right_list, name="right-list"),
    path(f"rights/export.{EXPORT}", lists.right_export, name="right-export"),
    path("rights/<int:pk>/", matters.right_detail, name="right-detail"),
    path("recordals/", lists.recordal_list, name="recordal-list"),
    path(f"recordals/export.{EXPORT}", lists.recordal_export, name="recordal-export"),
    path("recordals/<int:pk>/", matters.recordal_detail, name="recordal-detail"),
    path("notices/", lists.notice_list, name="notice-list"),
    path(f"notices/export.{EXPORT}", lists.notice_export, name="notice-export"),
    path("notices/<int:pk>/", matters.notice_detail, name="notice-detail"),
    path("notices/<int:pk>/answer/", actions.notice_answer, name="notice-answer"),
    path("evidence/<int:pk>/history/", matters.evidence_history, name="evidence-history"),
]
