"""Recompute deadlines from facts (same transaction as the change) and act on them."""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models.base import ModelState
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.selectors import can_edit, can_verify, can_waive, ensure_member_of, is_member_of
from calendars.selectors import workday_calendar
from calendars.workdays import WorkdayCalendar
from core import bulk
from core.clock import legal_date_of, now_utc, today_legal
from core.models import set_history_reason, set_history_user
from customs import services as customs_services
from customs.models import GeneralGuarantee
from deadlines import engine, terms
from rights import services as rights_services

from .engine import Computed
from .facts import (
    ComplaintFacts,
    DetentionApplicationFacts,
    GuaranteeFacts,
    LetterFacts,
    MonitoringFacts,
)
from .hooks import deadlines_changed, deadlines_saving
from .models import RECOMPUTED, Deadline, DeadlineStatus
from .rules import MILESTONE_RULES, TWO_PERSON_RULES
from .selectors import right_facts, right_with_subjects

SYNCED_FIELDS = [
    "title",
    "due_date",
    "act_by",
    "provisional",
    "explanation",
    "basis",
    "calendar_from",
    "calendar_until",
    "status",
    "completed_on",
    "note",
    "responsible",
    "verified_by",
    "verified_at",
]
DATE_REACHED = "Date reached."


HISTORY_NOTE = (
    "History: due on {due}, before it was entered on {entered}; not a missed date, no alerts."
)


def passed_status(
    rule_id: str,
    *,
    due: dt.date | None = None,
    entered_on: dt.date | None = None,
    can_still_act: bool = False,
) -> str:
    """The one place a passed date gets its status. Used by the recompute and the daily pass.

    - A milestone (a window opening, a term ending) is reached (done), not missed.
    - A date that was already past when it entered the system (a right entered with its
      history) is history: no alerts, not listed as missed. Unless acting is still possible
      (`can_still_act`: a grace period or late window still open), which stays live (missed,
      alerted) until that window closes.
    - Otherwise it passed while we watched it: missed.
    """
    if rule_id in MILESTONE_RULES:
        return DeadlineStatus.DONE
    if entered_on is not None and due is not None and due < entered_on and not can_still_act:
        return DeadlineStatus.HISTORY
    return DeadlineStatus.MISSED


def can_still_act(computed: Computed, siblings: dict, today: dt.date) -> bool:
    """Is the late window of this act (its rule's `late_rule`, same subject and cycle) open?"""
    late_rule = computed.rule.late_rule
    late = siblings.get((computed.subject_key, late_rule, computed.cycle)) if late_rule else None
    return late is not None and not late.satisfied_on and late.due >= today


def _status_for(computed: Computed, today: dt.date, entered_on: dt.date, siblings) -> str:
    if computed.satisfied_on:
        return DeadlineStatus.DONE
    if computed.due < today:
        return passed_status(
            computed.rule.id,
            due=computed.due,
            entered_on=entered_on,
            can_still_act=can_still_act(computed, siblings, today),
        )
    return DeadlineStatus.OPEN


COMPARED = [f"{f}_id" if f in ("responsible", "verified_by") else f for f in SYNCED_FIELDS]


def _computed_values(
    computed: Computed, today: dt.date, entered_on: dt.date, siblings, note: str
) -> dict[str, Any]:
    """The fields a computation sets on a live row that entered the system on `entered_on`
    (`note`: the row's note so far, kept if it has one)."""
    status = _status_for(computed, today, entered_on, siblings)
    explanation = computed.explanation
    if status == DeadlineStatus.HISTORY:  # the explanation says why
        explanation += " " + HISTORY_NOTE.format(due=computed.due, entered=entered_on)
    values = {
        "title": computed.title,
        "due_date": computed.due,
        "act_by": computed.act_by,
        "provisional": computed.provisional,
        "explanation": explanation,
        "basis": computed.basis,
        "calendar_from": computed.calendar_from,
        "calendar_until": computed.calendar_until,
        "status": status,
    }
    if status == DeadlineStatus.DONE and computed.satisfied_on:
        values["completed_on"] = computed.satisfied_on
        values["note"] = note or "Done: the facts show it was met."
    elif status == DeadlineStatus.DONE:
        values["completed_on"] = computed.due
        values["note"] = note or DATE_REACHED
    return values


