"""DRF's plain-text tokens (rest_framework.authtoken, no longer installed) become hashed API
tokens that keep working for 90 days; the plain-text copies are deleted."""

import datetime as dt
import hashlib

from django.db import migrations
from django.utils import timezone

OLD_TABLE = "authtoken_token"


def hash_plain_tokens(apps, schema_editor):
    connection = schema_editor.connection
    if OLD_TABLE not in connection.introspection.table_names():
        return
    ApiToken = apps.get_model("accounts", "ApiToken")
    quoted = schema_editor.quote_name(OLD_TABLE)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT key, user_id FROM {quoted}")  # noqa: S608 (constant name)
        rows = cursor.fetchall()
        expires = timezone.now() + dt.timedelta(days=90)
        for key, user_id in rows:
            ApiToken.objects.create(
                user_id=user_id,
                name="Token from before hashing",
                prefix=key[:8],
                digest=hashlib.sha256(key.encode()).hexdigest(),
                expires_at=expires,
            )
        cursor.execute(f"DELETE FROM {quoted}")  # noqa: S608 (constant name)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_api_token")]

    operations = [migrations.RunPython(hash_plain_tokens, migrations.RunPython.noop)]
