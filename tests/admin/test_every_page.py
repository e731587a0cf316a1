"""Every admin page opens and saves for a user allowed to use it: no admin page is a 500.

For each registered model: the list, the add page (opened, then saved with valid values), the
change page of an existing row (opened, then saved as shown) and the history page. Members use
their organisation's admin as counsel; the superuser-only admins (organisations, users) are
used by a superuser.
"""

import datetime as dt
from decimal import Decimal

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Membership
from accounts.tokens import token_create
from calendars.models import OfficialYear
from enforcement import customs_work, monitoring, services as enforcement_services
from entry.models import ImportBatch
from tests.calendars.made_up_2027 import load_2027
from tests.factories import (
    AlertFactory,
    CustomsNoticeFactory,
    DeliveryFactory,
    EndpointFactory,
    InfringerFactory,
    NotificationPreferenceFactory,
    ReminderPolicyFactory,
    UserFactory,
)

from .conftest import form_data
from .test_calendars_admin import made_up_rows, year_2027

pytestmark = pytest.mark.django_db

MODELS = list(admin.site._registry)
SUPERUSER_ONLY = {
    "auth.Group",
    "auth.User",
    "accounts.ApiToken",
    "axes.AccessAttempt",
    "axes.AccessLog",
    "axes.AccessFailureLog",
    "accounts.Organisation",
    "accounts.Membership",
    "notifications.NotificationPreference",
    "otp_totp.TOTPDevice",
}


def url(model, view, *args):
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)


def _add_values(label, portfolio, counsel, org) -> dict:
    own = portfolio["own"]
    newcomer = UserFactory(username="newcomer")
    return {
        "auth.Group": {"name": "Docketing"},
        "auth.User": {
            "username": "new-user",
            "password1": "x-Long-pass-42",
            "password2": "x-Long-pass-42",
            "usable_password": "true",
        },
        "accounts.Organisation": {"name": "Third Co.", "slug": "third-co"},
        "accounts.Membership": {
            "user": newcomer.pk,
            "organisation": org.pk,
            "role": "viewer",
            "time_zone": "Asia/Shanghai",
        },
        "calendars.OfficialYear": {},  # see _post_data: a whole schedule
        "rights.Right": {
            "kind": "trademark",
            "jurisdiction": "CN",
            "title": "KESTREL",
            "owner": "Demo Co. Ltd",
            "status": "filed",
            "filing_date": "2025-01-06",
            "nice_classes": "9, 35",
            "renewals": "0",
        },
        "customs.Recordal": {
            "right": own["mark"].pk,
            "status": "pending",
            "applied_on": "2025-05-06",
        },
        "customs.CustomsNotice": {
            "recordal": own["recordal"].pk,
            "track": "ex_officio",
            "served_on": "2025-05-30",
            "service_method": "electronic",
            "port": "Ningbo",
            "goods_description": "Fake fasteners",
            "quantity": "10",
            "goods_value_cny": "5000.00",
            "status": "open",
        },
        "enforcement.EnforcementSettings": {
            "letter_reply_days": "10",
            "letter_follow_up_days": "5",
        },
        "enforcement.Infringer": {"kind": "company", "name": "Admin Copy Ltd"},
        "enforcement.CeaseDesistLetter": {
            "infringer": InfringerFactory(organisation=org).pk,
            "rights": [str(own["right"].pk)],
            "language": "bilingual",
            "findings": "Copies on sale",
            "demands": "Stop",
            "reply_days": "14",
            "outcome": "pending",
        },
        "enforcement.PlatformComplaint": {
            "platform": "jd",
            "right": own["right"].pk,
            "reason": "Copies",
            "status": "draft",
        },
        "enforcement.MonitoringPlan": {
            "right": own["mark"].pk,
            "platform": "taobao",
            "interval_days": "30",
            "started_on": "2025-06-01",
            "active": "on",
        },
        "enforcement.DetentionApplication": {
            "right": own["mark"].pk,
            "port": "Ningbo",
            "applied_on": "2025-05-30",
            "goods_description": "Fake fasteners",
            "quantity": "3",
            "goods_value_cny": "1000.00",
            "bond_form": "cash",
        },
        "customs.GeneralGuarantee": {
            "year": "2025",
            "amount_cny": "250000.00",
            "bank": "ICBC",
            "approved_on": "2025-01-15",
        },
        "notifications.ReminderPolicy": {
            "ladder_days": "[30, 7, 0]",
            "alert_hour": "9",
            "notice_hour": "8",
            "overdue_days": "10",
            "escalate_notice_after": "04:00:00",
            "escalate_after": "2 00:00:00",
        },
        "notifications.NotificationPreference": {
            "user": newcomer.pk,
            "digest_hour": "7",
            "language": "en",
            "muted_stages": '["d-90"]',
        },
        "webhooks.Endpoint": {
            "url": "https://hooks.example.com/ipt",
            "event_types": '["deadline.missed"]',
            "active": "on",
        },
    }[label]


