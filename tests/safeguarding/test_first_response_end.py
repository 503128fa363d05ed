"""Issue 10 item 1: the first response to the end. Check your answers shows every answer (dates
as "12 March 1994"), catches a date of birth that contradicts the age answer, checks the crime
reference against the force's cases; once sent, the referral's answers as a printable page and a
PDF, the online form linked, and the next steps (record the crime prefilled, view, start another).
Drafts are listed by the person's name."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from tests.factories import build_world
from tests.safeguarding.api_world import COMPLETE_ADULT

from lantern.core.models import AuditEntry
from lantern.safeguarding import rules
from lantern.safeguarding.first_response import services, summary

pytestmark = pytest.mark.django_db


def test_a_date_of_birth_contradicting_the_age_answer_is_caught() -> None:
    today = date(2026, 11, 30)
    clash = rules.age_contradiction(rules.UNDER_18, "1994-03-12", today)
    assert clash is not None
    assert "32" in clash.label
    assert rules.age_contradiction(rules.ADULT, "2012-01-01", today) is not None
    assert rules.age_contradiction(rules.ADULT, "1994-03-12", today) is None
    assert rules.age_contradiction(rules.NOT_SURE, "1994-03-12", today) is None
    assert rules.age_contradiction(rules.UNDER_18, "2009-12-01", today) is None  # 17 until tomorrow's year


def test_check_your_answers_shows_every_answer_and_the_contradiction() -> None:
    w = build_world()
    fr = services.start(w.frontline)
    services.update(w.frontline, fr, {**COMPLETE_ADULT, "date_of_birth": "1994-03-12", "exploiters": "Two brothers"})
    client = Client()
    client.force_login(w.frontline)
    page = client.get(reverse("safeguarding:check", args=[fr.pk])).content.decode()
    for shown in ("12 March 1994", "Latvia", "Female", "Two brothers", "West Midlands", "Other potential victims"):
        assert shown in page, shown
    assert "No case of your force has the crime reference" in page
    services.update(w.frontline, fr, {"age_now": "under_18", "under_18_at_exploitation": "yes"})
    page = client.get(reverse("safeguarding:check", args=[fr.pk])).content.decode()
    assert "you said they are under 18" in page
    assert client.post(reverse("safeguarding:check", args=[fr.pk]), {"reference": "NRM-X-1"}).status_code == 400
    index = client.get(reverse("safeguarding:index")).content.decode()
    assert "Ilze Ozola" in index


@override_settings(LANTERN_NRM_ONLINE_FORM_URL="https://forms.example.test/nrm")
def test_once_sent_the_referral_prints_and_the_next_steps_are_offered() -> None:
    w = build_world()
    fr = services.start(w.frontline)
    services.update(w.frontline, fr, COMPLETE_ADULT)
    services.complete(w.frontline, fr, "NRM-2026-000042")
    client = Client()
    client.force_login(w.frontline)
    done = client.get(reverse("safeguarding:done", args=[fr.pk])).content.decode()
    assert "https://forms.example.test/nrm" in done
    assert "Record the crime now" in done
    assert f'href="{reverse("cases:new")}"' in done  # a frontline officer records it on the new-case page
    assert "car wash" not in done.split("Record the crime now")[0].lower()  # no account in any address
    assert reverse("safeguarding:referral", args=[fr.pk]) in done
    assert "Start another" in done
    new_case = client.get(reverse("cases:new")).content.decode()
    assert 'value="20/000777/26"' in new_case  # the answers come through the session, once
    assert 'value="20/000777/26"' not in client.get(reverse("cases:new")).content.decode()
    printable = client.get(reverse("safeguarding:referral", args=[fr.pk])).content.decode()
    assert "27 March 1994" in printable
    assert "About the potential victim" in printable
    pdf = client.get(reverse("safeguarding:referral_pdf", args=[fr.pk]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert AuditEntry.objects.filter(detail="NRM referral answers read").count() == 2


def test_long_date() -> None:
    assert summary.long_date("1994-03-12") == "12 March 1994"
    assert summary.long_date("not a date") == "not a date"


def test_an_officer_who_handles_nrm_records_the_crime_joined_to_the_referral() -> None:
    w = build_world()
    fr = services.start(w.oic)
    services.update(w.oic, fr, COMPLETE_ADULT)
    services.complete(w.oic, fr, "NRM-2026-000043")
    fr.refresh_from_db()
    assert fr.nrm_referral is not None
    client = Client()
    client.force_login(w.oic)
    done = client.get(reverse("safeguarding:done", args=[fr.pk])).content.decode()
    target = reverse("nrm:record_crime", args=[fr.nrm_referral.pk])
    assert f'href="{target}"' in done
    form = client.get(target).content.decode()
    assert 'value="20/000777/26"' in form
    recorded = client.post(
        target, {"crime_reference": "20/000777/26", "summary": "Car wash", "exploitation_types": ["labour"]}
    )
    assert recorded.status_code == 302
    assert fr.nrm_referral.cases.filter(crime_reference="20/000777/26").exists()
