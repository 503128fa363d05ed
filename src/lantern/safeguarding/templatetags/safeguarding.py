"""Template helpers for the safeguarding pages."""

from __future__ import annotations

from django import forms, template
from django.forms import BoundField

from lantern.core.forms import GovukDateField
from lantern.safeguarding import languages

register = template.Library()


@register.filter
def field_include(field: BoundField) -> str:
    """The GOV.UK field template for a bound field (includes/fields/*.html)."""
    widget = field.field.widget
    if isinstance(field.field, GovukDateField):
        return "includes/fields/date.html"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "includes/fields/checkboxes.html"
    if isinstance(widget, forms.RadioSelect):
        return "includes/fields/radios.html"
    if isinstance(widget, forms.Textarea):
        return "includes/fields/textarea.html"
    if isinstance(widget, forms.CheckboxInput):
        return "safeguarding/_checkbox.html"
    if isinstance(widget, forms.Select):
        return "includes/fields/select.html"
    return "includes/fields/input.html"


@register.filter
def language(code: str) -> str:
    return languages.name_of(code)
