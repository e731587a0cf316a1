from zoneinfo import available_timezones

from django import forms

from .models import Language
from .policy import DEFAULT_LADDER

STAGE_CHOICES = [(f"d-{d}", f"{d} days before" if d else "on the day") for d in DEFAULT_LADDER]
STAGE_CHOICES.append(("overdue", "daily while overdue"))


class PreferenceForm(forms.Form):
    """Shape only: the rules (critical alerts cannot be muted) live in preference_update."""

    digest_hour = forms.TypedChoiceField(
        choices=[(h, f"{h:02d}:00") for h in range(24)],
        coerce=int,
        help_text="Daily digest hour, in your own time zone.",
    )
    time_zone = forms.ChoiceField(
        choices=lambda: [(z, z) for z in sorted(available_timezones())],
        help_text="Your own time zone, for the digest hour. Legal dates stay China dates.",
    )
    language = forms.ChoiceField(choices=Language.choices)
    muted_stages = forms.MultipleChoiceField(
        choices=STAGE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Reminders of non-critical deadlines to skip. Customs notices, last renewal "
        "and grace dates are always sent.",
    )