def _apply(row: Deadline, computed: Computed, today: dt.date, responsible_id, siblings) -> bool:
    """Bring a live row in line with the computation; returns whether anything changed.

    The row entered the system when it was first created (today for a new row).
    """
    before = [getattr(row, f) for f in COMPARED]
    if row.due_date != computed.due:  # the facts moved it: the second check must be done again
        row.verified_by, row.verified_at = None, None
    entered_on = legal_date_of(row.created_at) if row.created_at else today
    for name, value in _computed_values(computed, today, entered_on, siblings, row.note).items():
        setattr(row, name, value)
    if row.responsible_id is None:
        row.responsible_id = responsible_id
    return before != [getattr(row, f) for f in COMPARED]


class _NewRows:
    """New Deadline instances built from their values and the fields' defaults (computed once):
    an import makes tens of thousands, and Model.__init__ looks up every field's default and
    goes through every field's descriptor for each of them."""

    def __init__(self):
        fields = Deadline._meta.concrete_fields
        self.defaults = {f.attname: None if f.primary_key else f.get_default() for f in fields}

    def __call__(self, values: dict[str, Any]) -> Deadline:
        # What Model.__init__ ends with for a new row, without its per-field descriptor calls
        # (a third of building the row): no model signal listens to a Deadline's init.
        row = Deadline.__new__(Deadline)
        row.__dict__.update(self.defaults)
        row.__dict__.update(values)
        row._state = ModelState()
        return row


def _sync(
    *,
    organisation,
    computed: list[Computed],
    existing: list[Deadline],
    links,
    actor,
    calendar,
    reason: str = "",
    new_row_fields=None,
):
    """Upsert computed deadlines by (subject, rule, cycle); retire live rows no longer computed.

    `reason` goes into each history row (e.g. the calendar notice that moved the dates).
    Rows about to be saved go through the `deadlines_saving` hook first (notifications plans
    their next alert with the same calendar); the saved ones through `deadlines_changed`.
    """
    today = today_legal()
    by_key = {(d.subject_key, d.rule, d.cycle): d for d in existing}
    siblings = {c.key: c for c in computed}
    latest_cycle: defaultdict[tuple[str, str], int] = defaultdict(int)
    to_create, to_update = [], []
    for c in computed:
        latest_cycle[(c.subject_key, c.rule.id)] = max(
            latest_cycle[(c.subject_key, c.rule.id)], c.cycle
        )
        responsible = links(c)
        row = by_key.pop(c.key, None)
        if row is None:
            row = Deadline(
                organisation=organisation,
                subject_key=c.subject_key,
                rule=c.rule.id,
                cycle=c.cycle,
                right_id=links.right_id,
                recordal_id=c.recordal_id,
                customs_notice_id=c.notice_id,
                guarantee_id=c.guarantee_id,
                **(new_row_fields or {}),
            )
            _apply(row, c, today, responsible, siblings)
            to_create.append(row)
            continue
        row._previous_status = row.status  # webhooks tell "missed" only on the transition
        if row.status in RECOMPUTED and _apply(row, c, today, responsible, siblings):
            to_update.append(row)
    to_delete = []
    for row in by_key.values():
        if row.status not in RECOMPUTED:
            continue
        newer = latest_cycle.get((row.subject_key, row.rule), 0)
        if newer > row.cycle:
            row.status = DeadlineStatus.DONE
            row.completed_on = today
            row.note = row.note or f"Superseded by cycle {newer}."
            to_update.append(row)
        else:
            to_delete.append(row.pk)
    _write(
        organisation=organisation,
        to_create=to_create,
        to_update=to_update,
        actor=actor,
        calendar=calendar,
        reason=reason,
    )
    if to_delete:
        for row in Deadline.objects.filter(pk__in=to_delete):
            set_history_user(row, actor)
            set_history_reason(row, reason or None)
            row.delete()
    deadlines_changed.send(
        sender=Deadline, organisation_id=organisation.id, created=to_create, updated=to_update
    )
    return len(to_create), len(to_update), len(to_delete)


def _write(*, organisation, to_create, to_update, actor, calendar, reason: str = "") -> None:
    """Plan the rows' next alerts (`deadlines_saving`), then write them with their history."""
    deadlines_saving.send(
        sender=Deadline,
        organisation_id=organisation.id,
        rows=to_create + to_update,
        calendar=calendar,
    )
    for row in to_create + to_update:
        set_history_user(row, actor)
    if to_create:
        bulk_create_with_history(
            to_create,
            Deadline,
            default_user=actor,
            default_change_reason=reason or None,
            batch_size=2000,
        )
    if to_update:
        bulk_update_with_history(
            to_update,
            Deadline,
            [*SYNCED_FIELDS, "next_alert_at"],
            default_user=actor,
            default_change_reason=reason or None,
        )


