"""The SECRET_KEY rule, one place for every settings module.

Sessions, CSRF tokens, password-reset and acknowledge links are all signed with SECRET_KEY, so a
guessable key lets anyone forge them. The development key below is published in this repository:
it is used only with DEBUG on and no key set (`make run`); anything else needs a strong key.
"""

from django.core.exceptions import ImproperlyConfigured

DEV_SECRET_KEY = "insecure-dev-only-key-do-not-use-in-production"  # noqa: S105 (published on purpose)
MIN_LENGTH = 50
MIN_UNIQUE_CHARACTERS = 5  # Django's own check (security.W009) uses the same figures

REFUSAL = (
    "SECRET_KEY must be set to a random value of {length}+ characters (with DEBUG off, and "
    "always with the production settings); generate one with: "
    "python3 -c 'import secrets; print(secrets.token_urlsafe(48))'"
)


def is_strong(key: str) -> bool:
    """Long, varied, and not a known placeholder (Django's `django-insecure-` prefix included)."""
    return (
        len(key) >= MIN_LENGTH
        and len(set(key)) >= MIN_UNIQUE_CHARACTERS
        and not key.startswith(("insecure-", "django-insecure"))
        and key != DEV_SECRET_KEY
    )


def secret_key(value: str, *, allow_dev_key: bool, offline: bool = False) -> str:
    """The key to run with, or ImproperlyConfigured.

    `allow_dev_key` (DEBUG on in the base settings) lets an unset or weak key pass for local
    development; otherwise only a strong key does. `offline` (manage.py's commands that only
    read code and write files, such as makemigrations) runs with no key at all: Django then
    refuses anything that would sign, so nothing can be forged with it.
    """
    if is_strong(value):
        return value
    if allow_dev_key:
        return value or DEV_SECRET_KEY
    if offline and not value:
        return ""
    raise ImproperlyConfigured(REFUSAL.format(length=MIN_LENGTH))
