"""One organisation's data as one archive, and back (`manage.py export_org` / `import_org`).

The archive is a zip file:

- `manifest.json`: format, organisation, export time, the schema (each app's latest migration),
  the number of rows per model and the SHA-256 of every stored file;
- `users.json`: the members and every user the data names (history, responsible, verified by);
- `data.json`: every row of the organisation in Django's serialisation, history included
  (the `Historical…` tables), primary keys kept, users and content types by natural key;
- `files/<storage name>`: the evidence files and the recordal images, as stored.

Which rows belong to the organisation is found from the models themselves: a model with an
`organisation` field is filtered on it; another is followed through its foreign keys to one
that has (a priority claim through its right); a history table is filtered like its model,
and also keeps the history of rows that have since been deleted. National data (the official
calendar years) travels along; what is deliberately left out is listed in `NOT_EXPORTED`.
A test fails when a new model is neither exported nor listed there.

The import goes into an empty database (migrated to the same schema): nothing is recomputed,
history is loaded as it was (simple-history records nothing for raw saves), the files are
written back under their names and every hash is checked.
"""

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.models import Q

from core.clock import now_utc

FORMAT = "iptracker-org-archive/1"
# National data every organisation's dates are counted with: exported whole.
NATIONAL = {"calendars.officialyear", "calendars.calendaradjustment"}
# Left out on purpose, with the reason (the README says so too).
NOT_EXPORTED = {
    "admin.logentry": "the admin's own log, not the organisation's records",
    "auth.group": "created by the operator, not per organisation",
    "auth.permission": "created by migrate",
    "contenttypes.contenttype": "created by migrate (rows refer to them by natural key)",
    "sessions.session": "sign-ins end with the old server",
    "authtoken.token": "API secrets are issued again, never copied",
    "authtoken.tokenproxy": "API secrets are issued again, never copied",
    "accounts.apitoken": "API secrets are issued again, never copied",
    "axes.accessattempt": "sign-in failures of this server (lock-outs), not the organisation's",
    "axes.accessfailurelog": "sign-in failures of this server, not the organisation's",
    "axes.accesslog": "sign-ins to this server, not the organisation's",
    "axes.accessattemptexpiration": "lock-out expiry of this server, not the organisation's",
    "otp_totp.totpdevice": "second-factor secrets are set up again, never copied",
    "otp_static.staticdevice": "second-factor secrets are set up again, never copied",
    "otp_static.statictoken": "second-factor secrets are set up again, never copied",
}


def label(model) -> str:
    return model._meta.label_lower


def _base_of(model):
    """The model a simple-history table records, or None for an ordinary model."""
    return getattr(model, "instance_type", None) if hasattr(model, "history_id") else None


def _relations(model):
    """Foreign keys and one-to-ones of `model` to other models (not users, not content types)."""
    user = label(apps.get_model(settings.AUTH_USER_MODEL))
    for f in model._meta.concrete_fields:
        if f.is_relation and f.related_model is not None:
            target = label(f.related_model)
            if target not in (user, "contenttypes.contenttype") and f.related_model is not model:
                yield f


