"""Writes to rights. Forms, the admin, the API and the importer all come through here."""

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import islice
from typing import cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.selectors import can_edit, ensure_member_of
from calendars.selectors import workday_calendar
from core.bulk import assign_ids, bulk_create_with_history, bulk_job
from core.clock import today_legal
from core.constraints import unique_errors
from core.models import save_changed_fields, set_history_user

from .choices import ENDED, Status
from .hooks import right_changed, rights_importing
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
    set_history_user(right, actor)
    with unique_errors():
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
                {"priority_date": _("The priority date follows the priority claims: change those.")}
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
    set_history_user(claim, actor)
    with unique_errors():
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
        raise ValidationError({"right": _("A priority claim stays with its right.")})
    for name, value in fields.items():
        setattr(claim, name, value)
    return _claim_save(claim, actor)


@transaction.atomic
def priority_claim_remove(*, claim: PriorityClaim, actor=None) -> None:
    claim = PriorityClaim.objects.select_for_update().select_related("right").get(pk=claim.pk)
    _require_editor(actor, claim.right.organisation_id)
    right = claim.right
    set_history_user(claim, actor)
    claim.delete()
    _priority_date_follow_claims(right, actor)


def right_expiry_store(*, right: Right, expiry_date, actor=None) -> None:
    """Store the computed end of the right's term (called by the deadlines recompute only)."""
    save_changed_fields(right, actor=actor, expiry_date=expiry_date)


# --- bulk import ------------------------------------------------------------------------------

IMPORT_FIELDS = (
    "kind",
    "jurisdiction",
    "application_number",
    "registration_number",
    "title",
    "owner",
    "status",
    "filing_date",
    "priority_date",
    "publication_date",
    "grant_date",
    "registration_date",
    "nice_classes",
    "annuities_paid_through",
    "renewals",
    "external_id",
    "notes",
)


IMPORT_CHUNK = 1000  # rows checked and written together: memory stays flat whatever the file


@dataclass
class ImportCheck:
    """The outcome of checking import rows: errors as (row, field, message); the row numbers
    of the rights to create; those of the rows already present with the same facts (a
    re-import changes nothing)."""

    errors: list = field(default_factory=list)
    new: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)


def _same_facts(existing: Right, candidate: Right) -> bool:
    return all(getattr(existing, f) == getattr(candidate, f) for f in IMPORT_FIELDS)


class _SeenInFile:
    """The numbers and external ids met so far in the file, with their row."""

    def __init__(self):
        # One string per number ("CN 201510958772.0"): what an import must remember of each
        # row of the whole file, so kept small (about 100 bytes a row with the dict's share).
        self.numbers: dict[str, int] = {}
        self.ids: dict[str, int] = {}

    def duplicate(self, number: int, right: Right) -> tuple[str, str] | None:
        """(field, message) when the right's number or external id came earlier; else remember
        them for the rows after."""
        key = f"{right.jurisdiction} {right.application_number}"
        if right.application_number and key in self.numbers:
            return "application_number", self._message(right.application_number, self.numbers[key])
        if right.external_id and right.external_id in self.ids:
            return "external_id", self._message(right.external_id, self.ids[right.external_id])
        if right.application_number:
            self.numbers[key] = number
        if right.external_id:
            self.ids[right.external_id] = number
        return None

    @staticmethod
    def _message(value: str, row: int) -> str:
        return _("%(number)s is already in row %(row)s of this file.") % {
            "number": value,
            "row": row,
        }


class UnreadRow:
    """A row of an import whose cells the file's reader could not read: [(field, message)]."""

    __slots__ = ("errors",)

    def __init__(self, errors):
        self.errors = errors


def _valid_rights(organisation, rows, check: ImportCheck, seen: _SeenInFile):
    """(row number, unsaved Right) for each row the model accepts and the file holds once."""
    for number, values in rows:
        if isinstance(values, UnreadRow):
            check.errors.extend((number, name, message) for name, message in values.errors)
            continue
        if not isinstance(values, dict):  # a parsed file's compact row
            values = dict(zip(IMPORT_FIELDS, values, strict=True))
        right = Right(organisation=organisation, **values)
        try:
            # The organisation is the caller's own; uniqueness is checked for all rows at once.
            right.full_clean(
                exclude=["organisation"], validate_unique=False, validate_constraints=False
            )
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                check.errors.extend((number, name, m) for m in messages)
            continue
        duplicate = seen.duplicate(number, right)
        if duplicate:
            check.errors.append((number, *duplicate))
            continue
        yield number, right


