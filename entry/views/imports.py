"""Bulk import of rights: template, dry run listing every row's errors, confirm, history."""

import datetime as dt
import uuid

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.utils.translation import gettext as _, gettext_lazy
from django.views.decorators.http import require_POST

from core.clock import now_utc
from rights.services import ImportRefused, rights_import_check

from .. import importing
from ..access import editor_required
from ..models import ImportBatch
from ..services import rights_file_import

SALT = "entry.import"
TOKEN_MAX_AGE = 3600
UPLOADS = "imports"  # a dry run's file, kept for its confirm until the token expires
HISTORY_PAGE_SIZE = 25
TEMPLATE_TYPES = {"csv": "text/csv; charset=utf-8", **{"xlsx": importing.XLSX().get_content_type()}}


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File of rights (CSV or XLSX)"),
        help_text=gettext_lazy(
            "One right per row, with the template's columns. Nothing is saved until you confirm."
        ),
    )


def _batches(organisation):
    return ImportBatch.objects.filter(organisation=organisation).select_related("imported_by")


def _page(request, organisation, *, form=None, status=200, **context):
    batches = _batches(organisation)[:5]
    if "file_name" in context:  # data, not interface words: shown as typed, in <code>
        context["file_code"] = format_html("<code>{}</code>", context["file_name"])
    return render(
        request,
        "entry/import.html",
        {"form": form or UploadForm(), "batches": batches, **context},
        status=status,
    )


@editor_required
def import_page(request, organisation):
    return _page(request, organisation)


@editor_required
def import_history(request, organisation):
    """Every confirmed import of the organisation: who, when, which file, rows, result."""
    page = Paginator(_batches(organisation), HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "entry/import_history.html", {"page": page})


def stale_uploads_delete(*, now=None) -> int:
    """Delete dry-run files whose token has expired (never confirmed): they must not pile up."""
    now = now or now_utc()
    try:
        _dirs, names = default_storage.listdir(UPLOADS)
    except FileNotFoundError:
        return 0
    deleted = 0
    for name in names:
        path = f"{UPLOADS}/{name}"
        if now - default_storage.get_modified_time(path) > dt.timedelta(seconds=TOKEN_MAX_AGE):
            default_storage.delete(path)
            deleted += 1
    return deleted


@editor_required
def import_template(request, fmt: str, organisation):
    if fmt not in TEMPLATE_TYPES:
        raise Http404("Unknown format.")
    response = HttpResponse(importing.template_file(fmt), content_type=TEMPLATE_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="rights-import-template.{fmt}"'
    return response


def _check(organisation, name: str, content: bytes):
    """Every problem of the file, by row and column; the file's rows (read through once, for
    their count) and the service's check."""
    parsed = importing.FileRows(name, content)
    check = rights_import_check(organisation=organisation, rows=parsed)
    errors = sorted(parsed.errors + check.errors, key=lambda e: (e[0], e[1]))
    return parsed, check, errors


@require_POST
@editor_required
def import_dry_run(request, organisation):
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, organisation, form=form, status=400)
    stale_uploads_delete()
    upload = form.cleaned_data["file"]
    content = upload.read()
    parsed, check, errors = _check(organisation, upload.name, content)
    context = {"file_name": upload.name, "parsed": parsed, "check": check, "errors": errors}
    if errors:
        return _page(request, organisation, form=form, status=400, **context)
    path = default_storage.save(f"{UPLOADS}/{uuid.uuid4().hex}", ContentFile(content))
    context["token"] = signing.dumps(
        {
            "path": path,
            "name": upload.name,
            "org": organisation.id,
            "sha": importing.sha256(content),
        },
        salt=SALT,
    )
    return _page(request, organisation, form=form, **context)


@require_POST
@editor_required
def import_confirm(request, organisation):
    try:
        token = signing.loads(request.POST.get("token", ""), salt=SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        messages.error(request, _("This dry run has expired: upload the file again."))
        return redirect("entry:import")
    if token["org"] != organisation.id or not default_storage.exists(token["path"]):
        messages.error(request, _("This dry run has expired: upload the file again."))
        return redirect("entry:import")
    with default_storage.open(token["path"], "rb") as stored:
        content = stored.read()
    # One pass: the service checks every row again as it writes (the organisation may have
    # changed since the dry run) and refuses the whole file on any error.
    parsed = importing.FileRows(token["name"], content)
    errors = parsed.errors
    if not errors:
        try:
            batch, _check_result = rights_file_import(
                organisation=organisation,
                actor=request.user,
                file_name=token["name"],
                digest=token["sha"],
                rows=parsed,
            )
        except ImportRefused as refused:
            errors = refused.check.errors
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("entry:import")
    if errors:  # the organisation changed since the dry run
        return _page(
            request,
            organisation,
            status=400,
            file_name=token["name"],
            parsed=parsed,
            errors=sorted(errors, key=lambda e: (e[0], e[1])),
        )
    default_storage.delete(token["path"])
    messages.success(
        request,
        _("Imported %(file)s: %(new)s rights created, %(same)s already present and left unchanged.")
        % {"file": batch.file_name, "new": batch.created_count, "same": batch.unchanged_count},
    )
    return redirect("entry:import")
