"""Writes to rights. Forms, the admin, the API and the importer all come through here."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts.selectors import can_edit, ensure_member_of
from core.clock import today_legal
from core.models import save_changed_fields

from .choices import ENDED, Status
from .hooks import right_changed
from .models import PriorityClaim, Right


def _require_editor(actor, organisation_id) -> None:
    if actor is not None and not actor.is_superuser and not can_edit(actor):
        raise PermissionDenied("Only counsel and paralegals can change rights.")
    ensure_member_of(actor, organisation_id)


def _legal_events(before: Right | None, after: Right) -> list[tuple[str, str]]:
    """Events of a right that its customs recordals must follow (GACC within 30 WD, Reg. art. 11)."""
    if before is None:
        return []
    changes = []
    if before.owner != after.owner:
        changes.append(("assignment", f"Holder changed from {before.owner} to {after.owner}."))
    if before.status not in ENDED and after.status in ENDED:
        changes.append(("lapse", f"The right is now {after.get_status_display().lower()}."))
    if after.renewals > before.renewals:
        changes.append(("renewal", "The right was renewed: the recordal's term follows it."))
    return changes


def _announce(right: Right, actor, events=(), occurred_on=None) -> None:
    """Tell the higher layers (deadlines, through them customs duties) that the right changed."""
    right_changed.send(
        sender=Right,
        right=right,
        events=list(events),
        occurred_on=occurred_on or today_legal(),
        actor=actor,
    )


def _save(*, right: Right, before: Right | None, actor, changed_on=None) -> Right:
    right.full_clean()
    right._history_user = actor
    right.save()
    _announce(right, actor, _legal_events(before, right), changed_on)
    right.refresh_from_db()
    return right


@transaction.atomic
def right_create(*, organisation, actor=None, priority_claims=(), **fields) -> Right:
    _require_editor(actor, organisation.id)
    right = Right(organisation=organisation, **fields)
    if priority_claims:  # the deadlines are computed once, from the claims' earliest date
        right.priority_date = earliest_priority_date([c["date"] for c in priority_claims])
    right = _save(right=right, before=None, actor=actor)
    for claim in sorted(priority_claims, key=lambda c: c["date"]):  # earliest first: no change
        priority_claim_add(right=right, actor=actor, **claim)
    return right


@transaction.atomic
def right_update(*, right: Right, actor=None, changed_on=None, **fields) -> Right:
    """Change a right's facts; a change a recorded right's recordal must follow opens a duty."""
    _require_editor(actor, right.organisation_id)
    right = Right.objects.select_for_update().get(pk=right.pk)
    before = Right.objects.get(pk=right.pk)
    if "priority_date" in fields:
        claimed = list(right.priority_claims.values_list("date", flat=True))
        if claimed and fields["priority_date"] != earliest_priority_date(claimed):
            raise ValidationError(
                {"priority_date": "The priority date follows the priority claims: change those."}
            )
    for name, value in fields.items():
        setattr(right, name, value)
    return _save(right=right, before=before, actor=actor, changed_on=changed_on)


@transaction.atomic
def patent_grant_register(*, right: Right, grant_date, actor=None, registration_number=""):
    """A CNIPA grant: the patent is in force, its annuities and customs duty begin."""
    fields = {"status": Status.GRANTED, "grant_date": grant_date}
    if registration_number:
        fields["registration_number"] = registration_number
    return right_update(right=right, actor=actor, **fields)


@transaction.atomic
def right_renewal_register(*, right: Right, actor=None, renewed_on=None) -> Right:
    """A trademark renewal granted: the next 10-year term starts the day after this one ends."""
    return right_update(
        right=right,
        actor=actor,
        renewals=right.renewals + 1,
        changed_on=renewed_on,
        office_expiry_date=None,
    )


# --- priority claims: the right's priority date is always the earliest claim's ----------------


def earliest_priority_date(dates):
    """The priority date a right takes from its claims (Paris Convention art. 4): the earliest."""
    return min(dates) if dates else None


def _priority_date_follow_claims(right: Right, actor) -> None:
    """The one place the priority date is derived; a change recomputes the deadlines."""
    earliest = earliest_priority_date(list(right.priority_claims.values_list("date", flat=True)))
    if right.priority_date != earliest:
        right_update(right=right, actor=actor, priority_date=earliest)


def _claim_save(claim: PriorityClaim, actor) -> PriorityClaim:
    claim.full_clean()
    claim._history_user = actor
    claim.save()
    _priority_date_follow_claims(claim.right, actor)
    return claim


@transaction.atomic
def priority_claim_add(*, right: Right, country, number, date, actor=None) -> PriorityClaim:
    _require_editor(actor, right.organisation_id)
    return _claim_save(PriorityClaim(right=right, country=country, number=number, date=date), actor)


@transaction.atomic
def priority_claim_update(*, claim: PriorityClaim, actor=None, **fields) -> PriorityClaim:
    """Change a claim's country, number or date; it stays with its right."""
    claim = PriorityClaim.objects.select_for_update().select_related("right").get(pk=claim.pk)
    _require_editor(actor, claim.right.organisation_id)
    if "right" in fields and fields["right"] != claim.right:
        raise ValidationError({"right": "A priority claim stays with its right."})
    for name, value in fields.items():
        setattr(claim, name, value)
    return _claim_save(claim, actor)


@transaction.atomic
def priority_claim_remove(*, claim: PriorityClaim, actor=None) -> None:
    claim = PriorityClaim.objects.select_for_update().select_related("right").get(pk=claim.pk)
    _require_editor(actor, claim.right.organisation_id)
    right = claim.right
    claim._history_user = actor
    claim.delete()
    _priority_date_follow_claims(right, actor)


def right_expiry_store(*, right: Right, expiry_date, actor=None) -> None:
    """Store the computed end of the right's term (called by the deadlines recompute only)."""
    save_changed_fields(right, actor=actor, expiry_date=expiry_date)
