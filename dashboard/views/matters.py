"""One page per matter: a right, a customs recordal, a customs notice, a deadline."""

from django.db.models import Prefetch
from django.shortcuts import render

from core.clock import now_utc, today_legal
from customs.models import CustomsNotice, Recordal
from deadlines.countdown import countdown
from deadlines.models import Deadline
from deadlines.rules import TWO_PERSON_RULES
from enforcement.customs_pack import pack_status
from enforcement.forms import NoticeLinksForm
from enforcement.models import DetentionApplication, Evidence, Infringer
from rights.models import Right

from ..access import abilities, member_required, scoped_or_404
from ..forms import NoticeAnswerForm
from ..selectors import SUBJECTS
from ..timeline import history_context, right_timeline

DETENTION_RULES = (
    "detention_investigation",
    "detention_court_order",
    "detention_court_order_on_application",
)


def _deadlines(queryset):
    return list(
        queryset.select_related(*SUBJECTS).prefetch_related("subject").order_by("due_date", "id")
    )


@member_required
def right_detail(request, pk: int):
    right = scoped_or_404(
        Right.objects.select_related("responsible", "cn_counterpart").prefetch_related(
            "priority_claims",
            Prefetch(
                "recordals",
                queryset=Recordal.objects.order_by("applied_on", "id").prefetch_related(
                    Prefetch("notices", queryset=CustomsNotice.objects.order_by("served_on", "id"))
                ),
            ),
        ),
        request.user,
        pk=pk,
    )
    today = today_legal()
    claims = list(right.priority_claims.all())
    recordals = list(right.recordals.all())
    deadlines = _deadlines(Deadline.objects.filter(right=right))
    return render(
        request,
        "dashboard/right_detail.html",
        {
            "right": right,
            "claims": claims,
            "recordals": recordals,
            "deadlines": deadlines,
            "timeline": right_timeline(
                right=right, claims=claims, recordals=recordals, deadlines=deadlines, today=today
            ),
            **history_context(request, right),
            "today": today,
            "next_url": request.get_full_path(),
            **abilities(request.user),
        },
    )


@member_required
def recordal_detail(request, pk: int):
    recordal = scoped_or_404(
        Recordal.objects.select_related("right").prefetch_related(
            "parties",
            "routes",
            "images",
            "changes",
            Prefetch("notices", queryset=CustomsNotice.objects.order_by("-served_on", "id")),
        ),
        request.user,
        pk=pk,
    )
    today = today_legal()
    return render(
        request,
        "dashboard/recordal_detail.html",
        {
            "recordal": recordal,
            "right": recordal.right,
            "in_window": bool(
                recordal.renewal_window_opens
                and recordal.valid_until
                and recordal.renewal_window_opens <= today <= recordal.valid_until
            ),
            "deadlines": _deadlines(
                Deadline.objects.filter(recordal=recordal, customs_notice__isnull=True)
            ),
            **history_context(request, recordal),
            "pack": pack_status(recordal),
            "applications": DetentionApplication.objects.filter(recordal=recordal).order_by(
                "-applied_on", "-id"
            ),
            "today": today,
            "next_url": request.get_full_path(),
            **abilities(request.user),
        },
    )


def notice_context(request, pk: int, form=None) -> dict:
    notice = scoped_or_404(
        CustomsNotice.objects.select_related(
            "recordal", "recordal__right", "responsible", "route"
        ).prefetch_related(
            Prefetch("infringers", queryset=Infringer.objects.order_by("name", "name_zh", "id"))
        ),
        request.user,
        pk=pk,
    )
    deadlines = _deadlines(Deadline.objects.filter(customs_notice=notice))
    now = now_utc()
    answer = next((d for d in deadlines if d.rule == "customs_notice_response"), None)
    clock = (
        countdown(
            due_date=answer.due_date, counted_days=(answer.basis or {}).get("counted", []), now=now
        )
        if answer is not None and not notice.responded_on
        else None
    )
    detention = [
        (
            d,
            countdown(
                due_date=d.due_date, counted_days=(d.basis or {}).get("counted", []), now=now
            ),
        )
        for d in deadlines
        if d.rule in DETENTION_RULES
    ]
    perms = abilities(request.user)
    return {
        "notice": notice,
        "recordal": notice.recordal,
        "right": notice.recordal.right,
        "deadlines": deadlines,
        "answer_deadline": answer,
        "clock": clock,
        "detention": detention,
        "form": form
        if form is not None
        else (
            NoticeAnswerForm(initial={"responded_on": today_legal()})
            if perms["can_edit"] and not notice.responded_on
            else None
        ),
        **history_context(request, notice),
        "links_form": NoticeLinksForm(
            notice=notice,
            initial={"infringers": list(notice.infringers.all()), "route": notice.route_id},
        )
        if perms["can_edit"]
        else None,
        "today": today_legal(),
        "next_url": request.get_full_path(),
        **perms,
    }


@member_required
def notice_detail(request, pk: int):
    return render(request, "dashboard/notice_detail.html", notice_context(request, pk))


@member_required
def deadline_detail(request, pk: int):
    deadline = scoped_or_404(
        Deadline.objects.select_related(*SUBJECTS, "completed_by", "verified_by"),
        request.user,
        pk=pk,
    )
    return render(
        request,
        "dashboard/deadline_detail.html",
        {
            "d": deadline,
            **history_context(request, deadline),
            "two_person_rules": TWO_PERSON_RULES,
            "next_url": request.get_full_path(),
            **abilities(request.user),
        },
    )


@member_required
def evidence_history(request, pk: int):
    """An evidence file's facts and its change history (it has no matter page of its own)."""
    evidence = scoped_or_404(Evidence.objects.select_related("uploaded_by"), request.user, pk=pk)
    return render(
        request,
        "dashboard/evidence_history.html",
        {"evidence": evidence, **history_context(request, evidence)},
    )


@member_required
def deadline_why(request, pk: int):
    """'Why this date' alone: the docket loads it when a row's explanation is opened (htmx)."""
    deadline = scoped_or_404(Deadline.objects.all(), request.user, pk=pk)
    return render(request, "dashboard/_why_body.html", {"d": deadline})
