"""Corrections through the pages (issue 16, item 4): a transfer request withdrawn before it is
decided, and refused with a clear message once decided."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from tests.web.conftest import WebWorld

from lantern.cases import services
from lantern.cases.models import TimelineEvent, Transfer


def test_a_transfer_request_is_withdrawn_before_it_is_decided(web: WebWorld, client: Client) -> None:
    transfer = services.request_transfer(web.oic, web.case, web.met, "Exploitation was in London")
    client.force_login(web.oic)
    url = reverse("cases:transfer", args=[transfer.pk])
    page = client.get(url).content.decode()
    assert "Withdraw the transfer request" in page
    response = client.post(url, {"action": "withdraw"})
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:ownership", args=[web.case.pk])
    transfer.refresh_from_db()
    assert transfer.state == Transfer.State.WITHDRAWN
    assert transfer.decided_by == web.oic
    assert TimelineEvent.objects.filter(case=web.case, summary__startswith="Transfer request to").exists()
    assert "Withdraw the transfer request" not in client.get(url).content.decode()


def test_withdrawing_a_decided_transfer_is_refused_with_a_clear_message(web: WebWorld, client: Client) -> None:
    transfer = services.request_transfer(web.other_force_officer, web.other_case, web.wmp, "Moved to Birmingham")
    services.decline_transfer(web.spoc, transfer, "Not our area")
    client.force_login(web.other_force_officer)
    response = client.post(reverse("cases:transfer", args=[transfer.pk]), {"action": "withdraw"})
    assert response.status_code == 400
    assert "already declined, so it can no longer be withdrawn" in response.content.decode()
    transfer.refresh_from_db()
    assert transfer.state == Transfer.State.DECLINED


def test_only_the_sending_force_withdraws(web: WebWorld, client: Client) -> None:
    transfer = services.request_transfer(web.other_force_officer, web.other_case, web.wmp, "Moved to Birmingham")
    client.force_login(web.spoc)  # the receiving force decides; it does not withdraw
    assert (
        "Withdraw the transfer request"
        not in client.get(reverse("cases:transfer", args=[transfer.pk])).content.decode()
    )
    assert client.post(reverse("cases:transfer", args=[transfer.pk]), {"action": "withdraw"}).status_code == 403
    transfer.refresh_from_db()
    assert transfer.state == Transfer.State.REQUESTED


def test_a_person_is_added_to_an_existing_case_from_its_people_tab(web: WebWorld, client: Client) -> None:
    client.force_login(web.oic)
    people = client.get(reverse("cases:people", args=[web.case.pk])).content.decode()
    assert reverse("cases:add_person", args=[web.case.pk]) in people
    url = reverse("cases:add_person", args=[web.case.pk])
    bad = client.post(url, {"given_names": "", "family_name": "", "role": ""})
    assert bad.status_code == 400
    body = bad.content.decode()
    assert "Enter a name, even a nickname" in body
    assert "Select their role in the case" in body
    ok = client.post(url, {"given_names": "Andris", "family_name": "Kalniņš", "role": "witness"})
    assert ok.status_code == 302
    assert ok["Location"] == reverse("cases:people", args=[web.case.pk])
    party = web.case.parties.get(role="witness")
    assert party.person.display_name.startswith("Andris")
    assert "Andris" in client.get(reverse("cases:people", args=[web.case.pk])).content.decode()


def test_an_advocate_cannot_add_a_person(web: WebWorld, client: Client) -> None:
    client.force_login(web.advocate)
    assert (
        reverse("cases:add_person", args=[web.case.pk])
        not in client.get(reverse("cases:people", args=[web.case.pk])).content.decode()
    )
    refused = client.post(reverse("cases:add_person", args=[web.case.pk]), {"given_names": "X", "role": "witness"})
    assert refused.status_code in (403, 404)
    assert not web.case.parties.filter(role="witness").exists()
