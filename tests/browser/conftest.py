"""Browser tests: Playwright driving the Debian Chromium (Playwright cannot download its own here).

Every test in this directory is marked `browser`, so `pytest -m "not browser"` skips them all.
Use the `live_server` fixture for the URL and `axe_check(page)` on every page a test visits.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

REPO_DIR = Path(__file__).resolve().parents[2]
AXE_JS = REPO_DIR / "static" / "vendor" / "axe" / "axe.min.js"

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

# axe impacts that fail a test. "moderate" and "minor" are reported by axe but left to review.
FAILING_IMPACTS = ("serious", "critical")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium, or set CHROMIUM_PATH")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session", autouse=True)
def _close_db_connections_opened_under_playwright(playwright: Any) -> Any:
    """Playwright's sync API keeps an asyncio loop running in the main thread until the session
    ends, and while a loop runs Django keeps its connections in context-local storage, not the
    thread-local one. Connections opened then (by any test after the first browser test) are
    invisible to pytest-django's final close, and on PostgreSQL the test database cannot be
    dropped ("is being accessed by other users"). Close them before Playwright stops."""
    yield
    from django.db import connections

    connections.close_all()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: run ./lantern (it installs the front-end assets)")
    return AXE_JS.read_text(encoding="utf-8")


def format_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:5]:
            lines.append(f"    at {' '.join(map(str, node['target']))}: {node['html'][:160]}")
        if len(v["nodes"]) > 5:
            lines.append(f"    ... and {len(v['nodes']) - 5} more")
    return "\n".join(lines)


@pytest.fixture
def axe_check(axe_source: str) -> Callable[..., list[dict[str, Any]]]:
    """Run axe-core on the page as it is now; fail the test on serious or critical violations.

        axe_check(page)                                  # whole page, WCAG 2.0-2.2 A/AA rules
        axe_check(page, disable=["color-contrast"])      # only with a written reason

    Returns all violations (including moderate and minor) for tests that want to look closer.
    axe is injected with page.evaluate, which the app's Content Security Policy does not block.
    """

    def check(
        page: Any, *, context: str | None = None, disable: list[str] | tuple[str, ...] = ()
    ) -> list[dict[str, Any]]:
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.evaluate(axe_source)
        options = {
            "runOnly": {
                "type": "tag",
                "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
            },
            "rules": {rule: {"enabled": False} for rule in disable},
            "resultTypes": ["violations"],
        }
        result = page.evaluate(
            "async ([context, options]) => await axe.run(context || document, options)", [context, options]
        )
        violations: list[dict[str, Any]] = result["violations"]
        failing = [v for v in violations if v["impact"] in FAILING_IMPACTS]
        if failing:
            pytest.fail(
                f"axe found {len(failing)} serious or critical accessibility problem(s) on {page.url}:\n"
                + format_violations(failing),
                pytrace=False,
            )
        return violations

    return check


def pass_second_factor(page: Any, username: str) -> None:
    """After the password: the code step, with a code computed by pyotp; a user with no
    authenticator yet enrols on the page first, reading the setup key from its text alternative."""
    import re

    import pyotp
    from playwright.sync_api import expect
    from tests.factories import totp_code

    from lantern.core.models import User

    heading = page.locator("h1")
    expect(heading).to_have_text(re.compile("Set up your authenticator app|Enter the code from your authenticator app"))
    if heading.inner_text().startswith("Set up"):
        secret = page.locator("#totp-secret").inner_text().replace(" ", "")
        page.get_by_label("Code", exact=True).fill(pyotp.TOTP(secret).now())
        page.locator("main").get_by_role("button", name="Continue").click()
        page.get_by_role("link", name="Continue to Lantern").click()
        return
    page.get_by_label("Code", exact=True).fill(totp_code(User.objects.get(username=username)))
    page.locator("main").get_by_role("button", name="Continue").click()
