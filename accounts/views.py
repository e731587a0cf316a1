"""Account pages: the sign-in lock-out answer, the API docs' sign-in rule, personal API tokens,
the second factor (set-up, the sign-in code, removal) and the organisation's security setting."""

from functools import cache, wraps
from pathlib import Path

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import redirect_to_login
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import history as core_history
from core.clock import now_utc

from . import second_step, two_factor
from .forms import CodeForm, OrganisationSecurityForm, TokenForm
from .models import ApiToken, Role
from .tokens import token_create, token_revoke, tokens_of


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out sign-in: the login page the person used again (the
    workspace's, or on /admin/ the admin's), saying why and for how long, with 429."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = _(
        "Too many failed sign-ins for this user name or from this address: signing in is "
        "locked for %(minutes)s minutes. Try again later, or ask an administrator to unlock it."
    ) % {"minutes": minutes}
    if request.path_info.startswith(reverse("admin:index")):
        return _admin_locked_out(request, message)
    context = {"form": AuthenticationForm(request), "locked_out_message": message}
    return render(request, "registration/login.html", context, status=429)


def _admin_locked_out(request, message: str) -> HttpResponse:
    """The admin's own login page (templates/admin/login.html adds the message), with the
    context `AdminSite.login` gives it, so the next try goes to the admin login again."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    context = {
        **admin.site.each_context(request),
        "title": _("Log in"),
        "subtitle": None,
        "app_path": reverse("admin:login"),
        "username": request.user.get_username(),
        "form": AdminAuthenticationForm(request),
        "next": wanted if safe else reverse("admin:index"),
        "locked_out_message": message,
    }
    return render(request, "admin/login.html", context, status=429)


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


# -- the second factor -------------------------------------------------------------------------

HISTORY_ROWS = 25


def _next_url(request, default: str = "dashboard:home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(default)


def _no_store(response):
    response["Cache-Control"] = "no-store"  # secrets and codes must not stay in any cache
    return response


def _codes_page(request, codes, *, first: bool):
    context = {"codes": codes, "first": first, "next": _next_url(request)}
    return _no_store(render(request, "accounts/two_factor_codes.html", context))


@login_required
def two_factor_settings(request):
    """The user's own second factor: its state, new backup codes, removal."""
    return _security_page(request)


def _security_page(request, *, remove_form=None, codes_form=None, status=200):
    context = {
        "status": two_factor.status_of(request.user),
        "remove_form": remove_form or CodeForm(prefix="remove"),
        "codes_form": codes_form or CodeForm(prefix="codes"),
    }
    return render(request, "accounts/two_factor.html", context, status=status)


@login_required
def two_factor_enrol(request):
    """Set up an authenticator app: its key as a QR code and as text, then a code it shows."""
    try:
        device = two_factor.enrol_start(request.user)
    except ValidationError as exc:
        messages.info(request, exc.messages[0])
        return redirect("accounts:two-factor")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = two_factor.enrol_confirm(request.user, form.cleaned_data["code"])
        except ValidationError as exc:
            form.add_error("code", exc)
        else:
            second_step.complete(request, request.user, device)
            return _codes_page(request, codes, first=True)
    context = {
        "form": form,
        "secret": two_factor.secret_text(device),
        "required": request.second_step == second_step.ENROL,
        "next": _next_url(request),
    }
    return _no_store(render(request, "accounts/two_factor_enrol.html", context))


@login_required
def two_factor_qr(request):
    """The QR code of the authenticator being set up (SVG, drawn by the app itself)."""
    device = two_factor.pending_device(request.user)
    if device is None:
        raise Http404
    return _no_store(HttpResponse(two_factor.qr_svg(device), content_type="image/svg+xml"))


@login_required
def two_factor_verify(request):
    """The sign-in's second step: a code from the authenticator app, or a backup code."""
    user = request.user
    if second_step.owed(request) == second_step.VERIFY and not two_factor.has_second_factor(user):
        second_step.recheck(request, user)  # reset meanwhile: set-up (if required) or nothing
    if second_step.owed(request) != second_step.VERIFY or user.is_verified():
        return HttpResponseRedirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if second_step.is_locked_out(request, user):
            logout(request)
            return locked_out(request)
        try:
            device = two_factor.code_verify(user, form.cleaned_data["code"])
        except ValidationError as exc:
            if second_step.code_failed(request, user):
                return locked_out(request)
            form.add_error("code", exc)
        else:
            second_step.complete(request, user, device)
            return HttpResponseRedirect(_next_url(request))
    return render(
        request, "registration/two_factor_verify.html", {"form": form, "next": _next_url(request)}
    )


@login_required
@require_POST
def two_factor_remove(request):
    form = CodeForm(request.POST, prefix="remove")
    if form.is_valid():
        try:
            two_factor.second_factor_remove(request.user, form.cleaned_data["code"])
        except ValidationError as exc:
            form.add_error("code", exc)
        else:
            messages.success(request, _("Your second factor is removed."))
            return redirect("accounts:two-factor")
    return _security_page(request, remove_form=form, status=400)


@login_required
@require_POST
def two_factor_backup_codes(request):
    form = CodeForm(request.POST, prefix="codes")
    if form.is_valid():
        try:
            codes = two_factor.backup_codes_replace(request.user, form.cleaned_data["code"])
        except ValidationError as exc:
            form.add_error("code", exc)
        else:
            return _codes_page(request, codes, first=False)
    return _security_page(request, codes_form=form, status=400)


@login_required
def organisation_security(request):
    """Counsel's page of the organisation's sign-in rule, who has a second factor, and the
    setting's history."""
    membership = getattr(request, "membership", None)
    if membership is None or membership.role != Role.COUNSEL:
        raise PermissionDenied
    organisation = membership.organisation
    form = OrganisationSecurityForm(
        request.POST or None, initial={"require_two_factor": organisation.require_two_factor}
    )
    if request.method == "POST" and form.is_valid():
        required = form.cleaned_data["require_two_factor"]
        try:
            two_factor.organisation_two_factor_set(
                organisation=organisation, actor=request.user, required=required
            )
        except ValidationError as exc:
            form.add_error("require_two_factor", exc)
        else:
            if required:
                messages.success(request, _("Counsel now need a second factor to sign in."))
            else:
                messages.success(request, _("Counsel no longer need a second factor."))
            return redirect("accounts:organisation-security")
    page = core_history.page(
        organisation.history, request.GET.get("history"), per_page=HISTORY_ROWS
    )
    context = {
        "organisation": organisation,
        "form": form,
        "counsel": two_factor.counsel_status(organisation),
        "history": page.object_list,
        "history_page": page,
    }
    return render(request, "accounts/organisation_security.html", context)
