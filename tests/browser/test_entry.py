"""A paralegal's entry in a real browser: a grant with the live number check and preview, a
customs notice with its clock, an import with a bad row, and the rights list exported."""

import io
import re
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

from customs.models import CustomsNotice
from deadlines.models import Deadline
from rights.models import Right
from tests.browser.conftest import read_in_chinese
from tests.factories import RecordalFactory, RecordalRouteFactory, RightFactory, cn_patent_number

from .test_chinese import assert_no_english

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("on_tuesday"),
]

NUMBER = cn_patent_number(2024, 1, 1234567)
WRONG = NUMBER[:-1] + ("0" if NUMBER[-1] != "0" else "1")


def test_paralegal_enters_a_grant_by_keyboard_and_sees_its_deadlines(
    page, live_server, login, paralegal, shot, offsite_requests
):
    page.set_viewport_size({"width": 1366, "height": 900})
    login(page, "paralegal")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="New right").click()
    expect(page.get_by_role("heading", level=1, name="New CNIPA patent grant")).to_be_visible()

    # Keyboard only: focus the first field, then type and Tab from field to field.
    page.get_by_label("Kind", exact=True).focus()
    page.keyboard.press("Tab")
    page.keyboard.type("Foldable bicycle lock")
    page.keyboard.press("Tab")
    page.keyboard.type("Demo Co. Ltd")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Application number", exact=True)).to_be_focused()
    page.keyboard.type(WRONG, delay=20)
    check = page.locator("#id_application_number_check")
    expect(check).to_contain_text("Check character")  # while typing, before any submit
    shot(page, "entry-01-wrong-check-character")
    page.keyboard.press("Backspace")
    page.keyboard.type(NUMBER[-1])
    expect(check).to_contain_text("format and check character are right")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Filing date")).to_be_focused()
    page.keyboard.type("03052024")  # mm dd yyyy in the en-US date field
    page.get_by_label("Grant date").focus()
    page.keyboard.type("06022026")

    preview = page.locator("#preview")
    expect(preview).to_contain_text("Saving creates")
    expect(preview).to_contain_text("Patent expires")
    expect(preview).to_contain_text("Fri 2044-03-04")
    preview.get_by_text("Why this date").first.click()
    expect(preview.get_by_text("Legal source").first).to_be_visible()
    shot(page, "entry-02-grant-preview")
    assert not Right.objects.exists()  # the preview saved nothing

    page.get_by_role("button", name="Save").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1, name="Foldable bicycle lock")).to_be_visible()
    deadlines = page.get_by_role("region", name=re.compile("Deadlines"))
    expect(deadlines).to_contain_text("Patent expires")
    expect(deadlines).to_contain_text("Patent annuity due")
    expect(page.get_by_role("link", name="Record with customs")).to_be_visible()
    shot(page, "entry-03-grant-saved")
    right = Right.objects.get()
    assert right.application_number == NUMBER and right.status == "granted"
    assert Deadline.objects.filter(right=right).count() >= 3
    assert offsite_requests == []


def test_paralegal_enters_a_customs_notice_and_sees_the_clock(
    page, live_server, login, paralegal, org, shot
):
    recordal = RecordalFactory(right__organisation=org, recordal_number="P2021-55555")
    route = RecordalRouteFactory(recordal=recordal, port="Shenzhen Yantian", route="to Hamburg")
    page.set_viewport_size({"width": 1366, "height": 900})
    login(page, "paralegal")
    page.goto(live_server.url + recordal.get_absolute_url())
    page.get_by_role("link", name="Enter a customs notice").click()
    page.get_by_label("Customs reference").fill("SZ-2026-0042")
    page.get_by_label("Served at (China time)").fill("09:30")
    page.get_by_label("Port").fill("Shenzhen Yantian")
    page.get_by_label("Route").select_option(label="Shenzhen Yantian – to Hamburg")
    page.get_by_label("Goods").fill("Bicycle locks")
    page.get_by_label("Quantity").fill("1200")
    page.get_by_label("Value (CNY)").fill("36000")
    preview = page.locator("#preview")
    expect(preview).to_contain_text("Answer due")
    expect(preview).to_contain_text("Fri 2026-11-27")  # served Tue: Wed, Thu, Fri
    expect(preview).to_contain_text("3 working days left")
    shot(page, "entry-04-notice-clock")

    page.get_by_label("Served on").fill("2026-11-16")
    expect(preview).to_contain_text("already passed")
    shot(page, "entry-05-notice-already-passed")
    assert not CustomsNotice.objects.exists()

    page.get_by_label("Served on").fill("2026-11-24")
    expect(preview).to_contain_text("3 working days left")
    page.get_by_role("button", name="Save notice").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("SZ-2026-0042")
    notice = CustomsNotice.objects.get()
    assert notice.responsible == paralegal
    assert notice.route == route
    shot(page, "entry-06-notice-saved")


