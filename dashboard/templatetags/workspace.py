"""Template helpers of the workspace pages."""

from django import template

from ..why import why as why_of

register = template.Library()


@register.filter
def why(deadline) -> dict:
    return why_of(deadline)


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
