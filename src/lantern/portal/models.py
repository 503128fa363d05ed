"""The portal: requests for an update, the victim's invitation (link and passcode) and the
feedback survey. Consent to share with an advocate is lantern.cases.AdvocateAssignment (the
access policy reads it); its operations are in lantern.portal.consent.

Feedback is stored apart from the case: a FeedbackResponse has no foreign key to a case, a
person, an invitation or a user, only the force and the month, so nobody can follow it back to
one victim. FeedbackGiven (which occasions a victim has already answered) holds no answers.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from lantern.cases.models import Case
from lantern.core.bases import Recorded
from lantern.core.models import Force
from lantern.people.models import Person


class Requester(models.TextChoices):
    VICTIM = "victim", "The victim"
    ADVOCATE = "advocate", "Their advocate"


class UpdateRequest(models.Model):
    """The victim or their advocate asked for an update. It is answered by the duty it created
    (met when the officer records an update)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="update_requests")
    victim = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    requester = models.CharField(max_length=10, choices=Requester.choices)
    advocate = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    message = models.CharField(max_length=500, blank=True)
    requested_at = models.DateTimeField(default=timezone.now)
    duty = models.ForeignKey("victims_code.Duty", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["case", "requested_at"]), models.Index(fields=["requested_at"])]


class VictimInvitation(Recorded):
    """A victim's way in to their own page: a link (a long random token) and a passcode given
    separately. Only hashes are stored. Revoked or locked, it opens nothing; the officer issues a
    new one (which revokes the old)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="victim_invitations")
    victim = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    passcode_hash = models.CharField(max_length=200)
    language = models.CharField(max_length=12, default="en")
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    locked_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    last_opened_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "victim"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_live_invitation_per_victim",
            )
        ]

    @property
    def state(self) -> str:
        if self.revoked_at:
            return "revoked"
        if self.locked_at:
            return "locked"
        return "active"


class Occasion(models.TextChoices):
    FIRST_CONTACT = "first_contact", "After first contact"
    UPDATE = "update", "After an update"
    DECISION = "decision", "After a decision"


class FeedbackGiven(models.Model):
    """That a victim (or their advocate) answered the survey for one occasion, so it is offered
    once. Holds no answers and no link to the response."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    victim = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    occasion_key = models.CharField(max_length=60, help_text="e.g. update:123, decision:4")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "victim", "occasion_key"], name="feedback_once_per_occasion")
        ]


def _answer() -> models.PositiveSmallIntegerField[int, int]:
    return models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="1-5; empty: no answer",
    )


class FeedbackResponse(models.Model):
    """One answer to the survey, kept apart from the case (no case, person or user)."""

    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="+")
    month = models.DateField(help_text="First day of the month it was given (no exact date)")
    occasion = models.CharField(max_length=16, choices=Occasion.choices)
    respondent = models.CharField(max_length=10, choices=Requester.choices)
    language = models.CharField(max_length=12)
    kept_informed = _answer()
    listened_to = _answer()
    believed = _answer()
    respected = _answer()
    would_report_again = _answer()

    class Meta:
        indexes = [models.Index(fields=["force", "month"])]
