"""Decisions on a case, their outcome lines, sign-offs and the letters giving written reasons.
A decision is never edited in place: a correction is a new decision linked to the one it corrects."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from lantern.cases.models import Case, Offence
from lantern.core.bases import Recorded
from lantern.decisions import rules
from lantern.decisions.models.outcomes import OutcomeCode
from lantern.people.models import Person

USER = settings.AUTH_USER_MODEL


class Decision(models.Model):
    """A decision on a case: to close it (an outcome ending the investigation without a charge),
    to charge, or to reopen it. Its content is never changed; its state moves on, and every state
    is kept in its history. A correction is a new Decision with `corrects` and `correction_reason`."""

    class Kind(models.TextChoices):
        CLOSE = rules.CLOSE, "Close the case"
        CHARGE = rules.CHARGE, "Charge"
        REOPEN = "reopen", "Reopen the case"

    class State(models.TextChoices):
        PROPOSED = "proposed", "Waiting for sign-off"
        RETURNED = "returned", "Returned by the supervisor"
        SIGNED_OFF = "signed_off", "Signed off"
        APPLIED = "applied", "In effect"
        SUPERSEDED = "superseded", "Corrected by a later decision"
        REOPENED = "reopened", "Case reopened since"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    state = models.CharField(max_length=12, choices=State.choices, default=State.PROPOSED)
    decided_on = models.DateField()
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", help_text="The decision maker")
    decided_by_cps = models.BooleanField(default=False, help_text="The CPS made the decision")
    investigated = models.BooleanField(default=True, help_text="False: a decision not to investigate")
    reasons = models.TextField(help_text="Why, in plain English, for the letter")
    what_was_done = models.TextField(blank=True)
    reopen_if = models.TextField(blank=True, help_text="What would make the case reopen")
    translation_language = models.CharField(max_length=12, blank=True)
    reasons_translated = models.TextField(blank=True)
    what_was_done_translated = models.TextField(blank=True)
    reopen_if_translated = models.TextField(blank=True)
    translated_by = models.CharField(max_length=160, blank=True)
    corrects = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections")
    correction_reason = models.TextField(blank=True)
    reopens = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reopened_by",
        help_text="For a decision to reopen: the closing decision it ends",
    )
    proposed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(default=timezone.now)
    applied_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    applied_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-proposed_at", "-id"]
        indexes = [models.Index(fields=["case", "state"]), models.Index(fields=["state", "proposed_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.case_id})"

    def closes_case(self, case: Case) -> bool:
        """A closing decision in effect on this case (lantern.cases.services.close_case asks)."""
        return (
            self.pk is not None
            and self.case_id == case.pk
            and self.kind == self.Kind.CLOSE
            and self.state == self.State.APPLIED
        )

    def reopens_case(self, case: Case) -> bool:
        """A decision to reopen this case, in effect (lantern.cases.services.reopen_case asks)."""
        return (
            self.pk is not None
            and self.case_id == case.pk
            and self.kind == self.Kind.REOPEN
            and self.state == self.State.APPLIED
        )

    @property
    def is_open(self) -> bool:
        """Still on its way: proposed or signed off, not yet in effect."""
        return self.state in (self.State.PROPOSED, self.State.SIGNED_OFF)


class OutcomeLine(models.Model):
    """The outcome of one offence (and, where it concerns a suspect, of one suspect) in a decision."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="lines")
    code = models.ForeignKey(OutcomeCode, on_delete=models.PROTECT, related_name="+")
    offence = models.ForeignKey(Offence, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    suspect = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["id"]


class SignOff(Recorded):
    """A supervisor's sign-off of a decision, or its return with what more is needed."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="sign_offs")
    agreed = models.BooleanField()
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["recorded_at", "id"]


class DecisionLetter(Recorded):
    """A letter to a victim about a decision, stored by the letter service (its text and PDF are
    what the victim received) and queued for delivery as an update that meets their duties."""

    class Kind(models.TextChoices):
        WRITTEN_REASONS = "written_reasons", "Written reasons for the decision"
        REVIEW_OUTCOME = "review_outcome", "Result of the review"

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="letters")
    victim = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    letter = models.ForeignKey("notify.Letter", on_delete=models.PROTECT, related_name="+")
    update = models.ForeignKey(
        "victims_code.VictimUpdate", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    review_request = models.ForeignKey(
        "ReviewRequest", null=True, blank=True, on_delete=models.PROTECT, related_name="letters"
    )

    class Meta:
        ordering = ["recorded_at", "id"]
