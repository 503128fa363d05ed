"""The oversight measures as data: each Measure's description, numerator, denominator and the
records it counts (a Source), registered in the one registry, MEASURES (core/measure_registry.py).
How they are computed, filtered and broken down is lantern.oversight.measures (the conventions are
written there)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from lantern.cases.models import Case, CpsReferral
from lantern.core.measure_registry import BREAKDOWNS as BREAKDOWNS
from lantern.core.measure_registry import MEASURES as MEASURES
from lantern.core.measure_registry import Agg as Agg
from lantern.core.measure_registry import Measure as Measure
from lantern.core.measure_registry import Source as Source
from lantern.core.measure_registry import register
from lantern.decisions.models import CpsSubmission, Decision, OutcomeLine, ReviewRequest, VictimAccount
from lantern.nrm.models import DutyToNotify, NrmReferral
from lantern.safeguarding.models import ImmigrationShare, InterpreterBooking, Section45Consideration

IN_EFFECT = [Decision.State.APPLIED, Decision.State.REOPENED]  # outcomes that were in force when decided


def _cases() -> QuerySet[Case]:
    return Case.objects.all()


def _closures() -> QuerySet[Decision]:
    no_account = VictimAccount.objects.filter(case_id=OuterRef("case_id"), superseded_at__isnull=True, taken=True)
    return Decision.objects.filter(kind=Decision.Kind.CLOSE, state__in=IN_EFFECT).annotate(
        with_account=Exists(no_account)
    )


CRIMES = Source(_cases, "reported_at", "force_id", "id", "exploitation_types")
NRM = Source(
    lambda: NrmReferral.objects.annotate(
        linked=Exists(NrmReferral.cases.through.objects.filter(referral_id=OuterRef("pk")))
    ),
    "received_at",
    "force_id",
    None,
    None,
)
DTN = Source(
    lambda: DutyToNotify.objects.annotate(
        linked=Exists(DutyToNotify.cases.through.objects.filter(notification_id=OuterRef("pk")))
    ),
    "notified_at",
    "force_id",
    None,
    "exploitation_types",
)
OUTCOMES = Source(
    lambda: OutcomeLine.objects.filter(decision__state__in=IN_EFFECT).exclude(code__code="0"),
    "decision__decided_on",
    "decision__case__force_id",
    "decision__case_id",
    "decision__case__exploitation_types",
)


def _cps(kind: str) -> Source:
    return Source(
        lambda: CpsReferral.objects.filter(kind=kind),
        "referred_at",
        "case__force_id",
        "case_id",
        "case__exploitation_types",
    )


# Oversight's own measures; orders and portal register theirs (orders/measures.py,
# portal/measures.py) in their AppConfig.ready().
register(
    *[
        Measure(
            "crimes_recorded",
            "Modern slavery crimes recorded",
            "Modern slavery crimes the force recorded in the period.",
            "crimes recorded",
            "",
            "cases, by the date the crime was reported (recorded)",
            "count",
            CRIMES,
        ),
        Measure(
            "nrm_referrals",
            "NRM referrals received",
            "National Referral Mechanism referrals the force received for crime recording.",
            "NRM referrals received",
            "",
            "NRM referrals, by the date the force received them",
            "count",
            NRM,
            breakdowns=frozenset({"force", "region", "month"}),
        ),
        Measure(
            "nrm_no_crime",
            "NRM referrals with no crime recorded",
            "Of the NRM referrals received in the period, the share not (yet) linked to a recorded crime.",
            "NRM referrals with no linked crime",
            "NRM referrals received",
            "NRM referrals, by the date the force received them",
            "share",
            Source(NRM.queryset, "received_at", "force_id", None, None, Q(linked=False), Q()),
            breakdowns=frozenset({"force", "region", "month"}),
        ),
        Measure(
            "dtn_records",
            "Duty to Notify records",
            "Duty to Notify records (adults who did not consent to an NRM referral) made in the period.",
            "Duty to Notify records",
            "",
            "Duty to Notify records, by the date of the notification",
            "count",
            DTN,
        ),
        Measure(
            "dtn_no_crime",
            "Duty to Notify records with no crime recorded",
            "Of the Duty to Notify records in the period, the share not linked to a recorded crime.",
            "Duty to Notify records with no linked crime",
            "Duty to Notify records",
            "Duty to Notify records, by the date of the notification",
            "share",
            Source(DTN.queryset, "notified_at", "force_id", None, "exploitation_types", Q(linked=False), Q()),
        ),
        Measure(
            "outcomes_assigned",
            "Outcomes assigned",
            "Home Office outcomes assigned to modern slavery crimes (one per offence and suspect) by decisions "
            "that took effect; outcome 0 (open) is never counted.",
            "outcomes assigned",
            "",
            "outcome lines of decisions in effect, by the decision date",
            "count",
            OUTCOMES,
        ),
        Measure(
            "charge_rate",
            "Charged or summonsed",
            "Of the outcomes assigned in the period, the share that were a charge or summons (outcome 1).",
            "outcomes 'charged or summonsed'",
            "outcomes assigned",
            "outcome lines of decisions in effect, by the decision date",
            "share",
            Source(
                OUTCOMES.queryset,
                OUTCOMES.date_field,
                OUTCOMES.force_field,
                OUTCOMES.case_field,
                OUTCOMES.exploitation_field,
                Q(code__charge=True),
                Q(),
            ),
        ),
        Measure(
            "cps_early_advice",
            "CPS early advice per 100 crimes",
            "Requests for early investigative advice from the CPS, per 100 modern slavery crimes recorded in the "
            "same period.",
            "requests for early advice",
            "crimes recorded (per 100)",
            "CPS referrals of kind early advice, by the date referred",
            "per100",
            _cps("early_advice"),
            per="crimes_recorded",
        ),
        Measure(
            "cps_pre_charge",
            "CPS pre-charge referrals per 100 crimes",
            "Cases referred to the CPS for a charging decision, per 100 modern slavery crimes recorded in the same "
            "period.",
            "pre-charge referrals",
            "crimes recorded (per 100)",
            "CPS referrals of kind pre-charge, by the date referred",
            "per100",
            _cps("pre_charge"),
            per="crimes_recorded",
        ),
        Measure(
            "cps_days_taken",
            "Days the CPS took to decide",
            "The median number of calendar days from a submission to the CPS to its decision, for decisions made "
            "in the period.",
            "days from submission to decision",
            "decisions made (median)",
            "CPS submissions decided, by the decision date",
            "median",
            Source(
                lambda: CpsSubmission.objects.filter(decided_on__isnull=False),
                "decided_on",
                "case__force_id",
                "case_id",
                "case__exploitation_types",
                days=("submitted_on", "decided_on"),
            ),
            unit="days",
        ),
        Measure(
            "vc_on_time",
            "Victims' Code duties met on time",
            "Of the Victims' Code duties that fell due in the period (met, met late or still overdue), the share "
            "met on time.",
            "duties met on time",
            "duties met, met late or overdue",
            "Victims' Code duties, by the day they fell due",
            "share",
            victims_code="share_on_time",
            breakdowns=frozenset({"force", "region", "month"}),
        ),
        Measure(
            "vc_median_lateness",
            "Median days late",
            "For Victims' Code duties due in the period that were met late or are still overdue, the median number "
            "of days late.",
            "days late",
            "duties met late or overdue (median)",
            "Victims' Code duties, by the day they fell due",
            "median",
            victims_code="median_days_late",
            breakdowns=frozenset({"force", "region", "month"}),
            unit="days",
        ),
        Measure(
            "longest_silence",
            "Longest silence",
            "The longest time a victim went without being told anything about their case, ended in the period or "
            "still running at its end.",
            "days without contact",
            "",
            "cases and their victim contacts",
            "longest",
            victims_code="longest_silence",
            breakdowns=frozenset({"force", "region", "month"}),
            unit="days",
        ),
        Measure(
            "closures_without_account",
            "Closures without the victim's account",
            "Of the cases closed in the period, the share closed without the victim's account having been taken.",
            "closures with no account taken",
            "closures",
            "decisions to close that took effect, by the decision date",
            "share",
            Source(
                _closures,
                "decided_on",
                "case__force_id",
                "case_id",
                "case__exploitation_types",
                Q(with_account=False),
                Q(),
            ),
        ),
        Measure(
            "vrr_requests",
            "Right to Review requests",
            "Requests from victims for a review of a decision not to prosecute (Victims' Right to Review).",
            "review requests received",
            "",
            "review requests, by the date received",
            "count",
            Source(
                ReviewRequest.objects.all,
                "received_on",
                "decision__case__force_id",
                "decision__case_id",
                "decision__case__exploitation_types",
            ),
        ),
        Measure(
            "vrr_overturned",
            "Reviews that overturned the decision",
            "Of the reviews completed in the period, the share that overturned the decision (the case reopened).",
            "reviews that overturned the decision",
            "reviews completed",
            "review requests with a result, by the date completed",
            "share",
            Source(
                lambda: ReviewRequest.objects.exclude(result=""),
                "completed_at",
                "decision__case__force_id",
                "decision__case_id",
                "decision__case__exploitation_types",
                Q(result=ReviewRequest.Result.OVERTURNED),
                Q(),
            ),
        ),
        Measure(
            "interpreter_mismatches",
            "Interpreter mismatches caught",
            "Interpreter bookings where the check found a mismatch (language, dialect, sex, vetting or a conflict).",
            "bookings with findings",
            "",
            "interpreter bookings, by the date proposed",
            "count",
            Source(
                lambda: InterpreterBooking.objects.exclude(findings=[]),
                "recorded_at",
                "force_id",
                "case_id",
                "case__exploitation_types",
            ),
        ),
        Measure(
            "interpreter_overridden",
            "Interpreter mismatches overridden",
            "Of the bookings with a mismatch in the period, the share confirmed anyway, with a recorded reason.",
            "bookings confirmed despite findings",
            "bookings with findings",
            "interpreter bookings, by the date proposed",
            "share",
            Source(
                lambda: InterpreterBooking.objects.exclude(findings=[]),
                "recorded_at",
                "force_id",
                "case_id",
                "case__exploitation_types",
                Q(status=InterpreterBooking.Status.CONFIRMED),
                Q(),
            ),
        ),
        Measure(
            "ie_shares",
            "Information shared with the Home Office",
            "Approved shares of a victim's or witness's information with Immigration Enforcement or another part "
            "of the Home Office.",
            "shares approved",
            "",
            "sharing ledger entries, by the date proposed",
            "count",
            Source(
                lambda: ImmigrationShare.objects.filter(status=ImmigrationShare.Status.APPROVED),
                "proposed_at",
                "force_id",
                "case_id",
                "case__exploitation_types",
            ),
        ),
        Measure(
            "ie_shares_told",
            "Victims told of the sharing",
            "Of the approved shares in the period, the share where the person was told.",
            "shares where the person was told",
            "shares approved",
            "sharing ledger entries, by the date proposed",
            "share",
            Source(
                lambda: ImmigrationShare.objects.filter(status=ImmigrationShare.Status.APPROVED),
                "proposed_at",
                "force_id",
                "case_id",
                "case__exploitation_types",
                Q(victim_told="yes"),
                Q(),
            ),
        ),
        Measure(
            "s45_considerations",
            "Section 45 considerations",
            "Considerations of the section 45 statutory defence for a victim suspected of an offence.",
            "considerations made",
            "",
            "section 45 considerations, by the date made",
            "count",
            Source(
                Section45Consideration.objects.all, "recorded_at", "force_id", "case_id", "case__exploitation_types"
            ),
        ),
        Measure(
            "s45_may_apply",
            "Section 45: the defence may apply",
            "Of the section 45 considerations made in the period, the share concluding the defence may apply.",
            "considerations concluding the defence may apply",
            "considerations made",
            "section 45 considerations, by the date made",
            "share",
            Source(
                Section45Consideration.objects.all,
                "recorded_at",
                "force_id",
                "case_id",
                "case__exploitation_types",
                Q(conclusion="may_apply"),
                Q(),
            ),
        ),
    ]
)
