"""Who the user is within an organisation; every scoped query starts here."""

from django.core.exceptions import PermissionDenied

from .models import Membership, Role

EDITOR_ROLES = frozenset({Role.COUNSEL, Role.PARALEGAL})
ACKNOWLEDGING_ROLES = frozenset({Role.COUNSEL, Role.PARALEGAL, Role.MANAGER})


def membership_of(user) -> Membership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.membership
    except Membership.DoesNotExist:
        return None


def organisation_of(user):
    membership = membership_of(user)
    return membership.organisation if membership else None


def role_of(user) -> str | None:
    membership = membership_of(user)
    return membership.role if membership else None


def can_edit(user) -> bool:
    """Paralegals and counsel enter and change legal facts."""
    return role_of(user) in EDITOR_ROLES


def can_waive(user) -> bool:
    """Only counsel may give up a legal date."""
    return role_of(user) == Role.COUNSEL


def can_acknowledge(user) -> bool:
    """Everyone who acts on alerts; a viewer only reads."""
    return role_of(user) in ACKNOWLEDGING_ROLES


def can_verify(user) -> bool:
    """Counsel, paralegals and managers check rights-ending dates (two-person verification);
    a viewer only reads."""
    return role_of(user) in ACKNOWLEDGING_ROLES


def scoped(queryset, user):
    """The part of `queryset` that belongs to the user's organisation (none without one)."""
    org = organisation_of(user)
    if org is None:
        return queryset.none()
    return queryset.filter(organisation=org)


def is_member_of(user, organisation_id) -> bool:
    org = organisation_of(user)
    return org is not None and org.id == organisation_id


def ensure_member_of(actor, organisation_id) -> None:
    """Services' second safeguard: an actor only ever writes to their own organisation.

    `actor=None` is the system (seed, imports, scheduled work); superusers administer all.
    """
    if actor is None or getattr(actor, "is_superuser", False):
        return
    org = organisation_of(actor)
    if org is None or org.id != organisation_id:
        raise PermissionDenied("That record belongs to another organisation.")
