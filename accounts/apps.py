from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in


class AccountsConfig(AppConfig):
    name = "accounts"

    def ready(self):
        """After each password sign-in, note whether a second factor is still owed."""
        from . import receivers  # noqa: PLC0415 - receivers import models: only once apps are ready

        user_logged_in.connect(receivers.note_second_step, dispatch_uid="accounts.note_second_step")
