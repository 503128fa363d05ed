"""Each victim contact keeps when the silence it ended began (TimelineEvent.silent_since): the
previous contact of the case, or the report. Right after every way a contact is written: the
contact service (in order and late), the bulk fill that loaders call, and the migration's fill
(run at its place in the history, then through the rename of migration 0009).
Runs on SQLite and PostgreSQL alike (DATABASE_URL)."""

from __future__ import annotations

import datetime as dt
import importlib
from collections import defaultdict

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from tests.factories import build_world, new_case
from tests.migration_steps import migrate_back

from lantern.cases import services, silences
from lantern.cases.models import Case, TimelineEvent
from lantern.core import clock

CONTACT = TimelineEvent.Kind.VICTIM_CONTACT


def _expected() -> dict[int, dt.datetime]:
    """Each contact's silent_since worked out in Python: the latest contact of its case strictly
    before it, or the case's report."""
    reported = dict(Case.objects.values_list("pk", "reported_at"))
    by_case: dict[int, list[tuple[dt.datetime, int]]] = defaultdict(list)
    for pk, case_id, at in TimelineEvent.objects.filter(kind=CONTACT).values_list("pk", "case_id", "recorded_at"):
        by_case[case_id].append((at, pk))
    out: dict[int, dt.datetime] = {}
    for case_id, contacts in by_case.items():
        for at, pk in contacts:
            earlier = [a for a, _ in contacts if a < at]
            out[pk] = max(earlier) if earlier else reported[case_id]
    return out


def _stored() -> dict[int, dt.datetime | None]:
    return dict(TimelineEvent.objects.filter(kind=CONTACT).values_list("pk", "silent_since"))


def _case_reported_days_ago(days: int) -> tuple[Case, dt.datetime]:
    w = build_world()
    reported = clock.now() - dt.timedelta(days=days)
    Case.objects.filter(pk=w.case.pk).update(reported_at=reported)
    w.case.refresh_from_db()
    return w.case, reported


@pytest.mark.django_db
def test_a_contact_recorded_by_the_service_keeps_the_silence_it_ended() -> None:
    case, reported = _case_reported_days_ago(30)
    oic = case.officer_in_charge
    assert oic is not None
    first = services.record_victim_contact(oic, case, reported + dt.timedelta(days=5), "phone")
    second = services.record_victim_contact(oic, case, reported + dt.timedelta(days=12), "visit")
    assert first.silent_since == reported, "the first contact's silence began with the report"
    assert second.silent_since == first.recorded_at
    assert _stored() == _expected()
    # Another kind of event carries none.
    assert not TimelineEvent.objects.exclude(kind=CONTACT).filter(silent_since__isnull=False).exists()


@pytest.mark.django_db
def test_a_contact_recorded_late_shortens_the_silence_of_the_one_after_it() -> None:
    case, reported = _case_reported_days_ago(40)
    oic = case.officer_in_charge
    assert oic is not None
    day = [reported + dt.timedelta(days=n) for n in range(40)]
    services.record_victim_contact(oic, case, day[10], "phone")
    later = services.record_victim_contact(oic, case, day[30], "phone")
    assert later.silent_since == day[10]

    between = services.record_victim_contact(oic, case, day[20], "letter")  # recorded after day 30's
    later.refresh_from_db()
    assert between.silent_since == day[10]
    assert later.silent_since == day[20], "the later contact's silence now began at the one recorded late"

    earliest = services.record_victim_contact(oic, case, day[2], "visit")  # before every contact
    assert earliest.silent_since == reported
    assert _stored() == _expected()

    twin = services.record_victim_contact(oic, case, day[20], "email")  # at the same moment as one
    assert twin.silent_since == day[10]
    assert _stored() == _expected()


@pytest.mark.django_db
def test_the_bulk_fill_is_one_statement_and_right_for_contacts_loaded_into_a_case_with_contacts() -> None:
    case, reported = _case_reported_days_ago(50)
    oic = case.officer_in_charge
    assert oic is not None
    day = [reported + dt.timedelta(days=n) for n in range(50)]
    services.record_victim_contact(oic, case, day[40], "phone")  # already there, through the service
    other = new_case(oic, "20/000999/26", summary="Another")  # a case with no contact
    Case.objects.filter(pk=other.pk).update(reported_at=day[1])

    # A bulk loader writes rows with no silence (as the demo generator does), some before the
    # service's contact of the first case.
    loaded = [(case.pk, day[n]) for n in (7, 3, 25)] + [(other.pk, day[n]) for n in (9, 4, 4, 30)]
    TimelineEvent.objects.bulk_create(
        TimelineEvent(
            case_id=c, recorded_at=at, kind=CONTACT, summary="Victim contacted (bulk)", force_id=case.force_id
        )
        for c, at in loaded
    )
    TimelineEvent.objects.bulk_create(
        [TimelineEvent(case=case, recorded_at=day[5], kind=TimelineEvent.Kind.NOTE, summary="x")]
    )
    assert None in _stored().values()

    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        written = silences.fill()
    assert len(queries) == 1, "one UPDATE"
    assert written == 8, "every contact of the cases with an unfilled one, the service's included"
    assert _stored() == _expected()
    assert silences.fill() == 0, "nothing left to fill"
    assert TimelineEvent.objects.get(kind=TimelineEvent.Kind.NOTE).silent_since is None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_fills_every_contact_and_the_rename_keeps_them() -> None:
    """0008's fill at its place in the history (the columns then were at/actor), then forward
    through 0009 (at/actor renamed recorded_at/recorded_by): the rows, their silences and the
    indexes over the renamed column are kept."""
    case, reported = _case_reported_days_ago(20)
    before = [("cases", "0008_timeline_silent_since")]
    executor = migrate_back(connection, before)
    old = executor.loader.project_state(before).apps
    event = old.get_model("cases", "TimelineEvent")
    event.objects.bulk_create(
        event(case_id=case.pk, at=reported + dt.timedelta(days=n), kind=CONTACT, summary="c", force_id=case.force_id)
        for n in (9, 2, 15)
    )
    migration = importlib.import_module("lantern.cases.migrations.0008_timeline_silent_since")
    migration.fill_silences(old, None)

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert TimelineEvent.objects.filter(case=case, kind=CONTACT).count() == 3
    assert _stored() == _expected()
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, TimelineEvent._meta.db_table)
    columns = {name: c["columns"] for name, c in constraints.items() if c["index"]}
    assert columns["cases_timeline_kind_case_at"] == ["kind", "case_id", "recorded_at"]
    assert columns["cases_timeline_contacts"] == ["kind", "recorded_at", "force_id", "silent_since", "case_id"]
    assert columns["cases_timel_case_id_b85191_idx"] == ["case_id", "recorded_at"]
