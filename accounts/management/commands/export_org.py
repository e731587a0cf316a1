"""manage.py export_org <organisation id or name> <archive.zip>: one organisation as one archive."""

from django.core.management.base import BaseCommand, CommandError

from accounts.backup import export_organisation
from accounts.models import Organisation


class Command(BaseCommand):
    help = (
        "Export an organisation's data (every row and history entry, its users, the evidence "
        "files and recordal images) to one zip archive that import_org loads into an empty "
        "database."
    )

    def add_arguments(self, parser):
        parser.add_argument("organisation", help="The organisation's id, slug or name.")
        parser.add_argument("archive", help="The zip file to write.")

    def handle(self, *args, organisation, archive, **options):
        found = (
            Organisation.objects.filter(
                **({"pk": int(organisation)} if organisation.isdigit() else {"slug": organisation})
            ).first()
            or Organisation.objects.filter(name=organisation).first()
        )
        if found is None:
            raise CommandError(f"No organisation {organisation!r}.")
        with open(archive, "wb") as out:
            manifest = export_organisation(found, out)
        rows = sum(manifest["rows"].values())
        self.stdout.write(
            f"{found.name}: {rows} rows of {len(manifest['rows'])} tables, "
            f"{manifest['users']} users, {len(manifest['files'])} files -> {archive}"
        )
