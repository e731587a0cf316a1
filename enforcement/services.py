"""Writes to enforcement records. Forms, the API and the admin all come through here.

Each write validates (full_clean), runs in one transaction, and recomputes the clocks that
follow through the deadlines layer's generic-subject API, storing the computed dates here too.
"""

import os
from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from accounts.selectors import can_edit, ensure_member_of
from calendars.changes import ChangeOutcome
from core.clock import now_utc
from core.models import save_changed_fields, set_history_user
from deadlines.calendar_sync import outcome_since, snapshot, touching_years
from deadlines.facts import ComplaintFacts, DetentionApplicationFacts, LetterFacts
from deadlines.models import Deadline
from deadlines.reasons import fact_reason
from deadlines.services import subject_deadlines_sync

from .hashing import digest
from .lifecycle import DATE_FIELD, TRANSITIONS
from .models import (
    CeaseDesistLetter,
    ComplaintStatus,
    DetentionApplication,
    EnforcementSettings,
    Evidence,
    Infringer,
    LetterOutcome,
    Listing,
    PlatformComplaint,
)
from .platforms import Platform, normalise_listing_url, platform_of_url
from .selectors import enforcement_settings_of

COUNTER_NOTICE_RULE = "ecommerce_counter_notice"
COURT_ORDER_RULE = "detention_court_order_on_application"


def _require_editor(actor, organisation_id) -> None:
    if actor is not None and not actor.is_superuser and not can_edit(actor):
        raise PermissionDenied(_("Only counsel and paralegals can change enforcement records."))
    ensure_member_of(actor, organisation_id)


def _same_org(organisation_id, objects, field: str) -> None:
    for obj in objects:
        if obj is not None and obj.organisation_id != organisation_id:
            raise ValidationError({field: _("Choose one of your own organisation's records.")})


def _save(instance, actor):
    instance.full_clean()
    set_history_user(instance, actor)
    instance.save()
    return instance


# --- infringers ----------------------------------------------------------------------------------


@transaction.atomic
def infringer_create(*, organisation, actor=None, customs_notices=(), **fields) -> Infringer:
    _require_editor(actor, organisation.id)
    _same_org(organisation.id, customs_notices, "customs_notices")
    infringer = _save(Infringer(organisation=organisation, **fields), actor)
    if customs_notices:
        infringer.customs_notices.set(customs_notices)
    return infringer


@transaction.atomic
def infringer_update(*, infringer: Infringer, actor=None, customs_notices=None, **fields):
    _require_editor(actor, infringer.organisation_id)
    infringer = Infringer.objects.select_for_update().get(pk=infringer.pk)
    if infringer.merged_into_id:
        raise ValidationError(
            {"merged_into": _("This record was merged; change the one it was merged into.")}
        )
    for name, value in fields.items():
        setattr(infringer, name, value)
    _save(infringer, actor)
    if customs_notices is not None:
        _same_org(infringer.organisation_id, customs_notices, "customs_notices")
        infringer.customs_notices.set(customs_notices)
    return infringer


MERGED_FIELDS = ("name", "name_zh", "credit_code", "platform", "account_name")


@transaction.atomic
def infringer_merge(*, keep: Infringer, duplicate: Infringer, actor=None) -> Infringer:
    """Fold a duplicate into `keep`: its letters, complaints and customs notices move over, blank
    fields of `keep` are filled from it, and it stays (with its history) marked as merged."""
    _require_editor(actor, keep.organisation_id)
    if keep.pk == duplicate.pk:
        raise ValidationError({"duplicate": _("Choose a different record to merge.")})
    _same_org(keep.organisation_id, [duplicate], "duplicate")
    keep, duplicate = (
        Infringer.objects.select_for_update().get(pk=keep.pk),
        Infringer.objects.select_for_update().get(pk=duplicate.pk),
    )
    if keep.merged_into_id or duplicate.merged_into_id:
        raise ValidationError({"duplicate": _("One of these records was already merged.")})
    if keep.credit_code and duplicate.credit_code and keep.credit_code != duplicate.credit_code:
        raise ValidationError(
            {"credit_code": _("The two records have different credit codes: not the same entity.")}
        )
    taken = {f: getattr(duplicate, f) for f in MERGED_FIELDS if not getattr(keep, f)}
    notes = "\n".join(p for p in (keep.notes, duplicate.notes) if p)
    addresses = "\n".join(dict.fromkeys(p for p in (keep.addresses, duplicate.addresses) if p))
    # The duplicate gives up its credit code first (unique per organisation).
    duplicate.credit_code = ""
    duplicate.merged_into = keep
    set_history_user(duplicate, actor)
    duplicate.save()
    for name, value in {**taken, "notes": notes, "addresses": addresses}.items():
        setattr(keep, name, value)
    _save(keep, actor)
    for letter in duplicate.letters.all():
        letter.infringer = keep
        set_history_user(letter, actor)
        letter.save(update_fields=["infringer", "updated_at"])
    for complaint in duplicate.platform_complaints.all():
        complaint.infringer = keep
        set_history_user(complaint, actor)
        complaint.save(update_fields=["infringer", "updated_at"])
    keep.customs_notices.add(*duplicate.customs_notices.all())
    duplicate.customs_notices.clear()
    return keep


