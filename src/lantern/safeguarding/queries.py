"""Read-side queries with domain meaning: counts for oversight, lists for pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Q

from lantern.core.models import Force
from lantern.safeguarding.models import ImmigrationShare, Section45Consideration


@dataclass
class ForceCounts:
    force_code: str
    force_name: str
    shares_proposed: int = 0
    shares_approved: int = 0
    shares_refused: int = 0
    shares_person_told: int = 0
    shares_by_purpose: dict[str, int] = field(default_factory=dict)
    s45_total: int = 0
    s45_awaiting_review: int = 0
    s45_reviewed: int = 0
    s45_under_18_test: int = 0
    s45_by_conclusion: dict[str, int] = field(default_factory=dict)

    @property
    def shares_total(self) -> int:
        return self.shares_proposed + self.shares_approved + self.shares_refused

    @property
    def told_percent(self) -> int | None:
        return round(100 * self.shares_person_told / self.shares_approved) if self.shares_approved else None


def counts_per_force(
    force_ids: list[int] | None = None, since: datetime | None = None, until: datetime | None = None
) -> list[ForceCounts]:
    """The immigration ledger and section 45 considerations counted per force: the numbers the
    inspectorate said nobody collects (seed 001 12.16, 12.20). Every force is listed, with
    zeros where there is nothing, so a force that records nothing is visible as such."""
    forces = Force.objects.all() if force_ids is None else Force.objects.filter(pk__in=force_ids)
    rows = {f.pk: ForceCounts(f.code, f.name) for f in forces.order_by("name")}
    shares = ImmigrationShare.objects.filter(force_id__in=rows)
    s45 = Section45Consideration.objects.filter(force_id__in=rows)
    if since:
        shares, s45 = shares.filter(proposed_at__gte=since), s45.filter(recorded_at__gte=since)
    if until:
        shares, s45 = shares.filter(proposed_at__lt=until), s45.filter(recorded_at__lt=until)
    for row in shares.values("force_id").annotate(
        proposed=Count("pk", filter=Q(status="proposed")),
        approved=Count("pk", filter=Q(status="approved")),
        refused=Count("pk", filter=Q(status="refused")),
        told=Count("pk", filter=Q(status="approved", victim_told="yes")),
    ):
        r = rows[row["force_id"]]
        r.shares_proposed, r.shares_approved, r.shares_refused = row["proposed"], row["approved"], row["refused"]
        r.shares_person_told = row["told"]
    for row in shares.filter(status="approved").values("force_id", "purpose").annotate(n=Count("pk")):
        rows[row["force_id"]].shares_by_purpose[row["purpose"]] = row["n"]
    for row in s45.values("force_id").annotate(
        total=Count("pk"),
        awaiting=Count("pk", filter=Q(status="awaiting_review")),
        reviewed=Count("pk", filter=Q(status="reviewed")),
        under18=Count("pk", filter=Q(test="under_18")),
    ):
        r = rows[row["force_id"]]
        r.s45_total, r.s45_awaiting_review, r.s45_reviewed = row["total"], row["awaiting"], row["reviewed"]
        r.s45_under_18_test = row["under18"]
    for row in s45.values("force_id", "conclusion").annotate(n=Count("pk")):
        rows[row["force_id"]].s45_by_conclusion[row["conclusion"]] = row["n"]
    return list(rows.values())
