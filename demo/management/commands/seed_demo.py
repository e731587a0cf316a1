"""Demo data: two organisations, their users and a portfolio dated relative to today.

Everything goes through the services, so every deadline is computed exactly as it would be for
real data. The command is idempotent: each object carries an `external_id` ("demo-...") and is
skipped when it already exists, so a second run creates nothing and changes nothing.
"""

import datetime as dt
from collections import Counter
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q

from accounts.models import Membership, Organisation, Role
from core.clock import LEGAL_TZ, today_legal
from core.dates import add_months
from customs import services as customs
from customs.models import CustomsNotice, GeneralGuarantee, Recordal, RecordalRoute
from deadlines.models import Deadline, DeadlineStatus
from rights.models import Right
from rights.numbers import check_character
from rights.services import patent_grant_register, right_create, right_update

PASSWORD = "demo"
REFUSAL = "seed_demo creates users with the published password 'demo'; it only runs with DEBUG=true"

ORGANISATIONS = {"demo-co": "Demo Co.", "other-co": "Other Co."}
# username, organisation slug, role, first name, last name, email domain
USERS = [
    ("counsel", "demo-co", Role.COUNSEL, "Na", "Li", "demo.example"),
    ("paralegal", "demo-co", Role.PARALEGAL, "Fang", "Wang", "demo.example"),
    ("manager", "demo-co", Role.MANAGER, "Wei", "Zhang", "demo.example"),
    ("viewer", "demo-co", Role.VIEWER, "Yang", "Liu", "demo.example"),
    ("outsider", "other-co", Role.COUNSEL, "Olivia", "Hart", "other.example"),
]
OWNER = "Demo Co. Ltd"
OTHER_OWNER = "Other Co. GmbH"


def cn_number(year: int, type_digit: int, serial: int) -> str:
    """A CNIPA application number with its correct check character (ZC 0006-2003)."""
    body = f"{year:04d}{type_digit}{serial:07d}"
    return f"{body}.{check_character(body)}"


def next_anniversary_year(start: dt.date, today: dt.date) -> int:
    """The number of the first anniversary of `start` that falls after `today`."""
    years = 1
    while add_months(start, 12 * years) <= today:
        years += 1
    return years


