"""`{{ deadline|matter }}`: the deadline's matter for pages, the same as in emails and feeds."""

from django import template

from ..matters import matter_of

register = template.Library()


@register.filter
def matter(deadline):
    return matter_of(deadline)
