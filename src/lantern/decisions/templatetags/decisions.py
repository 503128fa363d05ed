"""Template helpers for the decisions pages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Mapping[Any, Any], key: Any) -> Any:
    """mapping[key], or None: for dictionaries keyed by id in a template."""
    return mapping.get(key) if mapping else None
