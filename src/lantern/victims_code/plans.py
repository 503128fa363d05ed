"""Contact plans (how and how often a victim wants to hear; "no news" is news) and the victim's
contact details (encrypted; protected ones shown only with a reason, which is audited)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q, QuerySet
from simple_history.utils import bulk_create_with_history

from lantern.cases import services as case_services
from lantern.cases.access import is_case_police, standing_consent
from lantern.cases.models import Case, TimelineEvent
from lantern.core import audit, clock, crypto, validators
from lantern.core.access import AccessDenied
from lantern.core.errors import invalid
from lantern.core.models import User
from lantern.people.models import Person
from lantern.victims_code import rules
from lantern.victims_code.code import holds_case, working_calendar
from lantern.victims_code.models import Channel, ContactPlan, Duty, DutyKind, VictimContactDetails
from lantern.victims_code.services import enhanced_rights
from lantern.victims_code.victims import check_victim
from lantern.victims_code.working_days import LONDON, WorkingCalendar, end_of_day, london_day

NOTE = TimelineEvent.Kind.NOTE


def current_plan(case: Case, victim: Person) -> ContactPlan | None:
    return (
        ContactPlan.objects.filter(case=case, victim=victim, superseded_at__isnull=True)
        .select_related("advocate", "agreed_by")
        .first()
    )


# --- Contact details -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ContactDetails:
    email: str = ""
    mobile: str = ""
    postal_address: str = ""
    protected: bool = False
    protected_reason: str = ""


def contact_details(victim: Person) -> ContactDetails | None:
    """The decrypted details, for sending a message. Pages use reveal_contact_details."""
    record = VictimContactDetails.objects.filter(person=victim).first()
    if record is None:
        return None
    return ContactDetails(
        email=crypto.decrypt(record.email_ciphertext),
        mobile=crypto.decrypt(record.mobile_ciphertext),
        postal_address=crypto.decrypt(record.postal_address_ciphertext),
        protected=record.protected,
        protected_reason=record.protected_reason,
    )


@dataclass(frozen=True)
class ContactSummary:
    """What a page may show without revealing anything: which details are held."""

    has_email: bool
    has_mobile: bool
    has_address: bool
    protected: bool


def contact_summary(victim: Person) -> ContactSummary:
    record = VictimContactDetails.objects.filter(person=victim).first()
    if record is None:
        return ContactSummary(False, False, False, False)
    return ContactSummary(
        bool(record.email_ciphertext),
        bool(record.mobile_ciphertext),
        bool(record.postal_address_ciphertext),
        record.protected,
    )


def set_contact_details(actor: User, case: Case, victim: Person, details: ContactDetails) -> VictimContactDetails:
    """Record how to reach a victim. Protected details need a reason."""
    if not holds_case(actor, case):
        raise AccessDenied("Only the officer in charge can change the victim's contact details.")
    check_victim(case, victim)
    email = validators.check_email("email", details.email)
    mobile = validators.check_phone("mobile", details.mobile)
    if details.protected and not details.protected_reason.strip():
        raise invalid("protected_reason", "Say why these contact details are protected.")
    with transaction.atomic():
        record, created = VictimContactDetails.objects.get_or_create(person=victim, defaults={"updated_by": actor})
        record.email_ciphertext = crypto.encrypt(email) if email else ""
        record.mobile_ciphertext = crypto.encrypt(mobile) if mobile else ""
        address = details.postal_address.strip()
        record.postal_address_ciphertext = crypto.encrypt(address) if address else ""
        record.protected = details.protected
        record.protected_reason = details.protected_reason.strip() if details.protected else ""
        record.updated_by, record.updated_at = actor, clock.now()
        record.save()
        audit.record(
            actor,
            audit.Action.COLLECTION if created else audit.Action.ALTERATION,
            record,
            detail="victim contact details" + (" (protected)" if details.protected else ""),
        )
    return record


def reveal_contact_details(actor: User, case: Case, victim: Person, reason: str) -> ContactDetails | None:
    """Show a victim's contact details on the case. Protected ones need a reason; every view is
    in the audit log (with the reason)."""
    if not is_case_police(actor, case):
        raise AccessDenied("Only officers of the force holding the case can see the victim's contact details.")
    check_victim(case, victim)
    details = contact_details(victim)
    if details is None:
        return None
    if details.protected and not reason.strip():
        raise invalid("reason", "Say why you need to see these protected contact details.")
    record = VictimContactDetails.objects.get(person=victim)
    audit.record(
        actor,
        audit.Action.CONSULTATION,
        record,
        reason=reason.strip()[:200],
        detail=f"contact details viewed on case {case.pk}" + (" (protected)" if details.protected else ""),
    )
    return details


# --- Contact plans --------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewPlan:
    victim: Person
    interval_days: int | None
    channel: str
    language: str
    interpreter_needed: bool = False
    advocate: User | None = None
    notes: str = ""
    agreed_at: dt.datetime | None = None


def _check_plan(case: Case, data: NewPlan, now: dt.datetime) -> None:
    if not data.channel:
        raise invalid("channel", "Choose how the victim wants to be updated: a contact plan needs a channel.")
    if data.channel not in Channel.values:
        raise invalid("channel", "Choose one of the ways of updating the victim.")
    if data.interval_days is None or not 1 <= data.interval_days <= 366:
        raise invalid("interval_days", "Enter how often, in days, between 1 and 366.")
    if not data.language.strip():
        raise invalid("language", "Say which language the victim wants updates in.")
    agreed_at = data.agreed_at or now
    if agreed_at > now:
        raise invalid("agreed_at", "The plan cannot be agreed in the future.")
    if agreed_at < case.reported_at:
        raise invalid("agreed_at", "The plan cannot be agreed before the crime was reported.")
    if data.channel == Channel.ADVOCATE:
        if data.advocate is None:
            raise invalid("advocate", "Choose the advocate the updates go through.")
        consenting = standing_consent().filter(person=data.victim, advocate=data.advocate)
        if not consenting.exists():
            raise invalid("advocate", "That advocate is not supporting this victim with their consent.")
    summary = contact_summary(data.victim)
    if data.channel == Channel.EMAIL and not summary.has_email:
        raise invalid("channel", "Add the victim's e-mail address first, or choose another way.")
    if data.channel == Channel.SMS and not summary.has_mobile:
        raise invalid("channel", "Add the victim's mobile number first, or choose another way.")


def set_contact_plan(actor: User, case: Case, data: NewPlan) -> ContactPlan:
    """Record the contact plan agreed with the victim. It replaces their current plan (which is
    kept), meets the duty to agree one, and starts the plan's update duties."""
    if not holds_case(actor, case):
        raise AccessDenied("Only the officer in charge can agree a contact plan with the victim.")
    check_victim(case, data.victim)
    now = clock.now()
    _check_plan(case, data, now)
    agreed_at = data.agreed_at or now
    with transaction.atomic():
        replaced = list(ContactPlan.objects.filter(case=case, victim=data.victim, superseded_at__isnull=True))
        ContactPlan.objects.filter(pk__in=[p.pk for p in replaced]).update(superseded_at=now)
        # The old plan's update not yet due is replaced by the new plan's; one already missed stays owed.
        today = london_day(now)
        for duty in Duty.objects.filter(plan__in=replaced, state=Duty.State.OPEN, due_on__gte=today).order_by():
            duty.state, duty.waived_by, duty.waived_at = Duty.State.WAIVED, actor, now
            duty.waived_reason = f"Replaced by the contact plan agreed on {agreed_at.astimezone(LONDON):%-d %B %Y}"
            duty._change_reason = "contact plan replaced"  # type: ignore[attr-defined]
            duty.save(update_fields=["state", "waived_by", "waived_at", "waived_reason"])
        plan = ContactPlan.objects.create(
            case=case,
            victim=data.victim,
            interval_days=int(data.interval_days or 0),
            channel=data.channel,
            language=data.language.strip().lower(),
            interpreter_needed=data.interpreter_needed,
            advocate=data.advocate if data.channel == Channel.ADVOCATE else None,
            notes=data.notes.strip()[:500],
            agreed_at=agreed_at,
            agreed_by=actor,
        )
        for duty in Duty.objects.filter(
            case=case, victim=data.victim, kind=DutyKind.AGREE_CONTACT_PLAN, state=Duty.State.OPEN
        ):
            if rules.can_meet(duty.event_at, agreed_at):
                result = rules.meeting(duty.due_on, agreed_at)
                duty.state, duty.days_late, duty.met_at = result.state, result.days_late, agreed_at
                duty._change_reason = f"contact plan {plan.pk} agreed"  # type: ignore[attr-defined]
                duty.save(update_fields=["state", "days_late", "met_at"])
        advance_plan(case, data.victim)
        case_services.add_timeline(
            case,
            NOTE,
            f"Contact plan agreed: every {data.interval_days} days, {plan.get_channel_display().lower()}",
            actor,
        )
        audit.record(actor, audit.Action.COLLECTION, plan, detail="contact plan")
    return plan


