"""Monitoring by hand: plans per right and platform, each sweep logged, a due sweep a deadline,
and a sweep's findings turned into a draft complaint in the same step."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.models import save_changed_fields
from deadlines.facts import MonitoringFacts
from deadlines.reasons import fact_reason
from deadlines.services import subject_deadlines_sync

from .models import ComplaintStatus, MonitoringPlan, Sweep
from .services import _require_editor, _same_org, _save, complaint_create


def _plan_recompute(plan: MonitoringPlan, actor, *, reason: str) -> None:
    """`reason`: the plan or sweep whose change moved the next sweep (`fact_reason`)."""
    last = plan.sweeps.order_by("-swept_on", "-id").values_list("swept_on", flat=True).first()
    facts = MonitoringFacts(
        plan.pk, plan.started_on, plan.interval_days, plan.sweeps.count(), last, plan.active
    )
    rows = subject_deadlines_sync(subject=plan, facts=facts, actor=actor, reason=reason)
    due = next((d.due_date for d in rows if d.status in ("open", "missed")), None)
    save_changed_fields(plan, actor=actor, next_sweep_due=due)


@transaction.atomic
def monitoring_plan_create(*, organisation, right, actor=None, **fields) -> MonitoringPlan:
    _require_editor(actor, organisation.id)
    _same_org(organisation.id, [right], "right")
    plan = _save(MonitoringPlan(organisation=organisation, right=right, **fields), actor)
    _plan_recompute(plan, actor, reason=fact_reason(plan))
    return plan


@transaction.atomic
def monitoring_plan_update(*, plan: MonitoringPlan, actor=None, **fields) -> MonitoringPlan:
    _require_editor(actor, plan.organisation_id)
    plan = MonitoringPlan.objects.select_for_update().get(pk=plan.pk)
    for name, value in fields.items():
        setattr(plan, name, value)
    _save(plan, actor)
    _plan_recompute(plan, actor, reason=fact_reason(plan))
    return plan


@transaction.atomic
def sweep_log(
    *,
    plan: MonitoringPlan,
    swept_on,
    searched: str,
    actor=None,
    listings=(),
    notes: str = "",
    draft_complaint: bool = False,
) -> Sweep:
    """Log a sweep; with `draft_complaint`, its listings become a draft complaint at once."""
    _require_editor(actor, plan.organisation_id)
    urls = [u for u in listings if u]
    if draft_complaint and not urls:
        raise ValidationError({"listings": _("Give the listings found to draft a complaint.")})
    sweep = Sweep(
        organisation_id=plan.organisation_id,
        plan=plan,
        swept_on=swept_on,
        swept_by=actor,
        searched=searched,
        listings_found=len(urls),
        notes=notes,
    )
    _save(sweep, actor)
    reason = fact_reason(sweep)  # "entered", before the draft complaint is linked to it
    if draft_complaint:
        sweep.complaint = complaint_create(
            organisation=plan.organisation,
            actor=actor,
            platform=plan.platform,
            right=plan.right,
            status=ComplaintStatus.DRAFT,
            reason=_("Found in the sweep of %(date)s: %(searched)s")
            % {"date": swept_on.isoformat(), "searched": searched},
            listings=urls,
        )
        sweep._history_user = actor
        sweep.save(update_fields=["complaint", "updated_at"])
    _plan_recompute(plan, actor, reason=reason)
    return sweep
