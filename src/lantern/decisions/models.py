"""Accountable decisions: the Home Office outcome codes (data), the evidence a closing decision
rests on (enquiry checklist, interviews, the victim's account, credibility reasoning), decisions
with their outcomes per offence and per suspect, sign-off, the letters giving written reasons, the
Victims' Right to Review, new information on closed cases, CPS referrals and court hearings.

Changes go through lantern.decisions.services. Nothing is deleted and a decision is never edited
in place: a correction is a new decision linked to the one it corrects, with its reason. Answers
that may change (a checklist answer, an account, a credibility record) are superseded by a new
row, so every earlier version stays.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from lantern.cases.models import Case, CpsReferral, Offence
from lantern.core.models import Organisation
from lantern.decisions import review_rules, rules
from lantern.people.models import Person

USER = settings.AUTH_USER_MODEL


class OutcomeGroup(models.TextChoices):
    """Groupings used in Home Office bulletins (domain.md section 3; membership of 5 and 17 [U])."""

    CHARGE = "charge", "Charged or summonsed"
    OUT_OF_COURT_FORMAL = "ooc_formal", "Out-of-court (formal)"
    OUT_OF_COURT_INFORMAL = "ooc_informal", "Out-of-court (informal)"
    DIVERSION = "diversion", "Diversion"
    TIC = "tic", "Taken into consideration"
    PREVENTED = "prevented", "Prosecution prevented or not in the public interest"
    EVIDENTIAL = "evidential", "Evidential difficulties"
    NO_SUSPECT = "no_suspect", "Investigation complete, no suspect identified"
    TRANSFERRED = "transferred", "Responsibility transferred"
    TIME_LIMIT = "time_limit", "Time limit expired"
    NFIB = "nfib", "Filed by the National Fraud Intelligence Bureau"


class OutcomeCode(models.Model):
    """A Home Office crime outcome (domain.md section 3), as data: sub-codes, groupings and the
    mapping to the Victims' Right to Review are partly unverified and kept here, not in code."""

    code = models.CharField(max_length=4, unique=True)
    label = models.CharField(max_length=200)
    plain_english = models.TextField(help_text="What it means, for the letter to the victim")
    group = models.CharField(max_length=16, choices=OutcomeGroup.choices)
    suspect = models.CharField(
        max_length=10,
        choices=[
            (rules.SUSPECT_REQUIRED, "Names a suspect"),
            (rules.SUSPECT_NONE, "No suspect identified"),
            (rules.SUSPECT_EITHER, "Either"),
        ],
    )
    ends_without_charge = models.BooleanField(help_text="Ends the investigation without a charge: the closure gate")
    charge = models.BooleanField(default=False)
    out_of_court = models.BooleanField(default=False)
    vrr_qualifying = models.BooleanField(help_text="A police decision not to bring proceedings (VRR)")
    victim_withdrew_support = models.BooleanField(default=False)
    decided_by = models.CharField(
        max_length=8, choices=[(rules.POLICE, "Police"), (rules.CPS, "CPS"), (rules.EITHER, "Either")]
    )
    fits_modern_slavery = models.BooleanField(
        default=True, help_text="False: not available for a Modern Slavery Act offence (only for other offences)"
    )
    in_force_from = models.DateField(null=True, blank=True)
    verified = models.BooleanField(help_text="False where the sources do not confirm it")
    source = models.CharField(max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["sort_order"]

    def __str__(self) -> str:
        return f"{self.code}: {self.label}"

    def as_row(self) -> rules.OutcomeCodeRow:
        return rules.OutcomeCodeRow(
            code=self.code,
            label=self.label,
            suspect=self.suspect,
            ends_without_charge=self.ends_without_charge,
            charge=self.charge,
            out_of_court=self.out_of_court,
            vrr_qualifying=self.vrr_qualifying,
            victim_withdrew_support=self.victim_withdrew_support,
            decided_by=self.decided_by,
            fits_modern_slavery=self.fits_modern_slavery,
            in_force_from=self.in_force_from,
        )


# --- The evidence a closing decision rests on --------------------------------------------------------


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


class SuspectInterview(models.Model):
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
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["interviewed_on", "id"]


class VictimAccount(models.Model):
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
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
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


class CredibilityAssessment(models.Model):
    """Whether a judgment about the victim's credibility affected the decision, and if so how the
    effects of trauma were considered. A new record supersedes the old one."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="credibility_assessments")
    victim = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    a_factor = models.BooleanField()
    trauma_factors = models.JSONField(default=list, blank=True)
    how_considered = models.TextField(blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
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


# --- Decisions -----------------------------------------------------------------------------------------


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


class SignOff(models.Model):
    """A supervisor's sign-off of a decision, or its return with what more is needed."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="sign_offs")
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    agreed = models.BooleanField()
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]


class DecisionLetter(models.Model):
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
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["created_at", "id"]


# --- The Victims' Right to Review -------------------------------------------------------------------------


class ReviewRight(models.Model):
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
    created_at = models.DateTimeField(default=timezone.now)

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


class WrittenReasonsRequest(models.Model):
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
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["received_on", "id"]


class ReviewRequest(models.Model):
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
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["received_on", "id"]
        indexes = [models.Index(fields=["reviewer", "completed_at"])]


# --- New information on a closed case -----------------------------------------------------------------------


class NewInformation(models.Model):
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
    recorded_at = models.DateTimeField(default=timezone.now)
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


# --- The CPS and court -------------------------------------------------------------------------------------


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


class CourtHearing(models.Model):
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
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    result = models.TextField(blank=True)
    result_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["hearing_at", "id"]
