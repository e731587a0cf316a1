"""Uniqueness: the database's unique constraints are the rule; a refusal is a field error.

Forms and serializers do not re-check uniqueness by hand. A model's unique constraints (its
`UniqueConstraint`s with fields, and its `unique=True` fields) are the one statement of the rule;
this module maps each to the field a person corrects and a translated message, and that mapping
is used on both sides of the save:

- before it, by `validate_constraints` of every model built on `core.models.UniqueFieldErrors`
  (so `full_clean()` in a service, a ModelForm and the admin all show the error on the field);
- at it, by `unique_errors()`: a write that passed the check and still hit the constraint (a
  concurrent request saved the same number first) becomes the same ValidationError, its savepoint
  rolled back so that nothing of it is saved and the caller's transaction stays usable;
- the API's exception handler, through `integrity_field_errors()`, for any other save.

The field shown is the constraint's last field: constraints list the scope first (organisation,
right, endpoint) and the value a person typed last (`["organisation", "year"]` -> `year`). The
message is the constraint's `violation_error_message` when it sets one, else "Another <model>
already has this <field>.", both translated.
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, router, transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _

FieldErrors = dict[str, list[str]]

# SQLite: "UNIQUE constraint failed: customs_recordal.organisation_id, customs_recordal.recordal_number"
# (a partial index is named instead: "UNIQUE constraint failed: index 'recordal_unique_number'").
_SQLITE_COLUMNS = re.compile(r"UNIQUE constraint failed: (?!index )(.+)$")
_SQLITE_INDEX = re.compile(r"UNIQUE constraint failed: index '([^']+)'")
# PostgreSQL's detail: 'Key (organisation_id, year)=(1, 2026) already exists.'
_POSTGRES_KEY = re.compile(r"Key \(([^)]+)\)=")


@dataclass(frozen=True)
class UniqueRule:
    """One unique constraint as a person meets it: the field to correct and what to say."""

    model: type[models.Model]
    name: str  # the constraint's (or, for a unique field, the field's) name
    fields: tuple[str, ...]
    columns: tuple[str, ...]
    custom_message: str | Promise | None = None  # the constraint's violation_error_message

    @property
    def field(self) -> str:
        return self.fields[-1]

    @property
    def message(self) -> str:
        """In the reader's language (rules are built once, messages at each use)."""
        if self.custom_message:
            return str(self.custom_message)
        opts = self.model._meta
        return _("Another %(model)s already has this %(field)s.") % {
            "model": opts.verbose_name,
            "field": _concrete(self.model, self.field).verbose_name,
        }

    def error(self) -> ValidationError:
        return ValidationError({self.field: ValidationError(self.message, code="unique")})

    def field_errors(self) -> FieldErrors:
        return {self.field: [self.message]}


def _concrete(model: type[models.Model], name: str) -> models.Field:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):  # a constraint names only concrete fields
        raise TypeError(f"{model.__name__}.{name} is not a concrete field")
    return field


def unique_rule(model: type[models.Model], constraint: models.UniqueConstraint) -> UniqueRule:
    fields = tuple(constraint.fields)
    custom = constraint.violation_error_message
    return UniqueRule(
        model,
        constraint.name,
        fields,
        tuple(str(_concrete(model, name).column) for name in fields),
        custom if custom != constraint.default_violation_error_message else None,
    )


def unique_rules(model: type[models.Model]) -> Iterator[UniqueRule]:
    """The model's unique constraints over plain fields, then its unique fields."""
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields:
            yield unique_rule(model, constraint)
    for field in model._meta.concrete_fields:
        if field.unique and not field.primary_key:
            yield UniqueRule(model, field.name, (field.name,), (str(field.column),))


@cache
def _rules_by_key() -> dict[tuple[str, ...], UniqueRule]:
    """Every project model's rules, by constraint name and by (table, columns)."""
    by_key: dict[tuple[str, ...], UniqueRule] = {}
    for model in apps.get_models():
        for rule in unique_rules(model):
            by_key.setdefault(("name", rule.name), rule)
            by_key.setdefault((model._meta.db_table, *rule.columns), rule)
    return by_key


def rule_of(exc: IntegrityError) -> UniqueRule | None:
    """The unique rule a database refusal broke, on PostgreSQL or SQLite; None if none."""
    rules = _rules_by_key()
    cause = exc.__cause__
    diag = getattr(cause, "diag", None)
    if diag is not None:  # psycopg
        if getattr(cause, "sqlstate", None) != "23505":  # unique_violation
            return None
        if diag.constraint_name and ("name", diag.constraint_name) in rules:
            return rules["name", diag.constraint_name]
        key = _POSTGRES_KEY.search(diag.message_detail or "")
        if key and diag.table_name:
            columns = tuple(c.strip().strip('"') for c in key.group(1).split(","))
            return rules.get((diag.table_name, *columns))
        return None
    text = str(exc)
    if match := _SQLITE_INDEX.search(text):
        return rules.get(("name", match.group(1)))
    if match := _SQLITE_COLUMNS.search(text):
        qualified = [c.strip() for c in match.group(1).split(",")]
        tables = {c.rpartition(".")[0] for c in qualified}
        if len(tables) == 1:
            return rules.get((tables.pop(), *(c.rpartition(".")[2] for c in qualified)))
    return None


def integrity_field_errors(exc: IntegrityError) -> FieldErrors | None:
    """{field: [message]} for a broken unique constraint; None for any other integrity error."""
    rule = rule_of(exc)
    return rule.field_errors() if rule else None


@contextmanager
def unique_errors() -> Iterator[None]:
    """Around a save: a unique constraint's refusal becomes its field's ValidationError.

    The block runs in a savepoint, so that on PostgreSQL the refused statement does not leave the
    surrounding transaction unusable; the error still rolls back whatever the caller did before.
    """
    try:
        with transaction.atomic():
            yield
    except IntegrityError as exc:
        rule = rule_of(exc)
        if rule is None:
            raise
        raise rule.error() from exc


def constraint_errors(instance: models.Model, exclude=None) -> dict[str, list[ValidationError]]:
    """Django's `Model.validate_constraints`, with each unique refusal on its rule's field."""
    using = router.db_for_write(type(instance), instance=instance)
    errors: dict[str, list[ValidationError]] = {}
    for model_class, constraints in instance.get_constraints():
        for constraint in constraints:
            try:
                constraint.validate(model_class, instance, exclude=exclude, using=using)
            except ValidationError as error:
                if isinstance(constraint, models.UniqueConstraint) and constraint.fields:
                    rule = unique_rule(model_class, constraint)
                    errors.setdefault(rule.field, []).append(
                        ValidationError(rule.message, code="unique")
                    )
                else:
                    errors = error.update_error_dict(errors)
    return errors