@pytest.fixture
def rows(portfolio, counsel, org, settings, tmp_path):
    """An existing row of every model, in counsel's organisation."""
    settings.MEDIA_ROOT = tmp_path / "media"
    own = portfolio["own"]
    deadline = own["right"].deadlines.order_by("id").first()
    endpoint = EndpointFactory(organisation=org)
    return {
        "auth.Group": lambda: Group.objects.create(name="Old"),
        "auth.User": lambda: counsel,
        "accounts.ApiToken": lambda: token_create(user=counsel, name="ERP")[0],
        "axes.AccessAttempt": lambda: AccessAttempt.objects.create(
            username="counsel", ip_address="127.0.0.1", failures_since_start=2, **_axes_row()
        ),
        "axes.AccessLog": lambda: AccessLog.objects.create(
            username="counsel", ip_address="127.0.0.1", **_axes_row()
        ),
        "axes.AccessFailureLog": lambda: AccessFailureLog.objects.create(
            username="counsel", ip_address="127.0.0.1", **_axes_row()
        ),
        "accounts.Organisation": lambda: org,
        "otp_totp.TOTPDevice": lambda: TOTPDevice.objects.create(user=counsel, confirmed=True),
        "accounts.Membership": lambda: Membership.objects.get(user=counsel),
        "calendars.OfficialYear": lambda: _official_2027(),
        "rights.Right": lambda: own["right"],
        "customs.Recordal": lambda: own["recordal"],
        "customs.CustomsNotice": lambda: CustomsNoticeFactory(
            recordal=own["recordal"], served_on=dt.date(2025, 5, 20)
        ),
        "customs.GeneralGuarantee": lambda: own["guarantee"],
        "deadlines.Deadline": lambda: deadline,
        "notifications.Alert": lambda: AlertFactory(deadline=deadline, recipient=counsel),
        "notifications.ReminderPolicy": lambda: ReminderPolicyFactory(organisation=org),
        "notifications.NotificationPreference": lambda: NotificationPreferenceFactory(user=counsel),
        "webhooks.Endpoint": lambda: endpoint,
        "webhooks.Delivery": lambda: DeliveryFactory(endpoint=endpoint),
        "entry.ImportBatch": lambda: ImportBatch.objects.create(
            organisation=org,
            imported_by=counsel,
            file_name="rights.csv",
            file_sha256="0" * 64,
            rows=2,
            created_count=2,
            unchanged_count=0,
        ),
        **_enforcement_rows(own, counsel, org),
    }


def _enforcement_rows(own, counsel, org) -> dict:
    def letter():
        return enforcement_services.letter_create(
            organisation=org,
            actor=counsel,
            infringer=InfringerFactory(organisation=org),
            rights=[own["right"]],
            findings="f",
            demands="d",
        )

    return {
        "enforcement.EnforcementSettings": lambda: enforcement_services.enforcement_settings_save(
            organisation=org, actor=counsel, letter_reply_days=20
        ),
        "enforcement.Infringer": lambda: InfringerFactory(organisation=org),
        "enforcement.Evidence": lambda: enforcement_services.evidence_upload(
            organisation=org, actor=counsel, file=SimpleUploadedFile("shot.png", b"png bytes")
        ),
        "enforcement.CeaseDesistLetter": letter,
        "enforcement.PlatformComplaint": lambda: enforcement_services.complaint_create(
            organisation=org,
            actor=counsel,
            platform="jd",
            right=own["right"],
            reason="r",
            listings=["https://item.jd.com/7.html"],
            status="submitted",
            submitted_on=dt.date(2025, 5, 20),
        ),
        "enforcement.MonitoringPlan": lambda: monitoring.monitoring_plan_create(
            organisation=org,
            actor=counsel,
            right=own["right"],
            platform="jd",
            started_on=dt.date(2025, 5, 1),
        ),
        "enforcement.DetentionApplication": lambda: customs_work.detention_application_create(
            organisation=org,
            actor=counsel,
            right=own["mark"],
            port="Ningbo",
            applied_on=dt.date(2025, 5, 20),
            detained_on=dt.date(2025, 5, 22),
            goods_description="x",
            quantity=1,
            goods_value_cny=Decimal("500.00"),
        ),
        "enforcement.CustomsPackIssue": lambda: customs_work.pack_issue_record(
            recordal=own["recordal"], facts={}, actor=counsel
        ),
    }


def _axes_row() -> dict:
    return {"user_agent": "pytest", "path_info": "/accounts/login/", "http_accept": "*/*"}


def _official_2027():
    OfficialYear.objects.filter(year=2027).delete()  # the portfolio's bare row: load it properly
    return load_2027().official


def _post_data(label, page, values) -> dict:
    if label == "calendars.OfficialYear":  # a year is loaded with its days off and working days
        OfficialYear.objects.filter(year=2027).delete()
        return year_2027(page, made_up_rows())
    return form_data(page, **values)


@pytest.fixture
def user_for(counsel, admin_user):
    return lambda label: admin_user if label in SUPERUSER_ONLY else counsel


def test_every_registered_model_is_covered(rows):
    assert {m._meta.label for m in MODELS} == set(rows)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_add_page_opens_and_saves(model, client, user_for, portfolio, counsel, org):
    label = model._meta.label
    client.force_login(user_for(label))
    model_admin = admin.site._registry[model]
    page = client.get(url(model, "add"))
    if page.status_code == 403:
        request = type("R", (), {"user": user_for(label)})()
        assert not model_admin.has_add_permission(request), f"{label}: add refused"
        return
    assert page.status_code == 200
    data = _post_data(label, page, _add_values(label, portfolio, counsel, org))
    before = model._default_manager.count()

    response = client.post(url(model, "add"), data)

    errors = getattr(response, "context", None) and response.context.get("errors")
    assert response.status_code == 302, f"{label}: {errors}"
    assert model._default_manager.count() == before + 1


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_change_and_history_pages_open_and_save(model, client, user_for, rows):
    label = model._meta.label
    client.force_login(user_for(label))
    obj = rows[label]()
    page = client.get(url(model, "change", obj.pk))
    assert page.status_code == 200
    assert client.get(url(model, "history", obj.pk)).status_code == 200
    if not page.context["has_change_permission"]:
        return  # a read-only page (the outbox, the delivery log): nothing to save

    response = client.post(url(model, "change", obj.pk), form_data(page))

    errors = getattr(response, "context", None) and response.context.get("errors")
    assert response.status_code == 302, f"{label}: {errors}"
