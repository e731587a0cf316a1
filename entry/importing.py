"""Reading a file of rights (CSV or XLSX, through django-import-export's formats and widgets)
into rows for the rights import service, with every cell's problem named by row and column."""

import csv
import datetime as dt
import hashlib
import io
import sys
from zipfile import BadZipFile

import openpyxl
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import resources, widgets
from import_export.formats.base_formats import CSV, XLSX

from rights.models import PATENT_KINDS, Kind, Right, Status
from rights.services import IMPORT_FIELDS, UnreadRow

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
# What reading a damaged or mis-encoded file raises (csv, the UTF-8 codec, openpyxl's zip).
READ_ERRORS = (UnicodeDecodeError, ValueError, KeyError, OSError, csv.Error, BadZipFile)
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


def file_format(name: str):
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return FORMATS.get(extension)


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def template_file(fmt: str) -> bytes:
    dataset = RightImportResource().export(queryset=Right.objects.none())
    dataset.append([EXAMPLE[name] for name in IMPORT_FIELDS])
    return ("\ufeff" + dataset.csv).encode() if fmt == "csv" else dataset.xlsx


class FileRows:
    """The rows of an import file, read one at a time as the import service asks for them: the
    file is never held parsed whole, so an import's memory does not grow with the file.

    `errors` holds the file's own problems (format, header), found on opening: with any, there
    are no rows. Each row comes as (row number, values in IMPORT_FIELDS order), or as
    (row number, UnreadRow) for a row whose cells cannot be read (the service refuses the
    file for it, with the row's errors). `total` counts the rows read so far (blank lines
    aside). Cells are read with the columns' django-import-export widgets.
    """

    def __init__(self, name: str, content: bytes):
        self.errors: list = []  # [(row, column, message)]
        self.total = 0
        self._lines = None
        fmt = file_format(name)
        if fmt is None:
            self.errors.append((0, "", _("Upload a .csv or .xlsx file.")))
            return
        try:
            lines = _csv_lines(content) if fmt is CSV else _xlsx_lines(content)
            header = next(lines, [])
        except READ_ERRORS as exc:
            self.errors.append((0, "", _("The file cannot be read: %(error)s") % {"error": exc}))
            return
        self.names = [_text(h) for h in header]
        missing = [c for c in ("kind", "title", "owner", "filing_date") if c not in self.names]
        unknown = [h for h in self.names if h and h not in IMPORT_FIELDS]
        if missing:
            self.errors.append(
                (HEADER_ROW, "", _("Missing columns: %(c)s.") % {"c": ", ".join(missing)})
            )
        if unknown:
            self.errors.append(
                (HEADER_ROW, "", _("Unknown columns: %(c)s.") % {"c": ", ".join(unknown)})
            )
        if not self.errors:
            self._lines = lines

    def __iter__(self):
        if self._lines is None:
            return
        resource = RightImportResource()
        width = len(self.names)
        index = HEADER_ROW
        try:
            for raw in self._lines:
                index += 1
                if all(v in (None, "") for v in raw):
                    continue  # a blank line
                self.total += 1
                if self.total > MAX_ROWS:
                    yield (
                        index,
                        UnreadRow([("", _("At most %(n)s rows per file.") % {"n": MAX_ROWS})]),
                    )
                    return
                if any(v not in (None, "") for v in raw[width:]):
                    used = max(i for i, v in enumerate(raw, start=1) if v not in (None, ""))
                    message = _(
                        "This row has %(cells)s cells but the header has %(columns)s columns."
                    ) % {"cells": used, "columns": width}
                    yield index, UnreadRow([("", message)])
                    continue
                cells = {k: v for k, v in zip(self.names, raw, strict=False) if k}
                values, errors = _row(resource, cells)
                if errors:
                    yield index, UnreadRow(errors)
                else:
                    yield index, tuple(values[name] for name in IMPORT_FIELDS)
        except READ_ERRORS as exc:
            message = _("The file cannot be read: %(error)s") % {"error": exc}
            yield index, UnreadRow([("", message)])


def _csv_lines(content: bytes):
    """A CSV file's rows as lists of cells, as django-import-export's CSV format reads them
    (tablib: the csv module over the text, a byte-order mark dropped), one at a time: the
    bytes are decoded as they are read, never into one copy of the whole text."""
    return csv.reader(io.TextIOWrapper(io.BytesIO(content), encoding="utf-8-sig", newline=""))


def _xlsx_lines(content: bytes):
    """The first sheet's rows as lists of cell values, as django-import-export's XLSX format
    reads them (openpyxl, read-only: the sheet is streamed, not loaded)."""
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)

    def lines():
        try:
            for row in book.active.iter_rows(values_only=True):
                yield list(row)
        finally:
            book.close()

    return lines()


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
    values["jurisdiction"] = sys.intern((values["jurisdiction"] or "CN").upper())  # one "CN"
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
