"""Bulk import: template, dry run naming every bad row and column with nothing saved, all-or-
nothing confirm through the services with deadlines, history of imports, re-import idempotent."""

import datetime as dt
import io
import os

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from deadlines.models import Deadline
from entry.models import ImportBatch
from rights.models import Right
from rights.services import IMPORT_FIELDS
from tests.factories import RightFactory, cn_patent_number

from .conftest import NOW

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

HEADER = "kind,jurisdiction,application_number,title,owner,filing_date,grant_date,external_id"


def grant_line(serial: int, **changes) -> str:
    values = {
        "kind": "invention",
        "jurisdiction": "CN",
        "application_number": cn_patent_number(2020, 1, serial),
        "title": f"Hinge assembly {serial}",
        "owner": "Demo Co. Ltd",
        "filing_date": "2020-05-06",
        "grant_date": "2023-02-07",
        "external_id": "",
    }
    values.update(changes)
    return ",".join(values.values())


def csv_file(*lines, name="rights.csv"):
    return SimpleUploadedFile(name, "\n".join([HEADER, *lines]).encode(), "text/csv")


def dry_run(client, upload):
    return client.post(reverse("entry:import-dry-run"), {"file": upload})


def confirm(client, response):
    return client.post(reverse("entry:import-confirm"), {"token": response.context["token"]})


