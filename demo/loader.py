"""Turns the rows of `demo.portfolio` into records, through the services.

Each row is worked out against the day of loading (`=...` expressions, `{...}` templates; see
`demo.portfolio`) and handed to the app's service, so every deadline is computed as it would
be for real data. A row whose key (`external_id`) exists in its organisation is skipped: a
second load creates nothing and changes nothing.

Expressions are read with Python's `ast` and evaluated here over a closed vocabulary (dates,
numbers, the names below and the row's own values): nothing else can be called or read.
"""

import ast
import datetime as dt
from collections import Counter
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import models

from accounts.models import Membership, Organisation, Role
from core.clock import LEGAL_TZ
from core.dates import add_months
from customs import services as customs
from customs.models import CustomsNotice, GeneralGuarantee, Recordal, RecordalRoute
from rights.models import Right
from rights.numbers import check_character
from rights.services import patent_grant_register, right_create, right_update

from . import enforcement, portfolio

PASSWORD = "demo"


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


class Months:
    """`date + months(n)`: calendar months, the day clipped to the month's end."""

    def __init__(self, n: int):
        self.n = n

    def __radd__(self, day: dt.date) -> dt.date:
        return add_months(day, self.n)

    def __rsub__(self, day: dt.date) -> dt.date:
        return add_months(day, -self.n)


_OPERATORS = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b}