HEADER = "kind,jurisdiction,application_number,title,owner,filing_date,grant_date"


def _line(serial: int, check: str | None = None) -> str:
    number = cn_patent_number(2020, 1, serial)
    if check is not None:
        number = number[:-1] + check
    return f"invention,CN,{number},Hinge assembly {serial},Demo Co. Ltd,2020-05-06,2023-02-07"


def test_paralegal_imports_a_file_fixes_a_bad_row_and_exports_the_list(
    page, live_server, login, paralegal, shot, tmp_path
):
    bad_check = "0" if cn_patent_number(2020, 1, 2)[-1] != "0" else "1"
    bad = tmp_path / "rights.csv"
    bad.write_text("\n".join([HEADER, _line(1), _line(2, bad_check), _line(3)]))
    page.set_viewport_size({"width": 1366, "height": 900})
    login(page, "paralegal")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Import").click()
    page.get_by_label("File of rights (CSV or XLSX)").set_input_files(str(bad))
    page.get_by_role("button", name="Check the file (dry run)").click()
    errors = page.get_by_role("table", name="Errors by row")
    expect(errors.locator("tbody tr")).to_have_count(1)
    expect(errors.locator("tbody tr")).to_contain_text("3")
    expect(errors).to_contain_text("application_number")
    expect(errors).to_contain_text("Check character")
    expect(page.get_by_role("button", name="Confirm import")).to_have_count(0)
    shot(page, "entry-07-import-bad-row")
    assert not Right.objects.exists()

    good = tmp_path / "rights-fixed.csv"
    good.write_text("\n".join([HEADER, _line(1), _line(2), _line(3)]))
    page.get_by_label("File of rights (CSV or XLSX)").set_input_files(str(good))
    page.get_by_role("button", name="Check the file (dry run)").click()
    expect(page.get_by_text("3 new rights will be created")).to_be_visible()
    page.get_by_role("button", name="Confirm import").click()
    expect(page.get_by_role("status")).to_contain_text("3 rights created")
    expect(page.get_by_role("region", name="Latest imports")).to_contain_text("rights-fixed.csv")
    shot(page, "entry-08-imported")
    page.get_by_role("link", name="Import history").click()
    history = page.get_by_role("table", name="Past imports")
    expect(history).to_contain_text("rights-fixed.csv")
    expect(history).to_contain_text("3 rights created, 0 unchanged")
    expect(history).to_contain_text("paralegal")
    shot(page, "entry-08b-import-history")
    assert Right.objects.count() == 3 and Deadline.objects.filter(right__isnull=False).exists()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Rights").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="XLSX").click()
    content = io.BytesIO(Path(download_info.value.path()).read_bytes())
    sheet = openpyxl.load_workbook(content).active
    rows = list(sheet.iter_rows(values_only=True))
    numbers = {row[2] for row in rows[1:]}
    assert rows[0][2] == "Application number"
    assert numbers == {cn_patent_number(2020, 1, n) for n in (1, 2, 3)}


def test_entry_pages_fit_a_phone_without_sideways_scroll(
    page, live_server, login, paralegal, org, shot
):
    recordal = RecordalFactory(right__organisation=org)
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, "paralegal")
    for url, name in (
        ("/entry/rights/new/grant/", "entry-09-grant-390"),
        (f"/entry/recordals/{recordal.pk}/notice/new/", "entry-10-notice-390"),
        ("/entry/import/", "entry-11-import-390"),
    ):
        page.goto(live_server.url + url)
        shot(page, name)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), url


