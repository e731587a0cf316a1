"""An organisation exports to one archive and imports into an empty database with nothing lost:
every row, every history entry, every file (by hash)."""

import datetime as dt
import io
import json
import zipfile
from io import StringIO

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management import call_command

from accounts import backup
from accounts.models import Organisation
from customs import services as customs_services
from customs.models import CustomsNotice, RecordalImage
from deadlines.models import Deadline
from deadlines.services import deadline_verify, fact_enterers
from enforcement import services as enforcement_services
from rights import services as rights_services
from rights.models import Right

pytestmark = pytest.mark.django_db(transaction=True)

NOW = dt.datetime(2026, 11, 24, 2, 0, tzinfo=dt.UTC)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DEBUG = True  # seed_demo's users have the published demo password
    return settings.MEDIA_ROOT


def _portfolio():
    """The demo (both organisations) plus files, a change history and a verification."""
    with time_machine.travel(NOW, tick=False):
        call_command("seed_demo", stdout=StringIO())
        demo = Organisation.objects.get(slug="demo-co")
        counsel = demo.memberships.get(role="counsel").user
        paralegal = demo.memberships.get(role="paralegal").user
        right = Right.objects.filter(organisation=demo).order_by("pk").first()
        rights_services.right_update(right=right, actor=counsel, title=right.title + " (rev.)")
        recordal = right.recordals.first() or customs_services.recordal_register(
            organisation=demo, right=right, actor=paralegal, applied_on=dt.date(2025, 1, 6)
        )
        image = RecordalImage(recordal=recordal, caption="Genuine box")
        image.image.save("genuine.png", ContentFile(b"\x89PNG fake image"), save=False)
        customs_services.recordal_detail_save(detail=image, actor=paralegal)
        evidence = enforcement_services.evidence_upload(
            organisation=demo,
            actor=paralegal,
            file=ContentFile(b"screenshot bytes " * 100, name="listing.png"),
            description="Listing screenshot",
            captured_at=NOW,
        )
        enforcement_services.evidence_describe(
            evidence=evidence, actor=counsel, description="Listing screenshot, Taobao"
        )
        answer = Deadline.objects.filter(
            organisation=demo, rule="customs_notice_response", status="open"
        ).first()
        if answer is not None:
            verifier = next(
                m.user
                for m in demo.memberships.select_related("user")
                if m.role != "viewer" and m.user_id not in fact_enterers(answer)
            )
            deadline_verify(deadline=answer, actor=verifier)
        return demo


def _empty_the_database():
    """What a new server has: the migrated schema and nothing else."""
    call_command("flush", interactive=False, verbosity=0)


def test_an_organisation_survives_export_and_import_into_an_empty_database(media):
    demo = _portfolio()
    before = backup.snapshot(demo)
    assert before["files"] and all(before["files"].values())
    history_rows = sum(len(v) for k, v in before.items() if ".historical" in k)
    assert history_rows > 100
    querysets, _, _ = backup.collect(demo)
    exported = {backup.label(m) for m in querysets}
    for model, kind in backup.exported_models():  # nothing new is forgotten
        if kind in ("org", "national") and backup.label(model) != "auth.user":
            assert backup.label(model) in exported, backup.label(model)
    assert {"enforcement.historicalevidence", "notifications.historicalalert"} <= exported
    archive = io.BytesIO()
    manifest = backup.export_organisation(demo, archive)
    archive.seek(0)
    with pytest.raises(ValidationError, match="empty database"):
        backup.import_organisation(archive)
    assert manifest["rows"]["rights.right"] == Right.objects.filter(organisation=demo).count()
    assert "other co." not in json.dumps(before).lower()  # only Demo Co.'s rows
    demo_pk = demo.pk

    _empty_the_database()
    for name in before["files"]:
        (media / name).unlink()
    assert not Organisation.objects.exists()

    archive.seek(0)
    backup.import_organisation(archive)
    after = backup.snapshot(Organisation.objects.get(pk=demo_pk))
    assert after.keys() == before.keys()
    for key in before:
        assert after[key] == before[key], key
    # The restored database keeps working: new rows get fresh ids, nothing collides.
    right = Right.objects.filter(organisation_id=demo_pk).first()
    counsel = Organisation.objects.get(pk=demo_pk).memberships.get(role="counsel").user
    with time_machine.travel(NOW, tick=False):
        rights_services.right_update(right=right, actor=counsel, title="After the restore")
        notice = CustomsNotice.objects.filter(organisation_id=demo_pk).first()
        customs_services.customs_notice_update(notice=notice, actor=counsel, port="Ningbo")
    call_command("check_evidence", stdout=StringIO())


def test_the_commands_write_and_read_the_archive(media, tmp_path):
    demo = _portfolio()
    path = tmp_path / "demo.zip"
    out = StringIO()
    call_command("export_org", "demo-co", str(path), stdout=out)
    assert "Demo Co." in out.getvalue()
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
    assert {"manifest.json", "users.json", "data.json"} <= names
    assert any(n.startswith("files/") for n in names)
    before = backup.snapshot(demo)
    _empty_the_database()
    out = StringIO()
    call_command("import_org", str(path), stdout=out)
    assert "restored" in out.getvalue()
    assert (
        backup.snapshot(Organisation.objects.get(slug="demo-co"))["rights.right"]
        == before["rights.right"]
    )