# --- evidence ------------------------------------------------------------------------------------


@transaction.atomic
def evidence_upload(
    *, organisation, file, actor=None, supersedes: Evidence | None = None, **fields
) -> Evidence:
    """Store a file with its SHA-256, size and upload time; these never change afterwards."""
    _require_editor(actor, organisation.id)
    _same_org(organisation.id, [supersedes], "supersedes")
    if file is None or not getattr(file, "size", 0):
        raise ValidationError({"file": _("Choose a file that is not empty.")})
    sha256, size = digest(file)
    evidence = Evidence(
        organisation=organisation,
        sha256=sha256,
        size=size,
        original_name=os.path.basename(file.name or "evidence")[:255],
        uploaded_at=now_utc(),
        uploaded_by=actor,
        supersedes=supersedes,
        **fields,
    )
    evidence.file = file
    evidence.full_clean()
    set_history_user(evidence, actor)
    evidence.save()
    return evidence


@transaction.atomic
def evidence_describe(*, evidence: Evidence, actor=None, description: str, kind=None) -> Evidence:
    """Only the words about a file change; the file, hash, size and capture time never do."""
    _require_editor(actor, evidence.organisation_id)
    values = {"description": description}
    if kind is not None:
        values["kind"] = kind
    evidence = Evidence.objects.select_for_update().get(pk=evidence.pk)
    for name, value in values.items():
        setattr(evidence, name, value)
    evidence.full_clean()
    set_history_user(evidence, actor)
    evidence.save(update_fields=[*values, "updated_at"])
    return evidence


# --- letters -------------------------------------------------------------------------------------


def _letter_recompute(letter: CeaseDesistLetter, actor, *, reason: str) -> None:
    """`reason`: the fact that moved the dates (`fact_reason`), or the calendar change."""
    settings = enforcement_settings_of(letter.organisation_id)
    answered = letter.outcome_on if letter.outcome != LetterOutcome.PENDING else None
    facts = LetterFacts(
        letter.pk, letter.sent_on, letter.reply_days, settings.letter_follow_up_days, answered
    )
    rows = subject_deadlines_sync(subject=letter, facts=facts, actor=actor, reason=reason)
    reply = next((d for d in rows if d.rule == "letter_reply_due"), None)
    save_changed_fields(letter, actor=actor, reply_due=reply.due_date if reply else None)


def _letter_links(letter, rights, evidence) -> None:
    if not rights:
        raise ValidationError({"rights": _("Assert at least one right.")})
    _same_org(letter.organisation_id, rights, "rights")
    _same_org(letter.organisation_id, evidence or (), "evidence")
    letter.rights.set(rights)
    if evidence is not None:
        letter.evidence.set(evidence)


@transaction.atomic
def letter_create(
    *, organisation, infringer, rights, actor=None, evidence=(), **fields
) -> CeaseDesistLetter:
    _require_editor(actor, organisation.id)
    _same_org(organisation.id, [infringer], "infringer")
    if infringer.merged_into_id:
        raise ValidationError({"infringer": _("This infringer was merged into another record.")})
    fields.setdefault("reply_days", enforcement_settings_of(organisation.id).letter_reply_days)
    letter = _save(
        CeaseDesistLetter(organisation=organisation, infringer=infringer, **fields), actor
    )
    _letter_links(letter, rights, evidence)
    _letter_recompute(letter, actor, reason=fact_reason(letter))
    return letter


@transaction.atomic
def letter_update(*, letter: CeaseDesistLetter, actor=None, rights=None, evidence=None, **fields):
    _require_editor(actor, letter.organisation_id)
    letter = CeaseDesistLetter.objects.select_for_update().get(pk=letter.pk)
    if "infringer" in fields:
        _same_org(letter.organisation_id, [fields["infringer"]], "infringer")
    for name, value in fields.items():
        setattr(letter, name, value)
    _save(letter, actor)
    if rights is not None or evidence is not None:
        _letter_links(letter, rights if rights is not None else list(letter.rights.all()), evidence)
    _letter_recompute(letter, actor, reason=fact_reason(letter))
    return letter


# --- platform complaints -------------------------------------------------------------------------


