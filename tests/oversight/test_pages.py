"""The dashboards, the drill-down, the publication download, the API and `./lantern stats`: who
sees what, suppression where figures leave the force, and bad input refused with the field named."""

from __future__ import annotations

import html
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from tests.factories import World, build_world

from lantern.core.clock import today
from lantern.oversight import dashboard
from lantern.oversight.filters import current_quarter

pytestmark = pytest.mark.django_db


@pytest.fixture
def w() -> World:
    return build_world()


def _as(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_force_dashboard_shows_measures_charts_and_escalated_duties(w: World) -> None:
    body = _as(w.supervisor).get(reverse("oversight:force")).content.decode()
    assert "Measures for West Midlands Police" in body
    assert '<svg role="img"' in body
    assert '<script type="text/javascript"' not in body
    assert "Overdue duties escalated" in body
    assert "Modern slavery crimes recorded" in body
    # The headline links to the cases behind it (the force's own officers).
    assert reverse("oversight:cases") in body


def test_national_dashboard_is_suppressed_and_has_no_case(w: World) -> None:
    analyst, body = _as(w.analyst), ""
    for section in dashboard.sections():
        response = analyst.get(reverse("oversight:national"), {"section": section.slug})
        assert response.status_code == 200, section.slug
        body += response.content.decode()
    assert "[c]" in body
    assert "West Midlands Police" in body
    assert "20/000123/26" not in body
    assert "Bērziņa" not in body
    assert reverse("oversight:cases") not in body  # no drill-down to cases for analysts
    assert '<svg role="img"' in body
    assert reverse("oversight:download") in body


def test_national_dashboard_shows_one_section_at_a_time_keeping_the_filters(w: World) -> None:
    analyst = _as(w.analyst)
    first, *others = dashboard.sections()
    period = current_quarter(today())
    body = analyst.get(reverse("oversight:national"), {"period": period}).content.decode()
    nav = body.split('aria-label="Sections of the dashboard"')[1].split("</nav>")[0]
    for section in (first, *others):
        assert html.escape(section.title) in nav
    assert f'section={first.slug}" aria-current="page"' in nav
    assert f"period={period}&amp;section=victims-code" in nav, "the filters are kept"
    assert 'id="figure-crimes_recorded"' in body
    assert 'id="figure-vc_on_time"' not in body
    keeping = analyst.get(reverse("oversight:national"), {"section": "victims-code"}).content.decode()
    assert 'id="figure-vc_on_time"' in keeping
    assert 'id="figure-crimes_recorded"' not in keeping
    assert '<input type="hidden" name="section" value="victims-code">' in keeping, "the filter form keeps it"
    assert "Calculated at" in keeping, "the Victims' Code figures say when they were calculated"


def test_every_dashboard_measure_is_in_exactly_one_section() -> None:
    placed = [key for section in dashboard.sections() for key in section.keys]
    assert sorted(placed) == sorted(dashboard.measure_keys())
    assert len(placed) == len(set(placed))


def test_a_measure_no_section_names_goes_to_a_last_section(monkeypatch: pytest.MonkeyPatch) -> None:
    orders = next(s for s in dashboard.SECTIONS if s.slug == "orders")
    monkeypatch.setattr(dashboard, "SECTIONS", tuple(s for s in dashboard.SECTIONS if s is not orders))
    last = dashboard.sections()[-1]
    assert last.slug == "other"
    assert last.keys == orders.keys


def test_an_unknown_section_is_a_400_naming_it(w: World) -> None:
    response = _as(w.analyst).get(reverse("oversight:national"), {"section": "nonsense"})
    body = response.content.decode()
    assert response.status_code == 400
    assert 'href="#filter-section"' in body
    assert 'id="filter-section"' in body
    assert "Choose one of the dashboard&#x27;s sections" in body
    assert '<svg role="img"' not in body


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"period": "2031-Q1"}, "period", "has not started yet"),
        ({"period": "2026-13"}, "period", "There is no month 13"),
        ({"period": "last year"}, "period", "is not a period"),
        ({"period": "2016-Q1"}, "period", "There are no records"),
        ({"force": "NOPE"}, "force", "No force has the code NOPE"),
        ({"exploitation": "piracy"}, "exploitation", "is not an exploitation type"),
        ({"region": "Atlantis"}, "region", "is not a region"),
    ],
)
def test_bad_filters_are_explained_on_the_page(w: World, query: dict[str, str], field: str, message: str) -> None:
    response = _as(w.analyst).get(reverse("oversight:national"), query)
    body = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in body
    assert message in body
    assert f'href="#filter-{field}"' in body
    assert '<svg role="img"' not in body  # never an empty chart


def test_drill_down_lists_only_cases_the_user_may_see(w: World) -> None:
    url = reverse("oversight:cases")
    query = {"measure": "crimes_recorded", "period": current_quarter(today())}
    body = _as(w.supervisor).get(url, query).content.decode()
    assert "20/000123/26" in body
    assert "01/987654/26" not in body
    assert _as(w.analyst).get(url, query).status_code == 403
    assert _as(w.supervisor).get(url, {**query, "measure": "nope"}).status_code == 400


