"""The import of a file of rights, recorded as an ImportBatch in the same transaction."""

from django.db import transaction

from rights.services import rights_import

from .models import ImportBatch


@transaction.atomic
def rights_file_import(*, organisation, actor, file_name: str, digest: str, rows):
    """All rows or none (rights_import refuses any invalid row); the batch records who
    imported which file, when, and what it created. `rows`: the file's rows
    (importing.FileRows, read as the import goes)."""
    check = rights_import(
        organisation=organisation, rows=rows, actor=actor, reason=f"Import of {file_name}"
    )
    batch = ImportBatch.objects.create(
        organisation=organisation,
        imported_by=actor,
        file_name=file_name[:255],
        file_sha256=digest,
        rows=len(check.new) + len(check.unchanged),  # every row, none refused
        created_count=len(check.new),
        unchanged_count=len(check.unchanged),
    )
    return batch, check
