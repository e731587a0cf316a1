from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from notifications.language import SignInView

from .health import healthz

# A database that cannot be reached answers 503 "try again shortly", anything else 500.
handler500 = "iptracker.errors.server_error"

admin.site.site_header = "iptracker"
admin.site.site_title = "iptracker"
admin.site.index_title = "Portfolio, customs and deadlines"

urlpatterns = [
    path("accounts/login/", SignInView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/", include("iptracker.api_urls")),
    path("healthz", healthz, name="healthz"),
    path("entry/", include("entry.urls")),
    path("enforcement/", include("enforcement.urls")),
    path("", include("notifications.urls")),
    path("", include("accounts.urls")),
    path("", include("dashboard.urls")),
]
