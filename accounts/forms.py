from django import forms
from django.utils.translation import gettext_lazy as _, ngettext

from .tokens import DEFAULT_EXPIRY_DAYS, EXPIRY_DAYS


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. the integration that uses it."),
    )
    days = forms.TypedChoiceField(
        label=_("Expires after"),
        coerce=int,
        choices=[(days, days) for days in EXPIRY_DAYS],  # labelled in the reader's language below
        initial=DEFAULT_EXPIRY_DAYS,
    )
    read_only = forms.BooleanField(
        label=_("Read-only"),
        required=False,
        help_text=_("For integrations that only read: any change made with it is refused."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].choices = [
            (days, ngettext("%(days)s day", "%(days)s days", days) % {"days": days})
            for days in EXPIRY_DAYS
        ]


class CodeForm(forms.Form):
    """A code from the authenticator app (or, where accepted, a backup code)."""

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        strip=True,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "off",
                "spellcheck": "false",
                "size": 12,
            }
        ),
    )


class OrganisationSecurityForm(forms.Form):
    require_two_factor = forms.BooleanField(
        label=_("Require a second factor of every counsel"),
        required=False,
        help_text=_(
            "Counsel then confirm each sign-in with a code from an authenticator app; those "
            "without one are asked to set it up right after their password, before anything else."
        ),
    )
