"""Post-only actions: a deadline done or waived, a customs notice answered (through services).

With htmx the response is the updated table row (no page load); without it, a redirect back.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from customs.models import CustomsNotice
from customs.services import customs_notice_answer
from deadlines.models import Deadline
from deadlines.services import deadline_complete, deadline_verify, deadline_waive

from ..access import abilities, member_required, require_editor, require_waiver, scoped_or_404
from ..forms import DoneForm, NoticeAnswerForm, WaiveForm
from ..selectors import SUBJECTS
from .matters import notice_context


def _back(request, fallback: str):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(fallback)


def _errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _deadline_response(request, deadline, ok_message: str, error: str = ""):
    if request.htmx:  # htmx swaps 2xx responses only: the row carries the error itself
        deadline = Deadline.objects.select_related(*SUBJECTS).get(pk=deadline.pk)
        return render(
            request,
            "dashboard/_docket_row_alone.html",
            {
                "d": deadline,
                "row_error": error,
                "row_done": "" if error else ok_message,
                "next_url": request.POST.get("next", ""),
                "hide_right": request.POST.get("hide_right") == "1",  # on the right's own page
                **abilities(request.user),
            },
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, ok_message)
    return _back(request, deadline.get_absolute_url())


@require_POST
@member_required
def deadline_done(request, pk: int):
    deadline = scoped_or_404(Deadline.objects.all(), request.user, pk=pk)
    require_editor(request.user)
    form = DoneForm(request.POST)
    if not form.is_valid():
        return _deadline_response(request, deadline, "", _errors(ValidationError(form.errors)))
    try:
        deadline_complete(deadline=deadline, actor=request.user, note=form.cleaned_data["note"])
    except ValidationError as exc:
        return _deadline_response(request, deadline, "", _errors(exc))
    return _deadline_response(
        request, deadline, _("Marked done: %(title)s.") % {"title": deadline.heading}
    )


@require_POST
@member_required
def deadline_waive_view(request, pk: int):
    deadline = scoped_or_404(Deadline.objects.all(), request.user, pk=pk)
    require_waiver(request.user)
    form = WaiveForm(request.POST)
    if not form.is_valid():
        return _deadline_response(
            request, deadline, "", _("Give the reason for waiving this deadline.")
        )
    try:
        deadline_waive(deadline=deadline, actor=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        return _deadline_response(request, deadline, "", _errors(exc))
    return _deadline_response(
        request, deadline, _("Waived: %(title)s.") % {"title": deadline.heading}
    )


@require_POST
@member_required
def deadline_verify_view(request, pk: int):
    """The second check of a rights-ending date (two-person verification)."""
    deadline = scoped_or_404(Deadline.objects.all(), request.user, pk=pk)
    try:
        deadline_verify(deadline=deadline, actor=request.user)
    except ValidationError as exc:
        return _deadline_response(request, deadline, "", _errors(exc))
    return _deadline_response(
        request, deadline, _("Verified: %(title)s.") % {"title": deadline.heading}
    )


@require_POST
@member_required
def notice_answer(request, pk: int):
    notice = scoped_or_404(CustomsNotice.objects.all(), request.user, pk=pk)
    require_editor(request.user)
    form = NoticeAnswerForm(request.POST)
    if form.is_valid():
        try:
            customs_notice_answer(notice=notice, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The answer to the customs notice is recorded."))
            return redirect(notice.get_absolute_url())
    # The page again, with the errors beside the fields.
    return render(
        request,
        "dashboard/notice_detail.html",
        notice_context(request, notice.pk, form),
        status=400,
    )