def deadlines_prepare_for_new_rights(*, organisation, rights, actor=None, calendar=None):
    """The deadlines of many new rights (an import chunk), computed before anything is written:
    the engine on each right's facts, each term's end set on the right (the rights service
    writes it with the right), the rows built and their next alerts planned. Returns the
    callable that writes the rows, called by the rights service once the rights are written.

    The rights are new, with their ids: no recordals, no deadline rows yet.
    """
    calendar = calendar or workday_calendar()
    today = today_legal()
    new_row = _NewRows()
    to_create = []
    for right in rights:
        facts = right_facts(right, new=True)
        right.expiry_date = engine.right_term(facts).end
        computed_rows = engine.deadlines_for_right(facts, calendar)
        siblings = {c.key: c for c in computed_rows}
        for computed in computed_rows:
            values = _computed_values(computed, today, today, siblings, "")
            values.update(
                organisation_id=organisation.id,
                subject_key=computed.subject_key,
                rule=computed.rule.id,
                cycle=computed.cycle,
                right_id=right.pk,
                responsible_id=right.responsible_id,
            )
            to_create.append(new_row(values))
    deadlines_saving.send(
        sender=Deadline, organisation_id=organisation.id, rows=to_create, calendar=calendar
    )

    def write() -> None:
        bulk.bulk_create_with_history(to_create, Deadline, user=actor)
        deadlines_changed.send(
            sender=Deadline, organisation_id=organisation.id, created=to_create, updated=[]
        )

    return write


class _Links:
    """Who is responsible for each computed deadline of one right."""

    def __init__(self, right):
        self.right_id = right.id
        self.default = right.responsible_id
        self.by_notice = {
            n.id: n.responsible_id for r in right.recordals.all() for n in r.notices.all()
        }

    def __call__(self, computed: Computed):
        return self.by_notice.get(computed.notice_id) or self.default


@transaction.atomic
def deadlines_recompute(
    *, right, actor=None, calendar=None, reason: str = ""
) -> tuple[int, int, int]:
    """Recompute every deadline of a right, its recordals, changes and notices.

    The computed values stored on the subjects (the right's expiry, a recordal's validity, a
    notice's answer date and bond) are handed to their owners' services, so that they never
    disagree with the deadline rows.
    """
    calendar = calendar or workday_calendar()
    right = right_with_subjects(right.pk)
    facts = right_facts(right)
    computed = engine.deadlines_for_right(facts, calendar)
    rights_services.right_expiry_store(
        right=right, expiry_date=engine.right_term(facts).end, actor=actor
    )
    by_notice = {c.notice_id: c for c in computed if c.rule.id == "customs_notice_response"}
    for recordal, recordal_facts in zip(right.recordals.all(), facts.recordals, strict=True):
        valid = engine.recordal_term(facts, recordal_facts)
        renewable = valid.end is not None and engine.recordal_renewable(facts, valid)
        customs_services.recordal_term_store(
            recordal=recordal,
            valid_until=valid.end,
            renewal_window_opens=(
                terms.window_opens(valid.end, 6) if valid.end is not None and renewable else None
            ),
            actor=actor,
        )
        for notice in recordal.notices.all():
            response = by_notice.get(notice.id)
            bond, _created = (
                terms.ex_officio_bond(notice.goods_value_cny)
                if notice.track == "ex_officio"
                else terms.on_application_bond(notice.goods_value_cny)
            )
            customs_services.customs_notice_response_store(
                notice=notice,
                response_due=response.due if response else None,
                provisional=response.provisional if response else False,
                explanation=response.explanation if response else "",
                bond_cny=bond,
                actor=actor,
            )
    existing = list(Deadline.objects.filter(right_id=right.pk))
    return _sync(
        organisation=right.organisation,
        computed=computed,
        existing=existing,
        links=_Links(right),
        actor=actor,
        calendar=calendar,
        reason=reason,
    )


