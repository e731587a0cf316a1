"""The admin is an interface: it scopes to the user's organisation and saves through services.

One base class, `OrgScopedAdmin`, holds the rules every domain admin shares:

- rows: the user's organisation only (superusers see everything);
- who may do what: any member views, counsel and paralegals add and change, counsel deletes;
- foreign-key choices: the same organisation's rows, and users who are its members;
- the organisation is set from the membership before validation, never chosen by a member;
- saving: each admin implements `service_save()` (a call to its service with actor=user); a
  `ValidationError` a service raises after the form passed is shown on the re-rendered form,
  next to its field, and nothing is saved (the admin's transaction is rolled back);
- history: simple_history's read-only history pages (no "revert", which would bypass services).

`OrgScopedInline` gives inlines the same permissions and choices.
"""

from django.contrib.admin import ModelAdmin
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.auth import get_user_model
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    FieldDoesNotExist,
    PermissionDenied,
    ValidationError,
)
from django.db.models import Model
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import Role
from accounts.selectors import can_edit, membership_of, organisation_of, role_of, scoped
from core.models import OrgOwnedModel

SERVICE_ERRORS = "_admin_service_errors"


class ServiceRejected(Exception):
    """A service refused the save after the form validated; carries its ValidationError."""

    def __init__(self, error: ValidationError):
        super().__init__(str(error))
        self.error = error


# --- who may do what -------------------------------------------------------------------------


def is_member(user) -> bool:
    return membership_of(user) is not None


def service_actor(user):
    """The actor handed to services: the user, or None (system) for a superuser with no role."""
    if user.is_superuser and not can_edit(user):
        return None
    return user


def owns(user, obj) -> bool:
    """Whether `obj` (an organisation-owned row, or None for "any") is the user's."""
    if obj is None or user.is_superuser:
        return True
    org = organisation_of(user)
    return org is not None and getattr(obj, "organisation_id", None) == org.id


def may_view(user, obj=None) -> bool:
    return user.is_superuser or (is_member(user) and owns(user, obj))


def may_edit(user, obj=None) -> bool:
    return user.is_superuser or (can_edit(user) and owns(user, obj))


def may_delete(user, obj=None) -> bool:
    return user.is_superuser or (role_of(user) == Role.COUNSEL and owns(user, obj))


# --- choices ---------------------------------------------------------------------------------


def scoped_fk_queryset(db_field, request):
    """Choices for a foreign key: the user's organisation only (None: leave Django's default)."""
    user = request.user
    related = db_field.related_model
    if user.is_superuser:
        return None  # sees every organisation; the models' clean() keeps links in one
    org = organisation_of(user)
    if related is get_user_model():
        if org is None:
            return related.objects.none()
        return related.objects.filter(membership__organisation=org).order_by("username")
    if issubclass(related, OrgOwnedModel):
        return scoped(related._default_manager.all(), user)
    return None


def _label(form, name: str) -> str:
    try:
        return str(form.instance._meta.get_field(name).verbose_name).capitalize()
    except FieldDoesNotExist:  # a service may name a key that is not a model field
        return name.replace("_", " ").capitalize()


class ScopedFormMixin:
    """Errors for fields the form does not show go to the top of the form, labelled."""

    def add_error(self, field, error):
        if field is None and isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            known, unknown = {}, []
            for name, errors in error.error_dict.items():
                if name == NON_FIELD_ERRORS or name in self.fields:
                    known.setdefault(name, []).extend(errors)
                else:
                    unknown.extend(f"{_label(self, name)}: {m}" for e in errors for m in e)
            if unknown:
                known.setdefault(NON_FIELD_ERRORS, []).extend(ValidationError(m) for m in unknown)
            error = ValidationError(known)
        super().add_error(field, error)


def has_audit_history(model) -> bool:
    return hasattr(model._meta, "simple_history_manager_attribute")


class HistoryWithoutRevert(SimpleHistoryAdmin):
    """History pages are for reading: reverting would save without the services.

    A model without audit history (the alert outbox, webhook endpoints) shows Django's own log
    of admin changes on its history page instead.
    """

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        if not has_audit_history(model):
            self.object_history_template = None

    def history_view(self, request, object_id, extra_context=None):
        if not has_audit_history(self.model):
            return ModelAdmin.history_view(self, request, object_id, extra_context)
        return super().history_view(request, object_id, extra_context)

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied("Reverting from history is disabled; edit the record instead.")
        return super().history_form_view(request, object_id, version_id, extra_context)