def _listing_problem(complaint: PlatformComplaint, url: str) -> str | None:
    """Why this URL cannot be a listing of the complaint, or None."""
    platform = platform_of_url(url)
    if Platform.OTHER not in (platform, complaint.platform) and platform != complaint.platform:
        return _("%(url)s is a %(found)s listing; this complaint goes to %(platform)s.") % {
            "url": url,
            "found": Platform(platform).label,
            "platform": complaint.get_platform_display(),
        }
    if Listing.objects.filter(organisation_id=complaint.organisation_id, url=url).exists():
        return _("%(url)s is already in a complaint: a listing is counted once.") % {"url": url}
    return None


def _listing_add(complaint: PlatformComplaint, url: str, title: str, actor) -> Listing:
    url = normalise_listing_url(url)
    problem = _listing_problem(complaint, url)
    if problem:
        raise ValidationError({"listings": problem})
    listing = Listing(
        organisation_id=complaint.organisation_id, complaint=complaint, url=url, title=title
    )
    try:
        listing.full_clean(exclude=["complaint", "organisation"])
    except ValidationError as exc:
        raise ValidationError({"listings": [f"{url}: {m}" for m in exc.messages]}) from exc
    set_history_user(listing, actor)
    listing.save()
    return listing


def _listing_items(listings) -> list[tuple[str, str]]:
    """(normalised url, title) pairs from URLs or (url, title) pairs, duplicates dropped."""
    items: dict[str, str] = {}
    for item in listings:
        url, title = (item, "") if isinstance(item, str) else item
        items.setdefault(normalise_listing_url(url), title)
    return list(items.items())


def _complaint_recompute(complaint: PlatformComplaint, actor, *, reason: str) -> None:
    """`reason`: the fact that moved the dates (`fact_reason`), or the calendar change."""
    closed = complaint.measures_lifted_on or (
        complaint.relisted_on if complaint.status == ComplaintStatus.RELISTED else None
    )
    facts = ComplaintFacts(
        complaint.pk, complaint.counter_notice_received_on, complaint.action_filed_on, closed
    )
    rows = subject_deadlines_sync(subject=complaint, facts=facts, actor=actor, reason=reason)
    window = next((d for d in rows if d.rule == COUNTER_NOTICE_RULE), None)
    save_changed_fields(
        complaint, actor=actor, counter_notice_due=window.due_date if window else None
    )


@transaction.atomic
def complaint_create(
    *, organisation, right, actor=None, listings=(), evidence=(), **fields
) -> PlatformComplaint:
    """A complaint with its listings: each given as a URL or a (url, title) pair."""
    _require_editor(actor, organisation.id)
    _same_org(organisation.id, [right], "right")
    _same_org(organisation.id, [fields.get("infringer")], "infringer")
    _same_org(organisation.id, evidence, "evidence")
    if fields.get("status", ComplaintStatus.DRAFT) not in (
        ComplaintStatus.DRAFT,
        ComplaintStatus.SUBMITTED,
    ):
        raise ValidationError({"status": _("A new complaint is a draft or submitted.")})
    complaint = PlatformComplaint(organisation=organisation, right=right, **fields)
    items = _listing_items(listings)
    # Every problem at once: the complaint's fields and each listing.
    errors: dict = {}
    try:
        complaint.full_clean()
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    problems = [p for p in (_listing_problem(complaint, url) for url, _t in items) if p]
    if problems:
        errors.setdefault("listings", []).extend(ValidationError(p) for p in problems)
    if errors:
        raise ValidationError(errors)
    complaint = _save(complaint, actor)
    for url, title in items:
        _listing_add(complaint, url, title, actor)
    complaint.evidence.set(evidence)
    _complaint_recompute(complaint, actor, reason=fact_reason(complaint))
    return complaint


@transaction.atomic
def complaint_update(
    *, complaint: PlatformComplaint, actor=None, evidence=None, listings=None, **fields
):
    """Change the facts of a complaint; its status moves only through complaint_transition."""
    _require_editor(actor, complaint.organisation_id)
    if "status" in fields and fields["status"] != complaint.status:
        raise ValidationError({"status": _("Change the status with its own action.")})
    fields.pop("status", None)
    complaint = PlatformComplaint.objects.select_for_update().get(pk=complaint.pk)
    _same_org(complaint.organisation_id, [fields.get("right"), fields.get("infringer")], "right")
    for name, value in fields.items():
        setattr(complaint, name, value)
    _save(complaint, actor)
    if evidence is not None:
        _same_org(complaint.organisation_id, evidence, "evidence")
        complaint.evidence.set(evidence)
    if listings is not None:
        wanted = {normalise_listing_url(u if isinstance(u, str) else u[0]): u for u in listings}
        for listing in complaint.listings.all():
            if listing.url not in wanted:
                set_history_user(listing, actor)
                listing.delete()
        have = set(complaint.listings.values_list("url", flat=True))
        for url, item in wanted.items():
            if url not in have:
                _listing_add(complaint, url, "" if isinstance(item, str) else item[1], actor)
    _complaint_recompute(complaint, actor, reason=fact_reason(complaint))
    return complaint


