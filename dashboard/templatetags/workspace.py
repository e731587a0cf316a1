"""Template helpers of the workspace pages."""

from django import template
from django.utils.translation import gettext as _

from deadlines.labels import title_of

from ..why import why as why_of

register = template.Library()


@register.filter
def why(deadline) -> dict:
    return why_of(deadline)


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
        "why": _("Why this date"),
        "read_how": _("Read how this date was counted"),
        "notice": _("Customs notice"),
        "recordal": _("Recordal"),
    }
