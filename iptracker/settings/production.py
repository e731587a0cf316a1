"""Production: secrets are mandatory and every transport is secure."""

from .base import *  # noqa: F403
from .base import REST_FRAMEWORK, env
from .secret import secret_key

# A strong key whatever DEBUG says (settings/secret.py): unset, the development key, a Django
# placeholder, shorter than 50 characters or fewer than 5 distinct ones -> ImproperlyConfigured.
SECRET_KEY = secret_key(env.str("SECRET_KEY", default=""), allow_dev_key=False)
DEBUG = False
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
LANGUAGE_COOKIE_SECURE = True

# JSON only: no browsable API (its forms and filter pages) in production.
REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"] = ["rest_framework.renderers.JSONRenderer"]
# The OpenAPI schema (401 without a token or session) and the docs (redirect to the login page)
# are for signed-in users only.
API_DOCS_PUBLIC = False
