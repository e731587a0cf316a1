"""The docket report: deadlines by filter, sortable and paginated, exported, and by month."""

import calendar
import datetime as dt
from collections import defaultdict

from django.core.paginator import Paginator
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.shortcuts import render

from core.clock import today_legal

from ..access import abilities, member_required
from ..exports import EXPORT_MAX_ROWS, deadline_columns, export_response
from ..filters import DocketFilter, docket_defaults
from ..selectors import OVERDUE_LOOKBACK_DAYS, SUBJECTS, deadlines_for

PAGE_SIZE = 25  # rows per docket page; the bench holds the page to 2x bare SQL
FILTER_KEYS = (
    "q",
    "due_after",
    "due_before",
    "status",
    "responsible",
    "rule",
    "kind",
    "provisional",
)
CALENDAR_ROWS_PER_DAY = 4


def docket_filter(request, *, window: bool = True) -> DocketFilter:
    """The docket filter of this request, shared by the report, its export and its calendar.

    Without any filter: open or missed dates; with `window`, live dates without a start date
    or search begin at the dashboard's overdue window."""
    data = request.GET.copy()
    if not any(data.get(key) for key in FILTER_KEYS):
        data.update(docket_defaults())
    since = today_legal() - dt.timedelta(days=OVERDUE_LOOKBACK_DAYS) if window else None
    queryset = (
        deadlines_for(user=request.user).select_related(*SUBJECTS).prefetch_related("subject")
    )
    return DocketFilter(data, queryset=queryset, request=request, default_since=since)


def ordered(filterset):
    qs = filterset.qs
    if filterset.form.is_valid() and filterset.form.cleaned_data.get("o"):
        return qs.order_by(*qs.query.order_by, "id")
    return qs.order_by("due_date", "id")


@member_required
def docket(request):
    filterset = docket_filter(request)
    page = Paginator(ordered(filterset), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "dashboard/docket.html",
        {
            "filter": filterset,
            "page": page,
            "export_max": EXPORT_MAX_ROWS,
            "next_url": request.get_full_path(),
            **abilities(request.user),
        },
    )


@member_required
def docket_export(request, fmt: str):
    filterset = docket_filter(request)
    return export_response(
        queryset=ordered(filterset), columns=deadline_columns(), fmt=fmt, name="docket"
    )


def _month_of(request, today: dt.date) -> dt.date:
    try:
        return dt.datetime.strptime(request.GET.get("month", ""), "%Y-%m").date()  # noqa: DTZ007
    except ValueError:
        return today.replace(day=1)


@member_required
def docket_calendar(request):
    """The same filter on a month grid: each day shows its first rows and its count."""
    today = today_legal()
    month = _month_of(request, today)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    first, last = weeks[0][0], weeks[-1][-1]
    filterset = docket_filter(request, window=False)
    rows = (
        filterset.qs.filter(due_date__gte=first, due_date__lte=last)
        .annotate(
            day_rank=Window(RowNumber(), partition_by=F("due_date"), order_by=[F("id").asc()]),
            day_total=Window(Count("id"), partition_by=F("due_date")),
        )
        .filter(day_rank__lte=CALENDAR_ROWS_PER_DAY)
        .order_by("due_date", "id")
    )
    by_day = defaultdict(list)
    totals = {}
    for row in rows:
        by_day[row.due_date].append(row)
        totals[row.due_date] = row.day_total
    grid = [
        [
            {
                "date": day,
                "rows": by_day.get(day, []),
                "total": totals.get(day, 0),
                "in_month": day.month == month.month,
            }
            for day in week
        ]
        for week in weeks
    ]
    previous = (month - dt.timedelta(days=1)).replace(day=1)
    following = (month + dt.timedelta(days=32)).replace(day=1)
    return render(
        request,
        "dashboard/docket_calendar.html",
        {
            "filter": filterset,
            "month": month,
            "previous": previous,
            "following": following,
            "grid": grid,
            "weekdays": [week_day for week_day in weeks[0]],
            "today": today,
            "per_day": CALENDAR_ROWS_PER_DAY,
            "calendar_skips": ["due_after", "due_before", "o"],  # the month sets the dates
        },
    )
