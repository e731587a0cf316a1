"""The main navigation, defined once: later pages add an entry here, not in base.html."""

from typing import NamedTuple

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.selectors import can_edit


class NavItem(NamedTuple):
    url_name: str
    label: str
    section: str  # pages of this section mark the item as current


NAV = [
    NavItem("dashboard:home", _("Dashboard"), "home"),
    NavItem("dashboard:docket", _("Docket"), "docket"),
    NavItem("dashboard:right-list", _("Rights"), "rights"),
    NavItem("dashboard:recordal-list", _("Recordals"), "recordals"),
    NavItem("dashboard:notice-list", _("Customs notices"), "notices"),
    NavItem("enforcement:complaint-list", _("Enforcement"), "enforcement"),
    NavItem("notifications:preferences", _("My notifications"), "notifications"),
]
# Entry pages: only for the roles that enter legal facts (counsel, paralegals).
EDITOR_NAV = [
    NavItem("entry:right-start", _("New right"), "entry-new"),
    NavItem("entry:import", _("Import"), "entry-import"),
]


def navigation(request):
    """Context processor: the items with their URLs and which one is current."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    match = getattr(request, "resolver_match", None)
    current = _section_of(match)
    return {
        "nav_items": [
            {"url": reverse(item.url_name), "label": item.label, "current": item.section == current}
            for item in NAV + (EDITOR_NAV if can_edit(user) else [])
        ]
    }


def _section_of(match) -> str:
    if match is None:
        return ""
    if match.namespace == "notifications":
        return "notifications"
    if match.namespace == "enforcement":
        return "enforcement"
    if match.namespace == "entry":  # a new right or an import; else the matter it is about
        name = match.url_name or ""
        for prefix, section in (
            ("import", "entry-import"),
            ("right-", "entry-new"),
            ("check-", "entry-new"),
            ("notice", "notices"),
        ):
            if name.startswith(prefix):
                return section
        return "rights"
    name = match.url_name or ""
    for prefix, section in (
        ("docket", "docket"),
        ("deadline", "docket"),
        ("right", "rights"),
        ("recordal", "recordals"),
        ("notice", "notices"),
    ):
        if name.startswith(prefix):
            return section
    return "home" if name == "home" else ""
