"""The reader's page language: saved on their notification preferences (the one place the
language is kept, also used for their emails) and carried by Django's language cookie, so that
LocaleMiddleware picks it on every request without a query. A user who never chose one follows
their browser's Accept-Language, which becomes their saved language at their first sign-in."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .services import preference_start, preference_update


def remember_language(response, language: str):
    """The cookie LocaleMiddleware reads first (before Accept-Language)."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


def _next_url(request) -> str:
    target = request.POST.get("next") or request.META.get("HTTP_REFERER") or "/"
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else "/"


@require_POST
def language_switch(request):
    """The header's language form: saves a signed-in user's choice, then back to the page."""
    language = request.POST.get("language", "")
    response = HttpResponseRedirect(_next_url(request))
    if not translation.check_for_language(language) or language not in dict(settings.LANGUAGES):
        return response
    if request.user.is_authenticated:
        try:
            preference_update(user=request.user, language=language)
        except ValidationError:
            return response
    return remember_language(response, language)


class SignInView(auth_views.LoginView):
    """Django's login, then the page language set from the user's saved one (or, on their first
    sign-in, their browser's language saved as their preference)."""

    def form_valid(self, form):
        response = super().form_valid(form)
        browser = translation.get_language_from_request(self.request)
        pref = preference_start(user=form.get_user(), language=browser)
        return remember_language(response, pref.language)
