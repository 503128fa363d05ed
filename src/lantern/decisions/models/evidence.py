"""The evidence a closing decision rests on: the enquiry checklist, suspect interviews, the
victim's account and the credibility reasoning. A new answer or record supersedes the old one."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from lantern.cases.models import Case
from lantern.core.bases import Recorded
from lantern.decisions import rules
from lantern.people.models import Person

USER = settings.AUTH_USER_MODEL


class CurrentQuerySet(models.QuerySet[Any]):
    def current(self) -> models.QuerySet[Any]:
        return self.filter(superseded_at__isnull=True)


class EnquiryAnswer(models.Model):
    """One answer to one line of the enquiry checklist. A new answer supersedes the old one."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="enquiry_answers")
    item = models.CharField(max_length=32, choices=[(i.code, i.question) for i in rules.ENQUIRY_ITEMS])
    answer = models.CharField(max_length=16, choices=list(rules.ANSWERS.items()))
    note = models.TextField()
    answered_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(default=timezone.now)
    superseded_at = models.DateTimeField(null=True, blank=True)

    objects = CurrentQuerySet.as_manager()

    class Meta:
        ordering = ["answered_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "item"], condition=models.Q(superseded_at__isnull=True), name="one_current_answer"
            )
        ]


class SuspectInterview(Recorded):
    """A suspect interviewed: under caution or not, after arrest or voluntarily (a structured fact
    the Victims' Right to Review depends on, domain.md 9.4)."""

    class Circumstances(models.TextChoices):
        AFTER_ARREST = "after_arrest", "After arrest"
        VOLUNTARY = "voluntary", "Voluntary interview"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="suspect_interviews")
    suspect = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    interviewed_on = models.DateField()
    under_caution = models.BooleanField()
    circumstances = models.CharField(max_length=16, choices=Circumstances.choices)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["interviewed_on", "id"]


class VictimAccount(Recorded):
    """Whether the victim's account was taken, or why not. "Not spoken to" needs a supervisor's
    agreement (agreed_by), given once by someone other than the officer in charge. A new record
    supersedes the old one."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="victim_accounts")
    victim = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    taken = models.BooleanField()
    taken_on = models.DateField(null=True, blank=True)
    method = models.CharField(max_length=24, choices=list(rules.ACCOUNT_METHODS.items()), blank=True)
    interpreter_language = models.CharField(max_length=12, blank=True)
    reason = models.CharField(
        max_length=16, choices=[(k, v.label) for k, v in rules.NOT_TAKEN_REASONS.items()], blank=True
    )
    reason_text = models.TextField(blank=True)
    superseded_at = models.DateTimeField(null=True, blank=True)
    agreed_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    agreed_at = models.DateTimeField(null=True, blank=True)
    agreement_note = models.TextField(blank=True)
    history = HistoricalRecords()

    objects = CurrentQuerySet.as_manager()

    class Meta:
        ordering = ["recorded_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "victim"],
                condition=models.Q(superseded_at__isnull=True),
                name="one_current_account_per_victim",
            )
        ]

    @property
    def needs_agreement(self) -> bool:
        return not self.taken and rules.needs_supervisor_agreement(self.reason)


class CredibilityAssessment(Recorded):
    """Whether a judgment about the victim's credibility affected the decision, and if so how the
    effects of trauma were considered. A new record supersedes the old one."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="credibility_assessments")
    victim = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    a_factor = models.BooleanField()
    trauma_factors = models.JSONField(default=list, blank=True)
    how_considered = models.TextField(blank=True)
    superseded_at = models.DateTimeField(null=True, blank=True)

    objects = CurrentQuerySet.as_manager()

    class Meta:
        ordering = ["recorded_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "victim"],
                condition=models.Q(superseded_at__isnull=True),
                name="one_current_credibility_per_victim",
            )
        ]

    def factor_labels(self) -> list[str]:
        return [rules.TRAUMA_FACTORS.get(f, f) for f in self.trauma_factors]
