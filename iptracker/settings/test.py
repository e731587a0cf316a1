"""Test settings: the same stack, with faster password hashing and a known email backend."""

import os

# The tests run with DEBUG off, as production does, so they need a strong key of their own
# (never used outside tests) before the base settings read it.
os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")

from .base import *  # noqa: F403
from .base import DATABASES, REST_FRAMEWORK, STATIC_ROOT, VAR_DIR, env

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

# Throttling counters per test process (cleared before each test, tests/conftest.py); rates high
# enough for schemathesis' many anonymous calls. Throttling tests lower them.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {"anon": "10000/min", "failed_token": "10000/min"}