def test_template_files_have_the_import_columns(as_paralegal):
    csv = as_paralegal.get(reverse("entry:import-template", args=["csv"]))
    assert csv.content.decode("utf-8-sig").startswith("kind,jurisdiction,application_number")
    xlsx = as_paralegal.get(reverse("entry:import-template", args=["xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in sheet[1]][:3] == ["kind", "jurisdiction", "application_number"]


def test_dry_run_lists_every_bad_row_by_number_and_column_and_saves_nothing(as_paralegal, org):
    RightFactory(
        organisation=org,
        application_number=cn_patent_number(2020, 1, 9),
        filing_date=dt.date(2020, 5, 6),
    )
    good = grant_line(1)
    body, check = cn_patent_number(2020, 1, 2).split(".")
    bad_check = grant_line(2, application_number=f"{body}.{'0' if check != '0' else '1'}")
    unknown_kind = grant_line(3, kind="gadget")
    date_order = grant_line(4, grant_date="2019-01-01")
    duplicate_in_file = grant_line(1)
    already_in_org = grant_line(9)
    response = dry_run(
        as_paralegal,
        csv_file(good, bad_check, unknown_kind, date_order, duplicate_in_file, already_in_org),
    )
    assert response.status_code == 400
    errors = {(row, column) for row, column, _m in response.context["errors"]}
    assert errors == {
        (3, "application_number"),
        (4, "kind"),
        (5, "grant_date"),
        (6, "application_number"),
        (7, "application_number"),
    }
    text = response.content.decode()
    assert "Check character" in text and "Unknown kind" in text and "already in row 2" in text
    assert Right.objects.count() == 1 and not ImportBatch.objects.exists()
    assert "token" not in response.context  # no way to confirm a file with errors


def test_confirm_imports_all_rows_with_deadlines_and_records_the_batch(as_paralegal, paralegal):
    response = dry_run(as_paralegal, csv_file(grant_line(1), grant_line(2, external_id="DOC-2")))
    assert response.status_code == 200 and not Right.objects.exists()
    done = confirm(as_paralegal, response)
    assert done.status_code == 302
    rights = list(Right.objects.order_by("application_number"))
    assert len(rights) == 2 and all(r.status == "granted" for r in rights)
    assert rights[0].expiry_date == dt.date(2040, 5, 5)
    rules = set(Deadline.objects.filter(right=rights[0]).values_list("rule", flat=True))
    assert {"patent_expiry", "patent_annuity", "customs_record"} <= rules
    assert all(d.next_alert_at is not None for d in Deadline.objects.filter(status="open"))
    batch = ImportBatch.objects.get()
    assert (batch.file_name, batch.rows, batch.created_count, batch.imported_by) == (
        "rights.csv",
        2,
        2,
        paralegal,
    )
    assert rights[0].history.get().history_change_reason == "Import of rights.csv"
    assert rights[0].history.get().history_user == paralegal
    assert Deadline.history.filter(history_type="+").count() == Deadline.objects.count()
    page = as_paralegal.get(reverse("entry:import"))
    assert b"rights.csv" in page.content


def test_confirm_refuses_a_row_the_organisation_gained_since_the_dry_run(as_paralegal, org):
    """The confirm checks every row again as it writes: a right entered meanwhile with other
    facts is that row's error on the page, and nothing of the file is saved."""
    response = dry_run(as_paralegal, csv_file(*(grant_line(n) for n in range(1, 2500))))
    assert response.status_code == 200
    RightFactory(
        organisation=org,
        application_number=cn_patent_number(2020, 1, 2400),  # in the file's third chunk
        filing_date=dt.date(2020, 5, 6),
        title="Entered by hand meanwhile",
    )
    refused = confirm(as_paralegal, response)
    assert refused.status_code == 400
    assert [(row, column) for row, column, _m in refused.context["errors"]] == [
        (2401, "application_number")
    ]
    assert "Already in your organisation" in refused.content.decode()
    assert Right.objects.count() == 1 and not Deadline.objects.filter(
        right__title__startswith="Hinge"
    )
    assert not ImportBatch.objects.exists()


def test_importing_the_same_file_again_changes_nothing(as_paralegal):
    lines = (grant_line(1), grant_line(2, external_id="DOC-2"))
    confirm(as_paralegal, dry_run(as_paralegal, csv_file(*lines)))
    before = (Right.objects.count(), Deadline.objects.count(), Right.history.count())
    again = dry_run(as_paralegal, csv_file(*lines))
    assert len(again.context["check"].unchanged) == 2 and not again.context["check"].new
    confirm(as_paralegal, again)
    assert (Right.objects.count(), Deadline.objects.count(), Right.history.count()) == before
    assert ImportBatch.objects.order_by("id").last().unchanged_count == 2


def test_a_row_matching_by_external_id_with_other_facts_is_an_error(as_paralegal):
    confirm(as_paralegal, dry_run(as_paralegal, csv_file(grant_line(2, external_id="DOC-2"))))
    changed = dry_run(as_paralegal, csv_file(grant_line(2, external_id="DOC-2", title="Other")))
    assert changed.status_code == 400
    assert changed.context["errors"][0][:2] == (2, "application_number")


def test_xlsx_files_import_like_csv(as_paralegal):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append(
        ["trademark", "CN", "12345", "SPARROW", "Demo Co. Ltd", dt.date(2015, 2, 10), None, ""]
    )
    sheet["I1"], sheet["I2"] = "registration_date", dt.date(2016, 5, 7)
    sheet["J1"], sheet["J2"] = "nice_classes", "9, 35"
    buffer = io.BytesIO()
    book.save(buffer)
    upload = SimpleUploadedFile("marks.xlsx", buffer.getvalue())
    response = dry_run(as_paralegal, upload)
    assert response.status_code == 200, response.context["errors"]
    confirm(as_paralegal, response)
    mark = Right.objects.get()
    assert (mark.status, mark.nice_classes, mark.registration_date) == (
        "registered",
        [9, 35],
        dt.date(2016, 5, 7),
    )


def test_a_file_that_is_not_csv_or_xlsx_is_refused(as_paralegal):
    response = dry_run(as_paralegal, SimpleUploadedFile("rights.pdf", b"%PDF"))
    assert response.status_code == 400 and "Upload a .csv or .xlsx" in response.content.decode()


def test_a_forged_or_other_orgs_token_imports_nothing(as_paralegal, client, outsider):
    response = dry_run(as_paralegal, csv_file(grant_line(1)))
    client.force_login(outsider)
    client.post(reverse("entry:import-confirm"), {"token": response.context["token"]})
    as_paralegal.post(reverse("entry:import-confirm"), {"token": "forged"})
    assert not Right.objects.exists()


@pytest.mark.parametrize("role", ["viewer", "manager"])
def test_only_editors_import(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("entry:import")).status_code == 403
    assert dry_run(client, csv_file(grant_line(1))).status_code == 403


def test_cells_that_are_not_dates_or_numbers_are_named(as_paralegal):
    header = HEADER + ",nice_classes,annuities_paid_through"
    lines = [
        header,
        grant_line(1, filing_date="06/05/2020") + ",,",
        grant_line(2) + ",,three",
        grant_line(3, kind="trademark", application_number="123", grant_date="") + ",nine,",
    ]
    upload = SimpleUploadedFile("r.csv", "\n".join(lines).encode())
    response = dry_run(as_paralegal, upload)
    errors = {(row, column) for row, column, _m in response.context["errors"]}
    assert errors == {(2, "filing_date"), (3, "annuities_paid_through"), (4, "nice_classes")}
    assert "write YYYY-MM-DD" in response.content.decode()
    assert not Right.objects.exists()


def test_dry_run_files_never_confirmed_are_swept(as_paralegal, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = dry_run(as_paralegal, csv_file(grant_line(1)))
    assert response.status_code == 200
    (kept,) = list((tmp_path / "imports").iterdir())
    abandoned = tmp_path / "imports" / "abandoned"
    abandoned.write_bytes(b"kind,title\n")
    hour_and_more = NOW.timestamp() - 3601
    os.utime(abandoned, (hour_and_more, hour_and_more))
    os.utime(kept, (NOW.timestamp(), NOW.timestamp()))
    dry_run(as_paralegal, csv_file(grant_line(2)))
    left = {p.name for p in (tmp_path / "imports").iterdir()}
    assert "abandoned" not in left and kept.name in left and len(left) == 2
    confirm(as_paralegal, response)
    assert kept.name not in {p.name for p in (tmp_path / "imports").iterdir()}


def test_a_dry_run_with_errors_stores_no_file(as_paralegal, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = dry_run(as_paralegal, csv_file(grant_line(1, kind="gadget")))
    assert response.status_code == 400
    assert not (tmp_path / "imports").exists() or not any((tmp_path / "imports").iterdir())


def test_import_history_lists_the_organisations_imports_only(
    as_paralegal, paralegal, org, other_org
):
    ImportBatch.objects.create(
        organisation=org,
        imported_by=paralegal,
        file_name="ours.csv",
        file_sha256="a" * 64,
        rows=3,
        created_count=2,
        unchanged_count=1,
    )
    ImportBatch.objects.create(
        organisation=other_org,
        file_name="theirs.csv",
        file_sha256="b" * 64,
        rows=1,
        created_count=1,
        unchanged_count=0,
    )
    page = as_paralegal.get(reverse("entry:import-history"))
    text = page.content.decode()
    assert page.status_code == 200
    assert "ours.csv" in text and "theirs.csv" not in text
    assert "2 rights created, 1 unchanged" in text and paralegal.username in text


def test_import_history_in_chinese(as_paralegal, paralegal, org):
    ImportBatch.objects.create(
        organisation=org,
        imported_by=paralegal,
        file_name="ours.csv",
        file_sha256="a" * 64,
        rows=3,
        created_count=2,
        unchanged_count=1,
    )
    as_paralegal.post("/settings/language/", {"language": "zh-hans"})
    page = as_paralegal.get(reverse("entry:import-history"))
    text = page.content.decode()
    assert "导入记录" in text and "Import history" not in text


@pytest.mark.parametrize("role", ["viewer", "manager"])
def test_import_history_is_for_editors(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("entry:import-history")).status_code == 403


def test_import_batches_are_read_only_in_the_admin(client, paralegal, org, other_org):
    ours = ImportBatch.objects.create(
        organisation=org,
        imported_by=paralegal,
        file_name="ours.csv",
        file_sha256="a" * 64,
        rows=3,
        created_count=2,
        unchanged_count=1,
    )
    theirs = ImportBatch.objects.create(
        organisation=other_org,
        file_name="theirs.csv",
        file_sha256="b" * 64,
        rows=1,
        created_count=1,
        unchanged_count=0,
    )
    paralegal.is_staff = True
    paralegal.save()
    client.force_login(paralegal)
    listing = client.get(reverse("admin:entry_importbatch_changelist")).content.decode()
    assert "ours.csv" in listing and "theirs.csv" not in listing
    change = reverse("admin:entry_importbatch_change", args=[ours.pk])
    assert client.get(change).status_code == 200
    assert client.post(change, {"file_name": "renamed.csv"}).status_code == 403
    assert client.get(reverse("admin:entry_importbatch_add")).status_code == 403
    other = reverse("admin:entry_importbatch_change", args=[theirs.pk])
    assert client.get(other).status_code in (302, 404)
    ours.refresh_from_db()
    assert ours.file_name == "ours.csv"


def test_dates_read_directly_are_read_as_the_widget_reads_them():
    """ISO dates take a shortcut past strptime; every other spelling still goes through the
    column's widget, and what neither accepts is that cell's error."""
    from entry import importing

    lines = [
        grant_line(1, filing_date="2020-05-06"),
        grant_line(2, filing_date="2020-5-6"),  # the widget's own reading
        grant_line(3, filing_date="2020-W19-3"),  # an ISO week date: not YYYY-MM-DD
        grant_line(4, filing_date="2020-13-06"),
        grant_line(5, filing_date="2020/05/06"),
    ]
    parsed = dict(importing.FileRows("rights.csv", "\n".join([HEADER, *lines]).encode()))
    filing = {
        row: values[IMPORT_FIELDS.index("filing_date")]
        for row, values in parsed.items()
        if isinstance(values, tuple)
    }
    assert filing == {2: dt.date(2020, 5, 6), 3: dt.date(2020, 5, 6)}
    unread = {row: values.errors for row, values in parsed.items() if row not in filing}
    assert sorted(unread) == [4, 5, 6]
    assert all([name for name, _m in errors] == ["filing_date"] for errors in unread.values())


def test_a_damaged_xlsx_is_refused_with_a_reason(as_paralegal):
    response = dry_run(as_paralegal, SimpleUploadedFile("rights.xlsx", b"PK\x03\x04not a zip"))
    assert response.status_code == 400
    assert "The file cannot be read" in response.content.decode()
    assert not Right.objects.exists()


def test_a_row_with_more_cells_than_columns_is_that_rows_error(as_paralegal):
    response = dry_run(as_paralegal, csv_file(grant_line(1), grant_line(2) + ",stray"))
    assert response.status_code == 400
    assert [(row, column) for row, column, _m in response.context["errors"]] == [(3, "")]
    assert "This row has 9 cells but the header has 8 columns." in response.content.decode()


def test_a_file_over_the_row_limit_is_refused_and_nothing_saved(as_paralegal, monkeypatch):
    from entry import importing

    upload = csv_file(*(grant_line(n) for n in range(1, 6)))
    response = dry_run(as_paralegal, upload)
    assert response.status_code == 200
    monkeypatch.setattr(importing, "MAX_ROWS", 3)
    refused = confirm(as_paralegal, response)
    assert refused.status_code == 400
    assert [(row, column) for row, column, _m in refused.context["errors"]] == [(5, "")]
    assert "At most 3 rows per file" in refused.content.decode()
    assert not Right.objects.exists() and not ImportBatch.objects.exists()


def test_a_csv_that_is_not_utf8_is_refused_with_a_reason(as_paralegal):
    content = "\n".join([HEADER, grant_line(1, title="Charnière")]).encode("latin-1")
    response = dry_run(as_paralegal, SimpleUploadedFile("rights.csv", content))
    assert response.status_code == 400
    assert "The file cannot be read" in response.content.decode()
    assert not Right.objects.exists()


def test_a_quoted_cell_may_hold_commas_and_line_breaks(as_paralegal):
    line = grant_line(1, title='"Hinge, assembly\nwith two lines"')
    confirm(as_paralegal, dry_run(as_paralegal, csv_file(line)))
    assert Right.objects.get().title == "Hinge, assembly\nwith two lines"
