"""Writes to customs recordals, notices and guarantees; each recomputes the deadlines."""

from typing import TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.selectors import can_edit, ensure_member_of
from core.constraints import unique_errors
from core.models import save_changed_fields, set_history_user

from .hooks import guarantee_changed, recordal_changed
from .models import (
    CustomsNotice,
    GeneralGuarantee,
    NoticeStatus,
    PartyRole,
    Recordal,
    RecordalChange,
    RecordalImage,
    RecordalParty,
    RecordalRoute,
    RecordalStatus,
    Response,
)
from .terms import guarantee_dates


def _require_editor(actor, organisation_id) -> None:
    if actor is not None and not actor.is_superuser and not can_edit(actor):
        raise PermissionDenied("Only counsel and paralegals can change customs records.")
    ensure_member_of(actor, organisation_id)


def _same_org(organisation, obj, field: str) -> None:
    if obj is not None and obj.organisation_id != organisation.id:
        raise ValidationError({field: _("Choose one of your own organisation's records.")})


def _save(instance, actor):
    instance.full_clean()
    set_history_user(instance, actor)
    with unique_errors():
        instance.save()
    return instance


def _recompute(right, actor, cause=None) -> None:
    """The facts under `right` changed (`cause`: the record written, named in the deadlines'
    history): the deadlines layer recomputes (hook, same transaction)."""
    recordal_changed.send(sender=Recordal, right=right, actor=actor, cause=cause)


@transaction.atomic
def recordal_register(*, organisation, right, actor=None, **fields) -> Recordal:
    _require_editor(actor, organisation.id)
    _same_org(organisation, right, "right")
    if fields.get("approved_on") and "status" not in fields:
        fields["status"] = RecordalStatus.ACTIVE
    recordal = _save(Recordal(organisation=organisation, right=right, **fields), actor)
    _recompute(right, actor, recordal)
    recordal.refresh_from_db()
    return recordal


@transaction.atomic
def recordal_update(*, recordal: Recordal, actor=None, **fields) -> Recordal:
    """Change a recordal's facts. Its right never changes: GACC records one right per recordal,
    and its deadlines, notices and changes all belong to that right."""
    _require_editor(actor, recordal.organisation_id)
    recordal = Recordal.objects.select_for_update().get(pk=recordal.pk)
    if "right" in fields and getattr(fields["right"], "pk", fields["right"]) != recordal.right_id:
        raise ValidationError(
            {
                "right": _(
                    "A recordal's right never changes: register a new recordal for that right."
                )
            }
        )
    fields.pop("organisation", None)
    for name, value in fields.items():
        setattr(recordal, name, value)
    _save(recordal, actor)
    _recompute(recordal.right, actor, recordal)
    recordal.refresh_from_db()
    return recordal


@transaction.atomic
def recordal_renew(*, recordal: Recordal, new_valid_until, actor=None) -> Recordal:
    """GACC approved a renewal: store its new end date (Reg. art. 10(2))."""
    if recordal.valid_until and new_valid_until <= recordal.valid_until:
        raise ValidationError(
            {"new_valid_until": _("A renewal must end after the current end date.")}
        )
    return recordal_update(
        recordal=recordal,
        actor=actor,
        office_valid_until=new_valid_until,
        status=RecordalStatus.ACTIVE,
    )


@transaction.atomic
def recordal_change_register(
    *, recordal: Recordal, kind, occurred_on, description="", actor=None
) -> RecordalChange:
    _require_editor(actor, recordal.organisation_id)
    change = _save(
        RecordalChange(
            recordal=recordal, kind=kind, occurred_on=occurred_on, description=description
        ),
        actor,
    )
    _recompute(recordal.right, actor, change)
    return change


@transaction.atomic
def recordal_change_update(*, change: RecordalChange, actor=None, **fields) -> RecordalChange:
    """Correct a change (its kind, date, description) or record its filing with GACC."""
    change = RecordalChange.objects.select_for_update().select_related("recordal").get(pk=change.pk)
    _require_editor(actor, change.recordal.organisation_id)
    if "recordal" in fields and fields["recordal"] != change.recordal:
        raise ValidationError({"recordal": _("A change stays with its recordal.")})
    for name, value in fields.items():
        setattr(change, name, value)
    _save(change, actor)
    _recompute(change.recordal.right, actor, change)
    return change