# --- The plan's update duties -----------------------------------------------------------------------


@dataclass(frozen=True)
class PlanState:
    """A current plan and its latest update duty, as the sweep reads them in one query."""

    plan: ContactPlan
    count: int
    latest: rules.PlanDutyRecord | None
    latest_closed_at: dt.datetime | None


def _latest_record(duty: Duty) -> tuple[rules.PlanDutyRecord, dt.datetime | None]:
    closed_at = duty.met_at or duty.waived_at
    record = rules.PlanDutyRecord(
        starts_on=london_day(duty.event_at),
        due_on=duty.due_on,
        state=duty.state,
        closed_on=london_day(closed_at) if closed_at else None,
    )
    return record, closed_at


def build_plan_duties(
    state: PlanState, today: dt.date, calendar: WorkingCalendar, enhanced: bool, limit: int = 60
) -> list[Duty]:
    """The update duties a plan owes as of today (usually none or one; several after a long
    silence, one per interval missed)."""
    plan, count, latest, closed_at = state.plan, state.count, state.latest, state.latest_closed_at
    duties: list[Duty] = []
    for _ in range(limit):
        window = rules.next_plan_window(london_day(plan.agreed_at), plan.interval_days, latest, today, calendar)
        if window is None:
            break
        if latest is None:
            event_at = plan.agreed_at
        elif latest.state == Duty.State.OPEN:
            event_at = end_of_day(latest.due_on)
        else:
            event_at = closed_at or end_of_day(latest.due_on)
        count += 1
        duties.append(
            Duty(
                case_id=plan.case_id,
                victim_id=plan.victim_id,
                kind=DutyKind.PLAN_UPDATE,
                plan=plan,
                source_key=f"plan:{plan.pk}:{count}",
                enhanced=enhanced,
                working_days=None,
                event_at=event_at,
                due_on=window.due_on,
                owner_id=plan.case.officer_in_charge_id,
            )
        )
        latest, closed_at = rules.PlanDutyRecord(window.starts_on, window.due_on, Duty.State.OPEN), None
        if window.due_on >= today:
            break
    return duties


