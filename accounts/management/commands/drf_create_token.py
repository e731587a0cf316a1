"""`manage.py drf_create_token USER [--name N] [--days D] [--read-only]`: a new API token for
USER, its key printed once (only its digest is stored). Keeps the name of DRF's command that
the API contract documents; `--revoke ID` revokes one of USER's tokens, `--list` lists them."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import ApiToken
from accounts.tokens import DEFAULT_EXPIRY_DAYS, EXPIRY_DAYS, token_create, token_revoke, tokens_of


class Command(BaseCommand):
    help = "Create (or list, or revoke) a user's API tokens; a new key is printed once."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="Command-line token")
        parser.add_argument("--days", type=int, default=DEFAULT_EXPIRY_DAYS, choices=EXPIRY_DAYS)
        parser.add_argument("--read-only", action="store_true")
        parser.add_argument(
            "--list", action="store_true", dest="list_tokens", help="List the user's live tokens."
        )
        parser.add_argument("--revoke", type=int, metavar="ID", help="Revoke token ID.")

    def handle(self, *args, username, name, days, read_only, list_tokens, revoke, **options):
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"No user named {username!r}.") from exc
        if list_tokens:
            for token in tokens_of(user):
                access = "read-only" if token.read_only else "read-write"
                self.stdout.write(
                    f"{token.pk}\t{token.prefix}…\t{token.name}\t{access}\t"
                    f"expires {token.expires_at:%Y-%m-%d %H:%M} UTC"
                )
            return
        if revoke is not None:
            try:
                token_revoke(user=user, token_id=revoke)
            except ApiToken.DoesNotExist as exc:
                raise CommandError(f"{username} has no live token {revoke}.") from exc
            self.stdout.write(f"Token {revoke} revoked.")
            return
        try:
            token, key = token_create(user=user, name=name, days=days, read_only=read_only)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stderr.write(
            f"Token {token.pk} ({token.name}, {'read-only' if read_only else 'read-write'}) "
            f"expires {token.expires_at:%Y-%m-%d %H:%M} UTC. The key is shown once:"
        )
        self.stdout.write(key)
