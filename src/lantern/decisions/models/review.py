"""The Victims' Right to Review (review rights, requests for written reasons and for a review) and
new information on a closed case."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from lantern.cases.models import Case
from lantern.core.bases import Recorded, RecordedAt
from lantern.decisions import review_rules
from lantern.decisions.models.decision import Decision
from lantern.people.models import Person

USER = settings.AUTH_USER_MODEL


class ReviewRight(RecordedAt):
    """Which review scheme a decision in effect gives a victim, and why (from structured facts).
    The window runs from the day they were told: when the duty to tell them was met."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="review_rights")
    victim = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    scheme = models.CharField(
        max_length=8,
        choices=[
            (review_rules.POLICE_SCHEME, "Police Victims' Right to Review"),
            (review_rules.CPS_SCHEME, "CPS Victims' Right to Review"),
            (review_rules.NO_SCHEME, "No right to review"),
        ],
    )
    reasons = models.TextField()
    duty = models.ForeignKey(
        "victims_code.Duty",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The duty to tell the victim of the decision (their right to review with it)",
    )

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["decision", "victim"], name="one_review_right_per_victim")]

    @property
    def eligible(self) -> bool:
        return self.scheme != review_rules.NO_SCHEME


class Requester(models.TextChoices):
    VICTIM = "victim", "The victim"
    ADVOCATE = "advocate", "Their advocate, with their consent"
    REPRESENTATIVE = "representative", "A family member or other representative"


class WrittenReasonsRequest(Recorded):
    """A request, after a decision, for its reasons in writing: a duty with a deadline."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="written_reasons_requests")
    victim = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    received_on = models.DateField()
    requester = models.CharField(max_length=16, choices=Requester.choices)
    advocate = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(max_length=500, blank=True)
    duty = models.ForeignKey("victims_code.Duty", null=True, on_delete=models.PROTECT, related_name="+")
    sent = models.ForeignKey(
        "victims_code.VictimUpdate", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["received_on", "id"]


class ReviewRequest(Recorded):
    """A victim's request for a review under the Victims' Right to Review: acknowledged within 10
    working days, reviewed within 30 by an independent officer at least a rank above the decision
    maker, the result sent in writing (duties on the victim's case)."""

    class Result(models.TextChoices):
        UPHELD = "upheld", "Decision upheld"
        OVERTURNED = "overturned", "Decision overturned: the case is reopened"

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="review_requests")
    victim = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    scheme = models.CharField(max_length=8)
    received_on = models.DateField()
    requester = models.CharField(max_length=16, choices=Requester.choices)
    advocate = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    grounds = models.TextField(blank=True, help_text="What the victim says, in their words")
    window_closes_on = models.DateField(null=True, blank=True)
    late_reason = models.TextField(blank=True, help_text="Why a request after the window was accepted")
    acknowledge_duty = models.ForeignKey("victims_code.Duty", null=True, on_delete=models.PROTECT, related_name="+")
    result_duty = models.ForeignKey("victims_code.Duty", null=True, on_delete=models.PROTECT, related_name="+")
    acknowledged = models.ForeignKey(
        "victims_code.VictimUpdate", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewer = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="reviews")
    reviewer_assigned_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reviewer_assigned_at = models.DateTimeField(null=True, blank=True)
    result = models.CharField(max_length=12, choices=Result.choices, blank=True)
    result_reasons = models.TextField(blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["received_on", "id"]
        indexes = [models.Index(fields=["reviewer", "completed_at"])]


# --- New information on a closed case -----------------------------------------------------------------------


class NewInformation(RecordedAt):
    """New information on a closed case: a review task for a named officer with a deadline."""

    class Outcome(models.TextChoices):
        REOPENED = "reopened", "Case reopened"
        NO_CHANGE = "no_change", "Reviewed: the decision stands"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="new_information")
    kind = models.CharField(
        max_length=20, choices=[(k, label) for k, (label, _d) in review_rules.NEW_INFORMATION_KINDS.items()]
    )
    received_on = models.DateField()
    summary = models.TextField()
    review_officer = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="review_tasks")
    due_on = models.DateField()
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    outcome_reasons = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # Set by the sweep when the task was still not reviewed after its due date (decisions/escalation.py).
    escalated_at = models.DateTimeField(null=True, blank=True)
    escalated_to = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["review_officer", "reviewed_at"]), models.Index(fields=["due_on"])]
