"""New rights, one form per kind, with the live number check and the preview of their dates."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rights.models import PATENT_KINDS, Kind
from rights.numbers import normalise_cn_patent_number, normalise_trademark_number
from rights.services import right_create

from ..access import editor_required
from ..forms import ENTRY_FORMS, errors_onto
from ..preview import right_preview_context


def _form(request, form_kind: str, organisation):
    try:
        form_class, heading = ENTRY_FORMS[form_kind]
    except KeyError:
        raise Http404("No such form.") from None
    data = request.POST if request.method == "POST" else None
    form = form_class(data, organisation=organisation)
    number = form.fields["application_number"].widget.attrs
    number.update(
        {
            "hx-post": reverse("entry:check-number"),
            "hx-trigger": "input changed delay:300ms, blur",
            "hx-target": "#id_application_number_check",
            "hx-sync": "this:replace",
            "autocomplete": "off",
        }
    )
    return form, heading


@editor_required
def right_new(request, form_kind: str, organisation):
    form, heading = _form(request, form_kind, organisation)
    if request.method == "POST" and form.is_valid():
        try:
            right = right_create(
                organisation=organisation,
                actor=request.user,
                priority_claims=form.priority_claims(),
                **form.right_fields(),
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, _("Saved: %(right)s.") % {"right": right})
            return redirect(right.get_absolute_url())
    context = {
        "form": form,
        "heading": heading,
        "form_kind": form_kind,
        "kinds": [(k, label) for k, (_f, label) in ENTRY_FORMS.items()],
        "preview_url": reverse("entry:right-preview", args=[form_kind]),
    }
    if form.is_bound:
        context.update(right_preview_context(form, organisation))
    return render(request, "entry/right_form.html", context, status=400 if form.is_bound else 200)


@require_POST
@editor_required
def right_preview(request, form_kind: str, organisation):
    form, _heading = _form(request, form_kind, organisation)
    return render(request, "entry/_right_preview.html", right_preview_context(form, organisation))


@require_POST
@editor_required
def number_check(request, organisation):
    """The application number as typed, checked by the same validator as the model and API."""
    raw = request.POST.get("application_number", "").strip()
    kind = request.POST.get("kind", "")
    jurisdiction = (request.POST.get("jurisdiction") or "CN").strip().upper()
    filing_date = _date_or_none(request.POST.get("filing_date"))
    error = normalised = ""
    if raw and jurisdiction == "CN":
        try:
            if kind in PATENT_KINDS:
                normalised = normalise_cn_patent_number(raw, kind, filing_date)
            elif kind == Kind.TRADEMARK:
                normalised = normalise_trademark_number(raw)
        except ValidationError as exc:
            error = exc.messages[0]
    return render(request, "entry/_number_check.html", {"error": error, "normalised": normalised})


def _date_or_none(value):
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None
