"""Reading the records a rule needs into the plain values of rules.py and review_rules.py (a few
queries each), so that the rules stay pure and the pages, the API and the services agree."""

from __future__ import annotations

from django.db.models import QuerySet

from lantern.cases.models import Case, CaseParty, CpsReferral, Offence
from lantern.decisions import review_rules, rules
from lantern.decisions.models import (
    CredibilityAssessment,
    Decision,
    DecisionLetter,
    EnquiryAnswer,
    OutcomeCode,
    SuspectInterview,
    VictimAccount,
)
from lantern.people.models import Person


def victims_of(case: Case) -> list[Person]:
    parties = CaseParty.objects.victims().filter(case=case).select_related("person").order_by("id")
    seen: dict[int, Person] = {}
    for party in parties.prefetch_related("person__names"):
        seen.setdefault(party.person_id, party.person)
    return list(seen.values())


def suspects_of(case: Case) -> list[Person]:
    parties = CaseParty.objects.suspects().filter(case=case).select_related("person").order_by("id")
    seen: dict[int, Person] = {}
    for party in parties.prefetch_related("person__names"):
        seen.setdefault(party.person_id, party.person)
    return list(seen.values())


def code_rows() -> dict[str, rules.OutcomeCodeRow]:
    return {c.code: c.as_row() for c in OutcomeCode.objects.all()}


def other_offence_ids(case: Case) -> set[int]:
    return set(Offence.objects.filter(case=case, legislation=Offence.Legislation.OTHER).values_list("id", flat=True))


def open_decision(case: Case) -> Decision | None:
    """The closing or charging decision on its way (proposed or signed off), if any."""
    return (
        Decision.objects.filter(case=case, state__in=[Decision.State.PROPOSED, Decision.State.SIGNED_OFF])
        .exclude(kind=Decision.Kind.REOPEN)
        .order_by("-proposed_at", "-id")
        .first()
    )


def decision_in_effect(case: Case) -> Decision | None:
    """The decision that closed the case (or its latest correction), while the case stays closed."""
    return (
        Decision.objects.filter(case=case, kind=Decision.Kind.CLOSE, state=Decision.State.APPLIED)
        .order_by("-applied_at", "-id")
        .first()
    )


def current_accounts(case: Case) -> dict[int, VictimAccount]:
    return {a.victim_id: a for a in VictimAccount.objects.current().filter(case=case)}


def current_credibility(case: Case) -> dict[int, CredibilityAssessment]:
    return {c.victim_id: c for c in CredibilityAssessment.objects.current().filter(case=case)}


def current_answers(case: Case) -> dict[str, EnquiryAnswer]:
    return {a.item: a for a in EnquiryAnswer.objects.current().filter(case=case).select_related("answered_by")}


def interviews_under_caution(case: Case) -> QuerySet[SuspectInterview]:
    return SuspectInterview.objects.filter(case=case, under_caution=True)


def early_advice_sought(case: Case) -> bool:
    return CpsReferral.objects.filter(case=case, kind="early_advice").exists()


def gate_facts(case: Case, decision: Decision | None = None) -> rules.GateFacts:
    """The gate's facts for a case and the closing decision on its way (or the one given)."""
    decision = decision if decision is not None else open_decision(case)
    if decision is not None and decision.kind != Decision.Kind.CLOSE:
        decision = None
    accounts, credibility = current_accounts(case), current_credibility(case)
    letters: set[int] = set()
    if decision is not None:
        letters = set(
            DecisionLetter.objects.filter(decision=decision, kind=DecisionLetter.Kind.WRITTEN_REASONS).values_list(
                "victim_id", flat=True
            )
        )
    victims = tuple(
        rules.VictimFact(
            victim_id=victim.pk,
            name=victim.display_name,
            account=(
                rules.AccountFact(a.taken, a.reason, a.agreed_at is not None)
                if (a := accounts.get(victim.pk))
                else None
            ),
            credibility=(
                rules.CredibilityFact(c.a_factor, tuple(c.trauma_factors), c.how_considered)
                if (c := credibility.get(victim.pk))
                else None
            ),
            letter_made=victim.pk in letters,
        )
        for victim in victims_of(case)
    )
    return rules.GateFacts(
        answers={item: rules.AnswerFact(a.answer, a.note) for item, a in current_answers(case).items()},
        interviews_under_caution=interviews_under_caution(case).count(),
        early_advice_sought=early_advice_sought(case),
        victims=victims,
        decision=(
            rules.DecisionFact(decision.decided_on, decision.state == Decision.State.SIGNED_OFF)
            if decision is not None
            else None
        ),
    )


def review_facts(decision: Decision) -> review_rules.ReviewFacts:
    """The structured facts the Victims' Right to Review depends on."""
    interviewed = set(interviews_under_caution(decision.case).values_list("suspect_id", flat=True))
    lines = [
        review_rules.ReviewLine(line.code.as_row(), line.suspect_id is not None and line.suspect_id in interviewed)
        for line in decision.lines.select_related("code")
    ]
    charged = Decision.objects.filter(
        case=decision.case, kind=Decision.Kind.CHARGE, state=Decision.State.APPLIED
    ).exists()
    # Modern Slavery Act offences are notifiable; an "other" offence on a case Lantern records is
    # taken to be one too (the error on that side only offers a review that may be refused).
    return review_rules.ReviewFacts(
        decided_on=decision.decided_on,
        decided_by_cps=decision.decided_by_cps,
        lines=tuple(lines),
        some_suspects_charged=charged,
        offences_notifiable=True,
    )