def advance_plan(case: Case, victim: Person, today: dt.date | None = None) -> list[Duty]:
    """Create the update duties the victim's current plan owes now."""
    plan = current_plan(case, victim)
    if plan is None:
        return []
    plan.case = case
    duties = Duty.objects.filter(plan=plan, kind=DutyKind.PLAN_UPDATE)
    last = duties.order_by("-id").first()
    latest, closed_at = _latest_record(last) if last else (None, None)
    state = PlanState(plan, duties.count(), latest, closed_at)
    today = today or clock.today()
    new = build_plan_duties(state, today, working_calendar(), enhanced_rights(case, victim).enhanced)
    try:
        with transaction.atomic():
            bulk_create_with_history(new, Duty, default_change_reason="contact plan update due")
            if new:
                ContactPlan.objects.filter(pk=plan.pk).update(latest_due_on=new[-1].due_on)
    except IntegrityError:  # created by a concurrent request or sweep
        return []
    return new


def plans_needing_duties(today: dt.date) -> QuerySet[ContactPlan]:
    """Current plans that may owe a new update duty today: none yet, or the latest due before
    today (missed, or met and not advanced). A met update advances its plan at once, so a plan
    whose latest update is due today or later owes nothing new. Read through the partial index
    current_plan_latest_due: the cost is the plans falling due, not all plans."""
    return (
        ContactPlan.objects.filter(superseded_at__isnull=True)
        .filter(Q(latest_due_on__isnull=True) | Q(latest_due_on__lt=today))
        .exclude(case__status="closed")
        .select_related("case")
    )


