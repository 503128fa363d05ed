"""Safeguarding records: the guided first response, interpreters and their bookings, section 45
considerations and charges, the immigration information-sharing ledger, protected details,
disclosure exports, NRM decisions, and alerts to officers.

Changes go through lantern.safeguarding.services; no model has side effects in save().
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from lantern.cases.models import Case
from lantern.core.bases import Recorded, RecordedAt
from lantern.core.models import Force
from lantern.nrm.models import DutyToNotify, NrmReferral
from lantern.people.models import Person

USER = settings.AUTH_USER_MODEL


class YesNoUnknown(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_KNOWN = "not_known", "Not known"


# --- First response ----------------------------------------------------------------------------


class FirstResponse(Recorded):
    """One officer's first response to a person who may be a victim, step by step, ending in a
    complete NRM referral or an anonymous Duty to Notify. A draft keeps every answer, so the
    officer can stop and come back; nothing is lost."""

    class Stage(models.TextChoices):
        DRAFT = "draft", "In progress"
        SENT = "sent", "Completed"

    class AgeNow(models.TextChoices):
        UNDER_18 = "under_18", "Yes, under 18"
        ADULT = "adult", "No, 18 or over"
        NOT_SURE = "not_sure", "Not sure"

    class PlaceOfSafety(models.TextChoices):
        SAFE_HOUSE = "safe_house", "Safe house"
        LOCAL_AUTHORITY = "local_authority", "Local authority accommodation (children's or adult services)"
        HOTEL = "hotel", "Hotel or bed and breakfast"
        REFUGE = "refuge", "Refuge"
        FRIENDS_FAMILY = "friends_family", "With friends or family the person trusts"
        HOSPITAL = "hospital", "Hospital"
        POLICE_STATION = "police_station", "Police station (only while nothing else is arranged)"
        OWN_HOME = "own_home", "Their own accommodation, which is safe"
        NOT_ARRANGED = "not_arranged", "Not arranged yet"

    class ToldThrough(models.TextChoices):
        INTERPRETER_IN_PERSON = "interpreter_in_person", "An interpreter in person"
        INTERPRETER_PHONE = "interpreter_phone", "An interpreter by phone or video"
        OFFICER = "officer", "An officer who speaks the language"
        ENGLISH = "english", "In English: the person speaks it well"
        WRITTEN = "written", "Written information in their language"

    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)
    stage = models.CharField(max_length=10, choices=Stage.choices, default=Stage.DRAFT)
    completed_at = models.DateTimeField(null=True, blank=True)
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="first_responses")

    indicators = models.JSONField(default=list, blank=True)
    other_indicators = models.TextField(blank=True)
    encountered_area = models.CharField(max_length=120, blank=True, help_text="Town or area: not an address")

    in_immediate_danger = models.CharField(max_length=10, choices=YesNoUnknown.choices, blank=True)
    place_of_safety = models.CharField(max_length=20, choices=PlaceOfSafety.choices, blank=True)
    place_of_safety_by = models.CharField(max_length=160, blank=True, help_text="Who arranged it (not where it is)")
    needs = models.JSONField(default=list, blank=True, help_text="food, clothing, medical")
    medical_details = models.TextField(blank=True)

    age_now = models.CharField(max_length=10, choices=AgeNow.choices, blank=True)
    under_18_at_exploitation = models.CharField(max_length=10, choices=YesNoUnknown.choices, blank=True)
    local_authority_name = models.CharField(max_length=160, blank=True)
    local_authority_contact = models.CharField(max_length=160, blank=True)

    told_language = models.CharField(max_length=12, blank=True)
    told_dialect = models.CharField(max_length=60, blank=True)
    told_through = models.CharField(max_length=24, choices=ToldThrough.choices, blank=True)
    interpreter_name = models.CharField(max_length=160, blank=True)

    explained_nrm = models.BooleanField(default=False)
    explained_support = models.BooleanField(default=False)
    explained_outcomes = models.BooleanField(default=False)
    consent = models.CharField(max_length=10, choices=[("given", "Consented"), ("declined", "Declined")], blank=True)
    consent_recorded_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)
    police_contact_consent = models.BooleanField(default=False)

    # The referral's content in the words of the NRM form (rules.ReferralContent), without
    # contact details, which are encrypted in contact_token.
    answers = models.JSONField(default=dict, blank=True)
    contact_token = models.TextField(blank=True, help_text="Encrypted JSON: phone, email, postal address")

    route = models.CharField(max_length=4, blank=True, help_text="nrm or dtn once decided")
    nrm_referral = models.ForeignKey(NrmReferral, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    duty_to_notify = models.ForeignKey(DutyToNotify, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="first_responses")
    history = HistoricalRecords(excluded_fields=["contact_token", "answers"])

    class Meta:
        ordering = ["-recorded_at"]
        indexes = [models.Index(fields=["force", "stage"])]

    def __str__(self) -> str:
        return f"First response {self.pk}"


# --- Protected details and disclosure ----------------------------------------------------------


class ProtectedDetail(Recorded):
    """A location or contact detail that must not leave the service: encrypted at rest, shown
    only to someone who gives a reason (audited), never on a list page, in a disclosure export
    or in a letter to anyone but the victim."""

    class Kind(models.TextChoices):
        SAFE_HOUSE = "safe_house", "Safe-house address"
        REFUGE = "refuge", "Refuge address"
        ADDRESS = "address", "Other address"
        PHONE = "phone", "Phone number"
        EMAIL = "email", "Email address"
        OTHER = "other", "Other detail"

    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.PROTECT, related_name="protected_details")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="protected_details"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    label = models.CharField(max_length=120, help_text="A description that reveals nothing, e.g. 'Current safe house'")
    value_token = models.TextField(help_text="The value, encrypted (safeguarding.crypto)")
    reason = models.TextField(help_text="Why the detail is protected")
    archived_at = models.DateTimeField(null=True, blank=True)
    archived_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return self.label

    @property
    def match_kind(self) -> str:
        """How rules.find_protected_values matches this kind."""
        return {"phone": "phone", "email": "email", "other": "other"}.get(self.kind, "address")


class DisclosureExport(Recorded):
    """A disclosure export that was made: what was withheld and why, and a hash of what left."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="disclosure_exports")
    recipient = models.CharField(max_length=160)
    reason = models.TextField()
    withheld = models.JSONField(default=list)
    content_sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["-recorded_at"]


