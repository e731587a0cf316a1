"""Test settings: the same stack, with faster password hashing and a known email backend."""

from .base import *  # noqa: F403
from .base import DATABASES, STATIC_ROOT, VAR_DIR, env

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# A Celery worker started by the tests connects to the test database named here.
_worker_db = env.str("CELERY_WORKER_DB_NAME", default="")
if _worker_db:
    DATABASES["default"]["NAME"] = _worker_db
    DATABASES["default"]["TEST"] = {"NAME": _worker_db}

# WhiteNoise warns on every request when STATIC_ROOT is missing; tests don't collect static.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# On SQLite the test database is a file, not memory, so that a real Celery worker process
# started by the integration tests can open it too.
if DATABASES["default"]["ENGINE"].endswith("sqlite3") and not _worker_db:
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}
