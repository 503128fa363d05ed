"""The duty tables carry only the indexes their reads use (victims_code 0010, issue 15): every
index costs each new duty a B-tree insert, so the dropped ones must stay dropped, and the ones the
sweep, the duty panels and the measures read must still be there."""

from __future__ import annotations

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def _indexes(table: str) -> dict[str, list[str]]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    # A unique constraint is an index too (SQLite reports it as a constraint only).
    return {
        name: info["columns"]
        for name, info in constraints.items()
        if (info["index"] or info["unique"]) and not info["primary_key"]
    }


def test_the_duty_table_has_no_index_that_another_begins_with_or_nothing_reads() -> None:
    columns = sorted(_indexes("victims_code_duty").values())
    for single in (["case_id"], ["owner_id"], ["victim_id"], ["rule_id"], ["waived_by_id"], ["state", "due_on"]):
        assert single not in columns
    for needed in (
        ["owner_id", "state", "due_on"],
        ["case_id", "state"],
        ["state", "escalation_level", "due_on"],
        ["state", "due_on", "owner_id", "days_late"],
        ["event_id"],
        ["plan_id"],
    ):
        assert needed in columns


def test_the_duty_history_is_indexed_by_the_duty_and_the_date_only() -> None:
    assert sorted(_indexes("victims_code_historicalduty").values()) == [["history_date"], ["history_user_id"], ["id"]]


def test_escalations_are_indexed_once_by_duty_and_once_by_recipient() -> None:
    assert sorted(_indexes("victims_code_escalation").values()) == [["duty_id", "level"], ["to_user_id", "level"]]
