from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("settings/api-tokens/", views.api_tokens, name="api-tokens"),
    path(
        "settings/api-tokens/<int:token_id>/revoke/",
        views.api_token_revoke,
        name="api-token-revoke",
    ),
    path("settings/two-factor/", views.two_factor_settings, name="two-factor"),
    path("settings/two-factor/set-up/", views.two_factor_enrol, name="two-factor-enrol"),
    path("settings/two-factor/qr.svg", views.two_factor_qr, name="two-factor-qr"),
    path("settings/two-factor/remove/", views.two_factor_remove, name="two-factor-remove"),
    path(
        "settings/two-factor/backup-codes/",
        views.two_factor_backup_codes,
        name="two-factor-backup-codes",
    ),
    path("accounts/login/code/", views.two_factor_verify, name="two-factor-verify"),
    path("settings/organisation/", views.organisation_security, name="organisation-security"),
]
