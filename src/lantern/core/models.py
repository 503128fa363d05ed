"""Forces, teams, organisations, users and their roles, API tokens, and the audit log."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone

from lantern.core.bases import RecordedAt
from lantern.core.roles import Capability, has_capability
from lantern.core.roles import Role as Role  # re-exported: User.role holds one of these


class Force(models.Model):
    """A police force: the 43 territorial forces of England and Wales and British Transport Police."""

    code = models.CharField(max_length=8, unique=True, help_text="Short code, also the crime reference prefix")
    name = models.CharField(max_length=120, unique=True)
    country = models.CharField(
        max_length=10, choices=[("england", "England"), ("wales", "Wales"), ("gb", "Great Britain")]
    )
    territorial = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=120)
    modern_slavery_unit = models.BooleanField(default=False)

    class Meta:
        ordering = ["force__name", "name"]
        constraints = [models.UniqueConstraint(fields=["force", "name"], name="team_name_unique_in_force")]

    def __str__(self) -> str:
        return f"{self.name} ({self.force.code})"


class Organisation(models.Model):
    class Kind(models.TextChoices):
        ADVOCACY = "advocacy", "Advocacy or support charity"
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        CPS = "cps", "Crown Prosecution Service"
        HOME_OFFICE = "home_office", "Home Office"
        OTHER = "other", "Other"

    name = models.CharField(max_length=160, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# Roles are defined, with what each may see and do, in lantern.core.roles (the role table).


class Rank(models.TextChoices):
    STAFF = "staff", "Police staff"
    PC = "PC", "Police Constable"
    DC = "DC", "Detective Constable"
    PS = "PS", "Police Sergeant"
    DS = "DS", "Detective Sergeant"
    INSP = "Insp", "Inspector"
    DI = "DI", "Detective Inspector"
    CI = "CI", "Chief Inspector"
    DCI = "DCI", "Detective Chief Inspector"
    SUPT = "Supt", "Superintendent"
    DSUPT = "DSupt", "Detective Superintendent"


class User(AbstractUser):
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.FRONTLINE)
    force = models.ForeignKey(Force, null=True, blank=True, on_delete=models.PROTECT, related_name="users")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT, related_name="members")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    rank = models.CharField(max_length=8, choices=Rank.choices, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    failed_signins = models.PositiveIntegerField(default=0)
    locked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        name = self.get_full_name() or self.username
        return f"{self.rank} {name}" if self.rank and self.rank != Rank.STAFF else name

    @property
    def can_hold_cases(self) -> bool:
        return has_capability(self, Capability.HOLDS_CASES)


class ApiToken(RecordedAt):
    """A bearer token for a system acting as a user. Only the SHA-256 of the secret is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=80)
    prefix = models.CharField(max_length=12, db_index=True)
    secret_hash = models.CharField(max_length=64, unique=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(
        null=True, blank=True, help_text="Refused after this; set at issue (LANTERN_API_TOKEN_DAYS)"
    )


class SignInFailure(models.Model):
    """One failed sign-in, counted under a key (lantern.core.throttle). Not personal data beyond
    the username typed and the client address; pruned once older than the window."""

    kind = models.CharField(max_length=20)  # address, user_address, user; portal_address (portal)
    key = models.CharField(max_length=200)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["kind", "key", "at"])]


class AuditEntry(models.Model):
    """Append-only, hash-chained record of processing of personal data (DPA 2018 s62).

    Records who did what to which record and why; never the content itself. A request writes the
    entry with its own HMAC (`mac`) and no chain position; the chainer (lantern.core.audit.chain)
    later fills chain_seq, prev_hash and entry_hash, once (decision 0026). Database triggers refuse
    DELETE, and every UPDATE but that one filling of the three chain fields (migration 0007).
    """

    class Action(models.TextChoices):
        COLLECTION = "collection", "Collection"
        ALTERATION = "alteration", "Alteration"
        CONSULTATION = "consultation", "Consultation"
        DISCLOSURE = "disclosure", "Disclosure"
        COMBINATION = "combination", "Combination"
        ERASURE = "erasure", "Erasure"
        SIGN_IN = "sign_in", "Sign-in"
        SIGN_IN_FAILED = "sign_in_failed", "Failed sign-in"
        REFUSED = "refused", "Refused access"

    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    actor_label = models.CharField(max_length=150, help_text="Username at the time, kept if the user is renamed")
    action = models.CharField(max_length=20, choices=Action.choices)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40)
    reason = models.TextField(blank=True)
    recipients = models.TextField(blank=True, help_text="For disclosures: to whom")
    detail = models.CharField(max_length=255, blank=True, help_text="What, without content: e.g. fields changed")
    mac = models.CharField(max_length=64, default="", help_text="HMAC of the entry's own fields, set when written")
    chain_seq = models.BigIntegerField(null=True, blank=True, unique=True, help_text="Position in the chain, 1, 2, ...")
    # NULL, not "", until chained: entry_hash is unique, and the triggers allow filling NULLs once.
    prev_hash = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001
    entry_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)  # noqa: DJ001

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            # The chainer's queue: entries not yet chained, in the order they were written.
            models.Index(fields=["id"], condition=models.Q(chain_seq__isnull=True), name="audit_unchained"),
        ]
        verbose_name_plural = "audit entries"


class SecondFactor(RecordedAt):
    """A user's TOTP authenticator (docs/decisions/0016-second-factor.md). The secret is stored
    encrypted with the field keys (lantern.core.crypto) and never logged. Until
    confirmed_at is set the user is still enrolling."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="second_factor")
    secret_ciphertext = models.TextField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_step = models.BigIntegerField(default=0, help_text="Newest time step used: a code is never accepted twice")


class RecoveryCode(models.Model):
    """A one-time recovery code: only its SHA-256 is stored; used_at is set when it is spent."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=64, unique=True)
    used_at = models.DateTimeField(null=True, blank=True)
