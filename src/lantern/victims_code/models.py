"""The Victims' Code on a case: versions of the Code and their deadlines (data), the events that
create duties, the duties themselves, updates to the victim that meet them, contact plans,
enhanced-rights decisions and escalations.

Changes go through lantern.victims_code.services; nothing here has side effects on save. A duty
is never deleted: its state changes, and django-simple-history keeps every earlier version.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from lantern.cases.models import Case
from lantern.core.bases import Recorded, RecordedAt
from lantern.core.models import Force
from lantern.people.models import Person


class EventKind(models.TextChoices):
    """Case events after which the victim must be told something (domain.md section 0)."""

    CRIME_RECORDED = "crime_recorded", "Crime recorded"
    NOT_INVESTIGATED = "not_investigated", "Decision not to investigate"
    SUSPECT_ARRESTED = "suspect_arrested", "Suspect arrested"
    SUSPECT_INTERVIEWED = "suspect_interviewed", "Suspect interviewed under caution"
    RELEASED_NO_CHARGE = "released_no_charge", "Suspect released without charge"
    RELEASED_ON_BAIL = "released_on_bail", "Suspect released on police bail"
    RELEASED_UNDER_INVESTIGATION = "released_under_investigation", "Suspect released under investigation"
    BAIL_CHANGED = "bail_changed", "Bail conditions changed or cancelled"
    CHARGED = "charged", "Suspect charged"
    NOT_CHARGED = "not_charged", "Decision to take no further action"
    OUT_OF_COURT_DISPOSAL = "out_of_court_disposal", "Out-of-court disposal"
    CPS_DECISION = "cps_decision", "CPS decision"
    COURT_HEARING = "court_hearing", "Court hearing date set"
    COURT_RESULT = "court_result", "Court result"
    CASE_TRANSFERRED = "case_transferred", "Case transferred to another force"
    OFFICER_CHANGED = "officer_changed", "Officer in charge changed"
    # Decisions and their review (lantern.decisions; domain.md section 2, clocks C12-C14).
    REVIEW_RIGHT = "review_right", "Decision the victim can ask to have reviewed"
    WRITTEN_REASONS = "written_reasons", "Written reasons for a decision asked for"
    REVIEW_REQUESTED = "review_requested", "Review of a decision asked for (Victims' Right to Review)"
    CASE_REOPENED = "case_reopened", "Case reopened"
    # The victim or their advocate asked for an update (lantern.portal).
    UPDATE_REQUESTED = "update_requested", "The victim or their advocate asked for an update"


class DutyKind(models.TextChoices):
    """What the victim is owed. Most are "tell the victim about this event"; the first five are
    owed at the start of every case, and PLAN_UPDATE recurs at the interval of the contact plan."""

    WRITTEN_CONFIRMATION = "written_confirmation", "Written confirmation of the crime"
    NEEDS_ASSESSMENT = "needs_assessment", "Needs assessment, including enhanced rights"
    SUPPORT_REFERRAL = "support_referral", "Referral to victim support services"
    VPS_OFFER = "vps_offer", "Offer to make a Victim Personal Statement"
    AGREE_CONTACT_PLAN = "agree_contact_plan", "Agree how and how often to update the victim"
    PLAN_UPDATE = "plan_update", "Update due under the contact plan"
    NOT_INVESTIGATED = "not_investigated", "Explain the decision not to investigate"
    SUSPECT_ARRESTED = "suspect_arrested", "Tell the victim of the arrest"
    SUSPECT_INTERVIEWED = "suspect_interviewed", "Tell the victim of the interview under caution"
    RELEASED_NO_CHARGE = "released_no_charge", "Tell the victim of the release without charge, with reasons"
    RELEASED_ON_BAIL = "released_on_bail", "Tell the victim of the release on bail and its conditions"
    RELEASED_UNDER_INVESTIGATION = "released_under_investigation", "Tell the victim of the release under investigation"
    BAIL_CHANGED = "bail_changed", "Tell the victim the bail conditions changed"
    CHARGED = "charged", "Tell the victim of the charge"
    NOT_CHARGED = "not_charged", "Tell the victim of the decision to take no further action, with reasons"
    OUT_OF_COURT_DISPOSAL = "out_of_court_disposal", "Tell the victim of the out-of-court disposal"
    CPS_DECISION = "cps_decision", "Tell the victim of the CPS decision"
    COURT_HEARING = "court_hearing", "Tell the victim the date, time and place of the hearing"
    COURT_RESULT = "court_result", "Tell the victim the result at court"
    CASE_TRANSFERRED = "case_transferred", "Tell the victim the case moved to another force"
    OFFICER_CHANGED = "officer_changed", "Tell the victim who their new officer is"
    REVIEW_RIGHT = "review_right", "Tell the victim of their right to ask for a review, with the reasons and the date"
    WRITTEN_REASONS = "written_reasons", "Send the written reasons for the decision the victim asked for"
    REVIEW_ACKNOWLEDGE = "review_acknowledge", "Acknowledge the victim's request for a review"
    REVIEW_OUTCOME = "review_outcome", "Complete the review and tell the victim the result in writing"
    CASE_REOPENED = "case_reopened", "Tell the victim the case has been reopened"
    UPDATE_REQUESTED = "update_requested", "Answer the request for an update"


class Channel(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    PHONE = "phone", "Phone call"
    LETTER = "letter", "Letter"
    EMAIL = "email", "E-mail"
    SMS = "sms", "Text message (SMS)"
    ADVOCATE = "advocate", "Through their advocate"


# --- The Code as data ------------------------------------------------------------------------


class CodeVersion(models.Model):
    """A version of the Victims' Code. A case event is judged by the version in force on the day
    it happened (the latest version whose in_force_from is on or before that day)."""

    code = models.CharField(max_length=20, unique=True, help_text="e.g. 2020")
    title = models.CharField(max_length=200)
    in_force_from = models.DateField(unique=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["in_force_from"]

    def __str__(self) -> str:
        return self.title


class DeadlineRule(models.Model):
    """How many working days a duty allows under one version of the Code, for victims with and
    without enhanced rights. Values the sources do not confirm are marked verified=False and
    shown as local policy."""

    version = models.ForeignKey(CodeVersion, on_delete=models.PROTECT, related_name="rules")
    duty_kind = models.CharField(max_length=40, choices=DutyKind.choices)
    standard_working_days = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(60)])
    enhanced_working_days = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(60)])
    code_reference = models.CharField(max_length=60, help_text="e.g. Right 6")
    verified = models.BooleanField(help_text="False where the day count is not in the sources (local policy)")
    source = models.CharField(max_length=200, blank=True, help_text="Where the figure comes from")

    class Meta:
        ordering = ["version", "duty_kind"]
        constraints = [models.UniqueConstraint(fields=["version", "duty_kind"], name="one_rule_per_duty_per_version")]

    def __str__(self) -> str:
        return f"{self.version.code}: {self.duty_kind}"


# --- What happens on a case ------------------------------------------------------------------


class CaseEvent(RecordedAt):
    """Something that happened on a case and that the victims must be told about."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="code_events")
    kind = models.CharField(max_length=40, choices=EventKind.choices)
    occurred_at = models.DateTimeField()
    note = models.CharField(max_length=500, blank=True, help_text="What happened, for the officer (not sent)")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["case", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on case {self.case_id}"


class ContactPlan(models.Model):
    """How and how often a victim wants to hear about their case (Code Right 6). A change is a new
    plan that supersedes the old one, so every plan ever agreed is kept."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="contact_plans")
    victim = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="contact_plans")
    interval_days = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(366)])
    channel = models.CharField(max_length=20, choices=Channel.choices)
    language = models.CharField(max_length=12, help_text="ISO 639 code of the language to use, e.g. en, lv, ti")
    interpreter_needed = models.BooleanField(default=False)
    advocate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The advocate updates go through, if the victim asked for that",
    )
    notes = models.CharField(max_length=500, blank=True)
    agreed_at = models.DateTimeField()
    agreed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    superseded_at = models.DateTimeField(null=True, blank=True)
    # Due day of the plan's latest update duty (empty before the first): lets the sweep find the
    # plans that owe a new one without looking at every plan's duties.
    latest_due_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-agreed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "victim"],
                condition=models.Q(superseded_at__isnull=True),
                name="one_current_contact_plan_per_victim",
            )
        ]
        indexes = [models.Index(fields=["superseded_at", "latest_due_on"], name="current_plan_latest_due")]


class VictimContactDetails(models.Model):
    """How to reach a victim, encrypted at rest (lantern.core.crypto). Details of a victim
    in hiding are protected: never on a list page or in an export, and shown on the case only to
    someone who gives a reason (audited). Read them through contact.py, not these fields."""

    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="contact_details")
    email_ciphertext = models.TextField(blank=True)
    mobile_ciphertext = models.TextField(blank=True)
    postal_address_ciphertext = models.TextField(blank=True)
    protected = models.BooleanField(default=False)
    protected_reason = models.CharField(max_length=255, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()


class EnhancedRightsDecision(models.Model):
    """A recorded decision on whether a victim has enhanced rights, overriding the default
    (enhanced in every modern slavery case). Never overrides "under 18 at the time of the
    offence". The latest decision for a victim in a case stands; earlier ones are kept."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="enhanced_rights_decisions")
    victim = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    enhanced = models.BooleanField()
    reason = models.TextField()
    decided_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-decided_at", "-id"]