class Seeder:
    """Creates the demo objects through the services; skips whatever already exists."""

    def __init__(self, today: dt.date):
        self.today = today
        self.created: Counter = Counter()

    # Dates relative to the day the demo is loaded.
    def days(self, n: int) -> dt.date:
        return self.today + dt.timedelta(days=n)

    def months(self, n: int, days: int = 0) -> dt.date:
        return add_months(self.today, n) + dt.timedelta(days=days)

    def years(self, n: int, days: int = 0) -> dt.date:
        return add_months(self.today, 12 * n) + dt.timedelta(days=days)

    # Accounts.
    def organisation(self, slug: str) -> Organisation:
        org, created = Organisation.objects.get_or_create(
            slug=slug, defaults={"name": ORGANISATIONS[slug]}
        )
        self.created["organisations"] += created
        return org

    def user(self, username, org, role, first_name, last_name, domain):
        user, created = get_user_model().objects.get_or_create(
            username=username,
            defaults={
                "email": f"{username}@{domain}",
                "first_name": first_name,
                "last_name": last_name,
                "is_staff": True,
                "is_superuser": False,
            },
        )
        if created:
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])
            self.created["users"] += 1
        membership, made = Membership.objects.get_or_create(
            user=user, defaults={"organisation": org, "role": role}
        )
        if not made and (membership.organisation_id, membership.role) != (org.id, role):
            raise CommandError(
                f"User {username!r} already belongs to {membership.organisation} as "
                f"{membership.role}; seed_demo will not move it. Use a fresh database."
            )
        return user

    # Rights and customs records, each keyed by external_id.
    def right(self, org, ext, *, actor, grant_date=None, then_status=None, **fields) -> Right:
        """Create a right; with `grant_date`, register its grant; then move it on if asked."""
        existing = Right.objects.filter(organisation=org, external_id=ext).first()
        if existing:
            return existing
        right = right_create(organisation=org, actor=actor, external_id=ext, **fields)
        if grant_date:
            number = f"ZL{right.application_number}" if right.jurisdiction == "CN" else ""
            right = patent_grant_register(
                right=right, grant_date=grant_date, actor=actor, registration_number=number
            )
        if then_status:
            right = right_update(right=right, actor=actor, status=then_status)
        self.created["rights"] += 1
        return right

    def recordal(
        self, org, ext, right, *, actor, parties=(), routes=(), changes=(), **fields
    ) -> Recordal:
        existing = Recordal.objects.filter(organisation=org, external_id=ext).first()
        if existing:
            return existing
        recordal = customs.recordal_register(
            organisation=org, right=right, actor=actor, external_id=ext, **fields
        )
        for party in parties:
            customs.recordal_party_add(recordal=recordal, actor=actor, **party)
        for port, route in routes:
            row = RecordalRoute(recordal=recordal, port=port, route=route)
            row.full_clean()
            row.save()
        for change in changes:
            filed_on = change.pop("filed_on", None)
            made = customs.recordal_change_register(recordal=recordal, actor=actor, **change)
            if filed_on:
                customs.recordal_change_file(change=made, filed_on=filed_on, actor=actor)
        self.created["recordals"] += 1
        return recordal

    def notice(self, org, ext, recordal, *, actor, answer=None, **fields) -> CustomsNotice:
        existing = CustomsNotice.objects.filter(organisation=org, external_id=ext).first()
        if existing:
            return existing
        notice = customs.customs_notice_register(
            organisation=org, recordal=recordal, actor=actor, external_id=ext, **fields
        )
        if answer:
            notice = customs.customs_notice_answer(notice=notice, actor=actor, **answer)
        self.created["customs notices"] += 1
        return notice

    def guarantee(self, org, *, actor, year, **fields) -> GeneralGuarantee:
        # One guarantee, for the year the demo was first loaded: a rerun in a later year
        # leaves the portfolio as it was.
        existing = GeneralGuarantee.objects.filter(organisation=org).order_by("-year").first()
        if existing:
            return existing
        guarantee = customs.guarantee_register(organisation=org, actor=actor, year=year, **fields)
        self.created["general guarantees"] += 1
        return guarantee

    # The portfolios.
    def demo_co(self, org, users) -> None:
        actor = users["paralegal"]
        counsel, paralegal = users["counsel"], users["paralegal"]
        owner = {"owner": OWNER, "actor": actor}
        r = self.right

        # --- CN invention patents -------------------------------------------------------
        filed = self.years(-7, 20)
        inv01 = r(
            org,
            "demo-right-01",
            kind="invention",
            title="Self-locking quick-release fastener",
            application_number=cn_number(filed.year, 1, 512001),
            filing_date=filed,
            publication_date=add_months(filed, 18),
            status="published",
            grant_date=add_months(filed, 38),
            annuities_paid_through=7,  # year 8 due in 20 days
            responsible=paralegal,
            **owner,
        )
        filed = self.years(-4, -60)
        inv02 = r(
            org,
            "demo-right-02",
            kind="invention",
            title="Battery thermal management module",
            application_number=cn_number(filed.year, 1, 498302),
            filing_date=filed,
            publication_date=add_months(filed, 18),
            status="published",
            grant_date=self.months(-5),  # not recorded: customs duty overdue; annuity in grace
            responsible=counsel,
            notes="Annuity unpaid: in the 6-month grace period.",
            **owner,
        )
        filed = self.months(-14)
        r(
            org,
            "demo-right-03",
            kind="invention",
            title="Wireless charging coil assembly",
            application_number=cn_number(filed.year, 1, 733415),
            filing_date=filed,
            publication_date=self.months(-2),
            status="published",
            **owner,
        )
        filed = self.years(-5, 10)
        priority = add_months(filed, -12) + dt.timedelta(days=5)
        inv04 = r(
            org,
            "demo-right-04",
            kind="invention",
            title="Low-noise brushless motor controller (PCT national phase)",
            application_number=cn_number(add_months(priority, 30).year, 8, 41207),
            filing_date=filed,
            publication_date=add_months(filed, 32),
            status="published",
            priority_claims=[{"country": "US", "number": "US 62/991,204", "date": priority}],
            grant_date=self.years(-1),
            annuities_paid_through=5,
            **owner,
        )
        filed = self.years(-20, 60)
        inv05 = r(
            org,
            "demo-right-05",
            kind="invention",
            title="Hydraulic clamp for formwork",
            application_number=cn_number(filed.year, 1, 19877),
            filing_date=filed,
            publication_date=add_months(filed, 18),
            status="published",
            grant_date=add_months(filed, 44),
            annuities_paid_through=20,  # expires in 2 months
            **owner,
        )
        us02_filed = self.years(-2)
        inv06_filed = add_months(us02_filed, 11)
        inv06 = r(
            org,
            "demo-right-06",
            kind="invention",
            title="Modular power bank housing",
            application_number=cn_number(inv06_filed.year, 1, 871190),
            filing_date=inv06_filed,
            publication_date=add_months(us02_filed, 18),
            status="published",
            priority_claims=[{"country": "US", "number": "US 18/102,877", "date": us02_filed}],
            **owner,
        )
        filed = self.years(-6, 100)
        inv07 = r(
            org,
            "demo-right-07",
            kind="invention",
            title="Smart lock actuator",
            application_number=cn_number(filed.year, 1, 377502),
            filing_date=filed,
            publication_date=add_months(filed, 18),
            status="published",
            grant_date=self.years(-3),
            annuities_paid_through=6,
            **owner,
        )
        filed = self.years(-15, 70)
        inv10 = r(
            org,
            "demo-right-10",
            kind="invention",
            title="Rotary cutting head for tube mills",
            application_number=cn_number(filed.year, 1, 60331),
            filing_date=filed,
            publication_date=add_months(filed, 18),
            status="published",
            grant_date=add_months(filed, 36),
            annuities_paid_through=15,
            **owner,
        )

        # --- CN utility models -----------------------------------------------------------
        filed = self.years(-3, 5)
        um01 = r(
            org,
            "demo-right-11",
            kind="utility_model",
            title="Cable clip with strain relief",
            application_number=cn_number(filed.year, 2, 1450021),
            filing_date=filed,
            status="filed",
            grant_date=self.years(-2),
            annuities_paid_through=3,  # due in 5 days
            responsible=paralegal,
            **owner,
        )
        filed = self.years(-2)
        r(
            org,
            "demo-right-12",
            kind="utility_model",
            title="Foldable phone stand",
            application_number=cn_number(filed.year, 2, 2208764),
            filing_date=filed,
            status="filed",
            grant_date=self.days(-75),  # record with customs within weeks
            responsible=paralegal,
            **owner,
        )
        filed = self.years(-1, -200)
        r(
            org,
            "demo-right-13",
            kind="utility_model",
            title="Under-desk cable tray",
            application_number=cn_number(filed.year, 2, 1987345),
            filing_date=filed,
            status="filed",
            grant_date=self.months(-8),  # not recorded: the customs duty is overdue
            annuities_paid_through=next_anniversary_year(filed, self.today),
            **owner,
        )
        filed = self.months(-4)
        r(
            org,
            "demo-right-14",
            kind="utility_model",
            title="Heat sink fin array",
            application_number=cn_number(filed.year, 2, 2871003),
            filing_date=filed,
            status="filed",
            **owner,
        )
        filed = self.years(-9)
        r(
            org,
            "demo-right-15",
            kind="utility_model",
            title="Magnetic tool holder",
            application_number=cn_number(filed.year, 2, 566120),
            filing_date=filed,
            status="filed",
            grant_date=add_months(filed, 10),
            then_status="lapsed",
            notes="Lapsed: annuity for patent year 6 not paid.",
            **owner,
        )

        # --- CN designs: 10-year term before 2021-06-01, 15 years after -------------------
        filed = dt.date(2020, self.today.month, min(self.today.day, 28)) + dt.timedelta(days=40)
        des01 = r(
            org,
            "demo-right-16",
            kind="design",
            title="Bluetooth speaker (design)",
            application_number=cn_number(filed.year, 3, 482215),
            filing_date=filed,
            status="filed",
            grant_date=add_months(filed, 8),
            annuities_paid_through=next_anniversary_year(filed, self.today),
            notes="Filed before 2021-06-01: 10-year term.",
            **owner,
        )
        filed = self.years(-2, 15)
        des02 = r(
            org,
            "demo-right-17",
            kind="design",
            title="Bluetooth speaker, 2nd generation (design)",
            application_number=cn_number(filed.year, 3, 310447),
            filing_date=filed,
            status="filed",
            grant_date=self.months(-14),
            annuities_paid_through=next_anniversary_year(filed, self.today),
            notes="Filed after 2021-06-01: 15-year term.",
            **owner,
        )
        filed = self.months(-3)
        r(
            org,
            "demo-right-18",
            kind="design",
            title="Charging dock (design)",
            application_number=cn_number(filed.year, 3, 655802),
            filing_date=filed,
            status="filed",
            **owner,
        )
        filed = self.months(-7)
        r(
            org,
            "demo-right-19",
            kind="design",
            title="Earbud charging case (design)",
            application_number=cn_number(filed.year, 3, 701936),
            filing_date=filed,
            status="filed",
            grant_date=self.days(-30),
            responsible=counsel,
            **owner,
        )

        # --- CN trademarks ---------------------------------------------------------------
        registered = self.years(-10, 45)
        tm01 = r(
            org,
            "demo-right-20",
            kind="trademark",
            title="DEMO",
            nice_classes=[9, 35],
            application_number="17345678",
            registration_number="17345678",
            filing_date=add_months(registered, -14),
            registration_date=registered,
            status="registered",
            responsible=counsel,
            notes="Renewal window open; renewal due soon.",
            **owner,
        )
        registered = self.years(-10, -60)
        r(
            org,
            "demo-right-21",
            kind="trademark",
            title="DEMOLINK",
            nice_classes=[9],
            application_number="16098412",
            registration_number="16098412",
            filing_date=add_months(registered, -13),
            registration_date=registered,
            status="registered",
            responsible=paralegal,
            notes="Term ended: renew within the 6-month grace period.",
            **owner,
        )
        r(
            org,
            "demo-right-22",
            kind="trademark",
            title="迪摩",
            nice_classes=[9, 11],
            application_number="71234567",
            filing_date=self.months(-10),
            publication_date=self.months(-1),
            status="published",
            responsible=paralegal,
            notes="Preliminary approval published: opposition period running.",
            **owner,
        )
        registered = self.years(-3, -120)
        r(
            org,
            "demo-right-23",
            kind="trademark",
            title="DEMO POWER",
            nice_classes=[9],
            application_number="38765012",
            registration_number="38765012",
            filing_date=add_months(registered, -11),
            registration_date=registered,
            status="registered",
            notes="Keep dated evidence of use.",
            **owner,
        )
        registered = self.days(-42)
        r(
            org,
            "demo-right-24",
            kind="trademark",
            title="DEMOCHARGE",
            nice_classes=[9],
            application_number="69912345",
            registration_number="69912345",
            filing_date=add_months(registered, -12),
            registration_date=registered,
            status="registered",
            **owner,
        )
        registered = self.years(-4)
        tm06 = r(
            org,
            "demo-right-25",
            kind="trademark",
            title="迪摩 DEMO",
            nice_classes=[9, 25],
            application_number="45678123",
            registration_number="45678123",
            filing_date=add_months(registered, -10),
            registration_date=registered,
            status="registered",
            responsible=counsel,
            **owner,
        )
        r(
            org,
            "demo-right-26",
            kind="trademark",
            title="DEMO HOME",
            nice_classes=[11, 21],
            application_number="72345001",
            filing_date=self.months(-2),
            status="filed",
            **owner,
        )
        registered = self.years(-6)
        tm08 = r(
            org,
            "demo-right-27",
            kind="trademark",
            title="DEMO",
            nice_classes=[25],
            application_number="25567890",
            registration_number="25567890",
            filing_date=add_months(registered, -12),
            registration_date=registered,
            status="registered",
            **owner,
        )

        # --- Copyright -------------------------------------------------------------------
        registered = self.years(-2)
        cr01 = r(
            org,
            "demo-right-28",
            kind="copyright",
            title="DemoControl firmware v3 (software)",
            registration_number=f"{registered.year}SR0123456",
            registration_date=registered,
            publication_date=self.years(-2, -90),
            status="registered",
            **owner,
        )

        # --- Abroad, not yet (or already) filed in China ---------------------------------
        r(
            org,
            "demo-right-29",
            kind="invention",
            jurisdiction="US",
            title="Self-cooling battery enclosure",
            application_number="18/512,345",
            filing_date=self.months(-11, -5),
            status="filed",
            responsible=counsel,
            notes="Paris priority for China runs out in weeks.",
            **owner,
        )
        r(
            org,
            "demo-right-30",
            kind="design",
            jurisdiction="EP",
            title="Speaker grille (registered Community design)",
            application_number="015023456-0001",
            filing_date=self.months(-5),
            status="filed",
            **owner,
        )
        priority = self.months(-29)
        r(
            org,
            "demo-right-31",
            kind="invention",
            jurisdiction="WO",
            title="Thermal interface pad",
            filing_date=add_months(priority, 12) - dt.timedelta(3),
            application_number=f"PCT/US{add_months(priority, 12).year}/051234",
            priority_claims=[{"country": "US", "number": "US 63/488,120", "date": priority}],
            status="published",
            publication_date=add_months(priority, 18),
            responsible=counsel,
            notes="China national phase due at 30 months.",
            **owner,
        )
        r(
            org,
            "demo-right-32",
            kind="invention",
            jurisdiction="US",
            title="Modular power bank housing",
            application_number="18/102,877",
            filing_date=us02_filed,
            status="filed",
            cn_counterpart=inv06,
            **owner,
        )
        r(
            org,
            "demo-right-33",
            kind="design",
            jurisdiction="US",
            title="Speaker stand (US design)",
            application_number="29/901,554",
            filing_date=self.months(-8),
            status="filed",
            notes="Paris priority for China missed.",
            **owner,
        )
        r(
            org,
            "demo-right-34",
            kind="trademark",
            jurisdiction="US",
            title="DEMOCHARGE",
            nice_classes=[9],
            application_number="98123456",
            filing_date=self.months(-6, 5),
            status="filed",
            **owner,
        )
        r(
            org,
            "demo-right-35",
            kind="invention",
            jurisdiction="EP",
            title="Battery thermal management module",
            application_number="EP 22 180 554.1",
            filing_date=add_months(inv02.filing_date, -6),
            status="published",
            publication_date=add_months(inv02.filing_date, 12),
            cn_counterpart=inv02,
            **owner,
        )

        # --- China Customs recordals -----------------------------------------------------
        rec01 = self.recordal(
            org,
            "demo-recordal-01",
            inv01,
            actor=actor,
            recordal_number=f"P{add_months(inv01.grant_date, 1).year}-21877",
            applied_on=add_months(inv01.grant_date, 1),
            approved_on=add_months(inv01.grant_date, 1) + dt.timedelta(days=25),
            genuine_product_notes="Genuine fasteners carry a laser-etched DEMO logo and batch code.",
            parties=[
                {
                    "role": "licensee",
                    "name": "Shenzhen Demo Manufacturing Co., Ltd.",
                    "country": "CN",
                    "address": "Bao'an District, Shenzhen",
                },
                {
                    "role": "manufacturer",
                    "name": "Dongguan Precision Parts Co., Ltd.",
                    "country": "CN",
                    "address": "Chang'an Town, Dongguan",
                },
                {"role": "exporter", "name": "Demo Trading (HK) Ltd.", "country": "HK"},
                {
                    "role": "infringer",
                    "name": "Yiwu Fast-Lock Hardware Co.",
                    "country": "CN",
                    "notes": "Ships copies by rail to Madrid.",
                },
            ],
            routes=[
                ("Shenzhen Huanggang", "Road freight to Hong Kong"),
                ("Ningbo Beilun", "Sea freight to Rotterdam"),
                ("Yiwu", "China-Europe rail freight to Madrid"),
            ],
        )
        self.recordal(
            org,
            "demo-recordal-04",
            inv04,
            actor=actor,
            applied_on=self.days(-14),
            notes="Applied; GACC decides within 30 working days.",
        )
        rec07 = self.recordal(
            org,
            "demo-recordal-07",
            inv07,
            actor=actor,
            recordal_number=f"P{self.years(-2).year}-30412",
            applied_on=self.years(-2, -40),
            approved_on=self.years(-2),
            parties=[
                {
                    "role": "licensee",
                    "name": "Hangzhou SmartHome Technology Co., Ltd.",
                    "country": "CN",
                    "occurred_on": self.days(-10),
                },
            ],
            changes=[
                {
                    "kind": "name_change",
                    "occurred_on": self.years(-1),
                    "description": "Holder renamed from Demo Company Ltd to Demo Co. Ltd.",
                    "filed_on": self.years(-1, 21),
                },
            ],
        )
        self.recordal(
            org,
            "demo-recordal-05",
            inv05,
            actor=actor,
            recordal_number=f"P{self.years(-8).year}-05127",
            applied_on=self.years(-8, -30),
            approved_on=self.years(-8),
            notes="Ends with the patent in two months: no renewal is possible.",
        )
        approved = self.months(-117, -10)  # 9 years 9 months ago: the renewal window is open
        self.recordal(
            org,
            "demo-recordal-10",
            inv10,
            actor=actor,
            recordal_number=f"P{approved.year}-08815",
            applied_on=approved - dt.timedelta(days=28),
            approved_on=approved,
            parties=[{"role": "manufacturer", "name": "Wuxi Tube Mill Works", "country": "CN"}],
        )
        self.recordal(
            org,
            "demo-recordal-11",
            um01,
            actor=actor,
            recordal_number=f"P{self.months(-20).year}-33051",
            applied_on=self.months(-21),
            approved_on=self.months(-20),
        )
        self.recordal(
            org,
            "demo-recordal-16",
            des01,
            actor=actor,
            recordal_number=f"P{add_months(des01.grant_date, 3).year}-27764",
            applied_on=add_months(des01.grant_date, 2),
            approved_on=add_months(des01.grant_date, 3),
            notes="Ends with the design patent (Measures art. 10).",
        )
        self.recordal(
            org,
            "demo-recordal-17",
            des02,
            actor=actor,
            recordal_number=f"P{self.months(-11).year}-35520",
            applied_on=self.months(-12),
            approved_on=self.months(-11),
        )
        self.recordal(
            org,
            "demo-recordal-20",
            tm01,
            actor=actor,
            recordal_number=f"T{self.years(-5).year}-14022",
            applied_on=self.years(-5, -30),
            approved_on=self.years(-5),
            parties=[{"role": "exporter", "name": "Demo Trading (HK) Ltd.", "country": "HK"}],
        )
        rec25 = self.recordal(
            org,
            "demo-recordal-25",
            tm06,
            actor=actor,
            recordal_number=f"T{self.years(-3).year}-29931",
            applied_on=self.years(-3, -35),
            approved_on=self.years(-3),
            genuine_product_notes="Genuine earbuds: hologram sticker on the box, serial on the case.",
            parties=[
                {
                    "role": "manufacturer",
                    "name": "Shenzhen Demo Acoustic Co., Ltd.",
                    "country": "CN",
                },
                {
                    "role": "infringer",
                    "name": "Guangzhou Baiyun Audio Trading Co.",
                    "country": "CN",
                    "notes": "Declares goods as 'unbranded earphones'.",
                },
            ],
            routes=[
                ("Shenzhen Huanggang", "Road freight to Hong Kong"),
                ("Guangzhou Baiyun Airport", "Air cargo to Dubai"),
            ],
        )
        self.recordal(
            org,
            "demo-recordal-27",
            tm08,
            actor=actor,
            recordal_number=f"T{self.years(-5).year}-15530",
            applied_on=self.years(-5, -30),
            approved_on=self.years(-5),
        )
        self.recordal(
            org,
            "demo-recordal-28",
            cr01,
            actor=actor,
            recordal_number=f"C{self.years(-2, 50).year}-00418",
            applied_on=self.years(-2, 30),
            approved_on=self.years(-2, 50),
        )

        # --- Customs notices -------------------------------------------------------------
        yesterday = self.days(-1)
        self.notice(
            org,
            "demo-notice-01",
            rec25,
            actor=actor,
            track="ex_officio",
            customs_reference=f"HGHG-{yesterday:%Y%m%d}-0147",
            served_on=yesterday,
            served_at=dt.datetime.combine(yesterday, dt.time(15, 20), tzinfo=LEGAL_TZ),
            service_method="fax",
            port="Shenzhen Huanggang",
            goods_description="Wireless earbuds bearing the mark 迪摩 DEMO, declared as "
            "unbranded earphones; consignor Guangzhou Baiyun Audio Trading Co.",
            quantity=2400,
            goods_value_cny=Decimal("168000.00"),
            responsible=counsel,
        )
        served = self.days(-20)
        self.notice(
            org,
            "demo-notice-02",
            rec01,
            actor=actor,
            track="ex_officio",
            customs_reference=f"NBBL-{served:%Y%m%d}-0032",
            served_on=served,
            service_method="post",
            port="Ningbo Beilun",
            goods_description="Quick-release fasteners copying the patented locking mechanism.",
            quantity=12000,
            goods_value_cny=Decimal("86400.00"),
            answer={
                "response": "detain",
                "responded_on": self.days(-18),
                "detained_on": self.days(-17),
            },
        )
        served = self.months(-3)
        self.notice(
            org,
            "demo-notice-03",
            rec07,
            actor=actor,
            track="ex_officio",
            customs_reference=f"SHYS-{served:%Y%m%d}-0211",
            served_on=served,
            service_method="electronic",
            port="Shanghai Yangshan",
            goods_description="Door lock actuators; the licensee's own export shipment.",
            quantity=300,
            goods_value_cny=Decimal("15000.00"),
            answer={"response": "explain", "responded_on": served + dt.timedelta(days=1)},
        )

        # --- General guarantee for the current year --------------------------------------
        self.guarantee(
            org,
            actor=actor,
            year=self.today.year,
            amount_cny=Decimal("200000.00"),
            bank="Bank of China, Shenzhen Branch",
            approved_on=min(dt.date(self.today.year, 1, 20), self.today),
            notes="Covers ex-officio detentions of goods infringing recorded trademarks.",
        )

    def other_co(self, org) -> None:
        owner = {"owner": OTHER_OWNER, "actor": None}
        filed = self.years(-6, 150)
        inv = self.right(
            org,
            "other-right-01",
            kind="invention",
            title="Industrial mixer blade",
            application_number=cn_number(filed.year, 1, 902118),
            filing_date=filed,
            publication_date=add_months(filed, 18),
            status="published",
            grant_date=self.years(-3),
            annuities_paid_through=6,
            **owner,
        )
        registered = self.years(-2, -30)
        self.right(
            org,
            "other-right-02",
            kind="trademark",
            title="NORTHWIND",
            nice_classes=[3],
            application_number="51002345",
            registration_number="51002345",
            filing_date=add_months(registered, -10),
            registration_date=registered,
            status="registered",
            **owner,
        )
        self.right(
            org,
            "other-right-03",
            kind="invention",
            jurisdiction="US",
            title="Mixer blade coating",
            application_number="18/777,010",
            filing_date=self.months(-4),
            status="filed",
            **owner,
        )
        self.recordal(
            org,
            "other-recordal-01",
            inv,
            actor=None,
            recordal_number=f"P{self.years(-2).year}-40001",
            applied_on=self.years(-2, -30),
            approved_on=self.years(-2),
        )