def _checked_chunks(*, organisation, rows, check: ImportCheck, chunk: int = IMPORT_CHUNK):
    """Check the rows `chunk` at a time: each chunk's new rights are yielded (unsaved), its
    errors and unchanged rows recorded in `check`. Two queries per chunk.

    A number met in an earlier chunk is a duplicate within the file, found before the
    organisation is asked: rights an import wrote for its earlier chunks never count as
    "already in your organisation".
    """
    seen = _SeenInFile()
    in_org = Right.objects.filter(organisation=organisation)
    rows = iter(rows)
    while part := list(islice(rows, chunk)):
        candidates = list(_valid_rights(organisation, part, check, seen))
        by_number = {
            (r.jurisdiction, r.application_number): r
            for r in in_org.filter(
                application_number__in=[r.application_number for _n, r in candidates]
            ).exclude(application_number="")
        }
        by_id = {
            r.external_id: r
            for r in in_org.filter(
                external_id__in=[r.external_id for _n, r in candidates if r.external_id]
            )
        }
        new = []
        for number, right in candidates:
            existing = by_id.get(right.external_id) if right.external_id else None
            existing = existing or by_number.get((right.jurisdiction, right.application_number))
            if existing is None:
                check.new.append(number)
                new.append(right)
            elif _same_facts(existing, right):
                check.unchanged.append(number)
            else:
                check.errors.append(
                    (
                        number,
                        "application_number" if right.application_number else "external_id",
                        _(
                            "Already in your organisation with other facts (%(right)s): change "
                            "it on its page, not by import."
                        )
                        % {"right": existing},
                    )
                )
        yield new


def rights_import_check(*, organisation, rows, chunk: int = IMPORT_CHUNK) -> ImportCheck:
    """Check every row as the model would (its clean()), plus duplicates within the file and
    against the organisation. `rows` is an iterable of (row_number, {field: value}), or of the
    values as a tuple in IMPORT_FIELDS order, or of an UnreadRow (an import file's rows, read
    as they are needed: entry.importing.FileRows). Saves nothing."""
    check = ImportCheck()
    for _new in _checked_chunks(organisation=organisation, rows=rows, check=check, chunk=chunk):
        pass
    return check


@transaction.atomic
def rights_import(
    *, organisation, rows, actor=None, reason: str = "", chunk: int = IMPORT_CHUNK
) -> ImportCheck:
    """Create the rights of an import in one transaction, all or nothing.

    Any invalid row refuses the whole import (ValidationError listing every row's errors).
    Rows already present with the same facts are left alone. The rows are checked and
    written `chunk` at a time (the same check as `rights_import_check`): each chunk's new
    rights are announced (`rights_importing`, with the one working-day calendar of the whole
    import) so that their deadlines are computed; the chunk is written with its history and
    its deadlines once the next chunk is checked, so that on PostgreSQL the database writes
    one chunk while Python checks and computes the next (`core.bulk.bulk_job`). An error in a
    later chunk stops the writing, every row is still checked, and the transaction is rolled
    back.
    """
    _require_editor(actor, organisation.id)
    check = ImportCheck()
    calendar = workday_calendar()
    with bulk_job():
        pending = None
        for new in _checked_chunks(organisation=organisation, rows=rows, check=check, chunk=chunk):
            if check.errors or not new:
                continue
            if pending is not None:
                pending()
            pending = _chunk_prepare(
                organisation=organisation, rights=new, actor=actor, reason=reason, calendar=calendar
            )
        if pending is not None and not check.errors:
            pending()
    if check.errors:
        raise ImportRefused(check)
    return check


class ImportRefused(ValidationError):
    """An import refused for its rows' errors: the messages name row and field; `check` keeps
    them as (row, field, message) for a page to show next to each row."""

    def __init__(self, check: ImportCheck):
        self.check = check
        super().__init__(
            [
                _("Row %(row)s, %(field)s: %(message)s")
                % {"row": number, "field": name, "message": message}
                for number, name, message in sorted(check.errors, key=lambda e: e[0])
            ]
        )


def _chunk_prepare(*, organisation, rights, actor, reason: str, calendar):
    """Compute what a chunk of new rights starts (the receivers of `rights_importing`); returns
    the callable that writes the chunk and their rows.

    With ids reserved first (PostgreSQL) nothing is written here. Where ids come only from the
    insert (SQLite) the rights are written first and their derived end of term after.
    """
    written = not assign_ids(rights, Right)
    if written:
        bulk_create_with_history(rights, Right, user=actor, reason=reason)
    writes: list[Callable[[], None]] = [
        cast(Callable[[], None], write)
        for _receiver, write in rights_importing.send(
            sender=Right, organisation=organisation, rights=rights, actor=actor, calendar=calendar
        )
        if callable(write)  # a receiver with nothing to write returns None
    ]

    def write_chunk() -> None:
        if written:  # expiry_date is derived: no history row of its own
            Right.objects.bulk_update(
                [r for r in rights if r.expiry_date is not None], ["expiry_date"], batch_size=500
            )
        else:
            bulk_create_with_history(rights, Right, user=actor, reason=reason)
        for write in writes:
            write()

    return write_chunk
