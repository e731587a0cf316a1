"""Collaboration with customs: the pack for GACC and the ports (built from the current facts,
stale once they change), customs notices linked to infringers and a recorded route, and the
statistics tables exported as CSV and XLSX."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document

from customs import services as customs_services
from enforcement import customs_work, services
from enforcement.customs_pack import pack_facts, pack_status
from enforcement.models import CustomsPackIssue
from tests.api.conftest import token_client as api_client
from tests.factories import (
    CustomsNoticeFactory,
    InfringerFactory,
    RecordalFactory,
    RecordalPartyFactory,
    RecordalRouteFactory,
    RightFactory,
)

D = dt.date
pytestmark = pytest.mark.usefixtures("frozen_clock")  # Tue 2026-11-24


@pytest.fixture
def recordal(org, right):
    recordal = RecordalFactory(
        organisation=org,
        right=right,
        recordal_number="T2025-12345",
        genuine_product_notes="Laser-etched serial on the hinge; hologram label 防伪.",
    )
    RecordalPartyFactory(recordal=recordal, role="licensee", name="Suzhou Licensed Locks Co.")
    RecordalPartyFactory(recordal=recordal, role="manufacturer", name="Foshan OEM Works")
    RecordalPartyFactory(recordal=recordal, role="exporter", name="Ningbo Genuine Export Co.")
    return recordal


@pytest.fixture
def route(recordal):
    return RecordalRouteFactory(
        recordal=recordal, port="Ningbo Beilun", route="Yiwu -> Ningbo -> Lagos by sea"
    )


@pytest.fixture
def notice(org, recordal):
    return CustomsNoticeFactory(
        organisation=org, recordal=recordal, customs_reference="NB-2025-77", port="Ningbo"
    )


def _text(body: bytes) -> str:
    document = Document(io.BytesIO(body))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


# --- notices: infringers and route ---------------------------------------------------------


def test_a_notice_links_its_infringers_and_recorded_route(org, counsel, notice, route, infringer):
    customs_work.notice_links_set(notice=notice, infringers=[infringer], route=route, actor=counsel)
    notice.refresh_from_db()
    assert notice.route == route
    assert list(notice.infringers.all()) == [infringer]
    assert notice.history.first().route_id == route.pk  # audited
    customs_work.notice_links_set(notice=notice, infringers=[], route=None, actor=counsel)
    notice.refresh_from_db()
    assert notice.route is None and not notice.infringers.exists()


def test_a_route_of_another_recordal_or_an_outsiders_infringer_is_refused(
    org, other_org, counsel, notice, right
):
    elsewhere = RecordalRouteFactory(
        recordal=RecordalFactory(organisation=org, right=RightFactory(organisation=org))
    )
    with pytest.raises(ValidationError) as exc:
        customs_work.notice_links_set(notice=notice, infringers=[], route=elsewhere, actor=counsel)
    assert "route" in exc.value.message_dict
    with pytest.raises(ValidationError):
        customs_work.notice_links_set(
            notice=notice,
            infringers=[InfringerFactory(organisation=other_org)],
            route=None,
            actor=counsel,
        )
    assert not notice.infringers.exists()


def test_notice_and_infringer_pages_show_the_links(client, counsel, notice, route, infringer):
    client.force_login(counsel)
    response = client.post(
        reverse("enforcement:notice-links", args=[notice.pk]),
        {"infringers": [infringer.pk], "route": route.pk},
    )
    assert response.status_code == 302
    page = client.get(notice.get_absolute_url()).content.decode()
    assert "深圳仿冒贸易有限公司" in page and "Yiwu -&gt; Ningbo -&gt; Lagos by sea" in page
    page = client.get(infringer.get_absolute_url()).content.decode()
    assert "NB-2025-77" in page and "Ningbo Beilun" in page


def test_notice_link_choices_are_scoped(client, counsel, other_org, notice, route):
    stranger = InfringerFactory(organisation=other_org, name="Stranger Ltd", name_zh="")
    client.force_login(counsel)
    page = client.get(notice.get_absolute_url()).content.decode()
    assert "Stranger Ltd" not in page
    client.post(
        reverse("enforcement:notice-links", args=[notice.pk]),
        {"infringers": [stranger.pk], "route": route.pk},
    )
    assert not notice.infringers.exists()


def test_the_outsider_cannot_link_a_notice(client, outsider, viewer, notice):
    url = reverse("enforcement:notice-links", args=[notice.pk])
    client.force_login(outsider)
    assert client.post(url, {"infringers": []}).status_code == 404
    client.force_login(viewer)
    assert client.post(url, {"infringers": []}).status_code == 403


def test_the_notice_api_takes_a_route_of_its_recordal_only(counsel, notice, route, org, right):
    client = api_client(counsel)
    url = f"/api/v1/customs-notices/{notice.pk}/"
    assert client.patch(url, {"route": route.pk}, format="json").json()["route"] == route.pk
    other = RecordalRouteFactory(
        recordal=RecordalFactory(organisation=org, right=RightFactory(organisation=org))
    )
    response = client.patch(url, {"route": other.pk}, format="json")
    assert response.status_code == 400 and "route" in response.json()


# --- the collaboration pack ----------------------------------------------------------------


def test_the_pack_names_the_recordal_licensees_infringers_and_routes(
    client, org, counsel, recordal, notice, route, infringer
):
    customs_work.notice_links_set(notice=notice, infringers=[infringer], route=route, actor=counsel)
    RecordalPartyFactory(recordal=recordal, role="infringer", name="Known Fake Factory")
    client.force_login(counsel)
    response = client.get(reverse("enforcement:recordal-customs-pack", args=[recordal.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.docx"')
    text = _text(response.content)
    assert "T2025-12345" in text
    assert "Suzhou Licensed Locks Co." in text and "Foshan OEM Works" in text
    assert "Ningbo Genuine Export Co." in text
    assert "Shenzhen Copycat Trading Co., Ltd." in text and "深圳仿冒贸易有限公司" in text
    assert "Known Fake Factory" in text
    assert "Ningbo Beilun: Yiwu -> Ningbo -> Lagos by sea" in text
    assert "Genuine-product identification / 正品识别要点" in text
    assert "Laser-etched serial on the hinge" in text
    assert CustomsPackIssue.objects.get().generated_by == counsel


def test_a_change_in_the_facts_changes_the_pack_and_marks_the_last_one_stale(
    client, org, counsel, recordal
):
    client.force_login(counsel)
    url = reverse("enforcement:recordal-customs-pack", args=[recordal.pk])
    before = _text(client.get(url).content)
    assert pack_status(recordal)["stale"] is False
    customs_services.recordal_party_add(
        recordal=recordal, role="licensee", name="Hangzhou New Licensee Ltd", actor=counsel
    )
    assert pack_status(recordal)["stale"] is True
    page = client.get(recordal.get_absolute_url()).content.decode()
    assert "facts changed since" in page
    after = _text(client.get(url).content)
    assert "Hangzhou New Licensee Ltd" in after and "Hangzhou New Licensee Ltd" not in before
    assert pack_status(recordal)["stale"] is False
    assert CustomsPackIssue.objects.count() == 2


def test_removing_a_licensee_is_a_change_too(org, counsel, recordal):
    facts = pack_facts(recordal)
    customs_services.recordal_detail_remove(detail=recordal.parties.first(), actor=counsel)
    assert pack_facts(recordal) != facts


def test_pack_is_the_organisations_only(client, outsider, viewer, recordal):
    url = reverse("enforcement:recordal-customs-pack", args=[recordal.pk])
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert (
        api_client(outsider).get(f"/api/v1/recordals/{recordal.pk}/customs-pack/").status_code
        == 404
    )
    client.force_login(viewer)
    assert client.get(url).status_code == 200


def test_pack_over_the_api(viewer, recordal):
    response = api_client(viewer).get(f"/api/v1/recordals/{recordal.pk}/customs-pack/")
    assert response.status_code == 200
    assert "T2025-12345" in _text(response.content)


def test_pack_queries_do_not_grow_with_the_facts(counsel, org, recordal):
    def count():
        with CaptureQueriesContext(connection) as captured:
            pack_facts(recordal)
        return len(captured)

    def add(start, stop):
        for n in range(start, stop):
            RecordalPartyFactory(recordal=recordal, name=f"Licensee {n}")
            route = RecordalRouteFactory(recordal=recordal, port=f"Port {n}")
            notice = CustomsNoticeFactory(organisation=org, recordal=recordal)
            customs_work.notice_links_set(
                notice=notice,
                infringers=[InfringerFactory(organisation=org)],
                route=route,
                actor=counsel,
            )

    add(0, 1)
    small = count()
    add(1, 11)
    assert count() == small <= 8


# --- statistics export ---------------------------------------------------------------------


def test_statistics_export_csv_and_xlsx_scoped_to_the_organisation(
    client, org, counsel, viewer, outsider, right, other_org
):
    complaint = services.complaint_create(
        organisation=org,
        actor=counsel,
        platform="jd",
        right=right,
        reason="r",
        listings=["https://item.jd.com/1.html"],
        status="submitted",
        submitted_on=D(2025, 9, 1),
    )
    services.complaint_transition(
        complaint=complaint, status="removed", on=D(2025, 9, 5), actor=counsel
    )
    customs_work.detention_application_create(
        organisation=org,
        right=right,
        actor=counsel,
        port="Ningbo",
        applied_on=D(2025, 9, 10),
        detained_on=D(2025, 9, 12),
        goods_description="x",
        quantity=5,
        goods_value_cny=Decimal("30000.00"),
    )
    client.force_login(viewer)
    csv = client.get(reverse("enforcement:statistics-export", args=["platforms", "csv"]))
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert "JD.com,1,1,100.0%" in text and "Median days to removal" in text
    xlsx = client.get(reverse("enforcement:statistics-export", args=["rights", "xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.values)
    header, row = rows[0], rows[1]
    assert row[0] == "Fastening device"
    assert row[header.index("Customs seizures")] == 1
    assert row[header.index("Bonds (CNY)")] == "30000.00"
    client.force_login(outsider)
    text = client.get(reverse("enforcement:statistics-export", args=["rights", "csv"])).content
    assert "Fastening device" not in text.decode("utf-8-sig")
    assert client.get("/enforcement/statistics/rights.pdf").status_code == 404
