"""Account pages: the sign-in lock-out answer, the API docs' sign-in rule, personal API tokens."""

from functools import cache, wraps
from pathlib import Path

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import redirect_to_login
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.clock import now_utc

from .forms import TokenForm
from .models import ApiToken
from .tokens import token_create, token_revoke, tokens_of


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out sign-in (workspace or admin): the login page again,
    saying why and for how long, with 429."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = _(
        "Too many failed sign-ins for this user name or from this address: signing in is "
        "locked for %(minutes)s minutes. Try again later, or ask an administrator to unlock it."
    ) % {"minutes": minutes}
    context = {"form": AuthenticationForm(request), "locked_out_message": message}
    return render(request, "registration/login.html", context, status=429)


# Swagger UI and Redoc set inline styles, Redoc runs a blob: worker and both show data: images;
# their scripts stay same-origin files (Swagger's initialiser too: SpectacularSwaggerSplitView).
DOCS_CSP = {"style-src": [UNSAFE_INLINE], "worker-src": [SELF, "blob:"], "img-src": ["data:"]}


def docs_page(view):
    """The API docs pages: public in development, the login page first in production; their
    Content-Security-Policy adds what the vendor UIs need (DOCS_CSP)."""
    view = csp_update(DOCS_CSP)(view)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not settings.API_DOCS_PUBLIC and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        get_token(request)  # the CSRF cookie that "Try it out" sends with session calls
        return view(request, *args, **kwargs)

    return wrapped


# Redoc's bundle loads its "API docs by Redocly" logo from Redocly's CDN, with no option to turn
# it off (a known Redoc limitation): the policy would block it and the docs would reach the
# internet. The bundle is served with that one URL replaced by an empty inline image
# (SPECTACULAR_SETTINGS["REDOC_DIST"] points here).
REDOC_BUNDLE = "drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js"
REDOC_CDN_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"
EMPTY_IMAGE = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E"


@cache
def _redoc_source() -> bytes:
    source = Path(finders.find(REDOC_BUNDLE)).read_text(encoding="utf-8")
    return source.replace(REDOC_CDN_LOGO, EMPTY_IMAGE).encode("utf-8")


def redoc_bundle(request):
    response = HttpResponse(_redoc_source(), content_type="application/javascript; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@login_required
def api_tokens(request):
    """The user's own tokens; a new one's key is shown once, on the page that created it."""
    new_key = None
    if request.method == "POST":
        form = TokenForm(request.POST)
        if form.is_valid():
            try:
                token, new_key = token_create(user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                form = TokenForm()
                messages.success(request, _("Token “%(name)s” created.") % {"name": token.name})
    else:
        form = TokenForm()
    tokens: list[ApiToken] = list(tokens_of(request.user))
    now = now_utc()
    for token in tokens:
        token.expired = token.expires_at <= now
    response = render(
        request,
        "accounts/api_tokens.html",
        {"form": form, "tokens": tokens, "new_key": new_key},
    )
    if new_key:
        response["Cache-Control"] = "no-store"  # the key must not stay in any cache
    return response


@login_required
@require_POST
def api_token_revoke(request, token_id: int):
    try:
        token = token_revoke(user=request.user, token_id=token_id)
    except ApiToken.DoesNotExist as exc:
        raise Http404 from exc
    messages.success(
        request, _("Token “%(name)s” revoked: it stops working at once.") % {"name": token.name}
    )
    return redirect("accounts:api-tokens")
