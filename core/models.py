from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class OrgOwnedModel(TimeStampedModel):
    """Every domain object belongs to exactly one organisation."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True


def save_changed_fields(instance, *, actor, **values) -> bool:
    """Save only the given fields that differ (with the history user); returns whether any did.

    For stored computed values (a term's end, a response date): unchanged values cost no write.
    """
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if not changed:
        return False
    for name in changed:
        setattr(instance, name, values[name])
    instance._history_user = actor
    instance.save(update_fields=[*changed, "updated_at"])
    return True