class DisclosureRedaction(models.Model):
    """An officer's redaction, for disclosure, of free text in a record kept as it was made (a
    decision, a letter, an interview record): the stored text is not changed; the export shows it
    with the protected values replaced. It holds for the text whose hash it keeps."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=40, help_text="The free-text source's key, e.g. interview_records")
    object_id = models.PositiveBigIntegerField()
    field = models.CharField(max_length=60)
    text_sha256 = models.CharField(max_length=64)
    labels = models.JSONField(default=list, help_text="Labels of the protected values found (never the values)")
    redacted_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    redacted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["case", "source"])]


# --- Interpreters --------------------------------------------------------------------------------


class Interpreter(models.Model):
    """The register of interpreters: languages and dialects, sex, vetting."""

    class Vetting(models.TextChoices):
        NPPV1 = "nppv1", "NPPV level 1"
        NPPV2 = "nppv2", "NPPV level 2"
        NPPV3 = "nppv3", "NPPV level 3"
        NONE = "none", "Not vetted"

    name = models.CharField(max_length=160)
    sex = models.CharField(max_length=10, choices=[("female", "Female"), ("male", "Male")])
    register_number = models.CharField(max_length=40, blank=True, help_text="e.g. NRPSI number")
    vetting = models.CharField(max_length=8, choices=Vetting.choices, default=Vetting.NONE)
    vetted_until = models.DateField(null=True, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    active = models.BooleanField(default=True, help_text="False once retired: no new bookings")
    retired_at = models.DateTimeField(null=True, blank=True)
    retired_reason = models.TextField(blank=True)
    force = models.ForeignKey(
        Force,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty: on the national register",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class InterpreterLanguage(models.Model):
    interpreter = models.ForeignKey(Interpreter, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(max_length=12)
    dialects = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["interpreter", "language"], name="interpreter_language_once")]


class InterpreterBooking(Recorded):
    class Purpose(models.TextChoices):
        FIRST_ACCOUNT = "first_account", "First account"
        ABE_INTERVIEW = "abe_interview", "ABE interview (Achieving Best Evidence)"
        UPDATE = "update", "Update to the victim"
        WELFARE = "welfare", "Welfare or safeguarding visit"
        COURT = "court", "Court or witness preparation"

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        CONFIRMED = "confirmed", "Confirmed"
        CANCELLED = "cancelled", "Cancelled"

    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="interpreter_bookings")
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.PROTECT, related_name="interpreter_bookings")
    interpreter = models.ForeignKey(Interpreter, on_delete=models.PROTECT, related_name="bookings")
    language = models.CharField(max_length=12)
    dialect = models.CharField(max_length=60, blank=True)
    purpose = models.CharField(max_length=16, choices=Purpose.choices)
    booked_for = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    findings = models.JSONField(default=list, blank=True, help_text="The check's findings when proposed")
    override_reason = models.TextField(blank=True, help_text="Why it was confirmed despite the findings")
    confirmed_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # Set when the interpreter is retired before the booking takes place: it must be rebooked.
    rebook_flagged_at = models.DateTimeField(null=True, blank=True)
    rebook_reason = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-booked_for"]


# --- Section 45 and charges --------------------------------------------------------------------


class Section45Consideration(Recorded):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        AWAITING_REVIEW = "awaiting_review", "Awaiting supervisor review"
        REVIEWED = "reviewed", "Reviewed"
        RETURNED = "returned", "Returned for more work"

    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="section45_considerations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="section45_considerations")
    offence_description = models.CharField(max_length=255)
    offence_date = models.DateField()
    schedule4_checked = models.BooleanField(default=False)
    schedule4_code = models.CharField(max_length=40, blank=True, help_text="Empty: checked and not listed")
    age_at_offence = models.PositiveSmallIntegerField()
    age_basis = models.CharField(max_length=12, choices=[("dob", "Date of birth"), ("estimate", "Estimate")])
    test = models.CharField(
        max_length=10, choices=[("adult", "Adult test, s45(1)"), ("under_18", "Under-18 test, s45(4)")]
    )
    elements = models.JSONField(default=dict)
    conclusion = models.CharField(max_length=30)
    reasoning = models.TextField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.AWAITING_REVIEW)
    reviewer = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-recorded_at"]
        indexes = [models.Index(fields=["force", "status"])]


class Charge(Recorded):
    """A charge recorded against a person in a case. Refused for a person who may be a victim
    until a section 45 consideration on them has been reviewed."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="charges")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="charges")
    offence_description = models.CharField(max_length=255)
    charged_on = models.DateField()
    section45 = models.ForeignKey(
        Section45Consideration, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )


