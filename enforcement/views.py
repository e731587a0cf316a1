"""Enforcement pages in the workspace: infringers, platform complaints, letters, evidence and
statistics. Thin: look up inside the member's organisation (404 outside), write through
enforcement.services, show the service's field errors next to the fields."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.selectors import organisation_of, scoped
from core.clock import now_utc, today_legal
from customs.models import CustomsNotice, Recordal
from dashboard import charts
from dashboard.access import abilities, member_required, require_editor, scoped_or_404
from dashboard.exports import dataset_response
from dashboard.timeline import history_context
from deadlines.countdown import countdown
from deadlines.models import Deadline
from entry.forms import errors_onto

from . import customs_work, monitoring, services
from .api.views import evidence_file_response, letter_docx_response
from .clock import calendar_countdown
from .customs_pack import DOCX_CONTENT_TYPE, pack_issue
from .exports import STATISTICS_TABLES, statistics_table
from .forms import (
    ComplaintForm,
    CounterNoticeForm,
    DetentionApplicationForm,
    DetentionOutcomeForm,
    EvidenceForm,
    InfringerForm,
    LetterForm,
    LetterOutcomeForm,
    MergeForm,
    MonitoringPlanForm,
    NoticeLinksForm,
    SweepForm,
    TransitionForm,
)
from .lifecycle import allowed_next
from .models import (
    ApplicationStatus,
    CeaseDesistLetter,
    ComplaintStatus,
    DetentionApplication,
    Evidence,
    Infringer,
    LetterOutcome,
    Listing,
    MonitoringPlan,
    PlatformComplaint,
    Sweep,
)
from .platforms import Platform
from .statistics import enforcement_statistics

PAGE_SIZE = 50


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _save(form, write):
    """Run a service write; its field errors go onto the form. Returns the result or None."""
    try:
        with transaction.atomic():
            return write()
    except ValidationError as exc:
        errors_onto(form, exc)
        return None


# --- infringers ----------------------------------------------------------------------------


@member_required
def infringer_list(request):
    queryset = scoped(Infringer.objects.filter(merged_into__isnull=True), request.user)
    q = request.GET.get("q", "").strip()
    if q:
        queryset = queryset.filter(
            Q(name__icontains=q) | Q(name_zh__icontains=q) | Q(credit_code__icontains=q)
        )
    queryset = queryset.annotate(
        n_letters=Count("letters", distinct=True),
        n_complaints=Count("platform_complaints", distinct=True),
        n_notices=Count("customs_notices", distinct=True),
    ).order_by("name", "name_zh", "id")
    return render(
        request,
        "enforcement/infringer_list.html",
        {"page": _page(request, queryset), "q": q, **abilities(request.user)},
    )


@member_required
def infringer_new(request):
    require_editor(request.user)
    organisation = organisation_of(request.user)
    form = InfringerForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        infringer = _save(
            form,
            lambda: services.infringer_create(
                organisation=organisation, actor=request.user, **form.cleaned_data
            ),
        )
        if infringer:
            messages.success(request, _("Infringer saved."))
            return redirect(infringer)
    return render(request, "enforcement/infringer_form.html", {"form": form})


@member_required
def infringer_detail(request, pk: int):
    infringer = scoped_or_404(
        Infringer.objects.select_related("merged_into").prefetch_related(
            Prefetch("letters", queryset=CeaseDesistLetter.objects.order_by("-created_at")),
            Prefetch(
                "platform_complaints",
                queryset=PlatformComplaint.objects.select_related("right").order_by("-created_at"),
            ),
            "customs_notices__recordal__right",
            "customs_notices__route",
            "detention_applications",
            "merged_duplicates",
        ),
        request.user,
        pk=pk,
    )
    return _infringer_page(request, infringer)


def _infringer_page(request, infringer, merge_form=None):
    perms = abilities(request.user)
    if merge_form is None and perms["can_edit"] and not infringer.merged_into_id:
        merge_form = MergeForm(organisation=organisation_of(request.user), keep=infringer)
    return render(
        request,
        "enforcement/infringer_detail.html",
        {
            "infringer": infringer,
            "merge_form": merge_form,
            **history_context(request, infringer),
            **perms,
        },
    )


@member_required
@require_POST
def infringer_merge(request, pk: int):
    require_editor(request.user)
    keep = scoped_or_404(Infringer.objects.all(), request.user, pk=pk)
    form = MergeForm(request.POST, organisation=organisation_of(request.user), keep=keep)
    if form.is_valid():
        done = _save(
            form,
            lambda: services.infringer_merge(
                keep=keep, duplicate=form.cleaned_data["duplicate"], actor=request.user
            ),
        )
        if done:
            messages.success(request, _("Merged: the duplicate's records now point here."))
            return redirect(keep)
    return _infringer_page(request, keep, merge_form=form)


# --- platform complaints -------------------------------------------------------------------


@member_required
def complaint_list(request):
    queryset = scoped(PlatformComplaint.objects.select_related("right", "infringer"), request.user)
    platform, status = request.GET.get("platform", ""), request.GET.get("status", "")
    if platform in Platform.values:
        queryset = queryset.filter(platform=platform)
    if status in ComplaintStatus.values:
        queryset = queryset.filter(status=status)
    queryset = queryset.annotate(n_listings=Count("listings")).order_by("-created_at", "-id")
    return render(
        request,
        "enforcement/complaint_list.html",
        {
            "page": _page(request, queryset),
            "platforms": Platform.choices,
            "statuses": ComplaintStatus.choices,
            "platform": platform,
            "status": status,
            **abilities(request.user),
        },
    )


@member_required
def complaint_new(request):
    require_editor(request.user)
    organisation = organisation_of(request.user)
    initial = {"status": ComplaintStatus.SUBMITTED, "submitted_on": today_legal()}
    form = ComplaintForm(request.POST or None, organisation=organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["evidence"] = list(data["evidence"])
        complaint = _save(
            form,
            lambda: services.complaint_create(
                organisation=organisation, actor=request.user, **data
            ),
        )
        if complaint:
            messages.success(request, _("Complaint saved."))
            return redirect(complaint)
    return render(request, "enforcement/complaint_form.html", {"form": form})


def _complaint_page(request, pk, transition_form=None, counter_form=None, status=200):
    complaint = scoped_or_404(
        PlatformComplaint.objects.select_related("right", "infringer").prefetch_related(
            Prefetch("listings", queryset=Listing.objects.order_by("id")), "evidence"
        ),
        request.user,
        pk=pk,
    )
    deadlines = list(complaint.deadlines.select_related("responsible").order_by("due_date", "id"))
    window = next((d for d in deadlines if d.rule == services.COUNTER_NOTICE_RULE), None)
    clock = (
        calendar_countdown(due_date=window.due_date, now=now_utc())
        if window is not None and window.status in ("open", "missed")
        else None
    )
    perms = abilities(request.user)
    allowed = allowed_next(complaint.status)
    can_counter = ComplaintStatus.COUNTER_NOTICE_RECEIVED in allowed
    if perms["can_edit"]:
        steps = [s for s in allowed if s != ComplaintStatus.COUNTER_NOTICE_RECEIVED]
        if transition_form is None and steps:
            transition_form = TransitionForm(allowed=steps, initial={"on": today_legal()})
        if counter_form is None and can_counter:
            counter_form = CounterNoticeForm(initial={"received_on": today_legal()})
    return render(
        request,
        "enforcement/complaint_detail.html",
        {
            "complaint": complaint,
            "deadlines": deadlines,
            "window": window,
            "clock": clock,
            "transition_form": transition_form if perms["can_edit"] else None,
            "counter_form": counter_form if perms["can_edit"] and can_counter else None,
            **history_context(request, complaint),
            "next_url": request.get_full_path(),
            **perms,
        },
        status=status,
    )


@member_required
def complaint_detail(request, pk: int):
    return _complaint_page(request, pk)


@member_required
@require_POST
def complaint_transition(request, pk: int):
    require_editor(request.user)
    complaint = scoped_or_404(PlatformComplaint.objects.all(), request.user, pk=pk)
    steps = [
        s for s in allowed_next(complaint.status) if s != ComplaintStatus.COUNTER_NOTICE_RECEIVED
    ]
    form = TransitionForm(request.POST, allowed=steps)
    if form.is_valid():
        data = form.cleaned_data
        done = _save(
            form,
            lambda: services.complaint_transition(
                complaint=complaint,
                status=data["status"],
                on=data["on"],
                platform_reference=data["platform_reference"] or None,
                actor=request.user,
            ),
        )
        if done:
            messages.success(request, _("Status recorded."))
            return redirect(complaint)
    return _complaint_page(request, pk, transition_form=form, status=400)


@member_required
@require_POST
def complaint_counter_notice(request, pk: int):
    require_editor(request.user)
    complaint = scoped_or_404(PlatformComplaint.objects.all(), request.user, pk=pk)
    form = CounterNoticeForm(request.POST)
    if form.is_valid():
        done = _save(
            form,
            lambda: services.complaint_counter_notice(
                complaint=complaint,
                received_on=form.cleaned_data["received_on"],
                actor=request.user,
            ),
        )
        if done:
            messages.success(request, _("Counter-notice recorded: the 15-day window is running."))
            return redirect(complaint)
    return _complaint_page(request, pk, counter_form=form, status=400)


# --- letters -------------------------------------------------------------------------------


@member_required
def letter_list(request):
    queryset = scoped(
        CeaseDesistLetter.objects.select_related("infringer").prefetch_related("rights"),
        request.user,
    ).order_by("-created_at", "-id")
    return render(
        request,
        "enforcement/letter_list.html",
        {"page": _page(request, queryset), **abilities(request.user)},
    )


@member_required
def letter_new(request):
    require_editor(request.user)
    organisation = organisation_of(request.user)
    initial = {"infringer": request.GET.get("infringer")}
    form = LetterForm(request.POST or None, organisation=organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["rights"] = list(data["rights"])
        letter = _save(
            form,
            lambda: services.letter_create(organisation=organisation, actor=request.user, **data),
        )
        if letter:
            messages.success(request, _("Letter saved: download it to finish it in Word."))
            return redirect(letter)
    return render(request, "enforcement/letter_form.html", {"form": form})


def _letter_page(request, pk, form=None, status=200):
    letter = scoped_or_404(
        CeaseDesistLetter.objects.select_related("infringer").prefetch_related("rights"),
        request.user,
        pk=pk,
    )
    perms = abilities(request.user)
    if form is None and perms["can_edit"]:
        form = LetterOutcomeForm(instance=letter)
    return render(
        request,
        "enforcement/letter_detail.html",
        {
            "letter": letter,
            "deadlines": list(letter.deadlines.select_related("responsible").order_by("due_date")),
            "form": form if perms["can_edit"] else None,
            **history_context(request, letter),
            "next_url": request.get_full_path(),
            **perms,
        },
        status=status,
    )


@member_required
def letter_detail(request, pk: int):
    return _letter_page(request, pk)


@member_required
@require_POST
def letter_update(request, pk: int):
    require_editor(request.user)
    letter = scoped_or_404(CeaseDesistLetter.objects.all(), request.user, pk=pk)
    form = LetterOutcomeForm(request.POST, instance=letter)
    if form.is_valid():
        done = _save(
            form,
            lambda: services.letter_update(letter=letter, actor=request.user, **form.cleaned_data),
        )
        if done:
            messages.success(request, _("Letter updated."))
            return redirect(letter)
    return _letter_page(request, pk, form=form, status=400)


@member_required
def letter_document(request, pk: int):
    letter = scoped_or_404(
        CeaseDesistLetter.objects.select_related("infringer"), request.user, pk=pk
    )
    return letter_docx_response(letter)


# --- evidence ------------------------------------------------------------------------------


@member_required
def evidence_list(request):
    organisation = organisation_of(request.user)
    perms = abilities(request.user)
    form = EvidenceForm(request.POST or None, request.FILES or None) if perms["can_edit"] else None
    if request.method == "POST":
        require_editor(request.user)
        if form.is_valid():
            evidence = _save(
                form,
                lambda: services.evidence_upload(
                    organisation=organisation, actor=request.user, **form.cleaned_data
                ),
            )
            if evidence:
                messages.success(
                    request, _("Stored with SHA-256 %(hash)s.") % {"hash": evidence.sha256}
                )
                return redirect("enforcement:evidence-list")
    queryset = scoped(Evidence.objects.select_related("uploaded_by"), request.user).order_by(
        "-uploaded_at", "-id"
    )
    return render(
        request,
        "enforcement/evidence_list.html",
        {"page": _page(request, queryset), "form": form, **perms},
        status=400 if form is not None and form.errors else 200,
    )


@member_required
def evidence_download(request, pk: int):
    return evidence_file_response(scoped_or_404(Evidence.objects.all(), request.user, pk=pk))


# --- statistics ----------------------------------------------------------------------------


def _percent(value) -> int:
    return round(value * 100) if value is not None else 0


@member_required
def statistics_page(request):
    stats = enforcement_statistics(organisation_of(request.user))
    labels = dict(Platform.choices)
    platforms = [(labels[p], f) for p, f in stats["platforms"].items()]
    for row in stats["rights"]:
        row.letters = {LetterOutcome(o).label: n for o, n in sorted(row.letters.items())}
    return render(
        request,
        "enforcement/statistics.html",
        {
            "platforms": platforms,
            "rights": stats["rights"],
            "letters": [(LetterOutcome(o).label, n) for o, n in sorted(stats["letters"].items())],
            "complaints_chart": charts.column_chart(
                [(label, f.complaints) for label, f in platforms]
            ),
            "takedown_chart": charts.column_chart(
                [(label, _percent(f.takedown_rate)) for label, f in platforms]
            ),
            "deadline_count": scoped(
                Deadline.objects.filter(subject_type__isnull=False), request.user
            )
            .filter(status="open")
            .count(),
        },
    )


# --- monitoring ----------------------------------------------------------------------------


@member_required
def monitoring_list(request):
    organisation = organisation_of(request.user)
    perms = abilities(request.user)
    form = (
        MonitoringPlanForm(
            request.POST or None, organisation=organisation, initial={"started_on": today_legal()}
        )
        if perms["can_edit"]
        else None
    )
    if request.method == "POST":
        require_editor(request.user)
        if form.is_valid():
            plan = _save(
                form,
                lambda: monitoring.monitoring_plan_create(
                    organisation=organisation, actor=request.user, **form.cleaned_data
                ),
            )
            if plan:
                messages.success(request, _("Monitoring plan saved."))
                return redirect(plan)
    plans = (
        scoped(MonitoringPlan.objects.select_related("right"), request.user)
        .annotate(n_sweeps=Count("sweeps"))
        .order_by("next_sweep_due", "id")
    )
    return render(
        request,
        "enforcement/monitoring_list.html",
        {"page": _page(request, plans), "form": form, "today": today_legal(), **perms},
        status=400 if form is not None and form.errors else 200,
    )


@member_required
def monitoring_detail(request, pk: int):
    plan = scoped_or_404(MonitoringPlan.objects.select_related("right"), request.user, pk=pk)
    perms = abilities(request.user)
    form = (
        SweepForm(request.POST or None, initial={"swept_on": today_legal()})
        if perms["can_edit"]
        else None
    )
    if request.method == "POST":
        require_editor(request.user)
        if form.is_valid():
            sweep = _save(
                form,
                lambda: monitoring.sweep_log(plan=plan, actor=request.user, **form.cleaned_data),
            )
            if sweep:
                messages.success(request, _("Sweep logged."))
                return redirect(sweep.complaint or plan)
    sweeps = Sweep.objects.filter(plan=plan).select_related("swept_by", "complaint")
    return render(
        request,
        "enforcement/monitoring_detail.html",
        {
            "plan": plan,
            "sweeps": sweeps,
            "form": form,
            "deadlines": list(plan.deadlines.select_related("responsible").order_by("-cycle")[:5]),
            **history_context(request, plan),
            "next_url": request.get_full_path(),
            **perms,
        },
        status=400 if form is not None and form.errors else 200,
    )


# --- customs action on application ---------------------------------------------------------


@member_required
def application_list(request):
    queryset = scoped(
        DetentionApplication.objects.select_related("right", "recordal"), request.user
    ).order_by("-applied_on", "-id")
    status = request.GET.get("status", "")
    if status in ApplicationStatus.values:
        queryset = queryset.filter(status=status)
    return render(
        request,
        "enforcement/application_list.html",
        {
            "page": _page(request, queryset),
            "statuses": ApplicationStatus.choices,
            "status": status,
            **abilities(request.user),
        },
    )


@member_required
def application_new(request):
    require_editor(request.user)
    organisation = organisation_of(request.user)
    initial = {"applied_on": today_legal(), "right": request.GET.get("right")}
    form = DetentionApplicationForm(
        request.POST or None, organisation=organisation, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["infringers"] = list(data["infringers"])
        data["evidence"] = list(data["evidence"])
        application = _save(
            form,
            lambda: customs_work.detention_application_create(
                organisation=organisation, actor=request.user, **data
            ),
        )
        if application:
            messages.success(request, _("Application for detention saved."))
            return redirect(application)
    return render(
        request,
        "enforcement/application_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _application_page(request, pk, form=None, status=200):
    application = scoped_or_404(
        DetentionApplication.objects.select_related(
            "right", "recordal", "responsible"
        ).prefetch_related("infringers", "evidence"),
        request.user,
        pk=pk,
    )
    deadlines = list(application.deadlines.select_related("responsible").order_by("due_date", "id"))
    clock_deadline = next((d for d in deadlines if d.rule == services.COURT_ORDER_RULE), None)
    clock = (
        countdown(
            due_date=clock_deadline.due_date,
            counted_days=(clock_deadline.basis or {}).get("counted", []),
            now=now_utc(),
        )
        if clock_deadline is not None and clock_deadline.status in ("open", "missed")
        else None
    )
    perms = abilities(request.user)
    if form is None and perms["can_edit"]:
        form = DetentionOutcomeForm(instance=application)
    return render(
        request,
        "enforcement/application_detail.html",
        {
            "application": application,
            "deadlines": deadlines,
            "court_deadline": clock_deadline,
            "clock": clock,
            "form": form if perms["can_edit"] else None,
            **history_context(request, application),
            "next_url": request.get_full_path(),
            **perms,
        },
        status=status,
    )


@member_required
def application_detail(request, pk: int):
    if request.method != "POST":
        return _application_page(request, pk)
    require_editor(request.user)
    application = scoped_or_404(DetentionApplication.objects.all(), request.user, pk=pk)
    form = DetentionOutcomeForm(request.POST, instance=application)
    if form.is_valid():
        done = _save(
            form,
            lambda: customs_work.detention_application_update(
                application=application, actor=request.user, **form.cleaned_data
            ),
        )
        if done:
            messages.success(request, _("Application updated."))
            return redirect(application)
    return _application_page(request, pk, form=form, status=400)


# --- customs notices: infringers and route; recordals: the collaboration pack ---------------


@member_required
@require_POST
def notice_links(request, pk: int):
    require_editor(request.user)
    notice = scoped_or_404(CustomsNotice.objects.all(), request.user, pk=pk)
    form = NoticeLinksForm(request.POST, notice=notice)
    if form.is_valid():
        done = _save(
            form,
            lambda: customs_work.notice_links_set(
                notice=notice,
                infringers=form.cleaned_data["infringers"],
                route=form.cleaned_data["route"],
                actor=request.user,
            ),
        )
        if done:
            messages.success(request, _("Infringers and route saved."))
            return redirect(notice)
    for field, errors in form.errors.items():
        for error in errors:
            messages.error(
                request, f"{form.fields[field].label}: {error}" if field in form.fields else error
            )
    return redirect(notice)


@member_required
def recordal_customs_pack(request, pk: int):
    recordal = scoped_or_404(Recordal.objects.all(), request.user, pk=pk)
    body, filename = pack_issue(recordal=recordal, actor=request.user)
    response = HttpResponse(body, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- statistics export ---------------------------------------------------------------------


@member_required
def statistics_export(request, table: str, fmt: str):
    if table not in STATISTICS_TABLES:
        raise Http404
    stats = enforcement_statistics(organisation_of(request.user))
    return dataset_response(statistics_table(stats, table), fmt=fmt, name=f"enforcement-{table}")
