"""Terms explained where they appear, from the one glossary (lantern.core.glossary):

{% load glossary %}
{% term "sca" %}                 <a href="/glossary/#term-sca"><abbr title="Single Competent Authority">SCA</abbr></a>
{% term "waive" "Waive" %}       the word, linked to its meaning
{% outcome_term code label %}    "Outcome 18" with the code's label, linked to the outcome codes
"""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from lantern.core import glossary

register = template.Library()


@register.simple_tag
def term(key: str, text: str = "") -> SafeString:
    entry = glossary.term(key)
    href = f"{reverse('core:glossary')}#term-{entry.key}"
    if entry.abbr and not text:
        return format_html(
            '<a class="govuk-link app-term" href="{}"><abbr title="{}">{}</abbr></a>', href, entry.abbr, entry.term
        )
    return format_html(
        '<a class="govuk-link app-term" href="{}" title="{}">{}</a>', href, entry.title, text or entry.term
    )


@register.simple_tag
def outcome_term(code: str, label: str) -> SafeString:
    href = f"{reverse('core:glossary')}#outcome-{code}"
    return format_html(
        '<a class="govuk-link app-term" href="{}"><abbr title="{}">Outcome {}</abbr></a>: {}', href, label, code, label
    )


@register.simple_tag
def outcome_code(code: str, label: str) -> SafeString:
    """Only the code (for a table cell), its label in the <abbr> title, linked to the glossary."""
    href = f"{reverse('core:glossary')}#outcome-{code}"
    return format_html('<a class="govuk-link app-term" href="{}"><abbr title="{}">{}</abbr></a>', href, label, code)
