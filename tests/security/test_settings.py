"""Settings that refuse to run unsafely, and the production settings' API surface.

Each case runs in a fresh interpreter: settings are read once per process.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STRONG = secrets.token_urlsafe(48)


def _run(code: str, *, settings: str, **env) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(DJANGO_SETTINGS_MODULE=settings, ALLOWED_HOSTS="example.com", **env)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


SETUP = (
    "import django; django.setup(); from django.conf import settings; print(settings.SECRET_KEY)"
)


@pytest.mark.parametrize(
    ("settings", "env"),
    [
        ("iptracker.settings.production", {}),
        ("iptracker.settings.production", {"DEBUG": "true"}),
        (
            "iptracker.settings.production",
            {"SECRET_KEY": "insecure-dev-only-key-do-not-use-in-production"},
        ),
        ("iptracker.settings.production", {"SECRET_KEY": "s3cret-but-short"}),
        ("iptracker.settings.production", {"SECRET_KEY": "ab" * 40}),  # long, 2 characters
        ("iptracker.settings.production", {"SECRET_KEY": "django-insecure-" + STRONG}),
        ("iptracker.settings.base", {}),
        ("iptracker.settings.base", {"DEBUG": "false", "SECRET_KEY": "short"}),
    ],
    ids=[
        "unset",
        "unset-debug",
        "dev-key",
        "short",
        "low-entropy",
        "placeholder",
        "base",
        "base-short",
    ],
)
def test_a_missing_or_weak_secret_key_is_refused(settings, env):
    result = _run(SETUP, settings=settings, **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY must be set" in result.stderr


def test_a_strong_key_runs_and_the_development_default_needs_debug():
    production = _run(SETUP, settings="iptracker.settings.production", SECRET_KEY=STRONG)
    assert production.returncode == 0, production.stderr
    assert production.stdout.strip().endswith(STRONG)
    development = _run(SETUP, settings="iptracker.settings.base", DEBUG="true")
    assert development.returncode == 0, development.stderr
    assert development.stdout.strip().endswith("insecure-dev-only-key-do-not-use-in-production")


PRODUCTION_SURFACE = """
import django, json
django.setup()
from django.test import Client
from rest_framework.settings import api_settings
client = Client(HTTP_HOST="example.com")
schema = client.get("/api/schema/", secure=True)
docs = client.get("/api/docs/", secure=True)
redoc = client.get("/api/redoc/", secure=True)
api = client.get("/api/v1/rights/", secure=True, HTTP_ACCEPT="text/html")
print(json.dumps({
    "schema": schema.status_code,
    "docs": [docs.status_code, docs.get("Location", "")],
    "redoc": redoc.status_code,
    "api_type": api["Content-Type"],
    "renderers": [c.__name__ for c in api_settings.DEFAULT_RENDERER_CLASSES],
    "csp": docs.get("Content-Security-Policy", ""),
}))
"""


def test_production_keeps_schema_and_docs_behind_login_and_has_no_browsable_api():
    result = _run(PRODUCTION_SURFACE, settings="iptracker.settings.production", SECRET_KEY=STRONG)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["schema"] == 401
    assert seen["docs"][0] == 302 and seen["docs"][1].startswith("/accounts/login/?next=/api/docs/")
    assert seen["redoc"] == 302
    assert seen["renderers"] == ["JSONRenderer"]
    assert seen["api_type"].startswith("application/json")
    assert "default-src 'self'" in seen["csp"]


def test_check_deploy_is_clean_with_the_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **{
                k: v
                for k, v in os.environ.items()
                if k not in {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
            },
            "DJANGO_SETTINGS_MODULE": "iptracker.settings.production",
            "SECRET_KEY": STRONG,
            "ALLOWED_HOSTS": "example.com",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.django_db
def test_every_page_carries_a_content_security_policy(client, counsel):
    client.force_login(counsel)
    policy = client.get("/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe" not in policy
    # The vendor docs pages add inline styles and blob: workers, never inline scripts.
    docs = client.get("/api/docs/")["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in docs
    assert "script-src 'self';" in docs
    assert "unsafe" not in client.get("/accounts/login/")["Content-Security-Policy"]


def _manage(*args: str, **env) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_makemigrations_check_runs_on_a_clean_checkout_without_a_key():
    result = _manage("makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout


def test_a_command_that_needs_the_key_says_so_instead_of_a_models_error():
    result = _manage("check")
    assert result.returncode != 0
    assert "manage.py check: SECRET_KEY must be set" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_offline_command_has_no_key_to_sign_with():
    result = _run(
        "import django; django.setup(); from django.core import signing; signing.dumps(1)",
        settings="iptracker.settings.base",
        IPTRACKER_OFFLINE_COMMAND="1",
    )
    assert result.returncode != 0
    assert "The SECRET_KEY setting must not be empty" in result.stderr


def test_an_offline_command_still_refuses_a_weak_key():
    result = _run(
        SETUP, settings="iptracker.settings.base", IPTRACKER_OFFLINE_COMMAND="1", SECRET_KEY="short"
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
