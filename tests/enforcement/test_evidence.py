"""Evidence integrity: the hash recorded on upload matches the stored bytes; a changed or
missing file is reported by `check_evidence`."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from enforcement import services
from enforcement.integrity import evidence_check

PNG = b"\x89PNG\r\n\x1a\n" + b"screenshot of listing 1" * 100


def upload(org, user, content=PNG, name="listing.png", **fields):
    return services.evidence_upload(
        organisation=org, actor=user, file=SimpleUploadedFile(name, content), **fields
    )


def test_upload_records_hash_size_and_time_of_the_stored_bytes(org, paralegal):
    evidence = upload(org, paralegal, description="Listing 1")
    assert evidence.sha256 == hashlib.sha256(PNG).hexdigest()
    assert evidence.size == len(PNG)
    assert evidence.uploaded_by == paralegal and evidence.uploaded_at is not None
    with evidence.file.open("rb") as fh:
        assert hashlib.sha256(fh.read()).hexdigest() == evidence.sha256


def test_describing_changes_only_the_words(org, paralegal):
    evidence = upload(org, paralegal)
    before = (evidence.sha256, evidence.size, evidence.file.name, evidence.uploaded_at)
    services.evidence_describe(evidence=evidence, actor=paralegal, description="Notarised")
    evidence.refresh_from_db()
    assert evidence.description == "Notarised"
    assert (evidence.sha256, evidence.size, evidence.file.name, evidence.uploaded_at) == before
    assert evidence.history.count() == 2


def test_a_new_version_is_a_new_file(org, paralegal):
    first = upload(org, paralegal)
    second = upload(org, paralegal, content=PNG + b"v2", supersedes=first)
    assert second.pk != first.pk and second.sha256 != first.sha256
    assert list(first.newer_versions.all()) == [second]


def test_an_empty_file_is_refused(org, paralegal):
    with pytest.raises(Exception) as exc:
        upload(org, paralegal, content=b"")
    assert "file" in exc.value.message_dict


def test_check_reports_a_changed_and_a_missing_file(org, paralegal):
    intact = upload(org, paralegal, name="a.png")
    changed = upload(org, paralegal, content=PNG + b"x", name="b.png")
    missing = upload(org, paralegal, content=PNG + b"y", name="c.png")
    with open(changed.file.path, "ab") as fh:
        fh.write(b"tampered")
    missing.file.storage.delete(missing.file.name)

    checked, problems = evidence_check()
    assert checked == 3
    assert {(p.evidence_id, p.problem) for p in problems} == {
        (changed.pk, "changed"),
        (missing.pk, "missing"),
    }
    assert intact.pk not in {p.evidence_id for p in problems}


def test_check_command_fails_when_a_file_changed(org, paralegal, capsys):
    evidence = upload(org, paralegal)
    call_command("check_evidence")
    assert "1 evidence files checked: all intact." in capsys.readouterr().out
    with open(evidence.file.path, "wb") as fh:
        fh.write(b"replaced")
    with pytest.raises(CommandError, match="1 of 1 evidence files changed or missing"):
        call_command("check_evidence")
    assert f"CHANGED: evidence {evidence.pk}" in capsys.readouterr().out
