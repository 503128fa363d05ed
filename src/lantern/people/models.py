"""Persons (the P of POLE), their names in every spelling, languages, and locations."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Value
from django.db.models.functions import Replace
from simple_history.models import HistoricalRecords

from lantern.core.bases import RecordedAt


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    OTHER = "other", "Other"
    UNKNOWN = "unknown", "Not known"


class Person(RecordedAt):
    date_of_birth = models.DateField(null=True, blank=True)
    # When the date of birth is not known: an estimated age range at the time of recording.
    age_min = models.PositiveSmallIntegerField(null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(null=True, blank=True)
    sex = models.CharField(max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    nationalities = models.JSONField(default=list, blank=True, help_text="ISO 3166 alpha-2 codes")
    interpreter_sex_preference = models.CharField(
        max_length=10, choices=[("", "No preference"), ("female", "Female"), ("male", "Male")], blank=True
    )
    same_interpreter_preferred = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Person {self.pk}"

    @property
    def primary_name(self) -> PersonName | None:
        names = list(self.names.all())
        for name in names:
            if name.primary:
                return name
        return names[0] if names else None

    @property
    def display_name(self) -> str:
        name = self.primary_name
        return name.full_name if name else "Unnamed person"


class PersonName(models.Model):
    """One way a person's name is written. A person has several: as written in English documents,
    in the original script, a Latin transliteration, aliases and nicknames."""

    class Kind(models.TextChoices):
        AS_WRITTEN = "as_written", "As written"
        ORIGINAL_SCRIPT = "original_script", "Original script"
        TRANSLITERATION = "transliteration", "Latin transliteration"
        ALIAS = "alias", "Alias"
        NICKNAME = "nickname", "Nickname"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="names")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.AS_WRITTEN)
    given_names = models.CharField(max_length=120, blank=True)
    family_name = models.CharField(max_length=120, blank=True)
    script = models.CharField(max_length=20, blank=True, help_text="e.g. Latn, Cyrl, Arab, Ethi, Hans")
    primary = models.BooleanField(default=False)
    # Folded to lower-case ASCII, tokens sorted: what the name search matches against (people.names).
    search_key = models.CharField(max_length=250, db_index=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-primary", "id"]
        indexes = [
            # A name typed as one word ("Nguyenvan", or a Chinese name folded without spaces).
            models.Index(Replace("search_key", Value(" "), Value("")), name="people_name_joined_key"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.given_names, self.family_name) if part)


class NameWord(models.Model):
    """The vocabulary of name search: each distinct word of every PersonName.search_key. Written by
    the database itself (triggers on people_personname, migration 0003), so names written by any
    path, raw inserts and COPY included, are covered; never written by the application. Its
    trigram index finds the words close to a typed word (lantern.people.search)."""

    word = models.CharField(max_length=250, unique=True)

    def __str__(self) -> str:
        return self.word


class LanguageSkill(models.Model):
    class Level(models.TextChoices):
        FIRST = "first", "First language"
        FLUENT = "fluent", "Fluent"
        SOME = "some", "Some"
        LITTLE = "little", "Very little"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(max_length=12, help_text="ISO 639 code, e.g. lv, ru, sq, ti")
    dialect = models.CharField(max_length=60, blank=True)
    level = models.CharField(max_length=10, choices=Level.choices)
    interpreter_needed = models.BooleanField(default=False)

    class Meta:
        ordering = ["person", "id"]


# What a protected location's description is: its address is held encrypted elsewhere.
ENCRYPTED_LOCATION_DESCRIPTION = "Protected location: the address is held encrypted as a protected detail"


class Location(RecordedAt):
    """A place (the L of POLE). Protected locations (a safe house, a refuge) are never shown on
    list pages or in exports, and never hold their address here: it is an encrypted protected
    detail (lantern.safeguarding), and a protected location's description is ENCRYPTED_DESCRIPTION
    with no postcode (a database constraint; decision 0004)."""

    ENCRYPTED_DESCRIPTION = ENCRYPTED_LOCATION_DESCRIPTION

    class Kind(models.TextChoices):
        ADDRESS = "address", "Address"
        PREMISES = "premises", "Business premises"
        SAFE_HOUSE = "safe_house", "Safe house"
        REFUGE = "refuge", "Refuge"
        AREA = "area", "Area"

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ADDRESS)
    description = models.CharField(max_length=255)
    postcode = models.CharField(max_length=10, blank=True)
    protected = models.BooleanField(default=False)
    protected_reason = models.CharField(max_length=255, blank=True)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="locations")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(protected=False) | models.Q(description=ENCRYPTED_LOCATION_DESCRIPTION, postcode=""),
                name="protected_location_holds_no_address",
                violation_error_message="A protected address is recorded as an encrypted protected detail, not here.",
            )
        ]
