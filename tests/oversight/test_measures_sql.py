"""Every measure computed again directly in SQL (a raw cursor, no ORM) on generated data, per force,
must equal what the measures module, the force dashboard and the publication say."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from typing import Any

import pytest
from django.db import connection
from tests.oversight.conftest import TODAY

from lantern.core.clock import LONDON
from lantern.core.models import Force
from lantern.oversight import dashboard, measures, publication
from lantern.oversight.filters import Filter, build_filter

PERIODS = ["2026", "2026-Q3"]

# (sql returning rows of (force_id, numerator, denominator) for the period, with %(lo)s and
# %(hi)s bounds, datetimes or dates as the column is)
COUNT_SQL: dict[str, tuple[str, bool]] = {
    "crimes_recorded": (
        "SELECT force_id, COUNT(*), 0 FROM cases_case WHERE reported_at >= %s AND reported_at < %s GROUP BY force_id",
        True,
    ),
    "nrm_referrals": (
        "SELECT force_id, COUNT(*), 0 FROM nrm_nrmreferral WHERE received_at >= %s AND received_at < %s "
        "GROUP BY force_id",
        True,
    ),
    "nrm_no_crime": (
        "SELECT r.force_id, SUM(CASE WHEN NOT EXISTS (SELECT 1 FROM nrm_nrmcaselink l WHERE l.referral_id = r.id) "
        "THEN 1 ELSE 0 END), COUNT(*) FROM nrm_nrmreferral r WHERE r.received_at >= %s AND r.received_at < %s "
        "GROUP BY r.force_id",
        True,
    ),
    "dtn_records": (
        "SELECT force_id, COUNT(*), 0 FROM nrm_dutytonotify WHERE notified_at >= %s AND notified_at < %s "
        "GROUP BY force_id",
        True,
    ),
    "dtn_no_crime": (
        "SELECT d.force_id, SUM(CASE WHEN NOT EXISTS (SELECT 1 FROM nrm_dtncaselink l "
        "WHERE l.notification_id = d.id) THEN 1 ELSE 0 END), COUNT(*) FROM nrm_dutytonotify d "
        "WHERE d.notified_at >= %s AND d.notified_at < %s GROUP BY d.force_id",
        True,
    ),
    "outcomes_assigned": (
        "SELECT c.force_id, COUNT(*), 0 FROM decisions_outcomeline l JOIN decisions_decision d ON d.id = l.decision_id "
        "JOIN cases_case c ON c.id = d.case_id JOIN decisions_outcomecode o ON o.id = l.code_id "
        "WHERE d.state IN ('applied', 'reopened') AND o.code <> '0' AND d.decided_on >= %s AND d.decided_on < %s "
        "GROUP BY c.force_id",
        False,
    ),
    "charge_rate": (
        "SELECT c.force_id, SUM(CASE WHEN o.charge THEN 1 ELSE 0 END), COUNT(*) FROM decisions_outcomeline l "
        "JOIN decisions_decision d ON d.id = l.decision_id JOIN cases_case c ON c.id = d.case_id "
        "JOIN decisions_outcomecode o ON o.id = l.code_id WHERE d.state IN ('applied', 'reopened') AND o.code <> '0' "
        "AND d.decided_on >= %s AND d.decided_on < %s GROUP BY c.force_id",
        False,
    ),
    "closures_without_account": (
        "SELECT c.force_id, SUM(CASE WHEN EXISTS (SELECT 1 FROM decisions_victimaccount a WHERE a.case_id = d.case_id "
        "AND a.superseded_at IS NULL AND a.taken) THEN 0 ELSE 1 END), COUNT(*) FROM decisions_decision d "
        "JOIN cases_case c ON c.id = d.case_id WHERE d.kind = 'close' AND d.state IN ('applied', 'reopened') "
        "AND d.decided_on >= %s AND d.decided_on < %s GROUP BY c.force_id",
        False,
    ),
    "vrr_requests": (
        "SELECT c.force_id, COUNT(*), 0 FROM decisions_reviewrequest r "
        "JOIN decisions_decision d ON d.id = r.decision_id JOIN cases_case c ON c.id = d.case_id "
        "WHERE r.received_on >= %s AND r.received_on < %s GROUP BY c.force_id",
        False,
    ),
    "vrr_overturned": (
        "SELECT c.force_id, SUM(CASE WHEN r.result = 'overturned' THEN 1 ELSE 0 END), COUNT(*) "
        "FROM decisions_reviewrequest r JOIN decisions_decision d ON d.id = r.decision_id "
        "JOIN cases_case c ON c.id = d.case_id WHERE r.result <> '' AND r.completed_at >= %s AND r.completed_at < %s "
        "GROUP BY c.force_id",
        True,
    ),
    "interpreter_mismatches": (
        "SELECT force_id, COUNT(*), 0 FROM safeguarding_interpreterbooking WHERE findings_text <> '[]' "
        "AND recorded_at >= %s AND recorded_at < %s GROUP BY force_id",
        True,
    ),
    "interpreter_overridden": (
        "SELECT force_id, SUM(CASE WHEN status = 'confirmed' THEN 1 ELSE 0 END), COUNT(*) "
        "FROM safeguarding_interpreterbooking WHERE findings_text <> '[]' AND recorded_at >= %s AND recorded_at < %s "
        "GROUP BY force_id",
        True,
    ),
    "ie_shares": (
        "SELECT force_id, COUNT(*), 0 FROM safeguarding_immigrationshare WHERE status = 'approved' "
        "AND proposed_at >= %s AND proposed_at < %s GROUP BY force_id",
        True,
    ),
    "ie_shares_told": (
        "SELECT force_id, SUM(CASE WHEN victim_told = 'yes' THEN 1 ELSE 0 END), COUNT(*) "
        "FROM safeguarding_immigrationshare WHERE status = 'approved' AND proposed_at >= %s AND proposed_at < %s "
        "GROUP BY force_id",
        True,
    ),
    "s45_considerations": (
        "SELECT force_id, COUNT(*), 0 FROM safeguarding_section45consideration WHERE recorded_at >= %s "
        "AND recorded_at < %s GROUP BY force_id",
        True,
    ),
    "s45_may_apply": (
        "SELECT force_id, SUM(CASE WHEN conclusion = 'may_apply' THEN 1 ELSE 0 END), COUNT(*) "
        "FROM safeguarding_section45consideration WHERE recorded_at >= %s AND recorded_at < %s GROUP BY force_id",
        True,
    ),
    "update_requests": (
        "SELECT c.force_id, COUNT(*), 0 FROM portal_updaterequest r JOIN cases_case c ON c.id = r.case_id "
        "WHERE r.requested_at >= %s AND r.requested_at < %s GROUP BY c.force_id",
        True,
    ),
    "order_breaches": (
        "SELECT force_id, COUNT(*), 0 FROM orders_breach WHERE occurred_on >= %s AND occurred_on < %s "
        "GROUP BY force_id",
        False,
    ),
    "feedback_responses": (
        "SELECT force_id, COUNT(*), 0 FROM portal_feedbackresponse WHERE month >= %s AND month < %s GROUP BY force_id",
        False,
    ),
    **{
        f"feedback_{q}": (
            f"SELECT force_id, SUM(CASE WHEN {q} >= 4 THEN 1 ELSE 0 END), SUM(CASE WHEN {q} IS NULL THEN 0 ELSE 1 END) "  # noqa: S608 - fixed names
            "FROM portal_feedbackresponse WHERE month >= %s AND month < %s GROUP BY force_id",
            False,
        )
        for q in ("kept_informed", "listened_to", "believed", "respected", "would_report_again")
    },
}
REQUESTS_ON_TIME_SQL = (
    "SELECT c.force_id, SUM(CASE WHEN d.state = 'met' THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN d.state IN ('met', 'met_late') OR (d.state = 'open' AND d.due_on < %s) THEN 1 ELSE 0 END) "
    "FROM portal_updaterequest r JOIN cases_case c ON c.id = r.case_id JOIN victims_code_duty d ON d.id = r.duty_id "
    "WHERE r.requested_at >= %s AND r.requested_at < %s GROUP BY c.force_id"
)
REQUEST_DAYS_SQL = (
    "SELECT c.force_id, r.requested_at, d.met_at FROM portal_updaterequest r JOIN cases_case c ON c.id = r.case_id "
    "JOIN victims_code_duty d ON d.id = r.duty_id WHERE d.state IN ('met', 'met_late') AND d.met_at IS NOT NULL "
    "AND r.requested_at >= %s AND r.requested_at < %s"
)
# In force on the day: made by a court, made on or before it, and its last day (ended or discharged
# on, else its end date) empty or on or after it.
ORDERS_IN_FORCE_SQL = (
    "SELECT managing_force_id, COUNT(*), 0 FROM orders_order WHERE made_on IS NOT NULL "
    "AND state IN ('granted', 'discharged', 'ended') AND made_on <= %s "
    "AND (COALESCE(ended_on, ends_on) IS NULL OR COALESCE(ended_on, ends_on) >= %s) GROUP BY managing_force_id"
)
CPS_SQL = (
    "SELECT c.force_id, COUNT(*) FROM cases_cpsreferral r JOIN cases_case c ON c.id = r.case_id "
    "WHERE r.kind = %s AND r.referred_at >= %s AND r.referred_at < %s GROUP BY c.force_id"
)
DAYS_SQL = (
    "SELECT c.force_id, s.submitted_on, s.decided_on FROM decisions_cpssubmission s JOIN cases_case c "
    "ON c.id = s.case_id WHERE s.decided_on IS NOT NULL AND s.decided_on >= %s AND s.decided_on < %s"
)
DUTY_SQL = (
    "SELECT u.force_id, d.state, d.due_on, d.days_late FROM victims_code_duty d JOIN core_user u ON u.id = d.owner_id "
    "WHERE d.due_on >= %s AND d.due_on <= %s"
)


def _bounds(flt: Filter, is_datetime: bool) -> tuple[Any, Any]:
    ops = connection.ops
    if is_datetime:
        return ops.adapt_datetimefield_value(flt.start_at), ops.adapt_datetimefield_value(flt.end_at)
    return ops.adapt_datefield_value(flt.period.start), ops.adapt_datefield_value(flt.period.end + dt.timedelta(days=1))


def _rows(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    if connection.vendor == "postgresql":
        sql = sql.replace("findings_text", "findings::text")
    else:
        sql = sql.replace("findings_text", "findings")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


REGISTERED = ("update_requests_on_time", "update_requests_days", "orders_in_force")


def _registered_by_force(key: str, flt: Filter) -> dict[int, tuple[int, int, Counter[int]]]:
    """The measures orders and portal register that are not plain counts."""
    out: dict[int, tuple[int, int, Counter[int]]] = {}
    if key == "update_requests_on_time":
        today = connection.ops.adapt_datefield_value(TODAY)
        for force_id, num, den in _rows(REQUESTS_ON_TIME_SQL, [today, *_bounds(flt, True)]):
            out[force_id] = (int(num or 0), int(den or 0), Counter())
    if key == "update_requests_days":
        answered: dict[int, Counter[int]] = defaultdict(Counter)
        for force_id, asked, met in _rows(REQUEST_DAYS_SQL, list(_bounds(flt, True))):
            answered[force_id][(_aware(met) - _aware(asked)).days] += 1
        return {f: (sum(h.values()), 0, h) for f, h in answered.items()}
    if key == "orders_in_force":
        day = connection.ops.adapt_datefield_value(min(flt.period.end, TODAY))
        for force_id, num, _den in _rows(ORDERS_IN_FORCE_SQL, [day, day]):
            out[force_id] = (int(num), 0, Counter())
    return out


def _sql_by_force(key: str, flt: Filter) -> dict[int, tuple[int, int, Counter[int]]]:
    """force id -> (numerator, denominator, days histogram), straight from SQL."""
    out: dict[int, tuple[int, int, Counter[int]]] = {}
    if key in COUNT_SQL:
        sql, is_dt = COUNT_SQL[key]
        for force_id, num, den in _rows(sql, list(_bounds(flt, is_dt))):
            out[force_id] = (int(num or 0), int(den or 0), Counter())
    elif key in ("cps_early_advice", "cps_pre_charge"):
        crimes = _sql_by_force("crimes_recorded", flt)
        kind = "early_advice" if key == "cps_early_advice" else "pre_charge"
        nums = {f: int(n) for f, n in _rows(CPS_SQL, [kind, *_bounds(flt, True)])}
        for force_id in set(nums) | set(crimes):
            out[force_id] = (nums.get(force_id, 0), crimes.get(force_id, (0, 0, Counter()))[0], Counter())
    elif key == "cps_days_taken":
        hist: dict[int, Counter[int]] = defaultdict(Counter)
        for force_id, submitted, decided in _rows(DAYS_SQL, list(_bounds(flt, False))):
            submitted, decided = _as_date(submitted), _as_date(decided)
            hist[force_id][(decided - submitted).days] += 1
        out = {f: (sum(h.values()), 0, h) for f, h in hist.items()}
    elif key in REGISTERED:
        out = _registered_by_force(key, flt)
    elif key in ("vc_on_time", "vc_median_lateness"):
        lo, hi = (
            connection.ops.adapt_datefield_value(flt.period.start),
            connection.ops.adapt_datefield_value(flt.period.end),
        )
        acc: dict[int, list[Any]] = defaultdict(lambda: [0, 0, Counter()])
        for force_id, state, due_on, days_late in _rows(DUTY_SQL, [lo, hi]):
            due_on = _as_date(due_on)
            entry = acc[force_id]
            overdue = state == "open" and due_on < TODAY
            if state in ("met", "met_late") or overdue:
                entry[1] += 1
            if state == "met":
                entry[0] += 1
            if state == "met_late":
                entry[2][days_late or 0] += 1
            if overdue:
                entry[2][(TODAY - due_on).days] += 1
        out = {f: (e[0], e[1], e[2]) for f, e in acc.items()}
    return out


def _as_date(value: Any) -> dt.date:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _expected(measure: measures.Measure, num: int, den: int, hist: Counter[int]) -> Any:
    if measure.kind == "count":
        return num
    if measure.kind in ("share", "per100"):
        return round(100 * num / den, 1) if den else None
    if measure.key == "vc_median_lateness":
        return statistics.median(sorted(hist.elements())) if hist else None
    return statistics.median(sorted(hist.elements())) if hist else None


@pytest.mark.django_db
def test_every_measure_equals_its_sql(generated: None) -> None:
    codes = dict(Force.objects.values_list("pk", "code"))
    checked = 0
    for period in PERIODS:
        flt = build_filter(period=period, today=TODAY)
        assert dashboard.has_data(flt)
        for key, measure in measures.MEASURES.items():
            if key == "longest_silence":
                continue  # checked below, from the contact events
            sql = _sql_by_force(key, flt)
            by_force = measures.aggregates(measure, flt, "force")
            for force_id, (num, den, hist) in sql.items():
                agg = by_force.get(codes[force_id], measures.Agg())
                expected = _expected(measure, num, den, hist)
                assert measure.value(agg) == expected, (period, key, codes[force_id], measure.value(agg), expected)
                checked += 1
            # The total is the sum of the forces.
            all_num = sum(sum(v[2].values()) if measure.kind == "median" else v[0] for v in sql.values())
            assert measures.total(measure, flt).num == all_num, (period, key)
            stock = measure.source is not None and measure.source.in_force is not None
            if "month" in measure.breakdowns and measure.kind == "count" and not stock:
                months = measures.aggregates(measure, flt, "month")
                assert sum(a.num for a in months.values()) == all_num, (period, key, "months")
    assert checked > 40
    # The measures other apps register (orders, portal) had records to check.
    registered = ("update_requests", "update_requests_days", "orders_in_force", "order_breaches", "feedback_believed")
    for key in registered:
        assert measures.total(measures.MEASURES[key], build_filter(period="2026", today=TODAY)).num, key


@pytest.mark.django_db
def test_exploitation_type_and_region_equal_sql(generated: None) -> None:
    flt = build_filter(period="2026", today=TODAY)
    pg = connection.vendor == "postgresql"
    expr = "c.exploitation_types->>0" if pg else "json_extract(c.exploitation_types, '$[0]')"
    sql = "SELECT COALESCE(EXPR, 'other'), COUNT(*) FROM cases_case c WHERE c.reported_at >= %s AND "
    sql += "c.reported_at < %s GROUP BY COALESCE(EXPR, 'other')"
    rows = _rows(sql.replace("EXPR", expr), list(_bounds(flt, True)))
    got = {k: a.num for k, a in measures.aggregates(measures.MEASURES["crimes_recorded"], flt, "exploitation").items()}
    assert got == {k: int(n) for k, n in rows}
    for etype, n in rows:
        scoped = build_filter(period="2026", today=TODAY, exploitation=etype)
        assert measures.total(measures.MEASURES["crimes_recorded"], scoped).num == n


@pytest.mark.django_db
def test_longest_silence_equals_sql(generated: None) -> None:
    flt = build_filter(period="2026-Q3", today=TODAY)
    start, end = flt.start_at, flt.end_at
    events = _rows(
        "SELECT e.case_id, e.recorded_at, e.force_id FROM cases_timelineevent e WHERE e.kind = 'victim_contact' "
        "ORDER BY e.recorded_at",
        [],
    )
    cases = {
        cid: (fid, _aware(rep), status)
        for cid, fid, rep, status in _rows("SELECT id, force_id, reported_at, status FROM cases_case", [])
    }
    by_case: dict[int, list[dt.datetime]] = defaultdict(list)
    for case_id, at, _force in events:
        by_case[case_id].append(_aware(at))
    longest: dict[int, float] = defaultdict(float)
    for case_id, contacts in by_case.items():
        previous = cases[case_id][1]
        for at in contacts:
            if start <= at < end:
                longest[_force_of(events, case_id, at)] = max(
                    longest[_force_of(events, case_id, at)], (at - previous).total_seconds()
                )
            previous = at
    for case_id, (force_id, reported, status) in cases.items():
        if status == "closed" or reported >= end:
            continue
        before = [a for a in by_case.get(case_id, []) if a < end]
        last = before[-1] if before else reported
        longest[force_id] = max(longest[force_id], (end - last).total_seconds())
    codes = dict(Force.objects.values_list("pk", "code"))
    got = measures.aggregates(measures.MEASURES["longest_silence"], flt, "force")
    for force_id, seconds in longest.items():
        assert got[codes[force_id]].peak == int(seconds // 86400), codes[force_id]


def _force_of(events: list[tuple[Any, ...]], case_id: int, at: dt.datetime) -> int:
    return int(next(f for c, a, f in events if c == case_id and _aware(a) == at))


def _aware(value: Any) -> dt.datetime:
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    assert isinstance(value, dt.datetime)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


@pytest.mark.django_db
def test_dashboard_and_publication_show_the_same_numbers(generated: None) -> None:
    flt = build_filter(period="2026", today=TODAY)
    codes = dict(Force.objects.values_list("pk", "code"))
    # Publication, unsuppressed (threshold 1): each force row equals the SQL numerator.
    tables = dict(publication.tables(flt, below=1))
    t1 = tables["T1"]
    crimes = _sql_by_force("crimes_recorded", flt)
    for r, key in enumerate(t1.table.row_keys):
        force_id = next(pk for pk, code in codes.items() if code == key)
        assert t1.values[r][0] == crimes.get(force_id, (0, 0, Counter()))[0]
    t2 = tables["T2"]
    nrm = _sql_by_force("nrm_no_crime", flt)
    for r, key in enumerate(t2.table.row_keys):
        force_id = next(pk for pk, code in codes.items() if code == key)
        num, den, _h = nrm.get(force_id, (0, 0, Counter()))
        assert (t2.values[r][0], t2.values[r][1]) == (den, num)
    outcomes = _sql_by_force("outcomes_assigned", flt)
    t3 = tables["T3"]
    assert t3.values[-1][-1] == sum(v[0] for v in outcomes.values())
    # The force dashboard's headlines for one force equal the SQL for that force.
    force_id = max(crimes, key=lambda f: crimes[f][0])
    own = build_filter(period="2026", today=TODAY, allowed_force_ids={force_id})
    figures = {f.measure.key: f for f in dashboard.build(dashboard.measure_keys(), own, TODAY, national=False)}
    assert figures["crimes_recorded"].headline == f"{crimes[force_id][0]:,}"
    num, den, _h = _sql_by_force("charge_rate", flt).get(force_id, (0, 0, Counter()))
    assert figures["charge_rate"].headline == (f"{100 * num / den:.1f}%" if den else "no data")
    assert LONDON  # dates above are London days


@pytest.mark.django_db
def test_force_dashboard_lists_the_escalated_duties(generated: None) -> None:
    import io

    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse
    from tests.factories import force, user

    from lantern.core.models import Rank, Role

    call_command("sweep", "--no-schedule", stdout=io.StringIO())
    wmp = force("WMP")
    rows = _rows(
        "SELECT COUNT(*) FROM victims_code_duty d JOIN core_user u ON u.id = d.owner_id JOIN cases_case c "
        "ON c.id = d.case_id WHERE d.state = 'open' AND d.escalation_level > 0 AND d.due_on < %s "
        "AND u.force_id = %s AND c.force_id = %s",
        [connection.ops.adapt_datefield_value(TODAY), wmp.pk, wmp.pk],
    )
    escalated = int(rows[0][0])
    client = Client()
    client.force_login(user(Role.SUPERVISOR, wmp, rank=Rank.DI, username="ov-sup"))
    body = client.get(reverse("oversight:force"), {"period": "2026-Q3"}).content.decode()
    assert f"Overdue duties escalated ({escalated})" in body
    assert escalated > 0