def sweep_plans(today: dt.date, calendar: WorkingCalendar) -> int:
    """The sweep's part: every plan that owes an update duty gets it, in bulk."""
    plans = list(plans_needing_duties(today))
    if not plans:
        return 0
    ids = [p.pk for p in plans]
    counts: dict[int, int] = {}
    latest_by_plan: dict[int, Duty] = {}
    for start in range(0, len(ids), 5000):  # keep each IN (...) well under SQLite's limit
        chunk = ids[start : start + 5000]
        last_ids = {}
        for plan_id, last_id, n in (
            Duty.objects.filter(plan_id__in=chunk, kind=DutyKind.PLAN_UPDATE)
            .values("plan_id")
            .annotate(last=Max("id"), n=Count("id"))
            .values_list("plan_id", "last", "n")
        ):
            counts[plan_id], last_ids[last_id] = n, plan_id
        for duty in Duty.objects.filter(pk__in=list(last_ids)):
            latest_by_plan[last_ids[duty.pk]] = duty
    new: list[Duty] = []
    advanced: list[ContactPlan] = []
    for plan in plans:
        last = latest_by_plan.get(plan.pk)
        latest, closed_at = _latest_record(last) if last else (None, None)
        # Enhanced status is shown on plan updates but does not change their deadline (the interval does).
        state = PlanState(plan, counts.get(plan.pk, 0), latest, closed_at)
        owed = build_plan_duties(state, today, calendar, enhanced=last.enhanced if last else True)
        if owed:
            plan.latest_due_on = owed[-1].due_on
            advanced.append(plan)
        new += owed
    created = 0
    for start in range(0, len(new), 2000):
        batch = new[start : start + 2000]
        try:
            with transaction.atomic():
                bulk_create_with_history(batch, Duty, default_change_reason="contact plan update due")
            created += len(batch)
        except IntegrityError:
            for duty in batch:
                try:
                    with transaction.atomic():
                        duty.save(force_insert=True)
                    created += 1
                except IntegrityError:
                    continue
    by_day: dict[dt.date, list[int]] = {}
    for plan in advanced:
        if plan.latest_due_on is not None:
            by_day.setdefault(plan.latest_due_on, []).append(plan.pk)
    for day, plan_ids in by_day.items():  # a few distinct days: one UPDATE each, not one per plan
        for start in range(0, len(plan_ids), 5000):
            ContactPlan.objects.filter(pk__in=plan_ids[start : start + 5000]).update(latest_due_on=day)
    return created


def plans_for(case: Case) -> Iterable[ContactPlan]:
    return (
        ContactPlan.objects.filter(case=case).select_related("advocate", "agreed_by", "victim").order_by("-agreed_at")
    )


# --- Closing and reopening a case (lantern.decisions) ---------------------------------------------


def suspend_plans(case: Case, at: dt.datetime, reason: str) -> int:
    """A case is closed: the contact plans stop (superseded, so no update duty is created for the
    closed case) and open update duties under them are waived with `reason`: the letter giving the
    written reasons is the last update. Returns how many plans were suspended."""
    current = list(ContactPlan.objects.filter(case=case, superseded_at__isnull=True))
    if not current:
        return 0
    with transaction.atomic():
        ContactPlan.objects.filter(pk__in=[p.pk for p in current]).update(superseded_at=at)
        for duty in Duty.objects.filter(case=case, kind=DutyKind.PLAN_UPDATE, state=Duty.State.OPEN):
            duty.state, duty.waived_reason, duty.waived_at = Duty.State.WAIVED, reason, at
            duty._change_reason = "case closed"  # type: ignore[attr-defined]
            duty.save(update_fields=["state", "waived_reason", "waived_at"])
    return len(current)


def resume_plans(actor: User, case: Case, suspended_at: dt.datetime, at: dt.datetime) -> list[ContactPlan]:
    """A closed case is reopened: every plan suspended when it closed (superseded at
    `suspended_at`) starts again on the same terms the victim agreed, from `at` (a new plan row,
    so the gap is visible), and owes its first update an interval later."""
    resumed = []
    with transaction.atomic():
        for old in ContactPlan.objects.filter(case=case, superseded_at=suspended_at).select_related("victim"):
            if ContactPlan.objects.filter(case=case, victim=old.victim, superseded_at__isnull=True).exists():
                continue
            plan = ContactPlan.objects.create(
                case=case,
                victim=old.victim,
                interval_days=old.interval_days,
                channel=old.channel,
                language=old.language,
                interpreter_needed=old.interpreter_needed,
                advocate=old.advocate,
                notes=(
                    f"Resumed when the case was reopened, on the terms agreed on {old.agreed_at:%d %B %Y}. " + old.notes
                )[:500],
                agreed_at=at,
                agreed_by=actor,
            )
            advance_plan(case, old.victim)
            resumed.append(plan)
    return resumed
