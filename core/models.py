from django.core.exceptions import ValidationError
from django.db import models

from .constraints import constraint_errors


class UniqueFieldErrors(models.Model):
    """`full_clean()` puts a unique constraint's refusal on the field a person corrects.

    Django reports a constraint over several fields (organisation + number) as an error of the
    whole form; here it is the number's (see core.constraints).
    """

    class Meta:
        abstract = True

    def validate_constraints(self, exclude=None):
        errors = constraint_errors(self, exclude)
        if errors:
            raise ValidationError(errors)


class TimeStampedModel(UniqueFieldErrors):
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


def set_history_user(instance: models.Model, actor) -> None:
    """Name who made the next save in the record's history (django-simple-history reads this)."""
    instance._history_user = actor  # type: ignore[attr-defined]  # simple-history's hook


def set_history_reason(instance: models.Model, reason: str | None) -> None:
    """Say why, in the record's next history entry (django-simple-history reads this)."""
    instance._change_reason = reason  # type: ignore[attr-defined]  # simple-history's hook


def save_changed_fields(instance, *, actor, **values) -> bool:
    """Save only the given fields that differ (with the history user); returns whether any did.

    For stored computed values (a term's end, a response date): unchanged values cost no write.
    """
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if not changed:
        return False
    for name in changed:
        setattr(instance, name, values[name])
    set_history_user(instance, actor)
    instance.save(update_fields=[*changed, "updated_at"])
    return True
