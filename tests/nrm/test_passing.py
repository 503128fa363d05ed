"""Referrals that reach the right force (issue 12 item 1): recorded for a new or an existing
person, passed to another force with a reason, accepted (the referral moves with its history and
the alert follows it) or returned, linked there, and found by every reference and the name."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from tests import factories

from lantern.cases import services as case_services
from lantern.cases.lookup import lookup
from lantern.cases.models import Case, CaseReference, TimelineEvent
from lantern.core.access import AccessDenied
from lantern.core.models import AuditEntry, Force, Rank, Role, User
from lantern.nrm import passing, services, workflows
from lantern.nrm.access import get_nrm_for
from lantern.nrm.models import NrmReferral, ReferralPassing
from lantern.people.models import Person
from lantern.people.services import NameInput, NewPerson


@dataclass
class Two:
    wmp: Force
    met: Force
    wmp_spoc: User
    wmp_officer: User
    met_spoc: User
    met_officer: User


@pytest.fixture
def two(db: None) -> Two:
    wmp = factories.force("WMP", "West Midlands Police")
    met = factories.force("MPS", "Metropolitan Police Service")
    return Two(
        wmp,
        met,
        factories.user(Role.SPOC, wmp, rank=Rank.DS, username="wmpspoc"),
        factories.user(Role.INVESTIGATOR, wmp, rank=Rank.DC, username="wmpdc"),
        factories.user(Role.SPOC, met, rank=Rank.DS, username="metspoc"),
        factories.user(Role.INVESTIGATOR, met, rank=Rank.DC, username="metdc"),
    )


def _receive(actor: User, reference: str = "NRM-2026-07001", hours_ago: int = 2) -> NrmReferral:
    now = timezone.now()
    return workflows.receive_referral_for(
        actor,
        NewPerson(names=[NameInput("Ilona", "Kowalska")]),
        reference=reference,
        first_responder="Salvation Army",
        referred_at=now - timedelta(hours=hours_ago + 1),
        received_at=now - timedelta(hours=hours_ago),
    )


def _case_ids(user: User, query: str) -> set[int]:
    return {hit.case.pk for hit in lookup(user, query).cases}


def test_passed_accepted_linked_and_found_by_every_reference(two: Two) -> None:
    # WMP receives the referral for a new person and records a crime for it.
    referral = _receive(two.wmp_spoc)
    assert referral.person.display_name == "Ilona Kowalska"
    wmp_case = workflows.record_crime_for_referral(
        two.wmp_spoc, referral, case_services.NewCase(crime_reference="20/007001/26", summary="Car wash")
    )
    # The exploitation happened in London: WMP passes the referral, with the case.
    offer = passing.pass_referral(two.wmp_spoc, referral, two.met, "The exploitation happened in Croydon.")
    transfer = case_services.request_transfer(two.wmp_spoc, wmp_case, two.met, "Exploitation in Croydon")
    # The MPS SPOC sees the offer and accepts it; the referral is now MPS's.
    assert list(passing.waiting_for(two.met)) == [offer]
    moved = passing.accept_passing(two.met_spoc, offer)
    assert moved.force == two.met
    case_services.accept_transfer(two.met_spoc, transfer, "01/555001/26", two.met_officer)
    # The MPS crime already recorded for the same victim is linked once MPS holds the referral.
    met_case = factories.new_case(two.met_officer, "01/555002/26", summary="Croydon labour exploitation")
    case_services.add_party(two.met_officer, met_case, moved.person, "victim")
    services.link_referral(two.met_officer, moved, met_case)

    both = {wmp_case.pk, met_case.pk}
    assert _case_ids(two.met_officer, "NRM-2026-07001") == both
    assert _case_ids(two.met_officer, "20/007001/26") == {wmp_case.pk}  # the old crime reference
    assert _case_ids(two.met_officer, "01/555001/26") == {wmp_case.pk}  # the new one
    assert _case_ids(two.met_officer, "Ilona Kowalska") == both
    # The previous force's history is kept: the passing, the case's timeline, the audit log.
    history = list(referral.passings.all())
    assert [(p.from_force, p.to_force, p.state) for p in history] == [(two.wmp, two.met, "accepted")]
    assert history[0].passed_by == two.wmp_spoc
    assert history[0].decided_by == two.met_spoc
    wmp_steps = TimelineEvent.objects.filter(case=wmp_case, recorded_by=two.wmp_spoc)
    assert wmp_steps.filter(kind=TimelineEvent.Kind.NRM_LINKED).exists()
    assert CaseReference.objects.filter(case=wmp_case, kind=CaseReference.Kind.PREVIOUS_CRIME).exists()
    disclosure = AuditEntry.objects.get(action="disclosure", object_type="nrm.nrmreferral", object_id=str(referral.pk))
    assert "Metropolitan" in disclosure.recipients
    assert "Croydon" in disclosure.reason


def test_the_old_force_is_told_who_holds_it_never_the_victim(two: Two) -> None:
    referral = _receive(two.wmp_spoc)
    passing.accept_passing(two.met_spoc, passing.pass_referral(two.wmp_spoc, referral, two.met, "Croydon"))
    result = lookup(two.wmp_officer, "NRM-2026-07001")
    assert result.cases == []
    assert result.unlinked_referrals == []
    [held] = result.held_elsewhere
    assert held.force == two.met
    assert held.spocs == [two.met_spoc]
    assert not hasattr(held, "person")
    # The WMP officer cannot open it any more; the old force keeps no reach to the person.
    with pytest.raises(Http404, match="No referral found"):
        get_nrm_for(two.wmp_officer, referral.pk)


def test_the_alert_clock_follows_the_referral(two: Two) -> None:
    referral = _receive(two.wmp_spoc, hours_ago=30)
    assert list(services.unlinked_referrals(two.wmp)) == [referral]
    offer = passing.pass_referral(two.wmp_spoc, referral, two.met, "Exploited in London")
    assert list(services.unlinked_referrals(two.wmp)) == [referral]  # still WMP's while it waits
    passing.accept_passing(two.met_spoc, offer)
    assert list(services.unlinked_referrals(two.wmp)) == []
    assert list(services.unlinked_referrals(two.met)) == [referral]  # received 30 hours ago: overdue at once


def test_returned_with_a_reason_stays_with_the_sender(two: Two) -> None:
    referral = _receive(two.wmp_spoc)
    offer = passing.pass_referral(two.wmp_spoc, referral, two.met, "Exploited in London")
    with pytest.raises(ValidationError) as missing:
        passing.return_passing(two.met_spoc, offer, "  ")
    assert "return_reason" in missing.value.message_dict
    returned = passing.return_passing(two.met_spoc, offer, "The address is in Sandwell, not London.")
    assert returned.state == ReferralPassing.State.RETURNED
    referral.refresh_from_db()
    assert referral.force == two.wmp
    with pytest.raises(ValidationError):
        passing.accept_passing(two.met_spoc, returned)  # decided already
    # It can be passed again afterwards.
    passing.pass_referral(two.wmp_spoc, referral, two.met, "New information: Croydon after all.")


def test_bad_input_is_refused_and_nothing_is_written(two: Two) -> None:
    referral = _receive(two.wmp_spoc)
    with pytest.raises(ValidationError) as same:
        passing.pass_referral(two.wmp_spoc, referral, two.wmp, "Ours")
    assert "already holds" in same.value.message_dict["to_force"][0]
    with pytest.raises(ValidationError) as no_reason:
        passing.pass_referral(two.wmp_spoc, referral, two.met, "")
    assert "reason" in no_reason.value.message_dict
    with pytest.raises(AccessDenied):
        passing.pass_referral(two.met_spoc, referral, two.met, "Not yours to pass")
    assert not ReferralPassing.objects.exists()

    offer = passing.pass_referral(two.wmp_spoc, referral, two.met, "Exploited in London")
    with pytest.raises(ValidationError):
        passing.pass_referral(two.wmp_spoc, referral, two.met, "Twice")
    for not_their_spoc in (two.wmp_spoc, two.met_officer):
        with pytest.raises(AccessDenied):
            passing.accept_passing(not_their_spoc, offer)
    offer.refresh_from_db()
    referral.refresh_from_db()
    assert offer.state == ReferralPassing.State.OFFERED
    assert referral.force == two.wmp
    # A case in the other force cannot be linked until that force holds the referral.
    met_case = factories.new_case(two.met_officer, "01/555003/26")
    with pytest.raises(AccessDenied):
        services.link_referral(two.met_officer, referral, met_case)
    assert not referral.cases.exists()


def test_a_refused_referral_for_a_new_person_leaves_no_person(two: Two) -> None:
    _receive(two.wmp_spoc)
    before = Person.objects.count()
    with pytest.raises(ValidationError):
        _receive(two.wmp_officer)  # the same NRM reference again
    assert Person.objects.count() == before


def test_an_existing_person_and_a_duty_to_notify(two: Two) -> None:
    known = factories.person("Tomasz", "Nowak")
    case = factories.new_case(two.wmp_officer, "20/007010/26")
    case_services.add_party(two.wmp_officer, case, known, "victim")
    referral = workflows.receive_referral_for(
        two.wmp_officer, known, reference="NRM-2026-07010", first_responder="LA", referred_at=timezone.now()
    )
    assert referral.person == known
    dtn = services.record_duty_to_notify(
        two.wmp_officer, reference="DTN-2026-0100", notified_at=timezone.now(), exploitation_types=["labour"]
    )
    assert dtn.force == two.wmp
    assert dtn.person is None
    with pytest.raises(ValidationError):
        services.record_duty_to_notify(
            two.wmp_officer, reference="DTN-2026-0100", notified_at=timezone.now(), exploitation_types=[]
        )
    assert Case.objects.count() == 1
