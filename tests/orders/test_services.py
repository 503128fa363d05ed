"""Orders services end to end on the test world: recording, the notification duty and its
escalation, the move to another force, reviews, court decisions, breaches, access and audit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from tests.factories import World, build_world, force, user
from tests.orders import world as ow

from lantern.cases.models import CaseParty, Offence, TimelineEvent
from lantern.core.access import AccessDenied
from lantern.core.models import AuditEntry, Rank, Role
from lantern.notify.models import OutboxMessage
from lantern.orders import movement, services
from lantern.orders import sweep as order_sweep
from lantern.orders.access import get_order_for, visible_orders
from lantern.orders.models import Order, OrderDuty, OrderOffer, StatutoryRule
from lantern.victims_code.sweep import run_sweep

pytestmark = pytest.mark.django_db


@pytest.fixture
def w() -> World:
    return build_world()


def test_statutory_figures_are_loaded_as_data() -> None:
    rows = {r.kind: r for r in StatutoryRule.objects.all()}
    assert rows["stpo_conviction"].minimum_years == 5
    assert rows["stpo_conviction"].discharge_protected_years == 5
    assert rows["stro"].minimum_years == 2
    assert rows["stro"].discharge_protected_years is None
    assert rows["interim_stpo"].fixed_period_required
    assert rows["interim_stpo"].minimum_years is None
    assert all("domain.md" in r.source for r in rows.values())


def test_an_order_made_elsewhere_is_managed_where_the_person_lives(w: World) -> None:
    order = ow.granted(w)
    assert order.applicant_force == w.met
    assert order.managing_force == w.wmp
    duties = {d.kind: d for d in order.duties.all()}
    made = ow.today() - dt.timedelta(days=30)
    assert duties["notification"].due_on == made + dt.timedelta(days=3)
    assert duties["notification"].owner == w.oic
    assert duties["review"].due_on > made
    # Both forces see it; only the managing force may change it.
    assert get_order_for(w.other_force_officer, order.pk) == order
    assert get_order_for(w.supervisor, order.pk) == order
    with pytest.raises(AccessDenied):
        services.add_prohibition(w.other_force_officer, order, kind="prohibition", text="No gangmaster work")
    services.add_prohibition(w.oic, order, kind="prohibition", text="No gangmaster work")
    # The case it arose from says so; every change is audited.
    assert TimelineEvent.objects.filter(case=w.other_case, summary__contains=f"STPO {order.pk}").exists()
    assert AuditEntry.objects.filter(object_type="orders.order", object_id=str(order.pk)).count() >= 2


@pytest.mark.parametrize("persona", ["frontline", "advocate", "cps", "analyst", "force_admin"])
def test_no_orders_for_roles_outside_force_policing(w: World, persona: str) -> None:
    ow.granted(w)
    assert not visible_orders(getattr(w, persona)).exists()


def test_a_third_force_does_not_see_it(w: World) -> None:
    order = ow.granted(w)
    stranger = user(Role.SUPERVISOR, force("GMP", "Greater Manchester Police"), rank=Rank.DI)
    with pytest.raises(Http404):
        get_order_for(stranger, order.pk)


def test_too_short_and_bad_dates_are_refused_by_field(w: World) -> None:
    made = ow.today() - dt.timedelta(days=10)
    with pytest.raises(ValidationError) as exc:
        ow.granted(w, reference="SHORT", made_on=made, ends_on=made + dt.timedelta(days=4 * 365))
    assert "ends_on" in exc.value.message_dict
    order = ow.granted(w)
    with pytest.raises(ValidationError) as exc:
        services.add_prohibition(
            w.oic, order, kind="prohibition", text="x", starts_on=ow.made_on(order) - dt.timedelta(1)
        )
    assert "starts_on" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.record_notification(
            w.oic,
            order,
            kind="initial",
            names="D Volkov",
            address="1 High St",
            address_force=w.wmp,
            notified_on=ow.made_on(order) - dt.timedelta(days=1),
        )
    assert "notified_on" in exc.value.message_dict


def test_notification_on_time_meets_the_duty(w: World) -> None:
    order = ow.granted(w)
    note = services.record_notification(
        w.oic,
        order,
        kind="initial",
        names="Dmitri Volkov",
        address="1 High St",
        address_force=w.wmp,
        notified_on=ow.made_on(order) + dt.timedelta(days=3),
    )
    assert not note.late
    assert order.duties.get(kind="notification").state == OrderDuty.State.MET


def test_a_missed_notification_is_overdue_and_escalated_by_the_sweep(w: World) -> None:
    order = ow.granted(w)
    run_sweep(backfill_limit=0)
    duty = order.duties.get(kind="notification")
    assert duty.escalation_level == 1
    assert duty.escalated_to == w.supervisor
    assert OutboxMessage.objects.filter(idempotency_key__startswith=f"order-escalation:{w.supervisor.pk}:").exists()
    result = run_sweep(backfill_limit=0)  # idempotent
    assert result.other_escalated[order_sweep.REPORT_LINE] == 0
    # Late notification: met late, marked late.
    note = services.record_notification(
        w.oic,
        order,
        kind="initial",
        names="Dmitri Volkov",
        address="1 High St",
        address_force=w.wmp,
        notified_on=ow.today(),
    )
    assert note.late
    assert order.duties.get(kind="notification").state == OrderDuty.State.MET_LATE


def test_a_move_offers_the_order_and_the_old_force_keeps_read_access(w: World) -> None:
    order = ow.granted(w)
    services.record_notification(
        w.oic,
        order,
        kind="change",
        names="Dmitri Volkov",
        address="5 Baker St, London",
        address_force=w.met,
        notified_on=ow.today(),
        changed_on=ow.today(),
    )
    offer = OrderOffer.objects.get(order=order, state=OrderOffer.State.OFFERED)
    assert offer.from_force == w.wmp
    assert offer.to_force == w.met
    with pytest.raises(AccessDenied):
        movement.accept_offer(w.other_force_officer, offer, w.other_force_officer)  # an investigator, not a SPOC
    met_spoc = user(Role.SPOC, w.met, rank=Rank.DS)
    movement.accept_offer(met_spoc, offer, w.other_force_officer)
    order.refresh_from_db()
    assert order.managing_force == w.met
    assert order.managing_officer == w.other_force_officer
    assert not order.duties.filter(state="open").exclude(owner=w.other_force_officer).exists()
    assert get_order_for(w.oic, order.pk) == order  # WMP held it: read access stays
    with pytest.raises(AccessDenied):
        services.add_prohibition(w.oic, order, kind="prohibition", text="x")


def test_declining_an_offer_needs_a_reason(w: World) -> None:
    offer = ow.mps_offer(w)
    with pytest.raises(ValidationError) as exc:
        movement.decline_offer(w.spoc, offer, "")
    assert "note" in exc.value.message_dict
    movement.decline_offer(w.spoc, offer, "He is in prison in Birmingham; MPS keeps it")
    offer.refresh_from_db()
    assert offer.state == OrderOffer.State.DECLINED


def test_review_meets_the_duty_and_schedules_the_next(w: World) -> None:
    order = ow.granted(w)
    review = services.record_review(w.oic, order, reviewed_on=ow.today(), summary="Compliant; risk unchanged")
    assert order.duties.filter(kind="review", state="met").count() == 1
    assert order.duties.get(kind="review", state="open").due_on == review.next_review_on


def test_discharge_inside_the_protected_period_needs_both_consents(w: World) -> None:
    order = ow.granted(w)
    with pytest.raises(ValidationError) as exc:
        services.record_court_decision(
            w.oic,
            order,
            kind="discharge",
            decided_on=ow.today(),
            court="Southwark",
            summary="Discharged",
            defendant_consent=True,
        )
    assert set(exc.value.message_dict) == {"chief_officer_consent"}
    services.record_court_decision(
        w.oic,
        order,
        kind="discharge",
        decided_on=ow.today(),
        court="Southwark",
        summary="Discharged",
        defendant_consent=True,
        chief_officer_consent=True,
    )
    order.refresh_from_db()
    assert order.state == Order.State.DISCHARGED
    assert not order.duties.filter(state="open").exists()


def test_renewal_sets_a_new_end_at_least_the_minimum(w: World) -> None:
    order = ow.granted(w)
    with pytest.raises(ValidationError) as exc:
        services.record_court_decision(
            w.oic,
            order,
            kind="renewal",
            decided_on=ow.today(),
            court="Southwark",
            summary="Renewed",
            new_ends_on=ow.today() + dt.timedelta(days=365),
        )
    assert "new_ends_on" in exc.value.message_dict


def test_a_breach_opens_a_linked_s30_case_and_tells_both_forces(w: World) -> None:
    order = ow.granted(w)
    breach = movement.record_breach(
        w.oic, order, occurred_on=ow.today(), summary="Seen running a car wash", crime_reference="20/777001/26"
    )
    case = breach.case
    assert case.force == w.wmp
    assert breach.force == w.wmp
    assert Offence.objects.filter(case=case, legislation=Offence.Legislation.MSA_S30).exists()
    assert CaseParty.objects.filter(case=case, person=w.suspect, role="suspect").exists()
    assert order.cases.filter(pk=case.pk).exists()
    keys = set(OutboxMessage.objects.filter(purpose="order_breach").values_list("idempotency_key", flat=True))
    assert f"order-breach:{breach.pk}:{w.oic.pk}" in keys  # the managing officer
    assert f"order-breach:{breach.pk}:{w.spoc.pk}" in keys  # WMP's lead (its first SPOC); MPS has no SPOC here


def test_a_breach_before_the_order_is_refused(w: World) -> None:
    order = ow.granted(w)
    with pytest.raises(ValidationError) as exc:
        movement.record_breach(
            w.oic,
            order,
            occurred_on=ow.made_on(order) - dt.timedelta(days=1),
            summary="x",
            crime_reference="20/777002/26",
        )
    assert "occurred_on" in exc.value.message_dict


def test_application_from_draft_to_decision_and_interim_ends(w: World) -> None:
    main = ow.draft(w)
    services.submit_application(w.oic, main, ow.today() - dt.timedelta(days=20))
    interim = services.create_order(
        w.oic,
        services.NewOrder(
            kind="interim_stro",
            subject=w.suspect,
            managing_force=w.wmp,
            managing_officer=w.oic,
            court="Birmingham Magistrates' Court",
            state=Order.State.GRANTED,
            main_order=main,
            made_on=ow.today() - dt.timedelta(days=19),
            ends_on=ow.today() + dt.timedelta(days=60),
        ),
    )
    services.decide_application(
        w.oic, main, granted=True, decided_on=ow.today(), ends_on=ow.today() + dt.timedelta(days=3 * 365)
    )
    main.refresh_from_db()
    interim.refresh_from_db()
    assert main.state == Order.State.GRANTED
    assert interim.state == Order.State.ENDED
    refused = services.create_order(
        w.oic,
        services.NewOrder(
            kind="stpo_application",
            subject=w.suspect,
            managing_force=w.wmp,
            managing_officer=w.oic,
            court="Birmingham Magistrates' Court",
            state=Order.State.APPLIED,
            applied_on=ow.today(),
        ),
    )
    services.decide_application(w.oic, refused, granted=False, decided_on=ow.today())
    refused.refresh_from_db()
    assert refused.state == Order.State.REFUSED
    assert not refused.duties.exists()
