"""Ownership through the pages: a handover offered and accepted changes the officer in charge and
shows on the timeline; declines and withdrawals; transfers between forces; sharing; bad input."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from tests import factories
from tests.web.conftest import WebWorld

from lantern.cases import services
from lantern.cases.models import Case, CaseShare, Handover, Transfer


def offer(client: Client, web: WebWorld, to: int | str, reason: str = "Going on leave") -> object:
    return client.post(
        reverse("cases:ownership", args=[web.case.pk]),
        {
            "action": "offer",
            "handover-to_officer": str(to),
            "handover-reason": reason,
        },
    )


def test_handover_offer_and_accept_through_the_pages(web: WebWorld, client: Client) -> None:
    client.force_login(web.oic)
    page = client.get(reverse("cases:ownership", args=[web.case.pk])).content.decode()
    ownership = page.split('id="handover-to_officer"')[1].split("</select>")[0]
    assert f'<option value="{web.colleague.pk}"' in ownership
    assert f'<option value="{web.frontline.pk}"' not in ownership  # cannot hold cases
    assert f'<option value="{web.other_force_officer.pk}"' not in ownership  # another force
    response = offer(client, web, web.colleague.pk)
    assert response.status_code == 302  # type: ignore[attr-defined]
    page = client.get(reverse("cases:ownership", args=[web.case.pk])).content.decode()
    assert escape(f"Handover offered to {web.colleague.display_name}") in page
    assert Case.objects.get(pk=web.case.pk).officer_in_charge == web.oic  # still accountable

    client.force_login(web.colleague)
    my_cases = client.get(reverse("cases:my_cases")).content.decode()
    handover = Handover.objects.get(case=web.case, state="offered")
    assert reverse("cases:handover", args=[handover.pk]) in my_cases
    decide = client.get(reverse("cases:handover", args=[handover.pk])).content.decode()
    assert "Accept the case" in decide
    assert "Going on leave" in decide
    response = client.post(reverse("cases:handover", args=[handover.pk]), {"action": "accept"})
    assert response.status_code == 302
    detail = client.get(response["Location"]).content.decode()
    header = detail.split('id="officer-in-charge"')[1].split("</dd>")[0]
    assert escape(web.colleague.display_name) in header
    assert web.colleague.phone in header
    assert Case.objects.get(pk=web.case.pk).officer_in_charge == web.colleague
    timeline = client.get(reverse("cases:timeline", args=[web.case.pk])).content.decode()
    assert "Handover offered" in timeline
    assert escape(f"Officer in charge changed from {web.oic.display_name} to {web.colleague.display_name}") in timeline


def test_decline_needs_a_reason_and_keeps_the_officer(web: WebWorld, client: Client) -> None:
    handover = services.offer_handover(web.oic, web.case, web.colleague, "Leave")
    client.force_login(web.colleague)
    url = reverse("cases:handover", args=[handover.pk])
    empty = client.post(url, {"action": "decline", "decline-note": "  "})
    assert empty.status_code == 400
    assert "Say why you are declining" in empty.content.decode()
    done = client.post(url, {"action": "decline", "decline-note": "Already carrying twelve cases"})
    assert done.status_code == 302
    handover.refresh_from_db()
    assert handover.state == "declined"
    assert Case.objects.get(pk=web.case.pk).officer_in_charge == web.oic


def test_only_the_named_officer_can_accept_and_a_decided_handover_cannot_be_accepted(
    web: WebWorld, client: Client
) -> None:
    handover = services.offer_handover(web.oic, web.case, web.colleague, "Leave")
    client.force_login(web.supervisor)
    assert client.post(reverse("cases:handover", args=[handover.pk]), {"action": "accept"}).status_code == 403
    services.withdraw_handover(web.oic, handover)
    client.force_login(web.colleague)
    response = client.post(reverse("cases:handover", args=[handover.pk]), {"action": "accept"})
    assert response.status_code == 400
    assert "This handover was already withdrawn." in response.content.decode()
    assert Case.objects.get(pk=web.case.pk).officer_in_charge == web.oic


def test_withdraw_through_the_page(web: WebWorld, client: Client) -> None:
    handover = services.offer_handover(web.oic, web.case, web.colleague, "Leave")
    client.force_login(web.oic)
    response = client.post(reverse("cases:handover", args=[handover.pk]), {"action": "withdraw"})
    assert response.status_code == 302
    handover.refresh_from_db()
    assert handover.state == "withdrawn"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"action": "offer", "handover-to_officer": "", "handover-reason": "x"},
            "Choose the officer to hand the case to",
        ),
        (
            {"action": "offer", "handover-to_officer": "999999", "handover-reason": "x"},
            "Choose an officer of this force",
        ),
        ({"action": "offer", "handover-to_officer": "abc", "handover-reason": "x"}, "Choose an officer of this force"),
        (
            {"action": "offer", "handover-to_officer": "COLLEAGUE", "handover-reason": ""},
            "Say why the case is being handed over",
        ),
        (
            {"action": "transfer", "transfer-to_force": "", "transfer-reason": "x"},
            "Choose the force to transfer the case to",
        ),
        ({"action": "transfer", "transfer-to_force": "OWN", "transfer-reason": "x"}, "Choose another force"),
        (
            {"action": "share", "share-force": "MET", "share-reason": " "},
            "Say why the other force needs to see this case",
        ),
    ],
)
def test_bad_ownership_input_shows_errors(web: WebWorld, client: Client, data: dict[str, str], message: str) -> None:
    swap = {"COLLEAGUE": str(web.colleague.pk), "OWN": str(web.wmp.pk), "MET": str(web.met.pk)}
    client.force_login(web.oic)
    response = client.post(reverse("cases:ownership", args=[web.case.pk]), {k: swap.get(v, v) for k, v in data.items()})
    body = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in body
    assert message in body


def test_someone_who_cannot_manage_ownership_is_refused(web: WebWorld, client: Client) -> None:
    client.force_login(web.colleague)
    page = client.get(reverse("cases:ownership", args=[web.case.pk])).content.decode()
    assert "Offer the handover" not in page
    response = offer(client, web, web.colleague.pk)
    assert response.status_code == 403  # type: ignore[attr-defined]
    assert not Handover.objects.filter(case=web.case).exists()


def test_share_with_another_force(web: WebWorld, client: Client) -> None:
    client.force_login(web.oic)
    response = client.post(
        reverse("cases:ownership", args=[web.case.pk]),
        {
            "action": "share",
            "share-force": str(web.met.pk),
            "share-reason": "Suspect lives in London",
        },
    )
    assert response.status_code == 302
    assert CaseShare.objects.filter(case=web.case, force=web.met).exists()
    client.force_login(web.other_force_officer)
    assert client.get(reverse("cases:detail", args=[web.case.pk])).status_code == 200
    # Seeing a shared case is not holding it: the other force cannot change it.
    assert client.get(reverse("cases:edit", args=[web.case.pk])).status_code == 403


def test_transfer_requested_and_accepted_through_the_pages(web: WebWorld, client: Client) -> None:
    client.force_login(web.oic)
    response = client.post(
        reverse("cases:ownership", args=[web.case.pk]),
        {
            "action": "transfer",
            "transfer-to_force": str(web.met.pk),
            "transfer-reason": "Exploitation was in London",
        },
    )
    assert response.status_code == 302
    transfer = Transfer.objects.get(case=web.case, state="requested")
    met_supervisor = factories.user("supervisor", web.met, rank="DI", team_obj=factories.team(web.met))
    client.force_login(met_supervisor)
    assert reverse("cases:transfer", args=[transfer.pk]) in client.get(reverse("cases:my_cases")).content.decode()
    url = reverse("cases:transfer", args=[transfer.pk])
    bad = client.post(url, {"action": "accept", "accept-new_crime_reference": "", "accept-new_officer": ""})
    assert bad.status_code == 400
    assert "Enter your force&#x27;s crime reference" in bad.content.decode()
    wrong_officer = client.post(
        url,
        {"action": "accept", "accept-new_crime_reference": "01/000001/26", "accept-new_officer": str(web.colleague.pk)},
    )
    assert wrong_officer.status_code == 400
    ok = client.post(
        url,
        {
            "action": "accept",
            "accept-new_crime_reference": "01/000001/26",
            "accept-new_officer": str(web.other_force_officer.pk),
        },
    )
    assert ok.status_code == 302
    case = Case.objects.get(pk=web.case.pk)
    assert (case.force, case.officer_in_charge) == (web.met, web.other_force_officer)
    body = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "MPS 01/000001/26" in body
    assert "WMP 20/000123/26" in body


def test_transfer_decline_needs_a_reason(web: WebWorld, client: Client) -> None:
    transfer = services.request_transfer(web.other_force_officer, web.other_case, web.wmp, "Moved to Birmingham")
    client.force_login(web.spoc)
    url = reverse("cases:transfer", args=[transfer.pk])
    assert client.post(url, {"action": "decline", "decline-note": ""}).status_code == 400
    assert client.post(url, {"action": "decline", "decline-note": "Not our area"}).status_code == 302
    transfer.refresh_from_db()
    assert transfer.state == "declined"
    client.force_login(web.oic)  # not a supervisor or SPOC: cannot decide
    other = services.request_transfer(web.other_force_officer, web.other_case, web.wmp, "Again")
    refused = client.post(reverse("cases:transfer", args=[other.pk]), {"action": "decline", "decline-note": "x"})
    assert refused.status_code == 403
