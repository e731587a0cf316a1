"""Entry on a saved right or recordal: register a grant, priority claims, a customs recordal,
a customs notice. Each page looks the object up in the user's organisation (404 outside) and
writes through the owning app's service."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.clock import legal_tz, today_legal
from customs import services as customs_services
from customs.models import Recordal, RecordalImage, RecordalParty, RecordalRoute
from dashboard.access import scoped_or_404
from rights import services as rights_services
from rights.models import PriorityClaim, Right

from ..access import editor_required
from ..forms import (
    GrantForm,
    ImageFormSet,
    NoticeForm,
    PartyFormSet,
    PriorityClaimForm,
    RecordalForm,
    RecordalSearchForm,
    RouteFormSet,
    errors_onto,
)
from ..preview import grant_preview_context, notice_preview_context


def _right(request, pk):
    return scoped_or_404(Right.objects.all(), request.user, pk=pk)


# --- register a grant -------------------------------------------------------------------------


@editor_required
def grant_register(request, pk: int, organisation):
    right = _right(request, pk)
    form = GrantForm(request.POST or None, initial={"grant_date": today_legal()})
    if request.method == "POST" and form.is_valid():
        try:
            rights_services.patent_grant_register(
                right=right, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, _("Grant registered: %(right)s.") % {"right": right})
            return redirect(right.get_absolute_url())
    context = {
        "form": form,
        "right": right,
        "preview_url": reverse("entry:grant-preview", args=[right.pk]),
    }
    if form.is_bound:
        context.update(grant_preview_context(form, right))
    return render(request, "entry/grant_form.html", context, status=400 if form.is_bound else 200)


@require_POST
@editor_required
def grant_preview(request, pk: int, organisation):
    right = _right(request, pk)
    return render(
        request, "entry/_right_preview.html", grant_preview_context(GrantForm(request.POST), right)
    )


# --- priority claims --------------------------------------------------------------------------


def _claims_page(request, right, *, add_form=None, edit_forms=None, status=200):
    claims = list(right.priority_claims.order_by("date", "id"))
    edit_forms = edit_forms or {}
    rows = [
        (
            claim,
            edit_forms.get(
                claim.pk,
                PriorityClaimForm(
                    initial={"country": claim.country, "number": claim.number, "date": claim.date},
                    prefix=f"claim-{claim.pk}",
                ),
            ),
        )
        for claim in claims
    ]
    return render(
        request,
        "entry/priority_claims.html",
        {
            "right": right,
            "rows": rows,
            "add_form": add_form or PriorityClaimForm(prefix="new"),
        },
        status=status,
    )


@editor_required
def priority_claims(request, pk: int, organisation):
    return _claims_page(request, _right(request, pk))


@require_POST
@editor_required
def priority_claim_add(request, pk: int, organisation):
    right = _right(request, pk)
    form = PriorityClaimForm(request.POST, prefix="new")
    if form.is_valid():
        try:
            rights_services.priority_claim_add(right=right, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, _("Priority claim added; the priority date follows."))
            return redirect("entry:priority-claims", pk=right.pk)
    return _claims_page(request, right, add_form=form, status=400)


def _claim(request, pk: int, claim_pk: int):
    """A claim of this right (the right already looked up in the user's organisation)."""
    right = _right(request, pk)
    return right, get_object_or_404(PriorityClaim, right=right, pk=claim_pk)


@require_POST
@editor_required
def priority_claim_edit(request, pk: int, claim_pk: int, organisation):
    right, claim = _claim(request, pk, claim_pk)
    form = PriorityClaimForm(request.POST, prefix=f"claim-{claim.pk}")
    if form.is_valid():
        try:
            rights_services.priority_claim_update(
                claim=claim, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, _("Priority claim corrected; the priority date follows."))
            return redirect("entry:priority-claims", pk=right.pk)
    return _claims_page(request, right, edit_forms={claim.pk: form}, status=400)


@require_POST
@editor_required
def priority_claim_remove(request, pk: int, claim_pk: int, organisation):
    right, claim = _claim(request, pk, claim_pk)
    rights_services.priority_claim_remove(claim=claim, actor=request.user)
    messages.success(request, _("Priority claim removed; the priority date follows."))
    return redirect("entry:priority-claims", pk=right.pk)


# --- customs recordal -------------------------------------------------------------------------


class _DetailRefused(Exception):
    """A party, route or image was refused: roll the whole recordal back."""


def _details(parties, routes, images):
    """(sub-form, build(recordal) -> unsaved detail) for every filled-in row."""
    for sub in parties:
        data = sub.cleaned_data
        if data.get("name"):
            fields = {
                k: data[k]
                for k in ("role", "name", "country", "address", "licence_from", "licence_until")
            }
            yield sub, lambda recordal, f=fields: RecordalParty(recordal=recordal, **f)
    for sub in routes:
        data = sub.cleaned_data
        if data.get("port") or data.get("route"):
            fields = {"port": data.get("port", ""), "route": data.get("route", "")}
            yield sub, lambda recordal, f=fields: RecordalRoute(recordal=recordal, **f)
    for sub in images:
        data = sub.cleaned_data
        if data.get("image"):
            fields = {"image": data["image"], "caption": data.get("caption", "")}
            yield sub, lambda recordal, f=fields: RecordalImage(recordal=recordal, **f)


@editor_required
def recordal_new(request, pk: int, organisation):
    right = _right(request, pk)
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    form = RecordalForm(data)
    parties = PartyFormSet(data, prefix="party")
    routes = RouteFormSet(data, prefix="route")
    images = ImageFormSet(data, files, prefix="image")
    valid = all([f.is_valid() for f in (form, parties, routes, images)])
    if request.method == "POST" and valid:
        try:
            with transaction.atomic():
                recordal = customs_services.recordal_register(
                    organisation=organisation,
                    right=right,
                    actor=request.user,
                    **form.recordal_fields(),
                )
                refused = False
                for sub, build in _details(parties, routes, images):
                    try:
                        customs_services.recordal_detail_save(
                            detail=build(recordal), actor=request.user
                        )
                    except ValidationError as exc:
                        errors_onto(sub, exc)
                        refused = True
                if refused:
                    raise _DetailRefused
        except ValidationError as exc:
            errors_onto(form, exc)
        except _DetailRefused:
            pass
        else:
            messages.success(request, _("Recordal saved."))
            return redirect(recordal.get_absolute_url())
    return render(
        request,
        "entry/recordal_form.html",
        {
            "form": form,
            "parties": parties,
            "routes": routes,
            "images": images,
            "right": right,
            "problem": right.recordable_error(),
        },
        status=400 if form.is_bound else 200,
    )


# --- customs notice ---------------------------------------------------------------------------


def _notice_form(request, organisation, recordal):
    data = request.POST if request.method == "POST" else None
    initial = {"served_on": today_legal(), "responsible": request.user.pk}
    return NoticeForm(
        data, initial=initial, organisation=organisation, legal_tz=legal_tz(), recordal=recordal
    )


@editor_required
def notice_new(request, pk: int, organisation):
    recordal = scoped_or_404(Recordal.objects.select_related("right"), request.user, pk=pk)
    form = _notice_form(request, organisation, recordal)
    if request.method == "POST" and form.is_valid():
        try:
            notice = customs_services.customs_notice_register(
                organisation=organisation,
                recordal=recordal,
                actor=request.user,
                **form.notice_fields(),
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, _("Customs notice saved; the answer clock is running."))
            return redirect(notice.get_absolute_url())
    context = {
        "form": form,
        "recordal": recordal,
        "right": recordal.right,
        "preview_url": reverse("entry:notice-preview", args=[recordal.pk]),
    }
    context.update(notice_preview_context(form, recordal) if form.is_bound else {})
    return render(request, "entry/notice_form.html", context, status=400 if form.is_bound else 200)


@require_POST
@editor_required
def notice_preview(request, pk: int, organisation):
    recordal = scoped_or_404(Recordal.objects.all(), request.user, pk=pk)
    form = _notice_form(request, organisation, recordal)
    return render(request, "entry/_notice_preview.html", notice_preview_context(form, recordal))


@editor_required
def notice_find_recordal(request, organisation):
    """Customs-notice intake starting from the recordal number printed on the notice."""
    form = RecordalSearchForm(request.GET or None)
    found = []
    if form.is_valid():
        number = form.cleaned_data["number"].strip()
        found = list(
            Recordal.objects.filter(
                organisation=organisation, recordal_number__icontains=number
            ).select_related("right")[:20]
        )
        exact = [r for r in found if r.recordal_number.lower() == number.lower()]
        if len(exact) == 1:
            return redirect("entry:notice-new", pk=exact[0].pk)
    return render(request, "entry/notice_find.html", {"form": form, "found": found})
