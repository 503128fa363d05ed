"""The short survey after first contact, an update or a decision. Answers are stored apart from
the case (FeedbackResponse: force, month, occasion, language, answers; nothing that leads back to
a victim) and are shown only as aggregates with small numbers suppressed."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from lantern.cases.models import Case
from lantern.core import clock
from lantern.core.access import sees_aggregates_only
from lantern.core.errors import invalid
from lantern.core.models import User
from lantern.decisions.models import ReviewRight
from lantern.people.models import Person
from lantern.portal import rules
from lantern.portal.models import FeedbackGiven, FeedbackResponse, Occasion, Requester
from lantern.victims_code.models import VictimUpdate


def open_occasion(case: Case, victim: Person) -> tuple[str, str] | None:
    """The latest occasion the victim has not yet answered for: (occasion, key), or None. A
    decision they were told of comes first, then the latest update (the first one is "first
    contact")."""
    answered = set(FeedbackGiven.objects.filter(case=case, victim=victim).values_list("occasion_key", flat=True))
    rights = ReviewRight.objects.filter(decision__case=case, victim=victim, duty__met_at__isnull=False).order_by("-id")
    for right in rights[:1]:
        key = f"decision:{right.decision_id}"
        if key not in answered:
            return Occasion.DECISION, key
    updates = list(
        VictimUpdate.objects.filter(case=case, victim=victim, delivery=VictimUpdate.Delivery.GIVEN)
        .order_by("given_at", "id")
        .values_list("pk", flat=True)
    )
    if updates:
        key = f"update:{updates[-1]}"
        if key not in answered:
            return (Occasion.FIRST_CONTACT if len(updates) == 1 else Occasion.UPDATE), key
    return None


def submit(
    case: Case, victim: Person, *, respondent: str, language: str, answers: dict[str, int | None]
) -> FeedbackResponse:
    """Store one answer to the survey for the open occasion. Refused when there is nothing to
    answer (already answered)."""
    occasion = open_occasion(case, victim)
    if occasion is None:
        raise invalid("__all__", "There is nothing to give feedback on just now: thank you.")
    if respondent not in Requester.values:
        raise invalid("respondent", "Say who is answering.")
    for question in rules.QUESTIONS:
        value = answers.get(question)
        if value is not None and not 1 <= value <= 5:
            raise invalid(question, "Choose one of the answers.")
    if all(answers.get(q) is None for q in rules.QUESTIONS):
        raise invalid(rules.QUESTIONS[0], "Answer at least one question, or leave this page.")
    kind, key = occasion
    try:
        with transaction.atomic():
            FeedbackGiven.objects.create(case=case, victim=victim, occasion_key=key)
            return FeedbackResponse.objects.create(
                force_id=case.force_id,
                month=rules.month_of(clock.today()),
                occasion=kind,
                respondent=respondent,
                language=language[:12],
                **{q: answers.get(q) for q in rules.QUESTIONS},
            )
    except IntegrityError as exc:
        raise invalid("__all__", "This feedback was already given: thank you.") from exc


def scope_for(user: User) -> QuerySet[FeedbackResponse]:
    if sees_aggregates_only(user):
        return FeedbackResponse.objects.all()
    if user.force_id is None:
        return FeedbackResponse.objects.none()
    return FeedbackResponse.objects.filter(force_id=user.force_id)


def aggregate(scope: QuerySet[FeedbackResponse], start: dt.date, end: dt.date) -> list[rules.QuestionSummary]:
    rows = scope.filter(month__gte=rules.month_of(start), month__lte=end).values_list(*rules.QUESTIONS)
    answers: dict[str, list[int]] = {q: [] for q in rules.QUESTIONS}
    for row in rows:
        for question, value in zip(rules.QUESTIONS, row, strict=True):
            if value:
                answers[question].append(value)
    return rules.summarise(answers, settings.LANTERN_PORTAL_FEEDBACK_MIN_COUNT)