@dataclass
class Plan:
    """Per model: how its rows of one organisation are found."""

    organisation: object
    conditions: dict = field(default_factory=dict)  # label -> Q (or None: not the org's)

    def condition(self, model) -> Q | None:
        key = label(model)
        if key in self.conditions:
            return self.conditions[key]
        self.conditions[key] = None  # cycles end here
        self.conditions[key] = self._find(model)
        return self.conditions[key]

    def _find(self, model) -> Q | None:
        org_model = apps.get_model("accounts", "Organisation")
        if model is org_model:
            return Q(pk=self.organisation.pk)
        if _base_of(model) is org_model:  # the organisation's own history
            return Q(id=self.organisation.pk)
        names = {f.name: f for f in model._meta.concrete_fields}
        org_field = names.get("organisation")
        if org_field is not None and org_field.related_model is org_model:
            return Q(organisation_id=self.organisation.pk)
        if label(model) == label(apps.get_model(settings.AUTH_USER_MODEL)):
            return None  # users: collected from what the rows name
        base = _base_of(model)
        for f in _relations(model):
            parent = f.related_model
            parent_q = self.condition(parent)
            if parent_q is None:
                continue
            owned = Q(**{f"{f.attname}__in": parent.objects.filter(parent_q).values("pk")})
            history = getattr(parent, "history", None)
            if base is not None and history is not None:
                # A history row of a child whose parent has since been deleted: follow the
                # parent's own history, which keeps its organisation.
                past = history.model.objects.filter(self.condition(history.model) or Q(pk=None))
                owned |= Q(**{f"{f.attname}__in": past.values("id")})
            return owned
        members = apps.get_model("accounts", "Membership").objects.filter(
            organisation_id=self.organisation.pk
        )
        for attname in _user_fields(model):  # a member's own settings (notification choices)
            return Q(**{f"{attname}__in": members.values("user_id")})
        return None


def exported_models():
    """(model, kind) for every model, kind one of "org", "national" or the reason it is left
    out: the list the completeness test reads."""
    for model in apps.get_models():
        key = label(model)
        if key in NOT_EXPORTED:
            yield model, NOT_EXPORTED[key]
        elif key in NATIONAL or label(_base_of(model) or model) in NATIONAL:
            yield model, "national"
        else:
            yield model, "org"


def _order(models_):
    """Parents before children (for a readable archive; constraints are checked at the end)."""
    ordered, seen = [], set()

    def visit(model):
        if model in seen:
            return
        seen.add(model)
        for f in _relations(model):
            if f.related_model in models_:
                visit(f.related_model)
        ordered.append(model)

    for model in sorted(models_, key=label):
        visit(model)
    return ordered


def _user_fields(model):
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    return [
        f.attname
        for f in model._meta.concrete_fields
        if f.is_relation and f.related_model is user_model
    ]


