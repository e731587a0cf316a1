"""Customs work in a real browser, in English and then in Chinese: counsel applies to customs to
detain goods for an unrecorded right and sees the 20-working-day court clock; links a customs
notice to the infringer and the recorded route; downloads the customs collaboration pack (and
sees it go stale when the facts change); exports the statistics. The outsider gets 404s.
Screenshots: customs-*.png and zh-customs-*.png."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from docx import Document
from playwright.sync_api import expect

from customs.models import RecordalParty, RecordalRoute
from enforcement.models import DetentionApplication
from rights import services as rights_services
from tests.browser.conftest import read_in_chinese
from tests.browser.test_chinese import ALLOWED, CODE, WORD, data_strings
from tests.factories import (
    CustomsNoticeFactory,
    InfringerFactory,
    RecordalFactory,
    cn_patent_number,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("on_tuesday"),  # Tue 2026-11-24, 10:00 China time
]


def _right(org, title, serial):
    return rights_services.right_create(
        organisation=org,
        kind="invention",
        title=title,
        owner="深圳市示例科技有限公司",
        application_number=cn_patent_number(2019, 1, serial),
        registration_number=f"ZL20191{serial}",
        filing_date=dt.date(2019, 3, 14),
        grant_date=dt.date(2021, 8, 3),
        status="granted",
    )


@pytest.fixture
def world(org):
    unrecorded = _right(org, "折叠自行车锁", 400001)
    recorded = _right(org, "自锁紧固件", 400002)
    recordal = RecordalFactory(
        organisation=org,
        right=recorded,
        recordal_number="P2025-40002",
        genuine_product_notes="正品铰链上有激光刻印序列号。",
    )
    RecordalParty.objects.create(recordal=recordal, role="licensee", name="苏州授权锁具有限公司")
    route = RecordalRoute.objects.create(
        recordal=recordal, port="宁波北仑", route="义乌 → 宁波 → 拉各斯（海运）"
    )
    notice = CustomsNoticeFactory(
        organisation=org,
        recordal=recordal,
        customs_reference="甬关2026-88",
        port="宁波",
        goods_description="仿冒紧固件",
        served_on=dt.date(2026, 11, 20),
        goods_value_cny=Decimal("42000.00"),
    )
    infringer = InfringerFactory(organisation=org, name="", name_zh="义乌仿冒锁具有限公司")
    return {
        "unrecorded": unrecorded,
        "recordal": recordal,
        "route": route,
        "notice": notice,
        "infringer": infringer,
    }


def _english_words(locator) -> list[str]:
    text = locator.inner_text()
    entered = ["折叠锁 FX-2", "义乌仿冒锁具有限公司", "苏州授权锁具有限公司", "宁波北仑"]
    for value in [*data_strings(), *entered]:
        text = text.replace(value, " ")
    return sorted({w for w in WORD.findall(text) if w not in ALLOWED and not CODE.match(w)})


def _no_english(page, selector="main"):
    page.evaluate("document.querySelectorAll('select, code').forEach(e => e.remove())")
    words = _english_words(page.locator(selector))
    assert not words, f"English interface words on {page.url}: {', '.join(words)}"


def test_counsel_works_with_customs_in_english_then_in_chinese(
    page, live_server, login, counsel, outsider, org, world, shot, offsite_requests
):
    page.set_viewport_size({"width": 1366, "height": 900})
    login(page, "counsel")

    # 1. An application for detention for a right that is not recorded.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Enforcement").click()
    page.get_by_role("link", name="Customs applications").click()
    page.get_by_role("link", name="New application").click()
    page.get_by_label("Right", exact=True).select_option(str(world["unrecorded"].pk))
    page.get_by_label("Port (customs office)").fill("宁波北仑")
    page.get_by_label("Applied on").fill("2026-11-20")
    page.get_by_label("Goods (name and specification)").fill("折叠锁 FX-2")
    page.get_by_label("Quantity").fill("800")
    page.get_by_label("Value of the goods (CNY)").fill("64000.00")
    page.get_by_label("Bond given as").select_option("bank_guarantee")
    page.get_by_label("Consignor").fill("义乌仿冒锁具有限公司")
    shot(page, "customs-01-new-application")
    page.get_by_role("button", name="Save application").click()
    expect(page.get_by_text("Application for detention saved.")).to_be_visible()
    expect(page.locator("main")).to_contain_text("CNY 64000.00")
    expect(page.locator("main")).to_contain_text("Not recorded with customs")
    # Detained Mon 2026-11-23: 20 working days from Tue 11-24 end on Mon 2026-12-21.
    page.get_by_label("Goods detained on").fill("2026-11-23")
    page.get_by_role("button", name="Save", exact=True).click()
    clock = page.get_by_role("region", name="Court assistance notice (20 working days)")
    expect(clock).to_contain_text("20 working days left")
    expect(clock).to_contain_text("Mon 2026-12-21")
    clock.get_by_text("Why this date").click()
    expect(clock).to_contain_text("Reg. art. 24(1)")
    shot(page, "customs-02-application-clock")
    application = DetentionApplication.objects.get()
    assert application.court_order_due == dt.date(2026, 12, 21)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
    expect(page.locator("main")).to_contain_text("Court assistance notice needed or goods released")

    # 2. The customs notice names its infringer and route.
    page.goto(f"{live_server.url}{world['notice'].get_absolute_url()}")
    links = page.get_by_role("region", name="Infringers and route")
    links.get_by_label("Infringers").select_option(str(world["infringer"].pk))
    links.get_by_label("Route").select_option(str(world["route"].pk))
    links.get_by_role("button", name="Save infringers and route").click()
    expect(page.get_by_text("Infringers and route saved.")).to_be_visible()
    links = page.get_by_role("region", name="Infringers and route")
    expect(links).to_contain_text("义乌仿冒锁具有限公司")
    expect(links).to_contain_text("义乌 → 宁波 → 拉各斯（海运）")
    shot(page, "customs-03-notice-links")

    # 3. The pack for customs, from the current facts; stale once they change.
    page.goto(f"{live_server.url}{world['recordal'].get_absolute_url()}")
    pack = page.get_by_role("region", name="Customs collaboration pack")
    expect(pack).to_contain_text("never")
    with page.expect_download() as info:
        pack.get_by_role("link", name="Download the customs pack (.docx)").click()
    document = Document(str(info.value.path()))
    text = "\n".join(
        [p.text for p in document.paragraphs]
        + [c.text for t in document.tables for r in t.rows for c in r.cells]
    )
    assert "P2025-40002" in text and "苏州授权锁具有限公司" in text
    assert "义乌仿冒锁具有限公司" in text and "宁波北仑" in text
    page.reload()
    expect(pack).to_contain_text("up to date")
    RecordalParty.objects.create(recordal=world["recordal"], role="manufacturer", name="佛山代工厂")
    page.reload()
    expect(pack).to_contain_text("facts changed since")
    shot(page, "customs-04-recordal-pack")

    # 4. The statistics, exported.
    page.goto(f"{live_server.url}/enforcement/statistics/")
    rights = page.get_by_role("region", name="Per right")
    with page.expect_download() as info:
        rights.get_by_role("link", name="CSV").click()
    rows = list(csv.reader(io.StringIO(info.value.path().read_text(encoding="utf-8-sig"))))
    assert rows[0][0] == "Right" and rows[1][0] == "折叠自行车锁"
    shot(page, "customs-05-statistics")

    # 5. The outsider sees none of it.
    page.context.clear_cookies()
    login(page, "outsider")
    for url in (
        application.get_absolute_url(),
        world["recordal"].get_absolute_url(),
        f"/enforcement/recordals/{world['recordal'].pk}/customs-pack.docx",
    ):
        assert page.goto(f"{live_server.url}{url}").status == 404
    page.goto(f"{live_server.url}/enforcement/applications/")
    expect(page.locator("main")).not_to_contain_text("宁波北仑")

    # 6. The same pages in Chinese.
    page.context.clear_cookies()
    login(page, "counsel")
    read_in_chinese(page)
    for url, name in (
        ("/enforcement/applications/", "zh-customs-01-applications"),
        (application.get_absolute_url(), "zh-customs-02-application"),
        ("/enforcement/applications/new/", "zh-customs-03-new-application"),
        (world["notice"].get_absolute_url(), "zh-customs-04-notice"),
        (world["recordal"].get_absolute_url(), "zh-customs-05-recordal"),
        ("/enforcement/statistics/", "zh-customs-06-statistics"),
    ):
        page.goto(f"{live_server.url}{url}")
        shot(page, name)
        if "notices" in url:
            _no_english(page, "section[aria-labelledby=links-h]")
        elif "recordals" in url:
            _no_english(page, "section[aria-labelledby=pack-h]")
        else:
            _no_english(page)
    assert offsite_requests == []
