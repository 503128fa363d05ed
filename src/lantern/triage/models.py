"""The triage queue (issue 12 item 2), officers' skills and allocations (item 3), and operations
grouping linked cases across forces."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from lantern.cases.models import Case
from lantern.core.bases import Recorded
from lantern.core.models import Force
from lantern.nrm.models import DutyToNotify, NrmReferral

USER = settings.AUTH_USER_MODEL


class Skill(models.TextChoices):
    PIP1 = "pip1", "PIP level 1 (priority and volume investigation)"
    PIP2 = "pip2", "PIP level 2 (serious and complex investigation)"
    PIP3 = "pip3", "PIP level 3 (major investigation, senior investigating officer)"
    MS_INVESTIGATOR = "ms_investigator", "Specialist modern slavery investigators' course"
    VICTIM_LIAISON = "victim_liaison", "Victim liaison"
    VULNERABLE_WITNESS = "vulnerable_witness", "Interviewing vulnerable witnesses"
    FIRST_RESPONDER = "first_responder", "First-responder training"


class RiskLevel(models.TextChoices):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


class OrganisedCrime(models.TextChoices):
    CONFIRMED = "confirmed", "Confirmed: an organised crime group is involved"
    SUSPECTED = "suspected", "Suspected"
    NONE_KNOWN = "none_known", "None known"


class Operation(Recorded):
    """Linked cases across forces worked as one operation, with a lead force. Each force sees the
    operation and its own cases in it; other forces' cases only as a count per force."""

    name = models.CharField(max_length=120)
    lead_force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return self.name


class OperationCase(Recorded):
    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="parts")
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="operation_part")
    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="+", help_text="The case's force")


class TriageItem(models.Model):
    """Something the force's triage officer must assess and allocate."""

    class Source(models.TextChoices):
        CRIME = "crime", "New modern slavery crime"
        FIRST_RESPONSE = "first_response", "Completed first response"
        NRM_REFERRAL = "nrm_referral", "NRM referral waiting for a crime"
        DUTY_TO_NOTIFY = "duty_to_notify", "Duty to Notify waiting for a crime"

    class State(models.TextChoices):
        WAITING = "waiting", "Waiting for assessment"
        ASSESSED = "assessed", "Assessed, to allocate"
        ALLOCATED = "allocated", "Allocated"

    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=20, choices=Source.choices)
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.PROTECT, related_name="triage_items")
    referral = models.ForeignKey(NrmReferral, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    duty_to_notify = models.ForeignKey(DutyToNotify, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    first_response_id = models.PositiveBigIntegerField(null=True, blank=True, help_text="safeguarding.FirstResponse")
    entered_at = models.DateTimeField(default=timezone.now)
    due_on = models.DateField(help_text="Triaged on time if allocated by the end of this day, London time")
    state = models.CharField(max_length=10, choices=State.choices, default=State.WAITING)
    escalated_at = models.DateTimeField(null=True, blank=True)
    escalated_to = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    operation = models.ForeignKey(Operation, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["due_on", "entered_at", "id"]
        indexes = [models.Index(fields=["force", "state", "due_on"], name="triage_item_queue")]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(source="crime"),
                name="triage_one_crime_item_per_case",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.pk}"


class Assessment(models.Model):
    """The triage officer's assessment; a later one supersedes an earlier one (both kept)."""

    item = models.ForeignKey(TriageItem, on_delete=models.PROTECT, related_name="assessments")
    risk_to_victim = models.CharField(max_length=8, choices=RiskLevel.choices)
    risk_to_others = models.CharField(max_length=8, choices=RiskLevel.choices)
    organised_crime = models.CharField(max_length=12, choices=OrganisedCrime.choices)
    safeguarding_done = models.BooleanField()
    safeguarding_note = models.TextField(blank=True)
    investigative_opportunities = models.TextField(blank=True)
    links = models.TextField(blank=True, help_text="Links to other cases and forces")
    assessed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    assessed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-assessed_at", "-id"]


class Allocation(models.Model):
    """Who was given the case, whether they were qualified, and why if not (counted for oversight)."""

    item = models.ForeignKey(TriageItem, on_delete=models.PROTECT, related_name="allocations")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    officer = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    allocated_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    allocated_at = models.DateTimeField(default=timezone.now)
    qualified = models.BooleanField()
    missing_skills = models.JSONField(default=list, blank=True)
    reason = models.TextField(blank=True, help_text="Why an officer without the required skills was chosen")


class TrainingRecord(Recorded):
    """One officer's training or accreditation, with dates; withdrawn (never deleted) when wrong."""

    officer = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="training_records")
    skill = models.CharField(max_length=20, choices=Skill.choices)
    achieved_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["officer_id", "skill", "-achieved_on"]