def test_a_licensee_is_entered_with_its_licence_period_by_keyboard(
    page, live_server, login, paralegal, org, shot
):
    right = RightFactory(organisation=org, granted=True, title="Self-locking fastener")
    page.set_viewport_size({"width": 1366, "height": 900})
    login(page, "paralegal")
    page.goto(live_server.url + right.get_absolute_url())
    page.get_by_role("link", name="Record with customs").click()
    page.get_by_label("GACC recordal number").fill("P2026-00042")
    page.get_by_label("Applied on").fill("2026-09-01")
    page.get_by_label("Approved on").fill("2026-10-12")
    party = page.locator(".party").first
    party.get_by_label("Role").select_option("licensee")
    party.get_by_label("Name").fill("Hangzhou Licensee Co.")
    party.get_by_label("Licence ends").fill("2029-02-28")
    page.get_by_role("button", name="Save recordal").focus()
    page.keyboard.press("Enter")
    # The error sits beside the field, and everything typed is still there.
    expect(party.get_by_text("Give the date the licence starts.")).to_be_visible()
    expect(party.get_by_label("Name")).to_have_value("Hangzhou Licensee Co.")
    expect(page.get_by_label("GACC recordal number")).to_have_value("P2026-00042")
    shot(page, "entry-12-licensee-without-start")
    party.get_by_label("Licence starts").fill("2026-03-01")
    page.get_by_role("button", name="Save recordal").click()
    expect(page.get_by_text("Licence from Sun 2026-03-01 to Wed 2029-02-28")).to_be_visible()
    shot(page, "entry-13-recordal-with-licensee")


def test_entry_pages_in_chinese(page, live_server, login, paralegal, org, shot, tmp_path):
    recordal = RecordalFactory(right__organisation=org, recordal_number="P2021-55555")
    RecordalRouteFactory(recordal=recordal, port="深圳盐田", route="经香港转运")
    page.set_viewport_size({"width": 1366, "height": 900})
    login(page, "paralegal")
    read_in_chinese(page)

    page.goto(f"{live_server.url}/entry/rights/new/grant/")
    page.get_by_label("名称", exact=True).fill("可折叠自行车锁")
    page.get_by_label("权利人", exact=True).fill("深圳市示例科技有限公司")
    page.get_by_label("申请号", exact=True).fill(NUMBER)
    page.get_by_label("申请日", exact=True).fill("2024-03-05")
    page.get_by_label("授权公告日", exact=True).fill("2026-06-02")
    expect(page.locator("#preview")).to_contain_text("2044年3月4日")
    shot(page, "zh-entry-01-grant-preview")
    assert_no_english(page)

    page.goto(f"{live_server.url}/entry/recordals/{recordal.pk}/notice/new/")
    page.get_by_label("海关通知编号").fill("SZ-2026-0042")
    page.get_by_label("口岸").fill("深圳盐田")
    page.get_by_label("货物").fill("自行车锁")
    page.get_by_label("数量").fill("1200")
    page.get_by_label("价值（人民币元）").fill("36000")
    expect(page.locator("#preview")).to_contain_text("2026年11月27日")
    shot(page, "zh-entry-02-notice-clock")
    assert_no_english(page)

    page.goto(f"{live_server.url}/entry/rights/{recordal.right.pk}/recordal/new/")
    shot(page, "zh-entry-03-recordal")
    assert_no_english(page)

    bad = tmp_path / "rights.csv"
    bad.write_text("\n".join([HEADER, _line(1), _line(2, "X")]))
    page.goto(f"{live_server.url}/entry/import/")
    page.locator("input[type=file]").set_input_files(str(bad))
    page.locator("form.entry-form button[type=submit]").click()
    expect(page.locator("table.import-errors tbody tr")).to_have_count(1)
    shot(page, "zh-entry-04-import-error")
    assert_no_english(page)

    page.goto(f"{live_server.url}/entry/import/history/")
    expect(page.get_by_role("heading", level=1, name="导入记录")).to_be_visible()
    shot(page, "zh-entry-05-import-history")
    assert_no_english(page)
