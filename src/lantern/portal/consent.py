"""A victim's consent to share with an advocate: recorded by the police or by the advocate's
organisation, withdrawn at any time through either. Every change is audited and noted on the
timeline of each case in which the person is a victim. A withdrawal takes effect at once: the
access policy reads AdvocateAssignment.objects.standing() on every request.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet

from lantern.cases import access as cases_access
from lantern.cases import services as case_services
from lantern.cases.models import AdvocateAssignment, Case, CaseParty, PartyRole, TimelineEvent
from lantern.core import access, audit, clock
from lantern.core.errors import invalid
from lantern.core.models import Organisation, User
from lantern.core.roles import Capability, has_capability
from lantern.people.models import Person
from lantern.portal import rules

Side = AdvocateAssignment.Side


@dataclass(frozen=True)
class NewConsent:
    person: Person
    advocate: User | None
    organisation: Organisation | None
    given_how: str
    given_at: dt.datetime | None = None
    valid_until: dt.datetime | None = None
    interpreter_language: str = ""
    share_officer: bool = True
    share_update_dates: bool = True
    share_decisions: bool = True
    share_next_update: bool = True


def police_cases_of(user: User, person: Person) -> QuerySet[Case]:
    """Cases the user can see in which the person is a victim."""
    return cases_access.visible_cases(user).filter(
        pk__in=CaseParty.objects.filter(person=person, role__in=PartyRole.victim_roles()).values("case")
    )


def side_of(user: User, person: Person, organisation_id: int | None) -> str | None:
    """Through which side the user may record or withdraw a consent for this person: the police
    (an officer of a force holding a case of the victim), or the advocate's organisation (an
    advocate of that organisation). None: neither."""
    if not user.is_active:
        return None
    if has_capability(user, Capability.POLICES_FORCE_CASES) and police_cases_of(user, person).exists():
        return Side.POLICE
    if (
        has_capability(user, Capability.SUPPORTS_VICTIMS)
        and organisation_id is not None
        and user.organisation_id == organisation_id
        # The organisation supports (or supported) this person: it cannot name a stranger.
        and AdvocateAssignment.objects.filter(person=person, organisation_id=organisation_id).exists()
    ):
        return Side.ADVOCACY
    return None


def _note_on_cases(person: Person, text: str, actor: User) -> None:
    for case in Case.objects.filter(
        pk__in=CaseParty.objects.filter(person=person, role__in=PartyRole.victim_roles()).values("case")
    ):
        case_services.add_timeline(case, TimelineEvent.Kind.NOTE, text, actor)


def record_consent(actor: User, data: NewConsent) -> AdvocateAssignment:
    """Record the victim's consent to share with an advocate. Refused with a field message when
    the organisation is missing, the end is not after the start, and so on (rules.consent_problems)."""
    organisation_id = data.organisation.pk if data.organisation else None
    side = side_of(actor, data.person, organisation_id)
    if side is None:
        raise access.AccessDenied(
            "Consent is recorded by the police holding the victim's case or by the advocate's organisation."
        )
    now = clock.now()
    given_at = data.given_at or now
    shares = (data.share_officer, data.share_update_dates, data.share_decisions, data.share_next_update)
    problems = rules.consent_problems(
        rules.ConsentInput(
            organisation_id=organisation_id,
            advocate_organisation_id=data.advocate.organisation_id if data.advocate else None,
            advocate_is_advocate=(
                data.advocate is not None and has_capability(data.advocate, Capability.SUPPORTS_VICTIMS)
            ),
            given_at=given_at,
            valid_until=data.valid_until,
            given_how=data.given_how,
            interpreter_language=data.interpreter_language,
            shares=shares,
        ),
        now,
    )
    if problems:
        field, message = next(iter(problems.items()))
        raise invalid(field, message)
    if data.advocate is None or data.organisation is None:  # the rules refused both already
        raise invalid("organisation", "Choose the organisation and the advocate.")
    with transaction.atomic():
        # One standing consent per advocate and victim: a new one replaces (withdraws) the old.
        for old in AdvocateAssignment.objects.standing(now).filter(person=data.person, advocate=data.advocate):
            _withdraw(actor, old, side, "Replaced by a new consent", now, note=False)
        consent = AdvocateAssignment.objects.create(
            person=data.person,
            advocate=data.advocate,
            organisation=data.organisation,
            given_how=data.given_how,
            interpreter_language=data.interpreter_language.strip().lower()
            if data.given_how == rules.INTERPRETER
            else "",
            consent_given_at=given_at,
            valid_until=data.valid_until,
            share_officer=data.share_officer,
            share_update_dates=data.share_update_dates,
            share_decisions=data.share_decisions,
            share_next_update=data.share_next_update,
            recorded_through=side,
            recorded_by=actor,
        )
        until = f" until {data.valid_until.astimezone(clock.LONDON):%-d %B %Y}" if data.valid_until else ""
        _note_on_cases(
            data.person,
            f"Consent to share with {data.organisation.name} recorded "
            f"({consent.get_given_how_display().lower()}){until}",
            actor,
        )
        audit.record(actor, audit.Action.COLLECTION, consent, detail=f"consent recorded through {side}")
    return consent


def _withdraw(
    actor: User, consent: AdvocateAssignment, side: str, reason: str, now: dt.datetime, *, note: bool
) -> None:
    consent.consent_withdrawn_at = now
    consent.withdrawn_through = side
    consent.withdrawn_reason = reason[:255]
    consent._change_reason = "consent withdrawn"  # type: ignore[attr-defined]
    consent.save(update_fields=["consent_withdrawn_at", "withdrawn_through", "withdrawn_reason"])
    if note:
        org = consent.organisation.name if consent.organisation else "the advocate"
        _note_on_cases(
            consent.person,
            f"Consent to share with {org} withdrawn (through {consent.get_withdrawn_through_display().lower()})",
            actor,
        )
    audit.record(
        actor, audit.Action.ALTERATION, consent, reason=reason[:200], detail=f"consent withdrawn through {side}"
    )


def withdraw_consent(actor: User, consent: AdvocateAssignment, reason: str = "") -> AdvocateAssignment:
    """The victim withdrew consent, told to the police or to the advocate's organisation. From this
    moment the advocate sees nothing of the victim's cases."""
    side = side_of(actor, consent.person, consent.organisation_id)
    if side is None:
        raise access.AccessDenied(
            "Consent is withdrawn through the police holding the victim's case or the advocate's organisation."
        )
    with transaction.atomic():
        locked = AdvocateAssignment.objects.select_for_update().get(pk=consent.pk)
        if locked.consent_withdrawn_at is not None:
            raise invalid("consent", "This consent was already withdrawn.")
        _withdraw(actor, locked, side, reason.strip() or "The victim withdrew consent", clock.now(), note=True)
    return locked


def consents_for(person: Person) -> QuerySet[AdvocateAssignment]:
    return (
        AdvocateAssignment.objects.filter(person=person)
        .select_related("advocate", "organisation", "recorded_by")
        .order_by("-recorded_at", "-id")
    )


def standing_consent(advocate: User, person_id: int) -> AdvocateAssignment | None:
    """The advocate's standing consent for this victim (what may be shared), or None."""
    if not advocate.is_active or not has_capability(advocate, Capability.SUPPORTS_VICTIMS):
        return None
    return AdvocateAssignment.objects.standing().filter(advocate=advocate, person_id=person_id).order_by("-id").first()