# --- Immigration information-sharing ledger ----------------------------------------------------


class ImmigrationShare(models.Model):
    """A decision to share information about a victim or witness with Immigration Enforcement
    or the Home Office: what, why, on what legal basis, who approved it, and whether the person
    was told (NPCC guidance as summarised in seed 001 12.16)."""

    class Recipient(models.TextChoices):
        IMMIGRATION_ENFORCEMENT = "immigration_enforcement", "Immigration Enforcement"
        UKVI = "ukvi", "UK Visas and Immigration"
        BORDER_FORCE = "border_force", "Border Force"
        HOME_OFFICE_OTHER = "home_office_other", "Home Office (other)"

    class Purpose(models.TextChoices):
        SAFEGUARDING = "safeguarding", "Safeguarding the person"
        INVESTIGATION = "investigation", "The investigation of the crime against them"
        IDENTITY = "identity", "Establishing the person's identity"
        SUPPORT = "support", "Support or leave to remain for the person (e.g. as a witness)"
        IMMIGRATION_OFFENCE = "immigration_offence", "Evidence of an immigration offence"
        STATUS_CONCERN_ONLY = "status_concern_only", "Doubts about immigration status only"

    class LegalBasis(models.TextChoices):
        IAA_1999_S20 = "iaa_1999_s20", "Immigration and Asylum Act 1999 s20"
        COMMON_LAW = "common_law", "Common law power to share in the public interest"
        CONSENT = "consent", "The person's consent"
        OTHER = "other", "Other (described)"

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Awaiting approval"
        APPROVED = "approved", "Approved and shared"
        REFUSED = "refused", "Refused: not shared"

    class Told(models.TextChoices):
        YES = "yes", "Yes"
        NOT_YET = "not_yet", "Not yet"
        NO = "no", "No"

    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.PROTECT, related_name="immigration_shares")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="immigration_shares")
    subject_role = models.CharField(
        max_length=16, choices=[("victim", "Victim"), ("witness", "Witness"), ("victim_suspect", "Victim and suspect")]
    )
    recipient = models.CharField(max_length=24, choices=Recipient.choices)
    shared_what = models.TextField(help_text="What is to be shared (no more than the purpose needs)")
    purpose = models.CharField(max_length=24, choices=Purpose.choices)
    purpose_detail = models.TextField(blank=True)
    legal_basis = models.CharField(max_length=16, choices=LegalBasis.choices)
    legal_basis_detail = models.TextField(blank=True)
    victim_told = models.CharField(max_length=8, choices=Told.choices)
    victim_told_on = models.DateField(null=True, blank=True)
    victim_not_told_reason = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(default=timezone.now)
    approver = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-proposed_at"]
        indexes = [models.Index(fields=["force", "status"])]


class ImmigrationStatusEvent(Recorded):
    class Kind(models.TextChoices):
        LEAVE_REFUSED = "leave_refused", "Leave to remain refused"
        DETAINED = "detained", "Detained under immigration powers"
        REMOVAL_DIRECTIONS = "removal_directions", "Removal directions set"
        LEAVE_GRANTED = "leave_granted", "Leave to remain granted"
        OTHER = "other", "Other change"

    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="immigration_status_events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    occurred_on = models.DateField()
    source = models.CharField(max_length=160, help_text="How the force learned of it")


# NrmDecision moved to lantern.nrm (nrm migration 0002, safeguarding 0003; the table is kept).


# --- Alerts --------------------------------------------------------------------


class SafeguardingAlert(RecordedAt):
    """Something the officer in charge must know: an NRM decision on a person in their case, a
    victim's or witness's immigration status changing. Holds no personal data in its text."""

    class Kind(models.TextChoices):
        NRM_DECISION = "nrm_decision", "NRM decision"
        IMMIGRATION_STATUS = "immigration_status", "Immigration status changed"
        SHARE_AWAITING = "share_awaiting", "Information sharing awaiting approval"
        S45_AWAITING = "s45_awaiting", "Section 45 consideration awaiting review"
        INTERPRETER_RETIRED = "interpreter_retired", "Interpreter booking to rebook"

    officer = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="safeguarding_alerts")
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    message = models.CharField(max_length=255)
    seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-recorded_at"]
        indexes = [models.Index(fields=["officer", "seen_at"])]
