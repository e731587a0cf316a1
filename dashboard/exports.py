"""CSV (UTF-8 with a BOM, so Excel reads Chinese) and XLSX exports of a filtered list (tablib)."""

import tablib
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _

from core.clock import today_legal

EXPORT_MAX_ROWS = 20_000
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def export_response(*, queryset, columns, fmt: str, name: str) -> HttpResponse:
    """`columns` is a list of (header, function of a row); at most EXPORT_MAX_ROWS rows."""
    if fmt not in FORMATS:
        raise Http404("Unknown export format.")
    dataset = tablib.Dataset(headers=[str(header) for header, _getter in columns], title=name[:31])
    for row in queryset[:EXPORT_MAX_ROWS].iterator(chunk_size=2000):
        dataset.append([_cell(getter(row)) for _header, getter in columns])
    return dataset_response(dataset, fmt=fmt, name=name)


def dataset_response(dataset: tablib.Dataset, *, fmt: str, name: str) -> HttpResponse:
    """A tablib dataset as a CSV or XLSX download named `<name>-<today>.<fmt>`."""
    if fmt not in FORMATS:
        raise Http404("Unknown export format.")
    if fmt == "csv":
        body = ("\ufeff" + dataset.export("csv")).encode("utf-8")
    else:
        body = dataset.export("xlsx")
    response = HttpResponse(body, content_type=FORMATS[fmt])
    filename = f"{name}-{today_legal().isoformat()}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, str | int | float) or hasattr(value, "isoformat"):
        return value
    return str(value)


def deadline_columns():
    return [
        (_("Due date"), lambda d: d.due_date),
        (_("Act by"), lambda d: d.act_by),
        (_("Deadline"), lambda d: d.heading),
        (_("Rule"), lambda d: d.rule),
        (_("Status"), lambda d: d.get_status_display()),
        (_("Provisional"), lambda d: _("yes") if d.provisional else ""),
        (_("Kind"), lambda d: d.right.get_kind_display() if d.right_id else ""),
        (_("Country"), lambda d: d.right.jurisdiction if d.right_id else ""),
        (_("Application number"), lambda d: d.right.application_number if d.right_id else ""),
        (_("Registration number"), lambda d: d.right.registration_number if d.right_id else ""),
        (_("Title"), lambda d: d.right.title if d.right_id else str(d.guarantee or "")),
        (_("Owner"), lambda d: d.right.owner if d.right_id else ""),
        (_("Responsible"), lambda d: d.responsible or ""),
        (_("Legal source"), lambda d: (d.basis or {}).get("source", "")),
        (_("Note"), lambda d: d.note),
    ]


def right_columns():
    return [
        (_("Kind"), lambda r: r.get_kind_display()),
        (_("Country"), lambda r: r.jurisdiction),
        (_("Application number"), lambda r: r.application_number),
        (_("Registration number"), lambda r: r.registration_number),
        (_("Title"), lambda r: r.title),
        (_("Owner"), lambda r: r.owner),
        (_("Status"), lambda r: r.get_status_display()),
        (_("Filing date"), lambda r: r.filing_date),
        (_("Priority date"), lambda r: r.priority_date),
        (_("Grant date"), lambda r: r.grant_date),
        (_("Registration date"), lambda r: r.registration_date),
        (_("Expiry"), lambda r: r.expiry_date),
        (_("Responsible"), lambda r: r.responsible or ""),
    ]


def recordal_columns():
    return [
        (_("Recordal number"), lambda r: r.recordal_number),
        (_("Status"), lambda r: r.get_status_display()),
        (_("Applied on"), lambda r: r.applied_on),
        (_("Approved on"), lambda r: r.approved_on),
        (_("Valid until"), lambda r: r.valid_until),
        (_("Renewal window opens"), lambda r: r.renewal_window_opens),
        (_("Right"), lambda r: str(r.right)),
        (_("Owner"), lambda r: r.right.owner),
    ]


def notice_columns():
    return [
        (_("Reference"), lambda n: n.customs_reference),
        (_("Port"), lambda n: n.port),
        (_("Track"), lambda n: n.get_track_display()),
        (_("Served on"), lambda n: n.served_on),
        (_("Answer due"), lambda n: n.response_due),
        (_("Status"), lambda n: n.get_status_display()),
        (_("Goods"), lambda n: n.goods_description),
        (_("Quantity"), lambda n: n.quantity),
        (_("Value (CNY)"), lambda n: float(n.goods_value_cny)),
        (_("Bond (CNY)"), lambda n: float(n.bond_cny) if n.bond_cny is not None else ""),
        (_("Right"), lambda n: str(n.recordal.right)),
    ]