def _file_fields(model):
    return [f.attname for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


def sha256_of(name: str) -> str | None:
    """The stored file's SHA-256, or None when it is gone (an old history row may name one)."""
    if not default_storage.exists(name):
        return None
    digest = hashlib.sha256()
    with default_storage.open(name, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def schema() -> dict:
    """Each app's latest migration: an archive loads only into the same schema."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return dict(sorted(loader.graph.leaf_nodes()))


def collect(organisation) -> tuple[dict, set, set]:
    """{model: queryset} of the organisation's rows, the ids of the users they name, and the
    names of the stored files they name."""
    plan = Plan(organisation)
    querysets, user_ids, file_names = {}, set(), set()
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    for model, kind in exported_models():
        if kind == "national":
            queryset = model._default_manager.all()
        elif kind == "org" and model is not user_model:
            condition = plan.condition(model)
            if condition is None:
                raise LookupError(
                    f"{label(model)} has no way to its organisation: export it (a foreign key "
                    "to a record that has one) or list it in accounts.backup.NOT_EXPORTED."
                )
            queryset = model._default_manager.filter(condition)
        else:
            continue
        querysets[model] = queryset.order_by("pk")
        users, files = _user_fields(model), _file_fields(model)
        for row in queryset.values(*users, *files) if users or files else ():
            user_ids.update(row[u] for u in users if row[u])
            file_names.update(row[f] for f in files if row[f])
    return querysets, user_ids, file_names


def export_organisation(organisation, out) -> dict:
    """Write the organisation's archive to the binary file `out`; returns the manifest."""
    querysets, user_ids, file_names = collect(organisation)
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    users = user_model.objects.filter(pk__in=user_ids).order_by("pk")
    ordered = _order([m for m in querysets if m is not user_model])
    rows = [row for model in ordered for row in querysets[model].iterator(chunk_size=2000)]
    manifest = {
        "format": FORMAT,
        "organisation": {"id": organisation.pk, "name": organisation.name},
        "exported_at": now_utc().isoformat(),
        "schema": schema(),
        "rows": {label(m): querysets[m].count() for m in ordered if querysets[m].exists()},
        "users": users.count(),
        "files": {name: sha256_of(name) for name in sorted(file_names)},
    }
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "users.json", serializers.serialize("json", users, use_natural_foreign_keys=True)
        )
        archive.writestr(
            "data.json", serializers.serialize("json", rows, use_natural_foreign_keys=True)
        )
        for name, digest in manifest["files"].items():
            if digest is not None:
                with default_storage.open(name, "rb") as handle:
                    archive.writestr(f"files/{name}", handle.read())
        archive.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
    return manifest


def _refuse_unless_empty(users_payload: bytes) -> None:
    organisation_model = apps.get_model("accounts", "Organisation")
    if organisation_model.objects.exists():
        raise ValidationError(
            "The database already holds an organisation: import into an empty database."
        )
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    incoming = json.loads(users_payload)
    names = [u["fields"][user_model.USERNAME_FIELD] for u in incoming]
    ids = [u["pk"] for u in incoming]
    clash = user_model.objects.filter(
        Q(**{f"{user_model.USERNAME_FIELD}__in": names}) | Q(pk__in=ids)
    )
    if clash.exists():
        raise ValidationError(
            "Users of the archive already exist here: "
            + ", ".join(clash.values_list(user_model.USERNAME_FIELD, flat=True)[:10])
        )


def import_organisation(source) -> dict:
    """Load an archive (a path or a binary file) into this (empty) database; returns its
    manifest. Everything or nothing: one transaction, files removed again on failure."""
    with zipfile.ZipFile(source) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        if manifest.get("format") != FORMAT:
            raise ValidationError(
                f"Not an iptracker organisation archive ({manifest.get('format')})."
            )
        if manifest["schema"] != schema():
            raise ValidationError(
                "The archive was written by another version of iptracker (its migrations "
                "differ): migrate this database to the archive's version first."
            )
        users_payload = archive.read("users.json")
        _refuse_unless_empty(users_payload)
        written = []
        try:
            with transaction.atomic(), connection.constraint_checks_disabled():
                loaded = set()
                for payload in (users_payload, archive.read("data.json")):
                    for obj in serializers.deserialize("json", io.BytesIO(payload)):
                        obj.save()
                        loaded.add(type(obj.object))
                connection.check_constraints()
                _reset_sequences(loaded)
                for name, digest in manifest["files"].items():
                    if digest is None:  # already missing when exported
                        continue
                    if default_storage.exists(name):  # already there (a restore over old files)
                        if sha256_of(name) != digest:
                            raise ValidationError(
                                f"File {name} exists here with other content: not overwritten."
                            )
                        continue
                    stored = default_storage.save(name, ContentFile(archive.read(f"files/{name}")))
                    written.append(stored)
                    if stored != name or sha256_of(stored) != digest:
                        raise ValidationError(f"File {name} could not be restored unchanged.")
        except Exception:
            for name in written:
                default_storage.delete(name)
            raise
    return manifest


def _reset_sequences(loaded_models) -> None:
    """Explicit primary keys were inserted: the next new row must not collide (PostgreSQL)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(loaded_models))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def snapshot(organisation) -> dict:
    """Every exported row as plain values, plus every file's hash: what a round trip keeps."""
    querysets, user_ids, file_names = collect(organisation)
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    result = {
        label(model): json.loads(serializers.serialize("json", qs, use_natural_foreign_keys=True))
        for model, qs in querysets.items()
    }
    result["users"] = json.loads(
        serializers.serialize("json", user_model.objects.filter(pk__in=user_ids).order_by("pk"))
    )
    result["files"] = {name: sha256_of(name) for name in sorted(file_names)}
    return result