@transaction.atomic
def guarantee_deadlines_recompute(*, guarantee, actor=None, calendar=None, reason: str = ""):
    calendar = calendar or workday_calendar()
    following = (
        GeneralGuarantee.objects.filter(
            organisation_id=guarantee.organisation_id, year=guarantee.year + 1
        )
        .values_list("approved_on", flat=True)
        .first()
    )
    facts = GuaranteeFacts(guarantee.id, guarantee.year, guarantee.approved_on, following)
    computed = engine.deadlines_for_guarantee(facts, calendar)

    class _NoRight:
        right_id = None

        def __call__(self, computed):
            return None

    existing = list(Deadline.objects.filter(guarantee_id=guarantee.pk))
    return _sync(
        organisation=guarantee.organisation,
        computed=computed,
        existing=existing,
        links=_NoRight(),
        actor=actor,
        calendar=calendar,
        reason=reason,
    )


_SUBJECT_ENGINES: dict[type, Callable[[Any, WorkdayCalendar], list[engine.Computed]]] = {
    ComplaintFacts: engine.deadlines_for_complaint,
    LetterFacts: engine.deadlines_for_letter,
    MonitoringFacts: engine.deadlines_for_monitoring,
    DetentionApplicationFacts: engine.deadlines_for_detention_application,
}


class _SubjectLinks:
    right_id = None

    def __init__(self, responsible_id):
        self.responsible_id = responsible_id

    def __call__(self, computed):
        return self.responsible_id


@transaction.atomic
def subject_deadlines_sync(
    *, subject, facts, actor=None, responsible_id=None, calendar=None, reason: str = ""
) -> list[Deadline]:
    """Deadlines of a record from a higher layer (a platform complaint, a letter).

    That layer hands its facts over (ComplaintFacts, LetterFacts); the rows hang on the record
    through the generic subject, and are upserted by (subject, rule, cycle) like every other.
    Returns the subject's deadline rows after the sync.
    """
    calendar = calendar or workday_calendar()
    computed = _SUBJECT_ENGINES[type(facts)](facts, calendar)
    subject_type = ContentType.objects.get_for_model(subject)
    rows = Deadline.objects.filter(subject_type=subject_type, subject_id=subject.pk)
    _sync(
        organisation=subject.organisation,
        computed=computed,
        existing=list(rows),
        links=_SubjectLinks(responsible_id),
        actor=actor,
        calendar=calendar,
        new_row_fields={"subject_type": subject_type, "subject_id": subject.pk},
        reason=reason,
    )
    return list(rows.order_by("due_date", "id"))


def _check_live(deadline: Deadline) -> None:
    """Open, missed and history rows can be closed (history: "we did it back then")."""
    if deadline.status not in RECOMPUTED:
        raise ValidationError({"status": f"This deadline is already {deadline.status}."})


@transaction.atomic
def deadline_complete(*, deadline: Deadline, actor, note: str = "", completed_on=None):
    """Mark a deadline done; paying an annuity or renewing a mark moves the facts forward."""
    if not can_edit(actor) and not can_waive(actor):
        raise PermissionDenied("Only counsel and paralegals can mark deadlines done.")
    ensure_member_of(actor, deadline.organisation_id)
    deadline = Deadline.objects.select_for_update().get(pk=deadline.pk)
    _check_live(deadline)
    deadline.status = DeadlineStatus.DONE
    deadline.note = note
    deadline.completed_on = completed_on or today_legal()
    deadline.completed_by = actor
    set_history_user(deadline, actor)
    deadline.full_clean()
    deadline.save()
    right = deadline.right
    if right is None:
        return deadline
    # Paying an annuity or renewing a mark is a fact of the right: its own service records it,
    # and the right's change hook recomputes the deadlines.
    if deadline.rule == "patent_annuity":
        rights_services.right_update(
            right=right,
            actor=actor,
            annuities_paid_through=max(right.annuities_paid_through or 0, deadline.cycle),
        )
    elif deadline.rule == "trademark_renewal_due":
        rights_services.right_renewal_register(
            right=right, actor=actor, renewed_on=deadline.completed_on
        )
    else:
        deadlines_recompute(right=right, actor=actor)
    return deadline


@transaction.atomic
def deadline_waive(*, deadline: Deadline, actor, reason: str):
    if not can_waive(actor):
        raise PermissionDenied("Only counsel can waive a deadline.")
    ensure_member_of(actor, deadline.organisation_id)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for waiving this deadline.")})
    deadline = Deadline.objects.select_for_update().get(pk=deadline.pk)
    _check_live(deadline)
    deadline.status = DeadlineStatus.WAIVED
    deadline.note = reason.strip()
    deadline.completed_on = today_legal()
    deadline.completed_by = actor
    set_history_user(deadline, actor)
    deadline.save()
    return deadline


