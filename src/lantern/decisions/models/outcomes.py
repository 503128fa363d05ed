"""The Home Office outcome codes, as data, and their bulletin groupings."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from lantern.decisions import rules

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