def summary_lines(org) -> list[str]:
    deadlines = Deadline.objects.filter(organisation=org)
    live = deadlines.filter(status__in=[DeadlineStatus.OPEN, DeadlineStatus.MISSED])
    return [
        f"{org.name}: {Right.objects.filter(organisation=org).count()} rights, "
        f"{Recordal.objects.filter(organisation=org).count()} recordals, "
        f"{CustomsNotice.objects.filter(organisation=org).count()} customs notices",
        f"  deadlines: {deadlines.filter(status=DeadlineStatus.OPEN).count()} open, "
        f"{deadlines.filter(status=DeadlineStatus.MISSED).count()} missed, "
        f"{live.filter(provisional=True).count()} provisional, "
        f"{deadlines.filter(~Q(status__in=[DeadlineStatus.OPEN, DeadlineStatus.MISSED])).count()}"
        " done or waived",
    ]


class Command(BaseCommand):
    help = (
        "Load demo organisations, users (password 'demo') and a portfolio dated relative to "
        "today. Idempotent. Refuses to run unless DEBUG is true."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(REFUSAL)
        today = today_legal()
        seeder = Seeder(today)
        with transaction.atomic():
            orgs = {slug: seeder.organisation(slug) for slug in ORGANISATIONS}
            users = {
                name: seeder.user(name, orgs[slug], role, first, last, domain)
                for name, slug, role, first, last, domain in USERS
            }
            seeder.demo_co(orgs["demo-co"], users)
            seeder.other_co(orgs["other-co"])

        made = ", ".join(f"{what}: {n}" for what, n in seeder.created.items() if n)
        self.stdout.write(f"Demo data as of {today.isoformat()} (Asia/Shanghai).")
        self.stdout.write(f"Created: {made}." if made else "Nothing new: the demo data exists.")
        for org in orgs.values():
            for line in summary_lines(org):
                self.stdout.write(line)
        self.stdout.write("")
        self.stdout.write(f"Logins (password '{PASSWORD}' for every user; all can open /admin/):")
        for name, slug, role, _, _, domain in USERS:
            self.stdout.write(
                f"  {name:<10} {ORGANISATIONS[slug]:<10} {role.label:<10} {name}@{domain}"
            )
