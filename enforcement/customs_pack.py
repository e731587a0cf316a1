"""The customs collaboration pack: one .docx per recordal for GACC and the ports, built on demand
from the current facts (never stored, so it is never stale): genuine-product identification
(notes and photos), authorised licensees, manufacturers and exporters, known infringers and the
routes their goods took, earlier detentions, and whom to contact.

Headings are bilingual (English / Chinese) whatever the reader's language: the document goes to
customs officers. `pack_facts` is the one read (plain data, also fingerprinted to tell whether the
facts changed since a pack was last issued); `pack_document` only lays it out.
"""

import datetime as dt
import io
import logging

from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from docx import Document
from docx.shared import Cm, Pt

from accounts.models import Role
from core.clock import legal_date_of
from customs.models import CustomsNotice, PartyRole, Recordal, RecordalImage

from .customs_work import fingerprint, pack_facts_changed_at, pack_issue_record
from .documents import DOCX_CONTENT_TYPE, KIND_ZH
from .models import Infringer

logger = logging.getLogger(__name__)

__all__ = ["DOCX_CONTENT_TYPE", "pack_document", "pack_facts", "pack_filename", "pack_issue"]

PICTURE_TYPES = (".jpg", ".jpeg", ".png", ".gif")
PICTURE_WIDTH = Cm(7)

HEADINGS = {
    "title": ("Customs collaboration pack", "海关知识产权保护协作资料"),
    "recordal": ("Recordal and right", "备案及权利信息"),
    "genuine": ("Genuine-product identification", "正品识别要点"),
    "licensees": ("Authorised licensees", "授权被许可人"),
    "manufacturers": ("Authorised manufacturers", "授权生产商"),
    "exporters": ("Authorised exporters and importers", "授权进出口商"),
    "infringers": ("Known infringers and their routes", "已知侵权人及其进出境路线"),
    "routes": ("Ports and routes where infringing goods were seen", "发现侵权货物的口岸及路线"),
    "detentions": ("Earlier customs notices and detentions", "以往海关通知及扣留记录"),
    "contacts": ("Contacts", "联系人"),
}
ROLE_SECTION = {
    PartyRole.LICENSEE: "licensees",
    PartyRole.MANUFACTURER: "manufacturers",
    PartyRole.EXPORTER: "exporters",
}


def _user_contact(user) -> dict:
    return {"name": user.get_full_name() or user.username, "email": user.email}


def pack_facts(recordal: Recordal) -> dict:
    """Everything the pack says, as plain data (a handful of queries, whatever the size)."""
    recordal = (
        Recordal.objects.select_related("right", "right__responsible", "organisation")
        .prefetch_related(
            "parties",
            "routes",
            "images",
            Prefetch(
                "notices",
                queryset=CustomsNotice.objects.select_related("route").order_by("served_on", "id"),
            ),
        )
        .get(pk=recordal.pk)
    )
    right = recordal.right
    parties = {section: [] for section in ROLE_SECTION.values()}
    party_infringers = []
    for party in sorted(recordal.parties.all(), key=lambda p: (p.name, p.pk)):
        row = {"name": party.name, "country": party.country, "address": party.address}
        row["notes"] = party.notes
        if party.role == PartyRole.INFRINGER:
            party_infringers.append({**row, "name_zh": "", "credit_code": "", "routes": []})
        else:
            parties[ROLE_SECTION[party.role]].append(row)
    notices = list(recordal.notices.all())
    routes_of = {}
    infringers = (
        Infringer.objects.filter(customs_notices__recordal=recordal, merged_into__isnull=True)
        .distinct()
        .prefetch_related(
            Prefetch(
                "customs_notices",
                queryset=CustomsNotice.objects.filter(recordal=recordal).select_related("route"),
            )
        )
        .order_by("name", "name_zh", "id")
    )
    known = []
    for infringer in infringers:
        routes = []
        for notice in infringer.customs_notices.all():
            seen = notice.route.port if notice.route else notice.port
            line = f"{seen}: {notice.route.route}" if notice.route and notice.route.route else seen
            routes.append(line)
        routes_of[infringer.pk] = sorted(set(routes))
        known.append(
            {
                "name": infringer.name,
                "name_zh": infringer.name_zh,
                "credit_code": infringer.credit_code,
                "address": infringer.addresses,
                "country": "",
                "notes": infringer.notes,
                "routes": routes_of[infringer.pk],
            }
        )
    counsel = (
        get_user_model()
        .objects.filter(
            membership__organisation_id=recordal.organisation_id,
            membership__role=Role.COUNSEL,
            is_active=True,
        )
        .order_by("last_name", "first_name", "username")
    )
    contacts = [_user_contact(u) for u in ([right.responsible] if right.responsible else [])]
    contacts += [c for c in map(_user_contact, counsel) if c not in contacts]
    return {
        "organisation": recordal.organisation.name,
        "recordal": {
            "number": recordal.recordal_number,
            "status": recordal.status,
            "approved_on": recordal.approved_on,
            "valid_until": recordal.valid_until,
        },
        "right": {
            "kind": right.kind,
            "kind_en": str(right.get_kind_display()),
            "jurisdiction": right.jurisdiction,
            "number": right.registration_number or right.application_number,
            "title": right.title,
            "owner": right.owner,
        },
        "genuine_notes": recordal.genuine_product_notes,
        "images": [
            {"name": image.image.name, "caption": image.caption} for image in recordal.images.all()
        ],
        **parties,
        "infringers": party_infringers + known,
        "routes": [
            {"port": r.port, "route": r.route, "notes": r.notes}
            for r in sorted(recordal.routes.all(), key=lambda r: (r.port, r.pk))
        ],
        "detentions": [
            {
                "served_on": n.served_on,
                "port": n.port,
                "goods": n.goods_description,
                "quantity": n.quantity,
                "status": n.status,
                "detained_on": n.detained_on,
            }
            for n in notices
        ],
        "contacts": contacts,
    }


