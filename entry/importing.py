"""Reading a file of rights (CSV or XLSX, through django-import-export's formats and widgets)
into rows for the rights import service, with every cell's problem named by row and column."""

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import resources, widgets
from import_export.formats.base_formats import CSV, XLSX

from rights.models import PATENT_KINDS, Kind, Right, Status
from rights.services import IMPORT_FIELDS

from .forms import parse_nice_classes

MAX_ROWS = 20_000
FORMATS = {"csv": CSV, "xlsx": XLSX}
HEADER_ROW = 1  # data starts on row 2, as a spreadsheet numbers them
DATE_FIELDS = (
    "filing_date",
    "priority_date",
    "publication_date",
    "grant_date",
    "registration_date",
)
INT_FIELDS = ("annuities_paid_through", "renewals")
KINDS = frozenset(Kind.values)  # read per row: the enum builds its list on each access
STATUSES = frozenset(Status.values)
EXAMPLE = {
    "kind": "invention",
    "jurisdiction": "CN",
    "application_number": "201510958772.0",
    "registration_number": "",
    "title": "Foldable bicycle lock",
    "owner": "Demo Co. Ltd",
    "status": "",
    "filing_date": "2015-12-21",
    "priority_date": "",
    "publication_date": "",
    "grant_date": "2018-06-12",
    "registration_date": "",
    "nice_classes": "",
    "annuities_paid_through": "",
    "renewals": "",
    "external_id": "",
    "notes": "",
}


class RightImportResource(resources.ModelResource):
    """The columns of the import file: the model's own field names, dates as YYYY-MM-DD."""

    class Meta:
        model = Right
        fields = IMPORT_FIELDS
        export_order = IMPORT_FIELDS
        widgets = {name: {"format": "%Y-%m-%d"} for name in DATE_FIELDS}


@dataclass
class ParsedFile:
    rows: list = field(default_factory=list)  # [(row_number, (values in IMPORT_FIELDS order))]
    errors: list = field(default_factory=list)  # [(row_number, column, message)]
    total: int = 0


def file_format(name: str):
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return FORMATS.get(extension)


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def template_file(fmt: str) -> bytes:
    dataset = RightImportResource().export(queryset=Right.objects.none())
    dataset.append([EXAMPLE[name] for name in IMPORT_FIELDS])
    return ("\ufeff" + dataset.csv).encode() if fmt == "csv" else dataset.xlsx


def parse(name: str, content: bytes) -> ParsedFile:
    parsed = ParsedFile()
    fmt = file_format(name)
    if fmt is None:
        parsed.errors.append((0, "", _("Upload a .csv or .xlsx file.")))
        return parsed
    try:
        if fmt is CSV:
            dataset = fmt().create_dataset(content.decode("utf-8-sig"))
        else:
            dataset = fmt().create_dataset(content)
    except (UnicodeDecodeError, ValueError, KeyError, OSError) as exc:
        parsed.errors.append((0, "", _("The file cannot be read: %(error)s") % {"error": exc}))
        return parsed
    headers = [str(h or "").strip() for h in dataset.headers or []]
    missing = [c for c in ("kind", "title", "owner", "filing_date") if c not in headers]
    unknown = [h for h in headers if h and h not in IMPORT_FIELDS]
    if missing or unknown:
        if missing:
            parsed.errors.append(
                (HEADER_ROW, "", _("Missing columns: %(c)s.") % {"c": ", ".join(missing)})
            )
        if unknown:
            parsed.errors.append(
                (HEADER_ROW, "", _("Unknown columns: %(c)s.") % {"c": ", ".join(unknown)})
            )
        return parsed
    if len(dataset) > MAX_ROWS:
        parsed.errors.append((0, "", _("At most %(n)s rows per file.") % {"n": MAX_ROWS}))
        return parsed
    resource = RightImportResource()
    names = [str(h).strip() if h else "" for h in dataset.headers]
    for index, raw in enumerate(dataset, start=HEADER_ROW + 1):  # a row at a time, not .dict
        cells = {k: v for k, v in zip(names, raw, strict=False) if k}
        if all(v in (None, "") for v in cells.values()):
            continue  # a blank line
        parsed.total += 1
        values, errors = _row(resource, cells)
        parsed.errors.extend((index, column, message) for column, message in errors)
        if not errors:
            # A tuple in IMPORT_FIELDS order: a fifth of a dict's size (20,000 rows a file).
            parsed.rows.append((index, tuple(values[name] for name in IMPORT_FIELDS)))
    return parsed


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a number typed into a spreadsheet cell
    return str(value).strip()


def _date(resource, name: str, raw):
    """A date cell: YYYY-MM-DD read directly (most cells, and strptime costs ten times more);
    anything else (a spreadsheet's date, 2015-1-5) through the column's widget."""
    if isinstance(raw, str) and len(raw) == 10 and raw[4] == raw[7] == "-":
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            pass
    return resource.fields[name].widget.clean(raw if raw != "" else None)


def _row(resource, cells: dict) -> tuple[dict, list]:
    values, errors = {}, []
    for name in IMPORT_FIELDS:
        raw = cells.get(name)
        if name in DATE_FIELDS:
            try:
                values[name] = _date(resource, name, raw)
            except ValueError:
                errors.append((name, _("'%(v)s' is not a date: write YYYY-MM-DD.") % {"v": raw}))
            continue
        if name in INT_FIELDS:
            try:
                values[name] = widgets.IntegerWidget().clean(raw if raw != "" else None)
            except (ValueError, ArithmeticError):  # decimal.InvalidOperation for words
                errors.append((name, _("'%(v)s' is not a whole number.") % {"v": raw}))
            continue
        values[name] = _text(raw)
    kind = values["kind"].lower().replace(" ", "_")
    if kind not in KINDS:
        errors.append(
            (
                "kind",
                _("Unknown kind '%(v)s': use one of %(k)s.")
                % {"v": values["kind"], "k": ", ".join(Kind.values)},
            )
        )
    values["kind"] = kind
    values["jurisdiction"] = (values["jurisdiction"] or "CN").upper()
    try:
        values["nice_classes"] = parse_nice_classes(values["nice_classes"])
    except ValidationError as exc:
        errors.append(("nice_classes", " ".join(exc.messages)))
    values["renewals"] = values["renewals"] or 0
    values["status"] = (values["status"] or _status_of(values)).lower()
    if values["status"] not in STATUSES:
        errors.append(("status", _("Unknown status '%(v)s'.") % {"v": values["status"]}))
    return values, errors


def _status_of(values: dict) -> str:
    """A blank status follows from the dates: granted, registered, published or filed."""
    if values.get("grant_date") and values["kind"] in PATENT_KINDS:
        return Status.GRANTED
    if values.get("registration_date"):
        return Status.REGISTERED
    if values.get("publication_date"):
        return Status.PUBLISHED
    return Status.FILED