class VictimUpdate(Recorded):
    """The victim was told something (or is being sent something through the outbox). One update
    can meet several duties. A correction keeps the earlier version in its history."""

    class Delivery(models.TextChoices):
        GIVEN = "given", "Given"
        SENDING = "sending", "Being sent"
        AWAITING_DELIVERY = "awaiting_delivery", "Letter waiting to be delivered"
        FAILED = "failed", "Sending failed"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="victim_updates")
    victim = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    given_at = models.DateTimeField(null=True, blank=True, help_text="When the victim was told; empty until sent")
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=20, choices=Channel.choices)
    language = models.CharField(max_length=12)
    interpreter_used = models.BooleanField(default=False)
    interpreter_name = models.CharField(max_length=160, blank=True)
    summary = models.TextField(help_text="What the victim was told")
    delivery = models.CharField(max_length=20, choices=Delivery.choices, default=Delivery.GIVEN)
    duties: models.ManyToManyField[Duty, Any] = models.ManyToManyField(
        "Duty", related_name="updates", blank=True, help_text="Duties this update meets"
    )
    message = models.ForeignKey(
        "notify.OutboxMessage", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    letter = models.ForeignKey("notify.Letter", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-given_at", "-id"]
        indexes = [models.Index(fields=["case", "given_at"]), models.Index(fields=["given_by", "given_at"])]


class Duty(RecordedAt):
    """Something owed to one victim in one case, with a deadline and an owner.

    State: open, met, met late or waived; an open duty past its deadline is shown as overdue
    (rules.display_state). The owner is the officer in charge, moving with a handover or a
    transfer while the duty is open.
    """

    class State(models.TextChoices):
        OPEN = "open", "Due"
        MET = "met", "Met"
        MET_LATE = "met_late", "Met late"
        WAIVED = "waived", "Waived"

    # Foreign keys without an index of their own where a wider index begins with them (case, owner)
    # or nothing looks duties up by them alone (victim, rule, waived_by: always with the case, or
    # never): each index costs every new duty a B-tree insert, and the sweep and the generator write
    # duties by the thousand into a table of millions (issue 15).
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="duties", db_index=False)
    victim = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", db_index=False)
    kind = models.CharField(max_length=40, choices=DutyKind.choices)
    event = models.ForeignKey(CaseEvent, null=True, blank=True, on_delete=models.PROTECT, related_name="duties")
    plan = models.ForeignKey(ContactPlan, null=True, blank=True, on_delete=models.PROTECT, related_name="duties")
    # What makes this duty unique for the victim: "event:<id>" or "plan:<id>:<start date>".
    source_key = models.CharField(max_length=80)
    rule = models.ForeignKey(
        DeadlineRule, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    enhanced = models.BooleanField(help_text="Whether the victim had enhanced rights when the duty arose")
    working_days = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Empty for contact plan updates")
    event_at = models.DateTimeField(help_text="When the duty arose")
    due_on = models.DateField(help_text="Met on time if met by the end of this day, London time")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="victim_duties", db_index=False
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    met_at = models.DateTimeField(null=True, blank=True)
    days_late = models.PositiveIntegerField(null=True, blank=True, help_text="Calendar days after due_on it was met")
    waived_reason = models.TextField(blank=True)
    waived_at = models.DateTimeField(null=True, blank=True)
    waived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    escalation_level = models.PositiveSmallIntegerField(default=0, help_text="0 none, 1 supervisor, 2 force lead")
    # The history is written with every change and read only by a duty's own id: no index on the
    # foreign keys it copies.
    history = HistoricalRecords(no_db_index=["case", "victim", "event", "plan", "rule", "owner", "waived_by"])

    class Meta:
        # No default ordering: an ORDER BY due_on on every query would make the database walk the
        # (state, due_on) index over every open duty instead of the case's or the owner's. Queries
        # that need an order ask for it.
        verbose_name_plural = "duties"
        constraints = [
            models.UniqueConstraint(fields=["case", "victim", "kind", "source_key"], name="duty_once_per_source"),
            models.CheckConstraint(
                condition=~models.Q(state="waived") | ~models.Q(waived_reason=""), name="waived_duty_has_reason"
            ),
        ]
        indexes = [
            models.Index(fields=["owner", "state", "due_on"]),
            models.Index(fields=["case", "state"]),
            # The sweep's escalation reads: open duties at a given escalation level, due before a day.
            models.Index(fields=["state", "escalation_level", "due_on"], name="duty_awaiting_escalation"),
            # Oversight's Victims' Code measures, read from the indexes alone (issue 13): the duties due
            # in a period by owner and state; a state's duties due in a period by owner and days late.
            # The second also serves "open duties due before a day" (the sweep, the overdue lists).
            models.Index(fields=["due_on", "owner", "state"], name="duty_due_owner_state"),
            models.Index(fields=["state", "due_on", "owner", "days_late"], name="duty_state_due_owner_late"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} (case {self.case_id})"


class Escalation(RecordedAt):
    """An overdue duty brought to someone's attention: the owner's supervisor first, then the
    force's modern slavery lead if it is still overdue a working day later."""

    class Level(models.IntegerChoices):
        SUPERVISOR = 1, "Supervisor"
        FORCE_LEAD = 2, "Force modern slavery lead"

    # Indexed by the unique (duty, level) and by (to_user, level), not again on their own.
    duty = models.ForeignKey(Duty, on_delete=models.PROTECT, related_name="escalations", db_index=False)
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="escalations_received",
        db_index=False,
    )

    class Meta:
        ordering = ["-recorded_at"]
        constraints = [models.UniqueConstraint(fields=["duty", "level"], name="escalate_once_per_level")]
        indexes = [models.Index(fields=["to_user", "level"])]


class ForceLead(models.Model):
    """The force's modern slavery lead, who receives the second escalation. Without one, the
    force's first SPOC does."""

    force = models.OneToOneField(Force, on_delete=models.PROTECT, related_name="modern_slavery_lead")
    lead = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(default=timezone.now)


class SweepMark(models.Model):
    """Where the sweep got to in a table it reads in id order (the backfill's last victim party)."""

    name = models.CharField(max_length=40, unique=True)
    value = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)


class MonthFigures(models.Model):
    """The Victims' Code measures of one calendar month, per force, as calculated at `computed_at`
    (lantern.victims_code.figures, decision 0028). Written only by the task worker after a sweep;
    oversight reads them instead of recalculating a quarter of duties and silences per page."""

    month = models.DateField(unique=True, help_text="The first day of the month.")
    computed_at = models.DateTimeField()
    # One entry per force (and one for duties whose owner has no force): a MeasureRow as JSON.
    rows = models.JSONField(default=list)

    def __str__(self) -> str:
        return f"{self.month:%B %Y} as at {self.computed_at:%Y-%m-%d %H:%M}"
