"""manage.py import_org <archive.zip>: load an organisation's archive into an empty database."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.backup import import_organisation


class Command(BaseCommand):
    help = (
        "Load an archive written by export_org into this database (migrated, with no "
        "organisation yet): every row, history entry and file, each file's hash checked."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The zip file written by export_org.")

    def handle(self, *args, archive, **options):
        try:
            manifest = import_organisation(archive)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        rows = sum(manifest["rows"].values())
        self.stdout.write(
            f"{manifest['organisation']['name']}: {rows} rows, {manifest['users']} users and "
            f"{len(manifest['files'])} files restored (exported {manifest['exported_at']})."
        )