@transaction.atomic
def complaint_listing_add(*, complaint: PlatformComplaint, url: str, title: str = "", actor=None):
    _require_editor(actor, complaint.organisation_id)
    return _listing_add(complaint, url, title, actor)


@transaction.atomic
def complaint_transition(
    *, complaint: PlatformComplaint, status: str, on=None, actor=None, platform_reference=None
) -> PlatformComplaint:
    """Move a complaint along its lifecycle; each step records its date."""
    _require_editor(actor, complaint.organisation_id)
    complaint = PlatformComplaint.objects.select_for_update().get(pk=complaint.pk)
    if status not in ComplaintStatus.values:
        raise ValidationError({"status": _("Unknown status %(status)s.") % {"status": status}})
    if status not in TRANSITIONS.get(complaint.status, ()):
        raise ValidationError(
            {
                "status": _("A complaint that is %(current)s cannot become %(next)s.")
                % {
                    "current": complaint.get_status_display().lower(),
                    "next": ComplaintStatus(status).label.lower(),
                }
            }
        )
    field = DATE_FIELD.get(status)
    if field:
        if on is None:
            raise ValidationError({"on": _("Give the date this happened.")})
        setattr(complaint, field, on)
    if status == ComplaintStatus.SUBMITTED:
        # A resubmission starts a new round: the earlier outcome no longer stands.
        complaint.removed_on = complaint.rejected_on = None
    if platform_reference:
        complaint.platform_reference = platform_reference
    complaint.status = status
    _save(complaint, actor)
    _complaint_recompute(complaint, actor, reason=fact_reason(complaint))
    return complaint


def complaint_counter_notice(*, complaint: PlatformComplaint, received_on, actor=None):
    """The seller's counter-notice reached the right holder: the art. 43 window starts."""
    return complaint_transition(
        complaint=complaint,
        status=ComplaintStatus.COUNTER_NOTICE_RECEIVED,
        on=received_on,
        actor=actor,
    )


# --- applications for detention (writes in enforcement.customs_work) ----------------------------


def _application_recompute(application: DetentionApplication, actor, *, reason: str) -> None:
    """`reason`: the fact that moved the dates (`fact_reason`), or the calendar change."""
    facts = DetentionApplicationFacts(
        application.pk,
        application.detained_on,
        application.court_notice_on,
        application.released_on or application.withdrawn_on,
    )
    rows = subject_deadlines_sync(
        subject=application,
        facts=facts,
        actor=actor,
        responsible_id=application.responsible_id,
        reason=reason,
    )
    clock = next((d for d in rows if d.rule == COURT_ORDER_RULE), None)
    save_changed_fields(
        application,
        actor=actor,
        court_order_due=clock.due_date if clock else None,
        provisional=clock.provisional if clock else False,
    )


# --- calendar ------------------------------------------------------------------------------------


def enforcement_recompute_for_years(*, years, reason: str, actor=None) -> ChangeOutcome:
    """A year's official calendar changed: recompute the complaints, letters and applications
    whose live deadlines counted through it, with the reason in each history row; report what
    moved."""
    touched = Deadline.objects.filter(touching_years(years), subject_type__isnull=False)
    before = snapshot(touched)
    if not before:
        return ChangeOutcome()
    recomputes: tuple[tuple[type[models.Model], Callable[..., None]], ...] = (
        (PlatformComplaint, _complaint_recompute),
        (CeaseDesistLetter, _letter_recompute),
        (DetentionApplication, _application_recompute),
    )
    for model, recompute in recomputes:
        subject_type = ContentType.objects.get_for_model(model)
        ids = touched.filter(subject_type=subject_type).values_list("subject_id", flat=True)
        for record in model._default_manager.filter(pk__in=list(ids)).order_by("pk"):
            with transaction.atomic():
                recompute(record, actor, reason=reason)
    return outcome_since(before, years=years, reason=reason)


# --- settings ------------------------------------------------------------------------------------


@transaction.atomic
def enforcement_settings_save(*, organisation, actor=None, **fields) -> EnforcementSettings:
    """The organisation's letter periods (new letters take them; sent ones keep theirs)."""
    _require_editor(actor, organisation.id)
    settings = EnforcementSettings.objects.select_for_update().filter(
        organisation=organisation
    ).first() or EnforcementSettings(organisation=organisation)
    for name, value in fields.items():
        setattr(settings, name, value)
    return _save(settings, actor)