class Row:
    """One row's values, worked out in order (a value may use those before it)."""

    def __init__(self, loader: "Loader", org: Organisation):
        self.loader = loader
        self.org = org
        self.values: dict[str, Any] = {}

    def functions(self) -> dict[str, Any]:
        today = self.loader.today
        return {
            "days": lambda n: dt.timedelta(days=n),
            "months": Months,
            "years": lambda n: Months(12 * n),
            "date": dt.date,
            "min": min,
            "decimal": Decimal,
            "cnipa": cn_number,
            "patent_year": lambda start: next_anniversary_year(start, today),
            # today's month and day in another year (the day kept within every month)
            "in_year": lambda year: dt.date(year, today.month, min(today.day, 28)),
            "at": lambda day, hour, minute: dt.datetime.combine(
                day, dt.time(hour, minute), tzinfo=LEGAL_TZ
            ),
            "ref": lambda key: self.loader.records[self.org.slug, key],
            "user": lambda username: self.loader.users[username],
        }

    def evaluate(self, text: str) -> Any:
        return self._node(ast.parse(text.strip(), mode="eval").body, self.functions())

    def _node(self, node: ast.AST, functions: dict[str, Any]) -> Any:
        match node:
            case ast.Constant(value=value) if isinstance(value, int | str):
                return value
            case ast.Name(id="today"):
                return self.loader.today
            case ast.Name(id=name) if name in self.values:
                return self.values[name]
            case ast.BinOp(left=left, op=op, right=right) if type(op) in _OPERATORS:
                return _OPERATORS[type(op)](
                    self._node(left, functions), self._node(right, functions)
                )
            case ast.UnaryOp(op=ast.USub(), operand=operand):
                return -self._node(operand, functions)
            case ast.Attribute(value=value, attr=attr) if not attr.startswith("_"):
                return getattr(self._node(value, functions), attr)
            case ast.Call(func=ast.Name(id=name), args=args, keywords=[]) if name in functions:
                return functions[name](*(self._node(arg, functions) for arg in args))
        raise CommandError(f"Cannot read {ast.unparse(node)!r} in a demo row.")

    def resolve(self, value: Any) -> Any:
        if isinstance(value, str) and value.startswith("="):
            return self.evaluate(value[1:])
        if isinstance(value, dict):
            return {key: self.resolve(item) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return type(value)(self.resolve(item) for item in value)
        return value

    def fill(self, value: Any) -> Any:
        if isinstance(value, str) and "{" in value:
            return value.format(**self.values)
        return value

    def read(self, row: dict) -> dict[str, Any]:
        """The row's fields: expressions first (in order), then templates; no `_` locals."""
        for key, value in row.items():
            self.values[key] = self.resolve(value)
        for key, value in self.values.items():
            self.values[key] = self.fill(value)
        return {k: v for k, v in self.values.items() if not k.startswith("_") and k != "org"}


def _rows_of(rows: list[dict], org: Organisation) -> list[dict]:
    return [row for row in rows if row["org"] == org.slug]


class Loader:
    """Loads `demo.portfolio` as of `today`; `created` counts what was new."""

    def __init__(self, today: dt.date):
        self.today = today
        self.created: Counter = Counter()
        self.users: dict[str, Any] = {}
        self.records: dict[tuple[str, str], models.Model] = {}

    def load(self) -> list[Organisation]:
        orgs = [self.organisation(row) for row in portfolio.ORGANISATIONS]
        for user in portfolio.USERS:
            self.user(*user)
        for org, row in zip(orgs, portfolio.ORGANISATIONS, strict=True):
            actor = self.users[row["actor"]] if row["actor"] else None
            for right in _rows_of(portfolio.RIGHTS, org):
                self.right(org, right, actor=actor, owner=row["owner"])
            for recordal in _rows_of(portfolio.RECORDALS, org):
                self.recordal(org, recordal, actor=actor)
            for notice in _rows_of(portfolio.NOTICES, org):
                self.notice(org, notice, actor=actor)
            for guarantee in _rows_of(portfolio.GUARANTEES, org):
                self.guarantee(org, guarantee, actor=actor)
            self.created["enforcement matters"] += enforcement.load(
                org,
                today=self.today,
                actor=actor,
                right_of=lambda key, org=org: self._existing(Right, org, key),
            )
        return orgs

    # --- accounts ------------------------------------------------------------------------

    def organisation(self, row: dict) -> Organisation:
        org, created = Organisation.objects.get_or_create(
            slug=row["slug"], defaults={"name": row["name"]}
        )
        self.created["organisations"] += created
        return org

    def user(self, username, org_slug, role, first_name, last_name, domain):
        org = Organisation.objects.get(slug=org_slug)
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
            user=user, defaults={"organisation": org, "role": Role(role)}
        )
        if not made and (membership.organisation_id, membership.role) != (org.id, role):
            raise CommandError(
                f"User {username!r} already belongs to {membership.organisation} as "
                f"{membership.role}; seed_demo will not move it. Use a fresh database."
            )
        self.users[username] = user
        return user

    # --- records, each keyed by its external_id ------------------------------------------

    def _existing(self, model: type[models.Model], org: Organisation, key: str):
        found = model._default_manager.filter(organisation=org, external_id=key).first()
        if found is not None:
            self.records[org.slug, key] = found
        return found

    def right(self, org: Organisation, row: dict, *, actor, owner: str) -> Right:
        """Enter the right; with `grant_date`, register its grant; then move it on if asked."""
        key = row["key"]
        if existing := self._existing(Right, org, key):
            return existing
        fields = Row(self, org).read(row)
        fields.pop("key")
        grant_date = fields.pop("grant_date", None)
        then_status = fields.pop("then_status", None)
        right = right_create(organisation=org, actor=actor, external_id=key, owner=owner, **fields)
        if grant_date:
            number = f"ZL{right.application_number}" if right.jurisdiction == "CN" else ""
            right = patent_grant_register(
                right=right, grant_date=grant_date, actor=actor, registration_number=number
            )
        if then_status:
            right = right_update(right=right, actor=actor, status=then_status)
        self.created["rights"] += 1
        self.records[org.slug, key] = right
        return right

    def recordal(self, org: Organisation, row: dict, *, actor) -> Recordal:
        key = row["key"]
        if existing := self._existing(Recordal, org, key):
            return existing
        fields = Row(self, org).read(row)
        fields.pop("key")
        parties = fields.pop("parties", ())
        routes = fields.pop("routes", ())
        changes = fields.pop("changes", ())
        recordal = customs.recordal_register(
            organisation=org, actor=actor, external_id=key, **fields
        )
        for party in parties:
            customs.recordal_party_add(recordal=recordal, actor=actor, **party)
        for port, route in routes:
            customs.recordal_detail_save(
                detail=RecordalRoute(recordal=recordal, port=port, route=route), actor=actor
            )
        for change in changes:
            filed_on = change.pop("filed_on", None)
            made = customs.recordal_change_register(recordal=recordal, actor=actor, **change)
            if filed_on:
                customs.recordal_change_file(change=made, filed_on=filed_on, actor=actor)
        self.created["recordals"] += 1
        self.records[org.slug, key] = recordal
        return recordal

    def notice(self, org: Organisation, row: dict, *, actor) -> CustomsNotice:
        key = row["key"]
        if existing := self._existing(CustomsNotice, org, key):
            return existing
        fields = Row(self, org).read(row)
        fields.pop("key")
        answer = fields.pop("answer", None)
        notice = customs.customs_notice_register(
            organisation=org, actor=actor, external_id=key, **fields
        )
        if answer:
            notice = customs.customs_notice_answer(notice=notice, actor=actor, **answer)
        self.created["customs notices"] += 1
        self.records[org.slug, key] = notice
        return notice

    def guarantee(self, org: Organisation, row: dict, *, actor) -> GeneralGuarantee:
        # One guarantee, for the year the demo was first loaded: a load in a later year leaves
        # the portfolio as it was.
        existing = GeneralGuarantee.objects.filter(organisation=org).order_by("-year").first()
        if existing:
            return existing
        guarantee = customs.guarantee_register(
            organisation=org, actor=actor, **Row(self, org).read(row)
        )
        self.created["general guarantees"] += 1
        return guarantee
