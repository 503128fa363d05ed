"""Records the permission matrices' decisions rows need, made on demand from the test world
(tests/test_permission_matrix.py and tests/web/test_pages.py call these from their rows). Each
builder returns the existing record if it was already made for this world."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from tests.factories import World, user

from lantern.core.models import Organisation, Rank, Role, User
from lantern.decisions import cps, facts, reviews, rules, services
from lantern.decisions.models import (
    CpsSubmission,
    Decision,
    NewInformation,
    ReviewRequest,
    VictimAccount,
    WrittenReasonsRequest,
)
from lantern.safeguarding.models import Charge
from lantern.safeguarding.section45 import considerations as section45
from lantern.victims_code import services as victims_code

REASONS = "The only evidence is your account, and the suspect denies it. We found nothing else that supports it."
REOPEN_IF = "A witness, or records of payments, would make us look at the case again."


def today() -> Any:
    return timezone.localdate()


def decision_body(code: str = "18", **extra: Any) -> dict[str, Any]:
    return {
        "kind": "close",
        "lines": [{"code": code}],
        "decided_on": today().isoformat(),
        "reasons": REASONS,
        "reopen_if": REOPEN_IF,
        **extra,
    }


def _evidence(w: World) -> None:
    if facts.current_answers(w.case):
        return
    victims_code.on_victim_added(w.case, w.victim, w.oic)
    for item in rules.ENQUIRY_ITEMS:
        answer = rules.NOT_APPLICABLE if item.code in rules.DONE_BY_RECORD else rules.NOT_POSSIBLE
        services.answer_enquiry(w.oic, w.case, item.code, answer, "Checked with the intelligence unit: nothing.")
    services.record_account(w.oic, w.case, services.NewAccount(w.victim, True, today(), "abe_interview"))
    services.record_credibility(w.oic, w.case, w.victim, False, [], "")


def proposed(w: World, *, ready: bool = False, code: str = "18", suspect: bool = False) -> Decision:
    existing = Decision.objects.filter(case=w.case, kind="close").order_by("-id").first()
    if existing is not None:
        return existing
    if ready:
        _evidence(w)
    line = rules.LineIn(code, None, w.suspect.pk if suspect else None)
    data = services.DecisionIn("close", (line,), today(), REASONS, reopen_if=REOPEN_IF)
    return services.propose(w.oic, w.case, data)


def signed_off(w: World) -> Decision:
    decision = proposed(w, ready=True)
    if decision.state == Decision.State.PROPOSED:
        services.sign_off(w.supervisor, decision, agreed=True, note="")
        decision.refresh_from_db()
    return decision


def lettered(w: World) -> Decision:
    decision = signed_off(w)
    if not decision.letters.exists():
        services.make_letters(w.oic, decision)
    return decision


def closed(w: World, *, reviewable: bool = False) -> Decision:
    if reviewable and not Decision.objects.filter(case=w.case).exists():
        services.record_interview(w.oic, w.case, services.NewInterview(w.suspect, today(), True, "voluntary"))
        _evidence(w)
        proposed(w, code="15", suspect=True)
    decision = lettered(w)
    if decision.state == Decision.State.SIGNED_OFF:
        decision = services.close_case(w.oic, decision)
    w.case.refresh_from_db()
    return decision


def letter(w: World) -> Any:
    return closed(w).letters.get()


def charge_proposed(w: World) -> Decision:
    line = rules.LineIn("1", None, w.suspect.pk)
    return services.propose(w.oic, w.case, services.DecisionIn("charge", (line,), today(), "The CPS authorised it"))


def account_needing_agreement(w: World) -> VictimAccount:
    return services.record_account(
        w.oic, w.case, services.NewAccount(w.victim, False, reason="not_traced", reason_text="Three visits, no trace")
    )


def written_request(w: World) -> WrittenReasonsRequest:
    existing = WrittenReasonsRequest.objects.first()
    if existing is not None:
        return existing
    return reviews.request_written_reasons(w.oic, closed(w), w.victim, received_on=today(), requester="victim")


def reviewer(w: World) -> User:
    found = User.objects.filter(username="reviewer-dci").first()
    return found or user(Role.SUPERVISOR, w.wmp, rank=Rank.DCI, username="reviewer-dci")


def review_request(w: World, *, assigned: bool = False) -> ReviewRequest:
    request = ReviewRequest.objects.first()
    if request is None:
        asked = reviews.NewReviewRequest(w.victim, today(), "victim", "Please look again")
        request = reviews.request_review(w.oic, closed(w, reviewable=True), asked)
    if assigned and request.reviewer_id is None:
        reviews.assign_reviewer(w.supervisor, request, reviewer(w))
    return request


def task(w: World) -> NewInformation:
    existing = NewInformation.objects.first()
    if existing is not None:
        return existing
    closed(w)
    return reviews.record_new_information(
        w.oic, w.case, kind="new_witness", received_on=today(), summary="A co-worker came forward"
    )


def cps_org() -> Organisation:
    return Organisation.objects.get(kind=Organisation.Kind.CPS)


def submission(w: World) -> CpsSubmission:
    existing = CpsSubmission.objects.first()
    if existing is not None:
        return existing
    return cps.submit_to_cps(w.oic, w.case, cps.NewSubmission("pre_charge", cps_org(), today(), "Charge under s1?"))


def charged(w: World) -> dict[str, int]:
    if not Charge.objects.filter(case=w.case, person=w.suspect).exists():
        section45.record_charge(w.oic, case=w.case, person=w.suspect, offence_description="MSA s1", charged_on=today())
    return {"case_id": w.case.pk}


def hearing(w: World) -> Any:
    from lantern.decisions.models import CourtHearing

    existing = CourtHearing.objects.first()
    if existing is not None:
        return existing
    charged(w)
    return cps.record_hearing(
        w.oic, w.case, cps.NewHearing(w.suspect, "first", timezone.now(), "Birmingham Magistrates' Court")
    )
