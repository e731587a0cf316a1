"""The generated world: organisations, their people and a portfolio, all through the services.

Everything is drawn from one seeded `random.Random`, so a seed gives the same year every time.
Each organisation's records carry its tag ("[O2]") in titles and its own owner name, so a
message naming another organisation's matter is recognisable in the received mail.
"""

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model

from accounts.models import Membership, Organisation, Role
from core.clock import LEGAL_TZ
from core.dates import add_months
from customs import services as customs
from notifications.services import preference_start
from rights.numbers import check_character
from rights.services import patent_grant_register, right_create

# (username suffix, role, language): two counsel (one reads Chinese), a paralegal, a manager.
PEOPLE = [
    ("counsel", Role.COUNSEL, "en"),
    ("zhcounsel", Role.COUNSEL, "zh-hans"),
    ("paralegal", Role.PARALEGAL, "zh-hans"),
    ("manager", Role.MANAGER, "en"),
]
PORTS = ["Shenzhen Huanggang", "Shanghai Pudong Airport", "Ningbo Beilun", "Guangzhou Baiyun"]
# Kinds of right and their share of the portfolio.
KINDS = [("invention", 30), ("utility_model", 15), ("design", 10), ("trademark", 40), ("app", 5)]
# Marks registered on these days expire in 2027 on days the 2027 calendar decides (the Spring
# Festival and a swapped working Saturday): their dates move when that calendar is published.
CALENDAR_SENSITIVE_REGISTRATIONS = [dt.date(2017, 2, 6), dt.date(2017, 2, 20), dt.date(2017, 5, 1)]
# Patents whose annuity grace period (6 months, a last day on a rest day moves to the next
# working day) ends in 2027 on a day the 2027 calendar decides: Feb 9 and May 4 (working days by
# the statutory days alone, off in the notice: later), Feb 20 and Oct 9 (Saturdays worked in the
# notice: earlier). Their dates are provisional until 2026-11-05 and move then.
CALENDAR_SENSITIVE_FILINGS = [
    dt.date(2019, 8, 9),
    dt.date(2018, 8, 20),
    dt.date(2020, 11, 4),
    dt.date(2020, 4, 9),
]


def cn_number(year: int, type_digit: int, serial: int) -> str:
    body = f"{year:04d}{type_digit}{serial:07d}"
    return f"{body}.{check_character(body)}"


def legal_moment(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LEGAL_TZ).astimezone(dt.UTC)


@dataclass
class Org:
    index: int
    organisation: Organisation
    people: dict  # suffix -> user
    tag: str
    owner: str
    rights: list = field(default_factory=list)
    recordals: list = field(default_factory=list)

    @property
    def editor(self):
        return self.people["paralegal"]

    @property
    def counsel(self):
        return [self.people["counsel"], self.people["zhcounsel"]]


@dataclass
class RightPlan:
    """A right to enter: its facts, and when it is entered (at the start or later in the year)."""

    org: Org
    fields: dict
    grant_date: dt.date | None
    entered_at: dt.datetime
    record: bool  # also register a customs recordal


def make_org(index: int, *, password_hash: str) -> Org:
    organisation = Organisation.objects.create(name=f"Sim Org {index}", slug=f"sim-org-{index}")
    people = {}
    for suffix, role, language in PEOPLE:
        username = f"sim{index}-{suffix}"
        user = get_user_model().objects.create(
            username=username,
            email=f"{username}@org{index}.sim.test",
            first_name=suffix.title(),
            last_name=f"Org{index}",
            password=password_hash,
        )
        Membership.objects.create(
            user=user, organisation=organisation, role=role, language=language
        )
        preference_start(user=user, language=language)
        people[suffix] = user
    return Org(index, organisation, people, f"[O{index}]", f"Sim Org {index} Holdings Ltd")


def _kind(rng: random.Random) -> str:
    kinds, weights = zip(*KINDS, strict=True)
    return rng.choices(kinds, weights)[0]


