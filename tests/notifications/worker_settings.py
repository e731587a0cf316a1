"""Settings of the Celery worker started by the alert integration tests.

The test settings, plus: the real SMTP backend pointed at the test's aiosmtpd server, short
leases and backoff (so the chaos test runs in seconds), and the test's own queue as the default
queue (tasks the worker dispatches itself, scan -> delivery, stay with this worker).
"""

import os

from iptracker.settings.test import *  # noqa: F403
from iptracker.settings.test import DATABASES

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ.get("ALERT_SMTP_PORT", "2525"))
EMAIL_USE_TLS = False
EMAIL_USE_SSL = False
EMAIL_HOST_USER = ""
EMAIL_HOST_PASSWORD = ""
EMAIL_TIMEOUT = 5
SITE_URL = "https://iptracker.example"
NOTIFICATIONS_LEASE_SECONDS = float(os.environ.get("ALERT_LEASE_SECONDS", "300"))
NOTIFICATIONS_RETRY_BASE_SECONDS = float(os.environ.get("ALERT_RETRY_BASE_SECONDS", "60"))
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("ALERT_QUEUE", "celery")
# No idle connection left behind when the test database is dropped; the PostgreSQL restart test
# (tests/integration/test_pg_restart.py) asks for persistent connections, as in production.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "0"))
WEBHOOKS_RETRY_BASE_SECONDS = float(os.environ.get("WEBHOOKS_RETRY_BASE_SECONDS", "30"))
WEBHOOKS_LEASE_SECONDS = float(os.environ.get("WEBHOOKS_LEASE_SECONDS", "120"))
