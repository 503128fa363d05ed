"""Cases (crime investigations), their references, offences, parties, ownership and timeline.

Changes go through lantern.cases.services, never through save() side effects.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from lantern.core.bases import RecordedAt
from lantern.core.models import Force, Organisation
from lantern.people.models import Location, Person


class CaseStatus(models.TextChoices):
    RECORDED = "recorded", "Recorded"
    INVESTIGATING = "investigating", "Under investigation"
    WITH_CPS = "with_cps", "With the CPS"
    CHARGED = "charged", "Charged"
    AT_COURT = "at_court", "At court"
    CLOSED = "closed", "Closed"


class ExploitationType(models.TextChoices):
    LABOUR = "labour", "Labour"
    SEXUAL = "sexual", "Sexual"
    CRIMINAL = "criminal", "Criminal"
    DOMESTIC_SERVITUDE = "domestic_servitude", "Domestic servitude"
    ORGAN_HARVESTING = "organ_harvesting", "Organ harvesting"
    OTHER = "other", "Other or not known"


class CaseQuerySet(models.QuerySet["Case"]):
    def with_header(self) -> CaseQuerySet:
        """Everything a case header or a search result shows, in one query."""
        return self.select_related("force", "officer_in_charge", "officer_in_charge__team")


class Case(RecordedAt):
    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="cases")
    crime_reference = models.CharField(max_length=40, help_text="As issued by the force holding the case")
    crime_reference_normalised = models.CharField(max_length=40, help_text="Upper case, letters and digits only")
    status = models.CharField(max_length=20, choices=CaseStatus.choices, default=CaseStatus.RECORDED)
    summary = models.TextField(blank=True)
    exploitation_types = models.JSONField(default=list, blank=True)
    reported_at = models.DateTimeField(default=timezone.now)
    officer_in_charge = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cases_in_charge"
    )
    last_victim_contact_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)
    # Optimistic lock: an edit names the version it started from; a stale edit is refused.
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-reported_at"]
        indexes = [
            models.Index(fields=["force", "status"]),
            models.Index(fields=["officer_in_charge", "status"]),
            # The case lists, newest first, by force and by the officer holding or recording
            # them (the access paths of lantern.cases.access): keyset pages walk these.
            models.Index(fields=["force", "-reported_at", "-id"], name="case_force_newest"),
            models.Index(fields=["officer_in_charge", "-reported_at", "-id"], name="case_officer_newest"),
            models.Index(fields=["-reported_at", "-id"], name="case_newest"),
            # Oversight counts cases by the day reported, per force: a covering index range scan.
            models.Index(fields=["reported_at", "force"], name="cases_case_reported_force"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["force", "crime_reference_normalised"], name="crime_reference_unique_in_force"
            )
        ]

    def __str__(self) -> str:
        return self.full_reference

    @property
    def full_reference(self) -> str:
        return f"{self.force.code} {self.crime_reference}"


class CaseReference(RecordedAt):
    """Every reference that must find a case: its crime reference, crime references it had in
    other forces before a transfer, NRM and Duty to Notify references."""

    class Kind(models.TextChoices):
        CRIME = "crime", "Crime reference"
        PREVIOUS_CRIME = "previous_crime", "Previous crime reference"
        NRM = "nrm", "NRM reference"
        DTN = "dtn", "Duty to Notify reference"
        OTHER = "other", "Other reference"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="references")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    issuer = models.CharField(max_length=12, help_text="Force code, SCA, IECA or HO")
    value = models.CharField(max_length=60)
    normalised = models.CharField(max_length=60, db_index=True, help_text="Upper case, letters and digits only")
    prefixed = models.CharField(max_length=72, db_index=True, help_text="issuer + normalised")

    class Meta:
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.issuer} {self.value}"


class Offence(models.Model):
    class Legislation(models.TextChoices):
        MSA_S1 = "msa_s1", "Modern Slavery Act 2015 s1: slavery, servitude, forced or compulsory labour"
        MSA_S2 = "msa_s2", "Modern Slavery Act 2015 s2: human trafficking"
        MSA_S4 = "msa_s4", "Modern Slavery Act 2015 s4: committing an offence with intent to commit s1 or s2"
        MSA_S30 = "msa_s30", "Modern Slavery Act 2015 s30: breach of a prevention or risk order"
        OTHER = "other", "Other offence"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="offences")
    legislation = models.CharField(max_length=12, choices=Legislation.choices)
    description = models.CharField(max_length=255, blank=True)
    committed_from = models.DateField(null=True, blank=True)
    committed_to = models.DateField(null=True, blank=True)

    @property
    def is_modern_slavery(self) -> bool:
        return self.legislation != self.Legislation.OTHER


class PartyRole(models.TextChoices):
    VICTIM = "victim", "Victim"
    SUSPECT = "suspect", "Suspect"
    WITNESS = "witness", "Witness"
    VICTIM_SUSPECT = "victim_suspect", "Victim and suspect"

    @classmethod
    def victim_roles(cls) -> tuple[str, ...]:
        """The roles that make a person a victim in a case (a victim who is also a suspect is one)."""
        return (cls.VICTIM.value, cls.VICTIM_SUSPECT.value)

    @classmethod
    def suspect_roles(cls) -> tuple[str, ...]:
        """The roles that make a person a suspect in a case."""
        return (cls.SUSPECT.value, cls.VICTIM_SUSPECT.value)


class CasePartyQuerySet(models.QuerySet["CaseParty"]):
    def victims(self) -> CasePartyQuerySet:
        return self.filter(role__in=PartyRole.victim_roles())

    def suspects(self) -> CasePartyQuerySet:
        return self.filter(role__in=PartyRole.suspect_roles())


class CaseParty(RecordedAt):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="case_parties")
    role = models.CharField(max_length=20, choices=PartyRole.choices)
    history = HistoricalRecords()

    objects = CasePartyQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["case", "person", "role"], name="party_role_once_per_case")]


class CaseLocation(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="case_locations")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="+")
    relevance = models.CharField(max_length=120, blank=True)


class ConsentQuerySet(models.QuerySet["AdvocateAssignment"]):
    def standing(self, at: datetime | None = None) -> ConsentQuerySet:
        """Consents in force at `at` (now): given, not withdrawn, and not past their end. The one
        definition every advocate filter uses, so a withdrawal or an expiry takes effect at once."""
        from lantern.core import clock

        moment = at or clock.now()
        return self.filter(consent_given_at__isnull=False, consent_withdrawn_at__isnull=True).filter(
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gt=moment)
        )


class AdvocateAssignment(RecordedAt):
    """An advocate (IMSA, support worker) beside a victim, and the victim's consent to share with
    them. The advocate sees the victim's cases only while the consent stands (`standing()`): given,
    not withdrawn, not past `valid_until`. Recorded and changed only through lantern.portal.consent
    (audited, on the timeline); a change of scope or organisation is a new consent."""

    class GivenHow(models.TextChoices):
        IN_WRITING = "in_writing", "In writing"
        ORALLY = "orally", "Orally"
        ORALLY_INTERPRETER = "orally_interpreter", "Orally, through an interpreter"
        NOT_RECORDED = "not_recorded", "Not recorded (before consent was recorded in full)"

    class Side(models.TextChoices):
        POLICE = "police", "The police"
        ADVOCACY = "advocacy", "The advocate's organisation"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="advocates")
    advocate = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="clients")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="consents"
    )
    # What may be shared with the advocate.
    share_officer = models.BooleanField(default=True, help_text="Officer in charge and how to reach them")
    share_update_dates = models.BooleanField(default=True, help_text="When the victim was last told anything")
    share_decisions = models.BooleanField(default=True, help_text="Decisions communicated to the victim")
    share_next_update = models.BooleanField(default=True, help_text="When the next update is due")
    given_how = models.CharField(max_length=20, choices=GivenHow.choices, default=GivenHow.NOT_RECORDED)
    interpreter_language = models.CharField(max_length=12, blank=True)
    consent_given_at = models.DateTimeField(null=True, blank=True, help_text="From when the consent runs")
    valid_until = models.DateTimeField(null=True, blank=True, help_text="Until when; empty: until withdrawn")
    consent_withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_through = models.CharField(max_length=10, choices=Side.choices, blank=True)
    withdrawn_reason = models.CharField(max_length=255, blank=True)
    recorded_through = models.CharField(max_length=10, choices=Side.choices, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    objects = ConsentQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["advocate", "consent_withdrawn_at"], name="consent_by_advocate")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(consent_given_at__isnull=True)
                | models.Q(valid_until__gt=models.F("consent_given_at")),
                name="consent_ends_after_it_starts",
            )
        ]


class Handover(models.Model):
    """An offer of a case to a named officer. The case changes hands only when it is accepted."""

    class State(models.TextChoices):
        OFFERED = "offered", "Offered"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="handovers")
    from_officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    to_officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="handovers_offered")
    offered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.OFFERED)
    offered_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-offered_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=models.Q(state="offered"), name="one_open_handover_per_case"
            )
        ]


class Transfer(models.Model):
    """A case moving to another force. The receiving force issues a new crime reference; the old
    one stays on the case as a previous reference."""

    class State(models.TextChoices):
        REQUESTED = "requested", "Requested"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transfers")
    from_force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="+")
    to_force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="transfers_in")
    from_reference = models.CharField(max_length=40)
    to_reference = models.CharField(max_length=40, blank=True)
    reason = models.TextField()
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.REQUESTED)

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=models.Q(state="requested"), name="one_open_transfer_per_case"
            )
        ]


class CaseShare(models.Model):
    """A recorded decision to let another force see a case (cross-border work)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="shares")
    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="shared_cases")
    reason = models.TextField()
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)


