"""Slavery and Trafficking Prevention Orders (STPO), Risk Orders (STRO) and interim orders
(Modern Slavery Act 2015 Part 2; ../shared/reference/domain.md section 6).

An order is recorded from its application (draft, applied) to the court's decision (granted or
refused), then managed: prohibitions and requirements each with their own end date, the person's
notifications of name and address, reviews on a schedule, court decisions (variation, renewal,
discharge), offers to another force when the person moves, and breaches (each a new s30 case).
The statutory figures are data (StatutoryRule, loaded from data/statutory.json by migration).

Changes go through lantern.orders.services; nothing here has side effects on save.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from lantern.cases.models import Case
from lantern.core.bases import Recorded, RecordedAt
from lantern.core.models import Force
from lantern.people.models import Person


class OrderKind(models.TextChoices):
    STPO_CONVICTION = "stpo_conviction", "Slavery and Trafficking Prevention Order (on conviction)"
    STPO_APPLICATION = "stpo_application", "Slavery and Trafficking Prevention Order (on application)"
    STRO = "stro", "Slavery and Trafficking Risk Order"
    INTERIM_STPO = "interim_stpo", "Interim Slavery and Trafficking Prevention Order"
    INTERIM_STRO = "interim_stro", "Interim Slavery and Trafficking Risk Order"


SHORT_KIND = {
    OrderKind.STPO_CONVICTION: "STPO",
    OrderKind.STPO_APPLICATION: "STPO",
    OrderKind.STRO: "STRO",
    OrderKind.INTERIM_STPO: "Interim STPO",
    OrderKind.INTERIM_STRO: "Interim STRO",
}


class StatutoryRule(models.Model):
    """The statutory figures for one kind of order, as data (domain.md section 6)."""

    kind = models.CharField(max_length=20, choices=OrderKind.choices, unique=True)
    minimum_years = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Empty: no minimum")
    discharge_protected_years = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Not discharged within this many years without both consents"
    )
    travel_max_years = models.PositiveSmallIntegerField(default=5)
    notify_days = models.PositiveSmallIntegerField(default=3, help_text="Calendar days to notify after service")
    change_notify_days = models.PositiveSmallIntegerField(default=3, help_text="Calendar days to notify a change")
    fixed_period_required = models.BooleanField(default=False, help_text="Interim orders have a fixed period")
    section = models.CharField(max_length=200)
    duration_section = models.CharField(max_length=40, help_text="Cited when a duration is refused")
    discharge_section = models.CharField(max_length=40, help_text="Cited when a discharge is refused")
    source = models.CharField(max_length=200)
    verified = models.BooleanField(default=True)
    note = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return self.get_kind_display()


class Order(Recorded):
    class State(models.TextChoices):
        DRAFT = "draft", "Application being drafted"
        APPLIED = "applied", "Applied for, awaiting the court"
        GRANTED = "granted", "In force"
        REFUSED = "refused", "Refused by the court"
        DISCHARGED = "discharged", "Discharged"
        ENDED = "ended", "Ended"

    kind = models.CharField(max_length=20, choices=OrderKind.choices)
    state = models.CharField(max_length=12, choices=State.choices, default=State.DRAFT)
    subject = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="orders")
    applicant_force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="+")
    managing_force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="+")
    managing_officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    court = models.CharField(max_length=160)
    reference = models.CharField(max_length=60, blank=True, help_text="The court's or the force's reference")
    cases = models.ManyToManyField(Case, related_name="orders", blank=True, help_text="The case(s) it arose from")
    main_order = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="interim_orders",
        help_text="For an interim order: the main application it stands in for",
    )
    applied_on = models.DateField(null=True, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    made_on = models.DateField(null=True, blank=True, help_text="Date the order was made")
    served_on = models.DateField(null=True, blank=True, help_text="Date first served: starts the notification clock")
    ends_on = models.DateField(null=True, blank=True, help_text="Empty: until further order")
    ended_on = models.DateField(null=True, blank=True, help_text="Discharged or ended early on")
    notification_required = models.BooleanField(default=True)
    foreign_travel_prohibited = models.BooleanField(default=False)
    travel_countries = models.CharField(max_length=255, blank=True, help_text="Empty with the flag: all countries")
    travel_ends_on = models.DateField(null=True, blank=True)
    passport_surrender = models.BooleanField(default=False)
    passport_station = models.CharField(max_length=160, blank=True)
    review_interval_months = models.PositiveSmallIntegerField(default=6)
    next_review_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-made_on", "-id"]
        indexes = [
            models.Index(fields=["managing_force", "state"]),
            models.Index(fields=["applicant_force", "state"]),
            models.Index(fields=["state", "ends_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.short_kind} {self.pk}"

    @property
    def short_kind(self) -> str:
        return SHORT_KIND.get(OrderKind(self.kind), str(self.kind))

    @property
    def is_interim(self) -> bool:
        return self.kind in (OrderKind.INTERIM_STPO, OrderKind.INTERIM_STRO)


class Prohibition(Recorded):
    class Kind(models.TextChoices):
        PROHIBITION = "prohibition", "Prohibition"
        REQUIREMENT = "requirement", "Requirement"

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="prohibitions")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.PROHIBITION)
    text = models.TextField()
    starts_on = models.DateField(null=True, blank=True, help_text="Empty: from the order's start")
    ends_on = models.DateField(null=True, blank=True, help_text="Empty: as long as the order")
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]


class Notification(Recorded):
    """The person notified the police of their name(s) and home address (s26 MSA 2015)."""

    class Kind(models.TextChoices):
        INITIAL = "initial", "First notification after the order was served"
        CHANGE = "change", "Change of name or address"

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="notifications")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    names = models.CharField(max_length=255)
    address = models.TextField()
    address_force = models.ForeignKey(
        Force, on_delete=models.PROTECT, related_name="+", help_text="The police force area of the address"
    )
    changed_on = models.DateField(null=True, blank=True, help_text="For a change: when it happened")
    notified_on = models.DateField()
    late = models.BooleanField(default=False)

    class Meta:
        ordering = ["-notified_on", "-id"]


class OrderDuty(RecordedAt):
    """Something the managing officer must see done by a day: a notification the person owes
    (the officer checks it came), or a review of the order."""

    class Kind(models.TextChoices):
        NOTIFICATION = "notification", "Notification of name and address due"
        REVIEW = "review", "Review of the order due"

    class State(models.TextChoices):
        OPEN = "open", "Due"
        MET = "met", "Met"
        MET_LATE = "met_late", "Met late"
        CLOSED = "closed", "No longer needed"

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="duties")
    kind = models.CharField(max_length=14, choices=Kind.choices)
    source_key = models.CharField(max_length=60)
    arose_on = models.DateField()
    due_on = models.DateField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="order_duties")
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    met_on = models.DateField(null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(default=0)
    escalated_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    escalated_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "order duties"
        constraints = [models.UniqueConstraint(fields=["order", "kind", "source_key"], name="order_duty_once")]
        indexes = [
            models.Index(fields=["state", "escalation_level", "due_on"], name="order_duty_awaiting"),
            models.Index(fields=["owner", "state"]),
        ]


class Review(Recorded):
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="reviews")
    reviewed_on = models.DateField()
    summary = models.TextField()
    next_review_on = models.DateField()

    class Meta:
        ordering = ["-reviewed_on", "-id"]


class CourtDecision(Recorded):
    """Variation, renewal or discharge: recorded as the court decided it, never edited."""

    class Kind(models.TextChoices):
        VARIATION = "variation", "Variation"
        RENEWAL = "renewal", "Renewal"
        DISCHARGE = "discharge", "Discharge"

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="court_decisions")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    decided_on = models.DateField()
    court = models.CharField(max_length=160)
    summary = models.TextField()
    new_ends_on = models.DateField(null=True, blank=True)
    defendant_consent = models.BooleanField(default=False)
    chief_officer_consent = models.BooleanField(default=False)

    class Meta:
        ordering = ["-decided_on", "-id"]


class OrderOffer(models.Model):
    """The person moved to another force's area: the order is offered to that force, which
    accepts (naming its officer) or declines, as a case transfer is. The old force keeps read access."""

    class State(models.TextChoices):
        OFFERED = "offered", "Offered"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="offers")
    from_force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="+")
    to_force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=500)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OFFERED)
    offered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    offered_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-offered_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["order"], condition=models.Q(state="offered"), name="one_open_offer_per_order"
            )
        ]


class Breach(Recorded):
    """A suspected breach: a new case for the s30 MSA 2015 offence, in the force where it happened."""

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="breaches")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="order_breaches")
    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="+")
    occurred_on = models.DateField()
    summary = models.TextField()

    class Meta:
        ordering = ["-occurred_on", "-id"]
