"""The browser pipeline works: Chromium starts, the live server serves static files, axe runs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer


@pytest.mark.browser
def test_live_server_serves_govuk_css_to_chromium(live_server: LiveServer, page: Page) -> None:
    response = page.goto(f"{live_server.url}/static/vendor/govuk/govuk-frontend.min.css")
    assert response is not None
    assert response.status == 200
    assert "govuk-" in page.content()


@pytest.mark.browser
def test_axe_check_passes_a_clean_page_and_fails_a_broken_one(
    page: Page, axe_check: Callable[..., list[dict[str, Any]]]
) -> None:
    page.set_content(
        '<!doctype html><html lang="en"><head><title>Smoke</title></head>'
        "<body><main><h1>Smoke</h1><p>Fine.</p></main></body></html>"
    )
    assert [v for v in axe_check(page) if v["impact"] in ("serious", "critical")] == []

    page.set_content(
        '<!doctype html><html lang="en"><head><title>Smoke</title></head>'
        '<body><main><h1>Smoke</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></body></html>'
    )
    with pytest.raises(pytest.fail.Exception, match="image-alt"):
        axe_check(page)