class CpsReferral(models.Model):
    """A case referred to the CPS; the CPS liaison sees only cases referred to them."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="cps_referrals")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(
        max_length=20, choices=[("early_advice", "Early investigative advice"), ("pre_charge", "Pre-charge decision")]
    )
    referred_at = models.DateTimeField(default=timezone.now)


class TimelineEvent(RecordedAt):
    """One entry on a case's timeline. `recorded_at` is its time on the timeline: when the row was
    written, except a victim contact's, which is when the contact happened as the officer records it
    (it may be earlier; docs/architecture.md, "Who and when"). `recorded_by` is null for entries
    the service writes on no one's behalf."""

    class Kind(models.TextChoices):
        CASE_RECORDED = "case_recorded", "Crime recorded"
        STATUS_CHANGED = "status_changed", "Status changed"
        CASE_EDITED = "case_edited", "Case details changed"
        PARTY_ADDED = "party_added", "Person added"
        OFFENCE_ADDED = "offence_added", "Offence added"
        HANDOVER_OFFERED = "handover_offered", "Handover offered"
        HANDOVER_ACCEPTED = "handover_accepted", "Officer in charge changed"
        HANDOVER_DECLINED = "handover_declined", "Handover declined"
        HANDOVER_WITHDRAWN = "handover_withdrawn", "Handover withdrawn"
        TRANSFER_REQUESTED = "transfer_requested", "Transfer requested"
        TRANSFER_ACCEPTED = "transfer_accepted", "Case transferred"
        TRANSFER_DECLINED = "transfer_declined", "Transfer declined"
        SHARED = "shared", "Shared with another force"
        NRM_LINKED = "nrm_linked", "NRM referral linked"
        DTN_LINKED = "dtn_linked", "Duty to Notify linked"
        VICTIM_CONTACT = "victim_contact", "Victim contacted"
        NOTE = "note", "Note"
        ENQUIRY = "enquiry", "Enquiry"
        CPS_REFERRAL = "cps_referral", "Referred to the CPS"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="timeline")
    kind = models.CharField(max_length=24, choices=Kind.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    summary = models.CharField(max_length=255)
    force = models.ForeignKey(
        Force, null=True, on_delete=models.PROTECT, related_name="+", help_text="Force holding the case then"
    )
    # A victim contact only: when the silence it ended began (the case's previous victim contact, or
    # the report for its first). Kept by services.record_victim_contact; bulk loaders call
    # cases.silences.fill() once after their inserts (decision 0027). Null on other kinds.
    silent_since = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        indexes = [
            models.Index(fields=["case", "-recorded_at"]),
            # The previous victim contact of a case, one index seek (oversight's longest silence).
            models.Index(fields=["kind", "case", "recorded_at"], name="cases_timeline_kind_case_at"),
            # The victim contacts of a period with their force, case and silence, read from the index
            # alone (the longest silence: a range of this partial index, decision 0027). `kind` leads
            # although the index holds one kind: without statistics SQLite would otherwise prefer
            # the equality on kind of the index above to this index's range on `recorded_at`.
            models.Index(
                fields=["kind", "recorded_at", "force", "silent_since", "case"],
                condition=models.Q(kind="victim_contact"),
                name="cases_timeline_contacts",
            ),
        ]
