"""Shape checks of the workspace's action forms; the services decide everything else."""

from django import forms
from django.utils.translation import gettext_lazy as _

from customs.models import Response


class DoneForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, help_text=_("What was done (optional).")
    )


class WaiveForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for waiving"),
        max_length=2000,
        help_text=_("Required: why this date no longer matters."),
    )


class NoticeAnswerForm(forms.Form):
    response = forms.ChoiceField(
        label=_("Answer"),
        choices=[
            (Response.DETAIN, Response.DETAIN.label),
            (Response.EXPLAIN, Response.EXPLAIN.label),
        ],
        widget=forms.RadioSelect,
    )
    responded_on = forms.DateField(
        label=_("Answered on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    detained_on = forms.DateField(
        label=_("Goods detained on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Only with a 'detain' answer, once customs confirms the detention."),
    )
