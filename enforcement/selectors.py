"""Reads of enforcement records."""

from .models import EnforcementSettings


def enforcement_settings_of(organisation_id) -> EnforcementSettings:
    """The organisation's settings, or the defaults (unsaved) when none were set."""
    return EnforcementSettings.objects.filter(
        organisation_id=organisation_id
    ).first() or EnforcementSettings(organisation_id=organisation_id)
