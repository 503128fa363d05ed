"""National Referral Mechanism referrals and anonymous Duty to Notify records."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from lantern.cases.models import Case
from lantern.core.bases import Recorded, RecordedAt
from lantern.core.models import Force
from lantern.people.models import Person


class NrmReferral(RecordedAt):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Submitted, awaiting reasonable grounds"
        RG_POSITIVE = "rg_positive", "Positive reasonable grounds"
        RG_NEGATIVE = "rg_negative", "Negative reasonable grounds"
        CG_POSITIVE = "cg_positive", "Positive conclusive grounds"
        CG_NEGATIVE = "cg_negative", "Negative conclusive grounds"
        WITHDRAWN = "withdrawn", "Withdrawn"

    reference = models.CharField(max_length=40, help_text="As assigned by the competent authority")
    reference_normalised = models.CharField(max_length=40, unique=True)
    competent_authority = models.CharField(max_length=4, choices=[("SCA", "SCA"), ("IECA", "IECA")], default="SCA")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="nrm_referrals")
    force = models.ForeignKey(
        Force, on_delete=models.PROTECT, related_name="nrm_referrals", help_text="Force it was sent to"
    )
    first_responder = models.CharField(max_length=160, help_text="Organisation that referred")
    referred_at = models.DateTimeField()
    received_at = models.DateTimeField(help_text="When the force received it for crime recording")
    child_at_exploitation = models.BooleanField(default=False)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    cases: models.ManyToManyField[Case, NrmCaseLink] = models.ManyToManyField(
        Case, through="NrmCaseLink", related_name="nrm_referrals"
    )
    no_crime_reason = models.TextField(
        blank=True, help_text="Why no crime is recorded (e.g. exploitation overseas, referred to another force)"
    )

    class Meta:
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["force", "received_at"])]

    def __str__(self) -> str:
        return self.reference


class NrmCaseLink(RecordedAt):
    referral = models.ForeignKey(NrmReferral, on_delete=models.CASCADE)
    case = models.ForeignKey(Case, on_delete=models.CASCADE)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["referral", "case"], name="nrm_case_link_once")]


class DutyToNotify(RecordedAt):
    """An anonymous notification for an adult who did not consent to an NRM referral.

    Holds no identifying details unless the person consented to police contact; the person link
    is then set."""

    reference = models.CharField(max_length=40)
    reference_normalised = models.CharField(max_length=40, unique=True)
    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="duty_to_notify")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="duty_to_notify")
    notified_at = models.DateTimeField()
    exploitation_types = models.JSONField(default=list, blank=True)
    cases: models.ManyToManyField[Case, DtnCaseLink] = models.ManyToManyField(
        Case, through="DtnCaseLink", related_name="duty_to_notify"
    )

    class Meta:
        ordering = ["-notified_at"]

    def __str__(self) -> str:
        return self.reference


class DtnCaseLink(RecordedAt):
    notification = models.ForeignKey(DutyToNotify, on_delete=models.CASCADE)
    case = models.ForeignKey(Case, on_delete=models.CASCADE)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["notification", "case"], name="dtn_case_link_once")]


class NrmDecision(Recorded):
    """A reasonable or conclusive grounds decision on an NRM referral, as received."""

    class Kind(models.TextChoices):
        REASONABLE_GROUNDS = "rg", "Reasonable grounds"
        CONCLUSIVE_GROUNDS = "cg", "Conclusive grounds"

    referral = models.ForeignKey(NrmReferral, on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField(max_length=2, choices=Kind.choices)
    positive = models.BooleanField()
    decided_on = models.DateField()

    class Meta:
        db_table = "safeguarding_nrmdecision"  # the table it had in safeguarding, kept (nrm migration 0002)
        ordering = ["decided_on", "id"]
        constraints = [models.UniqueConstraint(fields=["referral", "kind"], name="one_decision_of_each_kind")]


class ReferralPassing(models.Model):
    """An NRM referral offered by the force holding it to another force (where the exploitation
    happened or the crime is recorded), with the reason. The other force's SPOC accepts it (the
    referral moves, with its history) or returns it with a reason. The row is the recorded
    disclosure: what went, to which force, why, who sent it and who decided; never deleted."""

    class State(models.TextChoices):
        OFFERED = "offered", "Waiting for the other force"
        ACCEPTED = "accepted", "Accepted"
        RETURNED = "returned", "Returned"

    referral = models.ForeignKey(NrmReferral, on_delete=models.PROTECT, related_name="passings")
    from_force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="+")
    to_force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="nrm_passings_in")
    reason = models.TextField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.OFFERED)
    passed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    passed_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["passed_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["referral"], condition=models.Q(state="offered"), name="one_open_passing_per_referral"
            ),
            models.CheckConstraint(
                condition=~models.Q(from_force=models.F("to_force")), name="passing_to_another_force"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.referral} to {self.to_force}"
