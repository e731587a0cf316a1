"""The demo's enforcement matters (Demo Co.): infringers, a platform complaint whose seller's
counter-notice leaves a live 15-day clock, a letter awaiting its reply, a detention on
application for an unrecorded right and a monitoring plan. Rows are data, dates relative to
today; everything is entered through the enforcement services, once per organisation."""

import datetime as dt
from decimal import Decimal

from enforcement import customs_work, monitoring, services
from enforcement.models import Infringer

ORG = "demo-co"
INFRINGERS = {
    "fast-lock": {
        "kind": "company",
        "name": "Yiwu Fast-Lock Hardware Co.",
        "name_zh": "义乌快锁五金有限公司",
        "addresses": "Futian Market District 4, Yiwu, Zhejiang",
    },
    "fastenking": {
        "kind": "seller_account",
        "name": "FastenKing旗舰店",
        "platform": "taobao",
        "account_name": "fastenking_flagship",
    },
}
COMPLAINT = {
    "platform": "taobao",
    "right": "demo-right-01",
    "infringer": "fastenking",
    "reason": "Identical fastening device sold under the DEMO mark without licence.",
    "listings": [
        "https://item.taobao.com/item.htm?id=700001",
        "https://item.taobao.com/item.htm?id=700002",
    ],
    "platform_reference": "IPP-DEMO-0001",
    "submitted": -20,
    "removed": -15,
    "counter_notice": -5,
}
LETTER = {
    "infringer": "fast-lock",
    "rights": ["demo-right-01"],
    "language": "bilingual",
    "findings": "Test buy of 10 units on 2 March matched claim 1 of the patent.",
    "findings_zh": "3月2日试购10件产品，落入专利权利要求1的保护范围。",
    "demands": "Stop manufacturing and selling; destroy stock; confirm in writing.",
    "demands_zh": "立即停止制造和销售；销毁库存；书面确认。",
    "method": "courier",
    "sent": -10,
}
APPLICATION = {
    "right": "demo-right-02",
    "port": "Shanghai Yangshan",
    "goods_description": "Battery thermal modules",
    "quantity": 400,
    "goods_value_cny": Decimal("120000.00"),
    "bond_form": "bank_guarantee",
    "consignor": "Yiwu Fast-Lock Hardware Co.",
    "infringers": ["fast-lock"],
    "applied": -6,
    "detained": -4,
}
MONITORING = {
    "right": "demo-right-01",
    "platform": "pinduoduo",
    "interval_days": 30,
    "search_terms": "快拆 紧固件",
    "started": -40,
    "sweep": -10,
}


def load(org, *, today: dt.date, actor, right_of) -> int:
    """Enter the enforcement matters unless the organisation already has an infringer."""
    if org.slug != ORG or Infringer.objects.filter(organisation=org).exists():
        return 0

    def day(offset: int) -> dt.date:
        return today + dt.timedelta(days=offset)

    people = {
        key: services.infringer_create(organisation=org, actor=actor, **row)
        for key, row in INFRINGERS.items()
    }
    row = COMPLAINT
    complaint = services.complaint_create(
        organisation=org,
        actor=actor,
        right=right_of(row["right"]),
        platform=row["platform"],
        infringer=people[row["infringer"]],
        reason=row["reason"],
        listings=row["listings"],
    )
    services.complaint_transition(
        complaint=complaint,
        status="submitted",
        on=day(row["submitted"]),
        actor=actor,
        platform_reference=row["platform_reference"],
    )
    services.complaint_transition(
        complaint=complaint, status="removed", on=day(row["removed"]), actor=actor
    )
    services.complaint_counter_notice(
        complaint=complaint, received_on=day(row["counter_notice"]), actor=actor
    )
    row = LETTER
    services.letter_create(
        organisation=org,
        actor=actor,
        infringer=people[row["infringer"]],
        rights=[right_of(key) for key in row["rights"]],
        language=row["language"],
        findings=row["findings"],
        findings_zh=row["findings_zh"],
        demands=row["demands"],
        demands_zh=row["demands_zh"],
        method=row["method"],
        sent_on=day(row["sent"]),
    )
    row = APPLICATION
    customs_work.detention_application_create(
        organisation=org,
        actor=actor,
        right=right_of(row["right"]),
        infringers=[people[key] for key in row["infringers"]],
        port=row["port"],
        goods_description=row["goods_description"],
        quantity=row["quantity"],
        goods_value_cny=row["goods_value_cny"],
        bond_form=row["bond_form"],
        consignor=row["consignor"],
        applied_on=day(row["applied"]),
        detained_on=day(row["detained"]),
    )
    row = MONITORING
    plan = monitoring.monitoring_plan_create(
        organisation=org,
        actor=actor,
        right=right_of(row["right"]),
        platform=row["platform"],
        interval_days=row["interval_days"],
        search_terms=row["search_terms"],
        started_on=day(row["started"]),
    )
    monitoring.sweep_log(
        plan=plan, swept_on=day(row["sweep"]), searched=row["search_terms"], actor=actor
    )
    return 1
