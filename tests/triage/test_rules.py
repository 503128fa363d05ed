"""The pure triage rules: the due day in working days (bank holidays), qualification."""

from __future__ import annotations

import datetime as dt

from lantern.triage import rules
from lantern.victims_code.working_days import WorkingCalendar

CAL = WorkingCalendar()


def test_due_the_next_working_day_over_christmas_bank_holidays() -> None:
    # Thursday 24 December 2026: Friday 25 (Christmas) and Monday 28 (Boxing Day substitute) are
    # bank holidays, so one working day later is Tuesday 29 December.
    assert rules.due_on(dt.date(2026, 12, 24), 1, CAL) == dt.date(2026, 12, 29)
    assert rules.due_on(dt.date(2026, 12, 1), 1, CAL) == dt.date(2026, 12, 2)
    assert not rules.is_overdue(dt.date(2026, 12, 29), dt.date(2026, 12, 29))
    assert rules.is_overdue(dt.date(2026, 12, 29), dt.date(2026, 12, 30))


def test_a_higher_pip_level_covers_the_lower_and_expired_records_do_not_count() -> None:
    today = dt.date(2026, 11, 30)
    held = [
        rules.Held("pip3", dt.date(2020, 1, 1), None),
        rules.Held("ms_investigator", dt.date(2020, 1, 1), dt.date(2026, 11, 29)),
        rules.Held("victim_liaison", dt.date(2026, 12, 1), None),  # not yet achieved
    ]
    skills = rules.current_skills(held, today)
    assert skills == {"pip1", "pip2", "pip3"}
    assert rules.missing_skills(("pip2", "ms_investigator"), skills) == ["ms_investigator"]
    assert rules.parse_required(" pip2, ms_investigator ,") == ("pip2", "ms_investigator")
