"""Enforcement's share of customs work: applications for detention (the on-application track,
Reg. arts. 12-15, 24(1)), the infringers and route a customs notice concerns, and the customs
collaboration pack's record of issue. Writes validate, run in one transaction and recompute the
clocks through the deadlines layer's generic subject, like the rest of enforcement.services."""

import hashlib
import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from core.clock import now_utc
from customs import services as customs_services
from customs.models import CustomsNotice, Recordal, RecordalRoute
from deadlines.reasons import fact_reason
from deadlines.terms import on_application_bond

from .models import CustomsPackIssue, DetentionApplication, Infringer
from .services import _application_recompute, _require_editor, _same_org, _save

# --- applications for detention ------------------------------------------------------------


def _application_links(application, infringers, evidence) -> None:
    if infringers is not None:
        _same_org(application.organisation_id, infringers, "infringers")
        application.infringers.set(infringers)
    if evidence is not None:
        _same_org(application.organisation_id, evidence, "evidence")
        application.evidence.set(evidence)


def _bond(application: DetentionApplication) -> None:
    """The bond equals the value of the goods, never more (Reg. art. 14)."""
    if application.goods_value_cny is not None:
        application.bond_cny, _why = on_application_bond(application.goods_value_cny)


@transaction.atomic
def detention_application_create(
    *, organisation, right, actor=None, infringers=(), evidence=(), **fields
) -> DetentionApplication:
    """Ask customs at the port to detain suspected goods, for a recorded or unrecorded right."""
    _require_editor(actor, organisation.id)
    _same_org(organisation.id, [right, fields.get("recordal")], "right")
    application = DetentionApplication(organisation=organisation, right=right, **fields)
    _bond(application)
    _save(application, actor)
    _application_links(application, list(infringers), list(evidence))
    _application_recompute(application, actor, reason=fact_reason(application))
    return application


@transaction.atomic
def detention_application_update(
    *, application: DetentionApplication, actor=None, infringers=None, evidence=None, **fields
) -> DetentionApplication:
    """Record what happened (detention, the court's notice, release) or correct the facts."""
    _require_editor(actor, application.organisation_id)
    application = DetentionApplication.objects.select_for_update().get(pk=application.pk)
    _same_org(application.organisation_id, [fields.get("right"), fields.get("recordal")], "right")
    fields.pop("organisation", None)
    for name, value in fields.items():
        setattr(application, name, value)
    _bond(application)
    _save(application, actor)
    _application_links(application, infringers, evidence)
    _application_recompute(application, actor, reason=fact_reason(application))
    return application


# --- a customs notice's infringers and route -------------------------------------------------


@transaction.atomic
def notice_links_set(
    *, notice: CustomsNotice, infringers, route: RecordalRoute | None, actor=None
) -> CustomsNotice:
    """Link a customs notice to the infringers it names and the recorded route it came by."""
    _require_editor(actor, notice.organisation_id)
    infringers = list(infringers)
    _same_org(notice.organisation_id, infringers, "infringers")
    if any(i.merged_into_id for i in infringers):
        raise ValidationError({"infringers": _("This infringer was merged into another record.")})
    if route is not None and route.recordal_id != notice.recordal_id:
        raise ValidationError({"route": _("Choose a route recorded on this notice's recordal.")})
    if (route.pk if route else None) != notice.route_id:
        notice = customs_services.customs_notice_update(notice=notice, actor=actor, route=route)
    current = set(notice.infringers.values_list("pk", flat=True))
    wanted = {i.pk for i in infringers}
    through = Infringer.customs_notices.through
    through.objects.filter(customsnotice_id=notice.pk, infringer_id__in=current - wanted).delete()
    through.objects.bulk_create(
        [through(customsnotice_id=notice.pk, infringer_id=pk) for pk in sorted(wanted - current)]
    )
    return notice


# --- the customs collaboration pack ----------------------------------------------------------


def pack_facts_changed_at(recordal: Recordal):
    """When the facts in the pack last changed (a removed row shows in the fingerprint only)."""
    stamps = [recordal.updated_at, recordal.right.updated_at]
    for related in ("parties", "routes", "images", "notices"):
        stamps.append(getattr(recordal, related).aggregate(at=Max("updated_at"))["at"])
    stamps.append(
        Infringer.objects.filter(customs_notices__recordal=recordal).aggregate(
            at=Max("updated_at")
        )["at"]
    )
    return max(s for s in stamps if s is not None)


def fingerprint(facts: dict) -> str:
    return hashlib.sha256(json.dumps(facts, sort_keys=True, default=str).encode()).hexdigest()


@transaction.atomic
def pack_issue_record(*, recordal: Recordal, facts: dict, actor=None) -> CustomsPackIssue:
    """Note that a pack was generated now from these facts (any member may download one)."""
    issue = CustomsPackIssue(
        organisation_id=recordal.organisation_id,
        recordal=recordal,
        generated_at=now_utc(),
        generated_by=actor,
        facts_changed_at=pack_facts_changed_at(recordal),
        fingerprint=fingerprint(facts),
    )
    issue._history_user = actor
    issue.save()
    return issue