def test_publication_download_and_api(w: World) -> None:
    period = current_quarter(today())
    analyst = _as(w.analyst)
    csv_response = analyst.get(reverse("oversight:download"), {"period": period, "format": "csv"})
    assert csv_response.status_code == 200
    assert csv_response["Content-Type"].startswith("text/csv")
    text = csv_response.content.decode()
    assert "Data quality" in text
    assert "Table T1" in text
    assert "[c]" in text
    ods = analyst.get(reverse("oversight:download"), {"period": period, "format": "ods"})
    mimetype = zipfile.ZipFile(io.BytesIO(ods.content)).read("mimetype")
    assert mimetype == b"application/vnd.oasis.opendocument.spreadsheet"
    assert _as(w.supervisor).get(reverse("oversight:download"), {"period": period}).status_code == 403

    api = analyst.get("/api/v1/oversight/measures", {"period": period})
    assert api.status_code == 200
    assert api.json()["suppressed"] is True
    crimes = next(m for m in api.json()["measures"] if m["measure"] == "crimes_recorded")
    assert crimes["by_force"]["WMP"] is None
    assert crimes["value"] is None
    bad = analyst.get("/api/v1/oversight/measures", {"period": "2031-Q2"})
    assert bad.status_code == 400
    assert "period" in bad.json()["errors"]
    unknown = analyst.get("/api/v1/oversight/measures", {"period": period, "force": "NOPE"})
    assert unknown.status_code == 400
    assert "force" in unknown.json()["errors"]
    own = _as(w.supervisor).get("/api/v1/oversight/measures", {"period": period}).json()
    mine = next(m for m in own["measures"] if m["measure"] == "crimes_recorded")
    assert own["suppressed"] is False
    assert mine["value"] == 1
    assert _as(w.supervisor).get("/api/v1/oversight/measures", {"period": period, "force": "MPS"}).status_code == 400
    assert _as(w.advocate).get("/api/v1/oversight/measures", {"period": period}).status_code == 403
    pub = analyst.get("/api/v1/oversight/publication", {"period": period})
    assert pub.status_code == 200
    assert pub.json()["tables"][0]["id"] == "T1"


def test_stats_command(w: World, tmp_path: Path) -> None:
    period = current_quarter(today())
    out = io.StringIO()
    call_command("stats", "--period", period, "--format", "json", stdout=out)
    document = json.loads(out.getvalue())
    assert document["period"]["key"] == period
    assert document["tables"]
    target = tmp_path / "stats.ods"
    call_command("stats", "--period", period, "--format", "ods", "--output", str(target), stderr=io.StringIO())
    assert zipfile.is_zipfile(target)
    for args, field in [
        (["--period", "2031-Q1"], "period"),
        (["--period", "2016"], "period"),
        (["--period", period, "--force", "NOPE"], "force"),
        (["--period", period, "--format", "xls"], "format"),
    ]:
        with pytest.raises(CommandError, match=f"^{field}: ") as raised:
            call_command("stats", *args, stdout=io.StringIO())
        assert raised.value.returncode == 2


def test_navigation_links_the_measures_pages(w: World) -> None:
    analyst = _as(w.analyst)
    body = analyst.get(reverse("oversight:national")).content.decode()
    nav = body.split('aria-label="Menu"')[1].split("</nav>")[0]
    for label in ("National dashboard", "Victims&#x27; Code measures", "Recommendations", "Safeguarding"):
        assert label in nav, label
    index = analyst.get(reverse("safeguarding:index")).content.decode()
    assert "Interpreter register" not in index  # the analyst may not open it
    assert "Interpreter register" in _as(w.supervisor).get(reverse("safeguarding:index")).content.decode()
    supervisor_nav = _as(w.supervisor).get(reverse("oversight:force")).content.decode()
    assert reverse("victims_code:measures") in supervisor_nav.split('aria-label="Menu"')[1].split("</nav>")[0]


def test_recommendations_monitor(w: World) -> None:
    body = _as(w.analyst).get(reverse("oversight:recommendations")).content.decode()
    assert "Consider the section 45 defence in all cases" in body
    assert "12.20" in body
    assert _as(w.supervisor).get(reverse("oversight:recommendations")).status_code == 200
    assert _as(w.advocate).get(reverse("oversight:recommendations")).status_code == 403


def test_sharing_counts_page_is_suppressed_nationally_and_exact_for_the_force(w: World) -> None:
    from tests.safeguarding import api_world as sg

    from lantern.safeguarding.models import ImmigrationShare

    share = sg.share(w)
    ImmigrationShare.objects.filter(pk=share.pk).update(status="approved")
    national = _as(w.analyst).get(reverse("safeguarding:oversight")).content.decode()
    row = national.split('data-force="WMP"')[1].split("</tr>")[0]
    assert "[c]" in row
    own = _as(w.supervisor).get(reverse("safeguarding:oversight")).content.decode()
    assert ">1<" in own.split('data-force="WMP"')[1].split("</tr>")[0]


def test_force_dashboard_lists_the_cases_chased_most(w: World) -> None:
    """Issue 11: a supervisor sees the cases chased most, in their own force, linked to the case."""
    from lantern.portal import requests

    requests.request_update(w.case, w.victim, advocate=w.advocate, message="Any news?")
    body = _as(w.supervisor).get(reverse("oversight:force")).content.decode()
    assert "Cases chased most" in body
    assert reverse("cases:detail", args=[w.case.pk]) in body
    other = _as(w.other_force_officer).get(reverse("oversight:force")).content.decode()
    assert reverse("cases:detail", args=[w.case.pk]) not in other
