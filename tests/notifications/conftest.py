"""Fixtures for alert tests: a real local SMTP server, deadlines with their alert clock set."""

import datetime as dt
import socket
import threading
from email import message_from_bytes, policy as email_policy
from zoneinfo import ZoneInfo

import pytest
from aiosmtpd.controller import Controller

from accounts.models import Role
from deadlines.models import Deadline
from notifications import policy as pure
from tests.factories import member

SHANGHAI = ZoneInfo("Asia/Shanghai")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    """aiosmtpd handler: keeps every accepted message; can refuse recipients or be slowed."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()
        self.refuse = set()  # addresses answered with 550
        self.on_data = None  # callable(count) run before a message is accepted

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.on_data is not None:
            verdict = self.on_data(len(self.messages))
            if verdict:
                return verdict
        parsed = message_from_bytes(envelope.content, policy=email_policy.default)
        with self.lock:
            self.messages.append((list(envelope.rcpt_tos), parsed))
        return "250 Message accepted for delivery"

    def to(self, address):
        return [m for rcpts, m in self.messages if address in rcpts]

    @staticmethod
    def text(message) -> str:
        return message.get_body(preferencelist=("plain",)).get_content()

    @staticmethod
    def html(message) -> str:
        return message.get_body(preferencelist=("html",)).get_content()


class SmtpServer:
    def __init__(self):
        self.port = free_port()
        self.inbox = Inbox()
        self.controller = None

    def start(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp_server():
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def smtp_settings(settings, smtp_server):
    """Django's real SMTP backend pointed at the local server (pytest-django forces locmem)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    settings.SITE_URL = "https://iptracker.example"
    return settings


def shanghai(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SHANGHAI)


@pytest.fixture
def responsible(org):
    return member(Role.PARALEGAL, org, username="rita", email="rita@example.com")


@pytest.fixture
def make_deadline(org, responsible):
    """A deadline row with next_alert_at set exactly as the deadlines service sets it."""
    counter = iter(range(1, 100000))

    def make(
        *,
        rule="patent_annuity",
        due_date,
        now,
        status="open",
        provisional=False,
        organisation=None,
        who=responsible,
        title=None,
        policy=pure.DEFAULT_POLICY,
        **links,  # right=, recordal=, customs_notice=, guarantee=: the deadline's matter
    ):
        n = next(counter)
        row = Deadline.objects.create(
            organisation=organisation or org,
            subject_key=f"test:{n}",
            rule=rule,
            cycle=0,
            title=title or f"Deadline {n} ({rule})",
            due_date=due_date,
            act_by=due_date,
            status=status,
            provisional=provisional,
            explanation=f"Counted for test deadline {n}.",
            responsible=who,
            **links,
            next_alert_at=pure.first_alert_at(
                due_date=due_date, rule_id=rule, policy=policy, now=now, entered_at=now
            ),
        )
        Deadline.objects.filter(pk=row.pk).update(created_at=now)
        row.refresh_from_db()
        return row

    return make


@pytest.fixture
def make_notice_deadline(make_deadline):
    """The answer deadline of a customs notice, linked as the deadlines service links it."""

    def make(notice, *, due_date, now, **fields):
        return make_deadline(
            rule=pure.NOTICE_RULE,
            due_date=due_date,
            now=now,
            right=notice.recordal.right,
            recordal=notice.recordal,
            customs_notice=notice,
            **fields,
        )

    return make
