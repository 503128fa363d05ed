"""The outbox (every message the service sends, durable and idempotent) and letters (the exact
text and PDF a person received, stored once and never regenerated)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from lantern.cases.models import Case
from lantern.core.bases import RecordedAt
from lantern.people.models import Person


class OutboxMessage(RecordedAt):
    """One message to send. Written in the same transaction as the change that needs it, then
    delivered by a background task: at least once, and never twice for one idempotency key (a
    unique constraint, and a claim before each attempt)."""

    class Channel(models.TextChoices):
        EMAIL = "email", "E-mail"
        SMS = "sms", "Text message"
        LETTER = "letter", "Letter"

    class State(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENDING = "sending", "Sending"
        RETRYING = "retrying", "Failed, will retry"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed, not sent"
        MANUAL = "manual", "Letter to print and deliver"
        DELIVERED = "delivered", "Letter delivered by hand or post"
        CANCELLED = "cancelled", "Cancelled"

    idempotency_key = models.CharField(max_length=200, unique=True)
    purpose = models.CharField(max_length=40, help_text="Who handles the result, e.g. victim_update, escalation")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.PROTECT, related_name="outbox_messages")
    recipient_ciphertext = models.TextField(blank=True, help_text="E-mail address or phone number, encrypted")
    recipient_protected = models.BooleanField(default=False, help_text="Never shown on a list page")
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True)
    letter = models.ForeignKey("Letter", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=255, blank=True, help_text="Kind of failure; never personal data")
    provider_reference = models.CharField(max_length=120, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-recorded_at", "-id"]
        indexes = [models.Index(fields=["state", "next_attempt_at"]), models.Index(fields=["case", "state"])]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.pk} ({self.state})"


class Letter(RecordedAt):
    """A rendered letter: the exact text and the PDF bytes, stored when it was made. A letter is
    never rendered again; a change is a new letter."""

    kind = models.CharField(max_length=40, help_text="Letter template, e.g. victim_update, written_reasons")
    language = models.CharField(max_length=12, help_text="Language asked for")
    rendered_language = models.CharField(max_length=12, help_text="Language of the text (en if no translation held)")
    interpreter_note = models.BooleanField(default=False, help_text="English letter that an interpreter must read")
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.PROTECT, related_name="letters")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    pdf = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    pages = models.PositiveSmallIntegerField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-recorded_at", "-id"]


class LetterDelivery(RecordedAt):
    """How a letter reached its reader."""

    class Method(models.TextChoices):
        POSTED = "posted", "Posted"
        HANDED_OVER = "handed_over", "Handed over in person"
        READ_BY_INTERPRETER = "read_by_interpreter", "Read to them by an interpreter"
        THROUGH_ADVOCATE = "through_advocate", "Given through their advocate"
        NOTIFY = "notify", "Sent by GOV.UK Notify"

    letter = models.ForeignKey(Letter, on_delete=models.PROTECT, related_name="deliveries")
    method = models.CharField(max_length=24, choices=Method.choices)
    delivered_at = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["delivered_at", "id"]


class CaughtEmail(models.Model):
    """An e-mail received by the demo's local mail catcher (`manage.py mail_catcher`, started by
    `./lantern demo`), so the demo's "Sent messages" page can show that it arrived and what it
    said. Never used in production: the catcher and the page refuse to run there."""

    message_id = models.CharField(max_length=255, blank=True, db_index=True)
    mail_from = models.CharField(max_length=255, blank=True)
    recipients = models.TextField(blank=True, help_text="One address a line")
    subject = models.CharField(max_length=255, blank=True)
    body = models.TextField(blank=True)
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-received_at", "-id"]
