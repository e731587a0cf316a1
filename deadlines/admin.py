"""The docket in the admin: computed rows, read-only but for who is responsible.

"Mark done" and "Waive" go through deadlines.services; waiving is for counsel and needs a reason,
asked for on an intermediate page.
"""

import json

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.template import engines
from django.utils.html import format_html, linebreaks

from accounts.selectors import can_edit, can_waive
from core.admin_mixins import OrgScopedAdmin, service_actor

from .matters import MATTER_RELATED, matter_of, with_matter
from .models import Deadline
from .services import deadline_assign, deadline_complete, deadline_waive

WAIVE_TEMPLATE = """{% extends "admin/base_site.html" %}
{% block breadcrumbs %}<div class="breadcrumbs"><a href="{% url 'admin:index' %}">Home</a>
&rsaquo; <a href="{% url 'admin:deadlines_deadline_changelist' %}">Deadlines</a>
&rsaquo; Waive</div>{% endblock %}
{% load legal_dates %}
{% block content %}
<p>Waiving gives up a legal date: the deadline stops being followed and no more alerts are
sent. Say why; the reason is kept in the deadline's history.</p>
<ul>{% for deadline, matter in rows %}<li><strong>{{ deadline.title }}</strong>, due
{{ deadline.due_date|weekday_date }} ({{ deadline.get_status_display }}){% if matter.label %}:
{% if matter.path %}<a href="{{ matter.path }}">{{ matter.label }}</a>{% else %}{{ matter.label }}{% endif %}{% endif %}</li>{% endfor %}</ul>
<form method="post">{% csrf_token %}
{{ form.non_field_errors }}
<div class="form-row">{{ form.reason.errors }}{{ form.reason.label_tag }} {{ form.reason }}</div>
{% for deadline in deadlines %}
<input type="hidden" name="{{ checkbox_name }}" value="{{ deadline.pk }}">{% endfor %}
<input type="hidden" name="action" value="waive_deadlines">
<div class="submit-row">
<input type="submit" name="apply" value="Waive {{ deadlines|length }} deadline{{ deadlines|length|pluralize }}">
<a href="{% url 'admin:deadlines_deadline_changelist' %}" class="button cancel-link">Cancel</a>
</div>
</form>
{% endblock %}
"""


class WaiveForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="Required: why this date is given up.",
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError("Give the reason for waiving.")
        return reason


def _report(admin_obj, request, done: int, verb: str, refused: list[str]) -> None:
    if done:
        admin_obj.message_user(
            request, f"{done} deadline{'s' if done != 1 else ''} {verb}.", messages.SUCCESS
        )
    for line in refused:
        admin_obj.message_user(request, line, messages.ERROR)


@admin.register(Deadline)
class DeadlineAdmin(OrgScopedAdmin):
    list_display = [
        "due_date",
        "act_by",
        "title",
        "subject",
        "status",
        "provisional",
        "responsible",
    ]
    list_display_links = ["due_date", "title"]
    list_filter = ["status", "rule", "provisional", "due_date"]
    list_select_related = [*MATTER_RELATED, "responsible"]
    search_fields = ["title"]
    date_hierarchy = "due_date"
    actions = ["mark_done", "waive_deadlines"]
    deleted_with_parent = True  # see OrgScopedAdmin.get_deleted_objects
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "rule",
                    "cycle",
                    "due_date",
                    "act_by",
                    "status",
                    "provisional",
                    "right",
                    "recordal",
                    "customs_notice",
                    "guarantee",
                ]
            },
        ),
        ("Why this date", {"fields": ["why", "basis_readable"]}),
        ("Follow-up", {"fields": ["responsible", "completed_on", "completed_by", "note"]}),
    ]
    readonly_fields = [
        "title",
        "rule",
        "cycle",
        "due_date",
        "act_by",
        "status",
        "provisional",
        "right",
        "recordal",
        "customs_notice",
        "guarantee",
        "why",
        "basis_readable",
        "completed_on",
        "completed_by",
        "note",
    ]

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    # Deadlines are computed from facts: nobody adds or deletes them by hand.
    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_complete_permission(self, request):
        return can_edit(request.user)

    def has_waive_permission(self, request):
        return can_waive(request.user)

    @admin.display(description="For")
    def subject(self, obj):
        return matter_of(obj).label or obj.subject_key

    @admin.display(description="Why this date")
    def why(self, obj):
        return linebreaks(obj.explanation)

    @admin.display(description="Basis (rule, source, days counted)")
    def basis_readable(self, obj):
        return format_html(
            "<pre style='white-space: pre-wrap'>{}</pre>",
            json.dumps(obj.basis, indent=2, ensure_ascii=False, default=str),
        )

    def service_save(self, request, obj, form, change):
        # Only the responsible person is editable; the recompute keeps a chosen one.
        return deadline_assign(
            deadline=obj, responsible=obj.responsible, actor=service_actor(request.user)
        )

    @admin.action(description="Mark done", permissions=["complete"])
    def mark_done(self, request, queryset):
        done, refused = 0, []
        for deadline in queryset:
            try:
                deadline_complete(deadline=deadline, actor=request.user)
                done += 1
            except (ValidationError, PermissionDenied) as exc:
                refused.append(f"{deadline}: {' '.join(getattr(exc, 'messages', [str(exc)]))}")
        _report(self, request, done, "marked done", refused)

    @admin.action(description="Waive (counsel only; asks for the reason)", permissions=["waive"])
    def waive_deadlines(self, request, queryset):
        form = WaiveForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            done, refused = 0, []
            for deadline in queryset:
                try:
                    deadline_waive(
                        deadline=deadline, actor=request.user, reason=form.cleaned_data["reason"]
                    )
                    done += 1
                except (ValidationError, PermissionDenied) as exc:
                    refused.append(f"{deadline}: {' '.join(getattr(exc, 'messages', [str(exc)]))}")
            _report(self, request, done, "waived", refused)
            return None
        deadlines = list(with_matter(queryset))
        context = {
            **self.admin_site.each_context(request),
            "title": "Waive deadlines",
            "opts": self.opts,
            "form": form,
            "deadlines": deadlines,
            "rows": [(d, matter_of(d)) for d in deadlines],
            "checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        template = engines["django"].from_string(WAIVE_TEMPLATE)
        return HttpResponse(template.render(context, request))