@transaction.atomic
def recordal_change_file(*, change: RecordalChange, filed_on, actor=None) -> RecordalChange:
    return recordal_change_update(change=change, actor=actor, filed_on=filed_on)


@transaction.atomic
def recordal_change_remove(*, change: RecordalChange, actor=None) -> None:
    """A change entered by mistake: its 30-working-day duty goes with it."""
    change = RecordalChange.objects.select_related("recordal__right").get(pk=change.pk)
    _require_editor(actor, change.recordal.organisation_id)
    right = change.recordal.right
    set_history_user(change, actor)
    change.delete()
    _recompute(right, actor, change)


# Details of a recordal that no deadline depends on: parties, routes, genuine-product images.
RecordalDetail = RecordalParty | RecordalRoute | RecordalImage
DetailT = TypeVar("DetailT", RecordalParty, RecordalRoute, RecordalImage)


@transaction.atomic
def recordal_detail_save(*, detail: DetailT, actor=None) -> DetailT:
    """Add or change a party, route or image of a recordal (it stays with its recordal)."""
    _require_editor(actor, detail.recordal.organisation_id)
    if detail.pk is not None:
        stored = type(detail).objects.only("recordal_id").get(pk=detail.pk)
        if stored.recordal_id != detail.recordal_id:
            raise ValidationError({"recordal": _("A recordal's detail stays with its recordal.")})
    detail.full_clean()
    set_history_user(detail, actor)
    with unique_errors():
        detail.save()
    return detail


@transaction.atomic
def recordal_detail_remove(*, detail: RecordalDetail, actor=None) -> None:
    _require_editor(actor, detail.recordal.organisation_id)
    set_history_user(detail, actor)
    detail.delete()


@transaction.atomic
def recordal_party_add(
    *, recordal: Recordal, role, name, actor=None, occurred_on=None, **fields
) -> RecordalParty:
    """A new licensee changes the licence situation: GACC must be told (Reg. art. 11)."""
    party = recordal_detail_save(
        detail=RecordalParty(recordal=recordal, role=role, name=name, **fields), actor=actor
    )
    if role == PartyRole.LICENSEE and occurred_on:
        recordal_change_register(
            recordal=recordal,
            kind="licence",
            occurred_on=occurred_on,
            description=f"New licensee: {name}.",
            actor=actor,
        )
    return party


@transaction.atomic
def customs_notice_register(
    *, organisation, recordal: Recordal, actor=None, **fields
) -> CustomsNotice:
    """A notice of suspected goods: the 3-working-day clock starts the day after service."""
    _require_editor(actor, organisation.id)
    _same_org(organisation, recordal, "recordal")
    notice = _save(CustomsNotice(organisation=organisation, recordal=recordal, **fields), actor)
    _recompute(recordal.right, actor, notice)
    notice.refresh_from_db()
    return notice


@transaction.atomic
def customs_notice_update(*, notice: CustomsNotice, actor=None, **fields) -> CustomsNotice:
    _require_editor(actor, notice.organisation_id)
    notice = CustomsNotice.objects.select_for_update().get(pk=notice.pk)
    if "recordal" in fields and getattr(fields["recordal"], "pk", None) != notice.recordal_id:
        raise ValidationError({"recordal": _("A notice stays with the recordal it was served on.")})
    fields.pop("organisation", None)
    for name, value in fields.items():
        setattr(notice, name, value)
    _save(notice, actor)
    _recompute(notice.recordal.right, actor, notice)
    notice.refresh_from_db()
    return notice


@transaction.atomic
def customs_notice_answer(
    *, notice: CustomsNotice, response, responded_on, actor=None, detained_on=None
) -> CustomsNotice:
    """Our answer: detain (with bond) or explain. Detention starts the 30/50 WD clocks."""
    if response not in (Response.DETAIN, Response.EXPLAIN):
        raise ValidationError({"response": _("Answer with 'detain' or 'explain'.")})
    # Check the locked row, not the caller's copy: a stale copy must not answer twice.
    notice = CustomsNotice.objects.select_for_update().get(pk=notice.pk)
    if notice.responded_on:
        raise ValidationError({"response": _("This notice has already been answered.")})
    fields = {"response": response, "responded_on": responded_on, "status": NoticeStatus.ANSWERED}
    if detained_on:  # only a detain answer may carry one: the model refuses it otherwise
        fields["detained_on"] = detained_on
        if response == Response.DETAIN:
            fields["status"] = NoticeStatus.DETAINED
    return customs_notice_update(notice=notice, actor=actor, **fields)


