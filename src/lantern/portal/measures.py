"""The portal's oversight measures (requests for updates, victims' feedback), registered in the
one registry (core.measure_registry) from PortalConfig.ready(): oversight computes and shows them
like its own (it may not import portal, a layer above it)."""

from __future__ import annotations

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from lantern.core import clock
from lantern.core.measure_registry import Measure, Source, register
from lantern.portal.models import FeedbackResponse, UpdateRequest
from lantern.portal.rules import QUESTIONS
from lantern.victims_code.models import Duty

REQUESTS_TABLE = "Requests for updates from victims and their advocates, by force"
FEEDBACK_TABLE = "Victims' answers to the survey, by question and force (agreed: 4 or 5 out of 5)"
ANSWERED = [Duty.State.MET, Duty.State.MET_LATE]
BY_PLACE_AND_MONTH = frozenset({"force", "region", "month"})

QUESTION_TITLES = {
    "kept_informed": "Kept informed",
    "listened_to": "Listened to",
    "believed": "Believed",
    "respected": "Treated with respect",
    "would_report_again": "Would report again",
}


def _requests() -> QuerySet[UpdateRequest]:
    """Requests with `judged`: answered (on time or late) or past their deadline unanswered today;
    the share answered on time is over these (requests not yet due are not judged yet)."""
    judged = Q(duty__state__in=ANSWERED) | Q(duty__state=Duty.State.OPEN, duty__due_on__lt=clock.today())
    return UpdateRequest.objects.annotate(judged=ExpressionWrapper(judged, output_field=BooleanField()))


REQUESTS = Source(_requests, "requested_at", "case__force_id", "case_id", "case__exploitation_types")

UPDATE_REQUESTS = Measure(
    "update_requests",
    "Requests for updates",
    "Requests for an update about their case from victims (through their own page) and their advocates (with "
    "the victim's consent). Each is a Victims' Code duty for the officer in charge.",
    "requests made",
    "",
    "requests for an update, by the time they were made",
    "count",
    REQUESTS,
    table=REQUESTS_TABLE,
    column="Requests made",
)
UPDATE_REQUESTS_ON_TIME = Measure(
    "update_requests_on_time",
    "Requests for updates answered on time",
    "Of the requests made in the period that were answered or are past their deadline, the share answered by "
    "their deadline (the deadlines table's working days; 5 by default).",
    "requests answered by their deadline",
    "requests answered, or unanswered past their deadline",
    "requests for an update, by the time they were made",
    "share",
    Source(
        _requests,
        "requested_at",
        "case__force_id",
        "case_id",
        "case__exploitation_types",
        Q(duty__state=Duty.State.MET),
        Q(judged=True),
    ),
    table=REQUESTS_TABLE,
    column="Answered by the deadline",
    den_column="Answered, or unanswered past the deadline",
)
UPDATE_REQUESTS_DAYS = Measure(
    "update_requests_days",
    "Days to answer a request for an update",
    "For requests made in the period and answered, the median time from the request to the update that "
    "answered it, in whole calendar days (24-hour periods; not working days).",
    "calendar days from request to answer",
    "requests answered (median)",
    "requests for an update answered, by the time they were made",
    "median",
    Source(
        # Answered: the duty has met_at, which is set exactly when it is met (on time or late). No test
        # of its state here: without statistics SQLite takes an equality on the duty's indexed state
        # as the most selective and walks every met duty (14.8 s at national scale) instead of the
        # period's requests (docs/benchmarks.md, issue 13).
        lambda: UpdateRequest.objects.filter(duty__met_at__isnull=False),
        "requested_at",
        "case__force_id",
        "case_id",
        "case__exploitation_types",
        days=("requested_at", "duty__met_at"),
    ),
    unit="days",
)

FEEDBACK = Source(FeedbackResponse.objects.all, "month", "force_id", None, None)
FEEDBACK_RESPONSES = Measure(
    "feedback_responses",
    "Survey answers from victims",
    "Answers to the short survey victims (or their advocates) are offered after first contact, an update and a "
    "decision. Kept apart from the case; shown only as counts, small numbers withheld everywhere.",
    "surveys answered",
    "",
    "survey answers, by the month given (no exact date is kept)",
    "count",
    FEEDBACK,
    breakdowns=BY_PLACE_AND_MONTH,
    always_suppressed=True,
)


def _question(question: str) -> Measure:
    title = QUESTION_TITLES[question]
    return Measure(
        f"feedback_{question}",
        f"Victims who felt: {title.lower()}",
        f"Of the victims who answered the survey question “{title.lower()}” in the period, the share who agreed "
        "(4 or 5 out of 5). Aggregates only, small numbers withheld everywhere, the force's own dashboard too.",
        "answers of 4 or 5",
        "answers to the question",
        "survey answers, by the month given (no exact date is kept)",
        "share",
        Source(
            FeedbackResponse.objects.all,
            "month",
            "force_id",
            None,
            None,
            Q(**{f"{question}__gte": 4}),
            Q(**{f"{question}__isnull": False}),
        ),
        breakdowns=BY_PLACE_AND_MONTH,
        always_suppressed=True,
        table=FEEDBACK_TABLE,
        column=f"{title}: agreed",
        den_column=f"{title}: answered",
    )


def register_measures() -> None:
    register(
        UPDATE_REQUESTS,
        UPDATE_REQUESTS_ON_TIME,
        UPDATE_REQUESTS_DAYS,
        FEEDBACK_RESPONSES,
        *(_question(q) for q in QUESTIONS),
    )
