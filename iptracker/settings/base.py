"""Settings shared by every environment; everything that varies comes from the environment."""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF

from .secret import secret_key

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(environ.Env().str("VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
# A strong key is required unless DEBUG is on (`make run` falls back to the published
# development key); production.py requires one whatever DEBUG says. See settings/secret.py.
SECRET_KEY = secret_key(
    env.str("SECRET_KEY", default=""),
    allow_dev_key=DEBUG,
    offline=env.bool("IPTRACKER_OFFLINE_COMMAND", default=False),  # set by manage.py only
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "import_export",
    "django_htmx",
    "csp",
    "axes",
    # Second factor: authenticator apps (TOTP) and one-time backup codes (accounts.two_factor).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "core",
    "accounts",
    "calendars",
    "rights",
    "customs",
    "deadlines",
    "notifications",
    "webhooks",
    "enforcement",
    "dashboard",
    "entry",
    "demo",
    "simulation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "core.middleware.RefuseNulInQueryString",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session passed the second factor.
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.MembershipTimeZoneMiddleware",
    # A session signed in with the password alone while a second factor is due reaches only
    # the code page (or, for counsel whose organisation requires one, the set-up page).
    "accounts.middleware.TwoFactorMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: turns a locked-out sign-in into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "iptracker.urls"
WSGI_APPLICATION = "iptracker.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dashboard.navigation.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + a busy timeout let the web app, worker and beat share the file without lock errors.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文")]
# Timestamps are stored and handled in UTC; legal dates live on the China calendar.
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
# The app's own catalogues (`make messages`); emails are rendered in each recipient's language.
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Content-Security-Policy (django-csp) on every response: scripts, styles, images, fonts and
# connections from the app itself only; no inline script or style (static files instead; the
# dashboard charts are SVG with presentation attributes), no plugins, no framing, forms post
# only here. The API docs pages (vendor UIs) add inline styles and blob: workers
# (accounts.views.docs_page).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Sign-in throttling (django-axes): after AXES_FAILURE_LIMIT failed sign-ins for one user name,
# or from one address, further attempts are refused for AXES_COOLOFF_MINUTES, on the workspace
# login and the admin login alike. Operators unlock with `manage.py axes_reset` (or
# `axes_reset_username NAME`, `axes_reset_ip ADDRESS`) or by deleting the attempt in the admin
# (Axes -> Access attempts). A successful sign-in clears the user's failures.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each on its own: per user, per address
# A successful sign-in clears the user's failures, but only once it is complete: with a second
# factor, after the code (accounts.second_step), so that wrong codes add up to the same lock-out.
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "accounts.client.client_ip"
# Reverse proxies in front of the app that append to X-Forwarded-For (0: use REMOTE_ADDR).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# Second factor (django-otp): the name authenticator apps show, and the back-off after wrong
# codes (1, 2, 4, 8 ... seconds per device; the sign-in lock-out above counts them too).
OTP_TOTP_ISSUER = "iptracker"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "login"

# Email: EMAIL_URL=smtp://host:port in real deployments; by default an outbox folder a local
# user can read (one file per message).
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    # Set directly: a filemail:// URL loses the leading slash of an absolute path.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "outbox"
# Absolute links in emails (acknowledge links, calendar feeds).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
# Webhook receivers on loopback, link-local or private addresses are refused unless this is on
# (tests, a receiver on the same host); see webhooks.targets.
WEBHOOKS_ALLOW_PRIVATE = env.bool("WEBHOOKS_ALLOW_PRIVATE", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="iptracker <noreply@iptracker.local>")

# Celery: Redis when REDIS_URL is set; otherwise kombu's filesystem transport, which needs no
# server but still runs a real worker and beat.
REDIS_URL = env.str("REDIS_URL", default="")
BROKER_DIR = VAR_DIR / "broker"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
else:
    # kombu does not create its folders; every process that sends or receives needs them.
    for _folder in ("queue", "control"):
        (BROKER_DIR / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# Cache: throttling counters. Redis when REDIS_URL is set (shared by every web process);
# otherwise each process keeps its own counters in memory.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

REST_FRAMEWORK = {
    # Token first: an unauthenticated call gets 401 with `WWW-Authenticate: Token`. Tokens are
    # stored hashed (accounts.tokens); the last class throttles requests that reach it
    # anonymous (accounts.api.authentication).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.api.authentication.HashedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
        "accounts.api.authentication.AnonymousThrottle",
    ],
    # Per client address: anonymous calls, and calls with a wrong, expired or revoked token
    # (after that many failures in the period even a right token waits: 429 with Retry-After).
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_ANON_RATE", default="60/min"),
        "failed_token": env.str("API_FAILED_TOKEN_RATE", default="10/min"),
    },
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "EXCEPTION_HANDLER": "core.api.exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": ["core.parsers.JSONParser"],
}
# The schema at /api/schema/ and the docs at /api/docs/, /api/redoc/ are public only in
# development; production.py turns this off (iptracker.api_urls, accounts.api.permissions).
API_DOCS_PUBLIC = True
SPECTACULAR_SETTINGS = {
    "SERVE_PERMISSIONS": ["accounts.api.permissions.ApiDocsAccess"],
    # The schemes a client can use (tokenAuth, cookieAuth); AnonymousThrottle only throttles.
    "AUTHENTICATION_WHITELIST": [
        "accounts.api.authentication.HashedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "TITLE": "iptracker API",
    "DESCRIPTION": "IP rights, China Customs recordals, customs notices and their deadlines.",
    "VERSION": "1.0.0",
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and Redoc from the app's own static files: the docs work with no internet.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # The sidecar's Redoc, served without its CDN logo (accounts.views.redoc_bundle).
    "REDOC_DIST": "/api/redoc-dist",
    # No call to validator.swagger.io either.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.document_errors",
    ],
    "ENUM_NAME_OVERRIDES": {
        "RightStatusEnum": "rights.models.Status",
        "RecordalStatusEnum": "customs.models.RecordalStatus",
        "NoticeStatusEnum": "customs.models.NoticeStatus",
        "DeadlineStatusEnum": "deadlines.models.DeadlineStatus",
        "MemberRoleEnum": "accounts.models.Role",
        "PartyRoleEnum": "customs.models.PartyRole",
        "DeliveryStatusEnum": "webhooks.models.DeliveryStatus",
        "WebhookEventEnum": "webhooks.models.Event",
        "KindEnum": "rights.models.Kind",
        "AlertKindEnum": "notifications.models.AlertKind",
        "AlertStateEnum": "notifications.models.AlertState",
        "InfringerKindEnum": "enforcement.models.InfringerKind",
        "EvidenceKindEnum": "enforcement.models.EvidenceKind",
        "ComplaintStatusEnum": "enforcement.models.ComplaintStatus",
        "NewComplaintStatusEnum": "enforcement.models.NEW_COMPLAINT_STATUSES",
        "LetterLanguageEnum": "enforcement.models.LetterLanguage",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
