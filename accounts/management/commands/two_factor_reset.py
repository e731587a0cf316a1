"""`manage.py two_factor_reset USER`: remove USER's second factor (authenticator app and backup
codes), for a lost phone. Their next sign-in is with the password alone, or, if their
organisation requires a second factor, goes straight to setting up a new one."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.two_factor import second_factor_reset


class Command(BaseCommand):
    help = "Reset a user's second factor (authenticator app and backup codes)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user_model = get_user_model()
        try:
            user = user_model.objects.get(**{user_model.USERNAME_FIELD: username})
        except user_model.DoesNotExist as exc:
            raise CommandError(f"No user named {username!r}: nothing was reset.") from exc
        if second_factor_reset(user):
            self.stdout.write(f"The second factor of {username} is reset.")
        else:
            self.stdout.write(f"{username} had no second factor: nothing to reset.")
