"""System checks (manage.py check): the letter fonts are installed."""

from __future__ import annotations

from typing import Any

from django.core.checks import Warning, register


@register()
def letter_fonts(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    from lantern.notify.letters import missing_base_font

    problem = missing_base_font()
    if problem:
        return [Warning(problem, hint="Letters will be refused until the font is installed.", id="lantern.notify.W001")]
    return []
