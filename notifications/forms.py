from zoneinfo import available_timezones

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_lazy as _

from .models import Language
from .policy import DEFAULT_LADDER


def _stage_words(days: int) -> str:
    return gettext("%(days)d days before") % {"days": days} if days else gettext("on the day")


# Lazy: the choices are built at import, and shown in each reader's language.
_stage_label = lazy(_stage_words, str)


STAGE_CHOICES = [(f"d-{d}", _stage_label(d)) for d in DEFAULT_LADDER]
STAGE_CHOICES.append(("overdue", _("daily while overdue")))


class PreferenceForm(forms.Form):
    """Shape only: the rules (critical alerts cannot be muted) live in preference_update."""

    daily_digest = forms.BooleanField(
        label=_("Send me the daily digest"),
        required=False,
        help_text=_(
            "Overdue, this week, the next 30 days, open customs notices and failed deliveries, "
            "once a day. Open to every role."
        ),
    )
    digest_hour = forms.TypedChoiceField(
        label=_("Digest hour"),
        choices=[(h, f"{h:02d}:00") for h in range(24)],
        coerce=int,
        help_text=_("Daily digest hour, in your own time zone."),
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=lambda: [(z, z) for z in sorted(available_timezones())],
        help_text=_("Your own time zone, for the digest hour. Legal dates stay China dates."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    muted_stages = forms.MultipleChoiceField(
        label=_("Muted reminders"),
        choices=STAGE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Reminders of non-critical deadlines to skip. Customs notices, last renewal "
            "and grace dates are always sent."
        ),
    )