@transaction.atomic
def guarantee_register(
    *, organisation, year, amount_cny, bank, approved_on, actor=None, notes=""
) -> GeneralGuarantee:
    _require_editor(actor, organisation.id)
    covers_until, letter_until = guarantee_dates(year)
    if approved_on.year != year:
        raise ValidationError(
            {"approved_on": _("Approval must fall in %(year)s, the year covered.") % {"year": year}}
        )
    guarantee = _save(
        GeneralGuarantee(
            organisation=organisation,
            year=year,
            amount_cny=amount_cny,
            bank=bank,
            approved_on=approved_on,
            covers_until=covers_until,
            letter_valid_until=letter_until,
            notes=notes,
        ),
        actor,
    )
    guarantee_changed.send(sender=GeneralGuarantee, guarantee=guarantee, actor=actor)
    previous = GeneralGuarantee.objects.filter(organisation=organisation, year=year - 1).first()
    if previous:  # its renewal deadline is met by this year's approval
        guarantee_changed.send(sender=GeneralGuarantee, guarantee=previous, actor=actor)
    return guarantee


GUARANTEE_FIXED = ("year", "approved_on")  # the deadlines follow from these


@transaction.atomic
def guarantee_update(*, guarantee: GeneralGuarantee, actor=None, **fields) -> GeneralGuarantee:
    """Change the amount, bank or notes. The year and approval date are fixed once registered:
    register the right guarantee instead (its deadlines follow from them)."""
    _require_editor(actor, guarantee.organisation_id)
    guarantee = GeneralGuarantee.objects.select_for_update().get(pk=guarantee.pk)
    unknown = set(fields) - {*GUARANTEE_FIXED, "amount_cny", "bank", "notes"}
    if unknown:
        raise ValidationError({name: _("Cannot be changed here.") for name in sorted(unknown)})
    fixed = {
        name: _("Fixed once registered.")
        for name in GUARANTEE_FIXED
        if name in fields and fields[name] != getattr(guarantee, name)
    }
    if fixed:
        raise ValidationError(fixed)
    for name, value in fields.items():
        if name not in GUARANTEE_FIXED:
            setattr(guarantee, name, value)
    return _save(guarantee, actor)


# --- called by the deadlines layer ----------------------------------------------------------


def recordal_duties_open(*, right, events, occurred_on, actor=None) -> list[RecordalChange]:
    """Events of a recorded right (assignment, lapse, renewal) GACC must be told of (Reg. art. 11).

    One change per live recordal and event; the caller (the deadlines recompute) counts the
    30 working days. Not an entry point: no role check beyond the right's own change.
    """
    created = []
    for recordal in right.recordals.filter(
        status__in=[RecordalStatus.ACTIVE, RecordalStatus.PENDING]
    ):
        for kind, description in events:
            created.append(
                _save(
                    RecordalChange(
                        recordal=recordal,
                        kind=kind,
                        occurred_on=occurred_on,
                        description=description,
                    ),
                    actor,
                )
            )
    return created


def recordal_term_store(*, recordal: Recordal, valid_until, renewal_window_opens, actor=None):
    """Store the computed end of a recordal and its renewal window (deadlines recompute only)."""
    save_changed_fields(
        recordal, actor=actor, valid_until=valid_until, renewal_window_opens=renewal_window_opens
    )


def customs_notice_response_store(
    *, notice: CustomsNotice, response_due, provisional, explanation, bond_cny, actor=None
):
    """Store the computed answer date and bond of a notice (deadlines recompute only)."""
    save_changed_fields(
        notice,
        actor=actor,
        response_due=response_due,
        provisional=provisional,
        explanation=explanation,
        bond_cny=bond_cny,
    )
