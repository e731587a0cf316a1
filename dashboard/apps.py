from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """Counsel's workspace: the dashboard, docket report and matter pages (interface layer)."""

    name = "dashboard"
    verbose_name = "Counsel workspace"