def plan_rights(org: Org, count: int, *, start: dt.datetime, days: int, rng) -> list[RightPlan]:
    """`count` rights of every kind whose dates fall due around the simulated year."""
    today = start.astimezone(LEGAL_TZ).date()
    plans = []
    for k in range(count):
        serial = org.index * 100000 + k
        responsible = rng.choice([org.people["counsel"], org.people["zhcounsel"], org.editor, None])
        late = rng.random() < 0.25
        entered_at = (
            start + dt.timedelta(minutes=rng.randrange(60, days * 24 * 60))
            if late
            else start - dt.timedelta(hours=1)
        )
        kind = _kind(rng)
        sensitive = 3 <= k < 3 + len(CALENDAR_SENSITIVE_FILINGS)
        if sensitive:
            kind = "invention"
        common = {
            "owner": org.owner,
            "responsible": responsible,
            "external_id": f"sim-{org.index}-{k}",
        }
        grant = None
        if kind == "trademark":
            if k < len(CALENDAR_SENSITIVE_REGISTRATIONS):
                registered = CALENDAR_SENSITIVE_REGISTRATIONS[k]
            else:
                registered = add_months(today, -120) + dt.timedelta(days=rng.randrange(-40, 330))
            number = f"{30000000 + serial}"
            fields = {
                "kind": "trademark",
                "title": f"SIMMARK {org.tag} {k}",
                "nice_classes": [rng.choice([9, 25, 35])],
                "application_number": number,
                "registration_number": number,
                "filing_date": add_months(registered, -13),
                "registration_date": registered,
                "status": "registered",
            }
        elif kind == "app":  # a pending invention application: examination and publication
            filed = today - dt.timedelta(days=rng.randrange(200, 1000))
            fields = {
                "kind": "invention",
                "title": f"Pending device {org.tag} {k}",
                "application_number": cn_number(filed.year, 1, serial),
                "filing_date": filed,
                "status": "filed",
            }
        else:
            type_digit = {"invention": 1, "utility_model": 2, "design": 3}[kind]
            span = {"invention": (3, 18), "utility_model": (2, 9), "design": (2, 9)}[kind]
            filed = today - dt.timedelta(days=rng.randrange(span[0] * 365, span[1] * 365))
            if sensitive:
                filed = CALENDAR_SENSITIVE_FILINGS[k - 3]
            grant = min(add_months(filed, rng.randrange(10, 40)), today - dt.timedelta(days=30))
            years_elapsed = max(1, (today - filed).days // 365)
            fields = {
                "kind": kind,
                "title": f"Device {org.tag} {k}",
                "application_number": cn_number(filed.year, type_digit, serial),
                "filing_date": filed,
                "status": "published" if kind == "invention" else "filed",
                # Paid up to this year, or one behind (in the grace period), at random.
                "annuities_paid_through": years_elapsed
                + (1 if sensitive else rng.choice([0, 0, 1])),
            }
        if sensitive:  # there when the calendar is published, and left unpaid
            entered_at = start - dt.timedelta(hours=1)
            common["notes"] = "calendar-sensitive"
        plans.append(
            RightPlan(
                org=org,
                fields={**fields, **common},
                grant_date=grant,
                entered_at=entered_at,
                record=kind in ("trademark", "invention", "utility_model") and rng.random() < 0.35,
            )
        )
    return plans


def enter_right(plan: RightPlan, rng: random.Random):
    """Enter one planned right (and its recordal) through the services, as a paralegal would."""
    org, actor = plan.org, plan.org.editor
    right = right_create(organisation=org.organisation, actor=actor, **plan.fields)
    if plan.grant_date:
        right = patent_grant_register(
            right=right,
            grant_date=plan.grant_date,
            actor=actor,
            registration_number=f"ZL{right.application_number}",
        )
    org.rights.append(right)
    in_force = right.status in ("granted", "registered")
    if plan.record and in_force:
        anchor = right.grant_date or right.registration_date
        approved = max(
            anchor + dt.timedelta(days=40),
            add_months(plan.entered_at.astimezone(LEGAL_TZ).date(), -120)
            + dt.timedelta(days=rng.randrange(0, 360)),
        )
        recordal = customs.recordal_register(
            organisation=org.organisation,
            right=right,
            actor=actor,
            recordal_number=f"P{approved.year}-{org.index}{len(org.recordals):05d}",
            applied_on=approved - dt.timedelta(days=25),
            approved_on=approved,
        )
        org.recordals.append(recordal)
    return right


def notice_fields(org: Org, moment: dt.datetime, seq: int, rng) -> dict:
    day = moment.astimezone(LEGAL_TZ).date()
    return {
        "served_on": day,
        "served_at": moment,
        "port": rng.choice(PORTS),
        "customs_reference": f"{5300 + org.index}-{day.year}-{seq:04d}",
        "goods_description": f"Suspected counterfeit goods {org.tag} #{seq}",
        "quantity": rng.randrange(50, 5000),
        "goods_value_cny": Decimal(rng.randrange(5000, 900000)),
        "responsible": rng.choice([org.people["counsel"], org.people["zhcounsel"], None]),
    }