def _heading(document, key: str, level: int = 1) -> None:
    en, zh = HEADINGS[key]
    document.add_heading(f"{en} / {zh}", level=level)


def _lines(document, rows, fields, empty=("None recorded.", "暂无记录。")) -> None:
    if not rows:
        document.add_paragraph(" / ".join(empty))
        return
    table = document.add_table(rows=1, cols=len(fields))
    table.style = "Table Grid"
    for cell, (label, _key) in zip(table.rows[0].cells, fields, strict=True):
        cell.text = label
        cell.paragraphs[0].runs[0].bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, (_label, key) in zip(cells, fields, strict=True):
            value = row.get(key)
            cell.text = "\n".join(value) if isinstance(value, list) else str(value or "")


def _picture(document, image, storage) -> None:
    name = image["name"]
    if name.lower().endswith(PICTURE_TYPES) and storage.exists(name):
        try:
            with storage.open(name, "rb") as handle:
                document.add_picture(io.BytesIO(handle.read()), width=PICTURE_WIDTH)
        except Exception:  # a broken photo must not stop the pack; its caption is still listed
            logger.warning("customs pack: photo %s could not be embedded", name)
    document.add_paragraph(image["caption"] or name.rsplit("/", 1)[-1])


def pack_document(facts: dict, *, generated_at: dt.datetime, changed_at, storage) -> bytes:
    document = Document()
    document.styles["Normal"].font.size = Pt(10.5)
    _heading(document, "title", level=0)
    recordal, right = facts["recordal"], facts["right"]
    document.add_paragraph(
        f"GACC recordal No. / 海关备案号: {recordal['number'] or '—'}\n"
        f"Right holder / 权利人: {right['owner']}\n"
        f"Generated / 生成时间: {legal_date_of(generated_at).isoformat()} "
        f"{generated_at:%H:%M} UTC\n"
        f"Facts last changed / 资料最后更新: "
        f"{f'{changed_at:%Y-%m-%d %H:%M} UTC' if changed_at else '—'}"
    )
    _heading(document, "recordal")
    kind_zh = KIND_ZH.get(right["kind"], right["kind"])
    document.add_paragraph(
        f"{right['kind_en']} / {kind_zh}: {right['jurisdiction']} {right['number'] or '—'}\n"
        f"“{right['title']}”\n"
        f"Valid until / 备案有效期至: {recordal['valid_until'] or '—'}"
    )
    _heading(document, "genuine")
    document.add_paragraph(facts["genuine_notes"] or "None recorded. / 暂无记录。")
    for image in facts["images"]:
        _picture(document, image, storage)
    party_fields = [
        ("Name / 名称", "name"),
        ("Country / 国家", "country"),
        ("Address / 地址", "address"),
        ("Notes / 备注", "notes"),
    ]
    for section in ("licensees", "manufacturers", "exporters"):
        _heading(document, section)
        _lines(document, facts[section], party_fields)
    _heading(document, "infringers")
    _lines(
        document,
        facts["infringers"],
        [
            ("Name / 名称", "name"),
            ("Chinese name / 中文名称", "name_zh"),
            ("Credit code / 统一社会信用代码", "credit_code"),
            ("Address / 地址", "address"),
            ("Routes / 路线", "routes"),
        ],
    )
    _heading(document, "routes")
    _lines(
        document,
        facts["routes"],
        [("Port / 口岸", "port"), ("Route / 路线", "route"), ("Notes / 备注", "notes")],
    )
    _heading(document, "detentions")
    _lines(
        document,
        facts["detentions"],
        [
            ("Served on / 送达日", "served_on"),
            ("Port / 口岸", "port"),
            ("Goods / 货物", "goods"),
            ("Quantity / 数量", "quantity"),
            ("Detained on / 扣留日", "detained_on"),
        ],
    )
    _heading(document, "contacts")
    document.add_paragraph(facts["organisation"])
    _lines(document, facts["contacts"], [("Name / 姓名", "name"), ("Email / 电子邮件", "email")])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pack_filename(recordal: Recordal, generated_at: dt.datetime) -> str:
    number = "".join(c for c in (recordal.recordal_number or str(recordal.pk)) if c.isalnum())
    return f"customs-pack-{number}-{legal_date_of(generated_at).isoformat()}.docx"


def pack_issue(*, recordal: Recordal, actor=None) -> tuple[bytes, str]:
    """Generate the pack from the facts of now and record that it was issued."""
    facts = pack_facts(recordal)
    issue = pack_issue_record(recordal=recordal, facts=facts, actor=actor)
    body = pack_document(
        facts,
        generated_at=issue.generated_at,
        changed_at=issue.facts_changed_at,
        storage=RecordalImage._meta.get_field("image").storage,
    )
    return body, pack_filename(recordal, issue.generated_at)


def pack_status(recordal: Recordal) -> dict:
    """For the recordal's page: when the facts last changed, the last pack issued, and whether
    the facts changed since (a removed licensee shows in the fingerprint, not in a timestamp)."""
    last = recordal.pack_issues.select_related("generated_by").first()
    return {
        "facts_changed_at": pack_facts_changed_at(recordal),
        "last_issue": last,
        "stale": last is not None and last.fingerprint != fingerprint(pack_facts(recordal)),
    }
