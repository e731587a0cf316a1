"""Lists of rights, recordals and customs notices: search, filters, sort, pages, export."""

from django.core.paginator import Paginator
from django.shortcuts import render

from accounts.selectors import scoped
from customs.models import CustomsNotice, Recordal
from rights.models import Right

from ..access import member_required
from ..exports import (
    EXPORT_MAX_ROWS,
    export_response,
    notice_columns,
    recordal_columns,
    right_columns,
)
from ..filters import NoticeFilter, RecordalFilter, RightFilter

PAGE_SIZE = 50

LISTS = {
    "rights": {
        "queryset": lambda: Right.objects.select_related("responsible"),
        "filter": RightFilter,
        "default_order": ("-filing_date", "id"),
        "columns": right_columns,
        "template": "dashboard/right_list.html",
        "export": "dashboard:right-export",
    },
    "recordals": {
        "queryset": lambda: Recordal.objects.select_related("right"),
        "filter": RecordalFilter,
        "default_order": ("valid_until", "id"),
        "columns": recordal_columns,
        "template": "dashboard/recordal_list.html",
        "export": "dashboard:recordal-export",
    },
    "notices": {
        "queryset": lambda: CustomsNotice.objects.select_related("recordal", "recordal__right"),
        "filter": NoticeFilter,
        "default_order": ("-served_on", "id"),
        "columns": notice_columns,
        "template": "dashboard/notice_list.html",
        "export": "dashboard:notice-export",
    },
}


def _filtered(request, name: str):
    spec = LISTS[name]
    filterset = spec["filter"](
        request.GET, queryset=scoped(spec["queryset"](), request.user), request=request
    )
    qs = filterset.qs
    if filterset.form.is_valid() and filterset.form.cleaned_data.get("o"):
        qs = qs.order_by(*qs.query.order_by, "id")
    else:
        qs = qs.order_by(*spec["default_order"])
    return filterset, qs


def _list_view(name: str):
    @member_required
    def view(request):
        filterset, qs = _filtered(request, name)
        page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
        return render(
            request,
            LISTS[name]["template"],
            {
                "filter": filterset,
                "page": page,
                "export_url": LISTS[name]["export"],
                "export_max": EXPORT_MAX_ROWS,
            },
        )

    view.__name__ = f"{name}_list"
    return view


def _export_view(name: str):
    @member_required
    def view(request, fmt: str):
        _filterset, qs = _filtered(request, name)
        return export_response(queryset=qs, columns=LISTS[name]["columns"](), fmt=fmt, name=name)

    view.__name__ = f"{name}_export"
    return view


right_list, right_export = _list_view("rights"), _export_view("rights")
recordal_list, recordal_export = _list_view("recordals"), _export_view("recordals")
notice_list, notice_export = _list_view("notices"), _export_view("notices")
