"""Exactly one accountable officer at every moment; handovers and transfers keep history."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from tests.factories import build_world, team, user

from lantern.cases import services
from lantern.cases.access import visible_cases
from lantern.cases.lookup import lookup
from lantern.cases.models import CaseReference, Handover, TimelineEvent
from lantern.core.access import AccessDenied
from lantern.core.models import Role


@pytest.mark.django_db
def test_handover_takes_effect_only_when_accepted() -> None:
    w = build_world()
    handover = services.offer_handover(w.oic, w.case, w.colleague, "Going on long leave")
    w.case.refresh_from_db()
    assert w.case.officer_in_charge == w.oic  # still accountable until accepted
    services.accept_handover(w.colleague, handover)
    w.case.refresh_from_db()
    assert w.case.officer_in_charge == w.colleague
    kinds = list(w.case.timeline.values_list("kind", flat=True))
    assert TimelineEvent.Kind.HANDOVER_OFFERED in kinds
    assert TimelineEvent.Kind.HANDOVER_ACCEPTED in kinds


@pytest.mark.django_db
def test_only_the_named_officer_can_accept() -> None:
    w = build_world()
    handover = services.offer_handover(w.oic, w.case, w.colleague, "Workload")
    with pytest.raises(AccessDenied):
        services.accept_handover(w.supervisor, handover)


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["frontline", "force_admin", "other_force_officer", "advocate"])
def test_handover_to_someone_who_cannot_hold_cases_is_refused(target: str) -> None:
    w = build_world()
    with pytest.raises(ValidationError) as err:
        services.offer_handover(w.oic, w.case, getattr(w, target), "Because")
    assert "to_officer" in err.value.message_dict


@pytest.mark.django_db
def test_handover_needs_a_reason_and_only_one_can_wait() -> None:
    w = build_world()
    with pytest.raises(ValidationError, match="why"):
        services.offer_handover(w.oic, w.case, w.colleague, "  ")
    services.offer_handover(w.oic, w.case, w.colleague, "Leave")
    with pytest.raises(ValidationError, match="already has a handover waiting"):
        services.offer_handover(w.oic, w.case, w.supervisor, "Leave")


@pytest.mark.django_db
def test_declined_handover_leaves_the_officer_and_needs_a_reason() -> None:
    w = build_world()
    handover = services.offer_handover(w.oic, w.case, w.colleague, "Leave")
    with pytest.raises(ValidationError):
        services.decline_handover(w.colleague, handover, "")
    services.decline_handover(w.colleague, handover, "I am on a murder enquiry")
    w.case.refresh_from_db()
    assert w.case.officer_in_charge == w.oic
    assert Handover.objects.get(pk=handover.pk).state == Handover.State.DECLINED


@pytest.mark.django_db
def test_colleague_who_is_not_in_charge_cannot_hand_the_case_over() -> None:
    w = build_world()
    with pytest.raises(AccessDenied):
        services.offer_handover(w.colleague, w.case, w.colleague, "I want it")


@pytest.mark.django_db
def test_transfer_keeps_history_and_the_old_reference_still_finds_the_case() -> None:
    w = build_world()
    met_supervisor = user(Role.SUPERVISOR, w.met, rank="DI", team_obj=team(w.met))
    events_before = w.case.timeline.count()
    transfer = services.request_transfer(w.oic, w.case, w.met, "Victim now lives in London")
    # The receiving force can see the case while it decides.
    assert visible_cases(met_supervisor).filter(pk=w.case.pk).exists()
    services.accept_transfer(met_supervisor, transfer, "01/555123/26", w.other_force_officer)
    w.case.refresh_from_db()
    assert w.case.force == w.met
    assert w.case.officer_in_charge == w.other_force_officer
    assert w.case.timeline.count() == events_before + 2
    kinds = dict(w.case.references.values_list("value", "kind"))
    assert kinds == {"20/000123/26": CaseReference.Kind.PREVIOUS_CRIME, "01/555123/26": CaseReference.Kind.CRIME}
    for query in ("20/000123/26", "WMP 20-000123-26", "MPS0155512326"):
        result = lookup(w.other_force_officer, query)
        assert [h.case.pk for h in result.cases] == [w.case.pk], query
    # The old force no longer sees it (no share was recorded).
    assert not visible_cases(w.oic).filter(pk=w.case.pk).exists()


@pytest.mark.django_db
def test_transfer_refused_with_duplicate_reference_in_the_receiving_force() -> None:
    w = build_world()
    met_supervisor = user(Role.SUPERVISOR, w.met, rank="DI", team_obj=team(w.met))
    transfer = services.request_transfer(w.oic, w.case, w.met, "Moved")
    with pytest.raises(ValidationError, match="already has a case"):
        services.accept_transfer(met_supervisor, transfer, "01-987654-26", w.other_force_officer)


@pytest.mark.django_db
def test_duplicate_crime_reference_in_same_force_is_refused_but_allowed_in_another() -> None:
    w = build_world()
    with pytest.raises(ValidationError, match="West Midlands Police already has a case"):
        services.record_case(w.oic, services.NewCase(crime_reference="20 000123 26"))
    services.record_case(w.other_force_officer, services.NewCase(crime_reference="20/000123/26"))


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["", "   ", "NO-DIGITS", "x" * 41, "20/12<script>"])
def test_malformed_crime_reference_is_refused_with_a_reason(bad: str) -> None:
    w = build_world()
    with pytest.raises(ValidationError) as err:
        services.record_case(w.oic, services.NewCase(crime_reference=bad))
    assert err.value.message_dict["crime_reference"][0]


@pytest.mark.django_db
def test_concurrent_edit_second_save_is_refused_and_first_is_kept() -> None:
    from lantern.core.errors import Conflict

    w = build_world()
    version = w.case.version
    services.edit_case(w.oic, w.case, expected_version=version, summary="First officer's text", status="investigating")
    with pytest.raises(Conflict):
        services.edit_case(w.colleague, w.case, expected_version=version, summary="Second text", status="recorded")
    w.case.refresh_from_db()
    assert w.case.summary == "First officer's text"
    assert w.case.history.count() >= 2  # versions kept
