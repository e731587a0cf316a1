"""Template helpers of the workspace pages."""

from django import template
from django.utils.translation import gettext as _

from deadlines.labels import title_of
from deadlines.reasons import reason_words as reason_in_words

from ..why import why as why_of

register = template.Library()


@register.filter
def why(deadline) -> dict:
    return why_of(deadline)


@register.filter
def reason_words(stored: str) -> str:
    """A history entry's reason (a calendar notice, a changed fact) in the reader's language."""
    return reason_in_words(stored)


@register.filter
def computed_heading(computed) -> str:
    """A previewed (not yet saved) deadline's title in the reader's language."""
    return title_of(computed.rule.id, computed.title)


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (pagination, sorting)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag
def row_labels() -> dict:
    """The words of a deadline row, translated once per table instead of once per row (a
    docket page has 50 rows; per-row translate tags were a third of its rendering time)."""
    return {
        "due": _("Due"),
        "deadline": _("Deadline"),
        "matter": _("Matter"),
        "status": _("Status"),
        "responsible": _("Responsible"),
        "actions": _("Actions"),
        "this_right": _("this right"),
        "done": _("Done…"),
        "note": _("Note"),
        "mark_done": _("Mark done"),
        "waive": _("Waive…"),
        "reason": _("Reason (required)"),
        "waive_button": _("Waive"),
        "verify": _("Verify date"),
        "verify_hint": _(
            "Confirm, as a second person who did not enter its facts, that this date is right"
        ),
        "why": _("Why this date"),
        "read_how": _("Read how this date was counted"),
        "notice": _("Customs notice"),
        "recordal": _("Recordal"),
    }
