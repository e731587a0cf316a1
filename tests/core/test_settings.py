"""Settings as a new user gets them: no configuration at all."""

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).parents[2]


def _settings_value(expression: str, **env) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in ("EMAIL_URL", "DATABASE_URL")}
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'iptracker.settings.base'; "
        f"django.setup(); from django.conf import settings; print({expression})"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_default_email_outbox_is_an_absolute_folder_under_var(tmp_path):
    path = _settings_value("settings.EMAIL_FILE_PATH", VAR_DIR=str(tmp_path / "var"))
    assert Path(path) == tmp_path / "var" / "outbox"


def test_email_url_selects_smtp():
    value = _settings_value(
        "settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT",
        EMAIL_URL="smtp://mail.example:2525",
    )
    assert value == "django.core.mail.backends.smtp.EmailBackend mail.example 2525"


def test_without_redis_url_the_broker_needs_no_server(tmp_path):
    value = _settings_value("settings.CELERY_BROKER_URL", VAR_DIR=str(tmp_path), REDIS_URL="")
    assert value == "filesystem://"
    assert (tmp_path / "broker" / "queue").is_dir()