@transaction.atomic
def deadline_assign(*, deadline: Deadline, responsible, actor) -> Deadline:
    """Choose who follows a deadline (a member of its organisation, or nobody).

    The recompute keeps the choice: it fills in `responsible` only where none is set.
    """
    if actor is not None and not actor.is_superuser and not can_edit(actor):
        raise PermissionDenied("Only counsel and paralegals can assign deadlines.")
    ensure_member_of(actor, deadline.organisation_id)
    if responsible is not None and not is_member_of(responsible, deadline.organisation_id):
        raise ValidationError({"responsible": _("Choose a member of the deadline's organisation.")})
    deadline = Deadline.objects.select_for_update().get(pk=deadline.pk)
    deadline.responsible = responsible
    set_history_user(deadline, actor)
    deadline.save(update_fields=["responsible", "updated_at"])
    return deadline


def fact_enterers(deadline: Deadline) -> set[int]:
    """The users who entered the facts behind the deadline's date: those recorded in its history
    when it was created and each time its due date moved (the recompute records the person whose
    change of the facts, or of the calendar, caused it). One read of its history."""
    users, last_due = set(), None
    rows = deadline.history.order_by("history_date", "history_id").values_list(
        "history_type", "due_date", "history_user_id"
    )
    for kind, due, user_id in rows:
        if (kind == "+" or due != last_due) and user_id is not None:
            users.add(user_id)
        last_due = due
    return users


@transaction.atomic
def deadline_verify(*, deadline: Deadline, actor) -> Deadline:
    """A second member confirms a rights-ending date (two-person verification).

    Only for the rules in TWO_PERSON_RULES, only by counsel, a paralegal or a manager of the
    deadline's organisation, and never by someone who entered the facts behind the date (see
    `fact_enterers`). Recorded in the deadline's history; a recompute that moves the date clears
    it (`_apply`), so the new date is checked again.
    """
    if actor is None or not can_verify(actor):
        raise PermissionDenied(_("A viewer cannot verify deadlines."))
    ensure_member_of(actor, deadline.organisation_id)
    deadline = Deadline.objects.select_for_update().get(pk=deadline.pk)
    if deadline.rule not in TWO_PERSON_RULES:
        raise ValidationError(
            {"rule": _("Only rights-ending deadlines are verified by a second person.")}
        )
    if deadline.status not in (DeadlineStatus.OPEN, DeadlineStatus.MISSED):
        raise ValidationError({"status": _("Only an open or missed deadline can be verified.")})
    if deadline.verified_at is not None:
        raise ValidationError({"verified_by": _("This date is already verified.")})
    if actor.pk in fact_enterers(deadline):
        raise ValidationError(
            {
                "verified_by": _(
                    "You entered or changed the facts behind this date: a second person who did "
                    "not must verify it."
                )
            }
        )
    deadline.verified_by = actor
    deadline.verified_at = now_utc()
    set_history_user(deadline, actor)
    deadline.save(update_fields=["verified_by", "verified_at", "updated_at"])
    return deadline


def deadlines_mark_missed(*, today: dt.date | None = None, chunk: int = 2000) -> int:
    """Open deadlines whose legal date has passed become missed, milestones reached (done).

    An indexed range read on due_date, in chunks.
    """
    today = today or today_legal()
    total = 0
    while True:
        rows = list(
            Deadline.objects.filter(status=DeadlineStatus.OPEN, due_date__lt=today).order_by(
                "due_date", "id"
            )[:chunk]
        )
        if not rows:
            return total
        for row in rows:
            row._previous_status = row.status
            # An open row was still ahead at its last recompute: it passed while watched.
            row.status = passed_status(row.rule)
            if row.status == DeadlineStatus.DONE:
                row.completed_on = row.due_date
                row.note = row.note or DATE_REACHED
        with transaction.atomic():
            bulk_update_with_history(
                rows, Deadline, ["status", "completed_on", "note"], batch_size=500
            )
            missed: dict[int, list[Deadline]] = defaultdict(list)
            for row in rows:
                if row.status == DeadlineStatus.MISSED:
                    missed[row.organisation_id].append(row)
            for organisation_id, org_rows in missed.items():
                deadlines_changed.send(
                    sender=Deadline, organisation_id=organisation_id, created=[], updated=org_rows
                )
        total += len(rows)
