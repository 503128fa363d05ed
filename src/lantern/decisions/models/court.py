"""The CPS and court: submissions to the CPS and court hearings."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from lantern.cases.models import Case, CpsReferral
from lantern.core.bases import Recorded
from lantern.core.models import Organisation
from lantern.people.models import Person

USER = settings.AUTH_USER_MODEL


class CpsSubmission(models.Model):
    """Early investigative advice or a pre-charge submission to the CPS, with its dates, decision
    and the time the CPS took. The CpsReferral row lets the CPS liaison see the case."""

    class Kind(models.TextChoices):
        EARLY_ADVICE = "early_advice", "Early investigative advice"
        PRE_CHARGE = "pre_charge", "Pre-charge decision"

    class Result(models.TextChoices):
        ADVICE_GIVEN = "advice_given", "Advice given"
        CHARGE = "charge", "Charge"
        NO_CHARGE = "no_charge", "No charge"
        MORE_EVIDENCE = "more_evidence", "More evidence needed (action plan)"
        OUT_OF_COURT = "out_of_court", "Out-of-court disposal"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="cps_submissions")
    referral = models.OneToOneField(CpsReferral, on_delete=models.PROTECT, related_name="submission")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    submitted_on = models.DateField()
    summary = models.TextField()
    submitted_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=16, choices=Result.choices, blank=True, help_text="The CPS's decision")
    decided_on = models.DateField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    cps_reference = models.CharField(max_length=40, blank=True)
    decision_recorded_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decision_recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["submitted_on", "id"]
        indexes = [models.Index(fields=["organisation", "decided_on"])]

    @property
    def days_taken(self) -> int | None:
        if self.decided_on is None:
            return None
        return (self.decided_on - self.submitted_on).days


class CourtHearing(Recorded):
    """A court date for a defendant; the victim is owed word of it (C10), and of the result."""

    class Kind(models.TextChoices):
        FIRST = "first", "First hearing"
        PLEA = "plea", "Plea and trial preparation hearing"
        TRIAL = "trial", "Trial"
        SENTENCE = "sentence", "Sentence"
        OTHER = "other", "Other hearing"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="court_hearings")
    defendant = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    hearing_at = models.DateTimeField()
    court = models.CharField(max_length=160)
    result = models.TextField(blank=True)
    result_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["hearing_at", "id"]
