"""The preview panels: the form's facts checked by the model's own clean(), then run through
the pure engine (deadlines.preview) with today's calendar. Nothing is saved."""

from dataclasses import replace

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from calendars.selectors import workday_calendar
from core.clock import now_utc, today_legal
from customs.models import CustomsNotice
from deadlines.countdown import countdown
from deadlines.facts import NoticeFacts
from deadlines.preview import notice_preview, right_change_preview, right_preview
from deadlines.selectors import right_facts, right_with_subjects
from rights.models import PriorityClaim, Right

from .forms import FIELD_ALIASES, NON_FIELD_HOMES


def _problems(form, exc: ValidationError | None = None) -> dict:
    """Missing required fields by label, and every other error as (label, message)."""
    missing, problems = [], []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        label = field.label if field else ""
        for error in errors.as_data():
            if error.code == "required":
                missing.append(label)
            else:
                problems.append((label, " ".join(error.messages)))
    if exc is not None:
        for name, messages in exc.message_dict.items():
            for message in messages:
                home = name if name in form.fields else FIELD_ALIASES.get(name, name)
                field = form.fields.get(home) or form.fields.get(NON_FIELD_HOMES.get(message, ""))
                problems.append((field.label if field else "", message))
    return {"missing": missing, "problems": problems}


def _summary(items) -> dict:
    return {
        "items": items,
        "past": sum(1 for i in items if i.warning == "past"),
        "soon": sum(1 for i in items if i.warning == "soon"),
    }


def right_preview_context(form, organisation) -> dict:
    if not form.is_valid():
        return _problems(form)
    fields = form.right_fields()
    claims = form.priority_claims()
    right = Right(organisation=organisation, **fields)
    if claims:
        right.priority_date = min(c["date"] for c in claims)
    try:
        right.full_clean()
        for claim in claims:
            PriorityClaim(right=right, **claim).full_clean(exclude=["right"])
    except ValidationError as exc:
        return _problems(form, exc)
    items = right_preview(right_facts(right), today=today_legal(), calendar=workday_calendar())
    return _summary(items)


def grant_preview_context(form, right: Right) -> dict:
    """What registering the grant changes: the right checked with the grant, then its dates."""
    if not form.is_valid():
        return _problems(form)
    saved = right_with_subjects(right.pk)
    before = right_facts(saved)
    candidate = Right.objects.get(pk=right.pk)
    candidate.status = "granted"
    candidate.grant_date = form.cleaned_data["grant_date"]
    if form.cleaned_data["registration_number"]:
        candidate.registration_number = form.cleaned_data["registration_number"]
    try:
        candidate.full_clean()
    except ValidationError as exc:
        return _problems(form, exc)
    after = replace(before, status="granted", grant_date=candidate.grant_date)
    items = right_change_preview(before, after, today=today_legal(), calendar=workday_calendar())
    return _summary(items)


def notice_preview_context(form, recordal) -> dict:
    """The answer date, the time left and a warning, for the notice as typed."""
    if not form.is_valid():
        return _problems(form)
    fields = form.notice_fields()
    notice = CustomsNotice(organisation=recordal.organisation, recordal=recordal, **fields)
    try:
        notice.full_clean()
    except ValidationError as exc:
        return _problems(form, exc)
    item = notice_preview(
        NoticeFacts(0, notice.track, notice.served_on),
        today=today_legal(),
        calendar=workday_calendar(),
    )
    if item is None:
        return {
            "no_clock": _(
                "A notice on application has no 3-working-day answer clock: the dates follow "
                "from the detention."
            )
        }
    clock = countdown(
        due_date=item.due_date, counted_days=item.basis.get("counted", []), now=now_utc()
    )
    return {"answer": item, "clock": clock}