class ServiceAdmin(HistoryWithoutRevert):
    """Saves through `service_save()`; a service's ValidationError shows on the form again."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)

        class ServiceForm(ScopedFormMixin, form_class):
            def clean(self):
                cleaned = super().clean()
                rejected = getattr(request, SERVICE_ERRORS, None)
                if rejected is not None:
                    self.add_error(None, rejected)
                return cleaned

        ServiceForm.__name__ = form_class.__name__
        return ServiceForm

    def service_save(self, request, obj, form, change) -> Model:
        """Call the model's service with actor=service_actor(request.user); return the row."""
        raise NotImplementedError(f"{type(self).__name__} must save through a service.")

    @staticmethod
    def form_values(obj, form, change) -> dict:
        """The edited model fields: all of them on add, only the changed ones on change."""
        names = form.changed_data if change else list(form.cleaned_data)
        model_fields = {f.name for f in obj._meta.concrete_fields if f.editable}
        return {
            name: getattr(obj, name)
            for name in names
            if name in model_fields and name != "organisation"
        }

    def save_model(self, request, obj, form, change):
        try:
            saved = self.service_save(request, obj, form, change)
        except ValidationError as exc:
            raise ServiceRejected(exc) from exc
        adopt(obj, saved)

    def save_related(self, request, form, formsets, change):
        # Read-only inlines (computed rows) are never written from the form.
        writable = []
        for formset in formsets:
            if getattr(formset, "read_only", False):
                formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            else:
                writable.append(formset)
        formsets = writable
        try:
            super().save_related(request, form, formsets, change)
        except ValidationError as exc:
            raise ServiceRejected(exc) from exc

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ServiceRejected as rejected:
            # Everything was rolled back with the admin's transaction. Render the form again,
            # with the service's errors attached to it, so that nothing is lost but the save.
            setattr(request, SERVICE_ERRORS, rejected.error)
            return super().changeform_view(request, object_id, form_url, extra_context)


class OrgScopedAdmin(ServiceAdmin):
    """Base ModelAdmin for organisation-owned models (see the module docstring)."""

    # --- scoping ---------------------------------------------------------------------------
    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return scoped(qs, request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            queryset = scoped_fk_queryset(db_field, request)
            if queryset is not None:
                kwargs["queryset"] = queryset
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_list_filter(self, request):
        filters = list(super().get_list_filter(request))
        if request.user.is_superuser:
            filters.insert(0, "organisation")
        return filters

    # --- permissions -----------------------------------------------------------------------
    def has_module_permission(self, request):
        return may_view(request.user)

    def has_view_permission(self, request, obj=None):
        return may_view(request.user, obj)

    def has_add_permission(self, request):
        return may_edit(request.user)

    def has_change_permission(self, request, obj=None):
        return may_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return may_delete(request.user, obj)

    def get_deleted_objects(self, objs, request):
        # Rows computed from their parent (deadlines) go with it, though nobody deletes them
        # one by one: their admin sets `deleted_with_parent`.
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        for model, model_admin in self.admin_site._registry.items():
            if getattr(model_admin, "deleted_with_parent", False):
                perms_needed.discard(model._meta.verbose_name)
        return deleted, counts, perms_needed, protected

    # --- the organisation field ------------------------------------------------------------
    def get_exclude(self, request, obj=None):
        exclude = list(super().get_exclude(request, obj) or [])
        if not request.user.is_superuser:
            exclude.append("organisation")
        return exclude

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and request.user.is_superuser and "organisation" not in readonly:
            readonly.append("organisation")  # moving a record between organisations: no
        return readonly

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser and "organisation" not in flatten_fieldsets(fieldsets):
            fieldsets = [("Organisation", {"fields": ["organisation"]}), *fieldsets]
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        org = organisation_of(request.user)

        class OrgScopedForm(form_class):
            def __init__(self, *args, **kw):
                super().__init__(*args, **kw)
                if org is not None and self.instance.organisation_id is None:
                    self.instance.organisation = org

            def _get_validation_exclusions(self):
                # The organisation is known before validation: check the constraints that
                # include it (unique numbers per organisation) on the form, next to the fields.
                exclude = super()._get_validation_exclusions()
                if self.instance.organisation_id is not None:
                    exclude.discard("organisation")
                return exclude

        OrgScopedForm.__name__ = form_class.__name__
        return OrgScopedForm


def adopt(obj: Model, saved: Model) -> None:
    """Copy a service's saved row into the admin's instance (pk, computed fields)."""
    if saved is None or saved is obj:
        return
    for field in saved._meta.concrete_fields:
        setattr(obj, field.attname, getattr(saved, field.attname))
    obj._state.adding = False
    obj._state.db = saved._state.db


class OrgScopedInline:
    """Mixin for inlines of an organisation-owned parent: same permissions and choices.

    `obj` in an inline's permission methods is the parent object.
    """

    organisation_path = "organisation"  # from the inline's model to its organisation

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        org = organisation_of(request.user)
        if org is None:
            return qs.none()
        return qs.filter(**{self.organisation_path: org})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            queryset = scoped_fk_queryset(db_field, request)
            if queryset is not None:
                kwargs["queryset"] = queryset
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_view_permission(self, request, obj=None):
        return may_view(request.user, obj)

    def has_add_permission(self, request, obj=None):
        return may_edit(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return may_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return may_edit(request.user, obj)


class ReadOnlyInline(OrgScopedInline):
    """An inline to look at (computed rows such as deadlines): no add, change or delete."""

    can_delete = False
    extra = 0
    show_change_link = True

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.read_only = True  # OrgScopedAdmin.save_related skips it
        return formset

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
