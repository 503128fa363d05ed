# Fewer indexes on the duty tables (issue 15: each index costs every new duty, and its history
# row, a B-tree insert; the sweep and the generator write duties by the thousand into tables of
# millions). Dropped:
# - duty: the (state, due_on) index, a prefix of duty_state_due_owner_late; the single-column
#   indexes of case and owner (the (case, state), unique (case, victim, ...) and (owner, state,
#   due_on) indexes begin with them) and of victim, rule and waived_by (never looked up alone);
# - escalation: duty and to_user (the unique (duty, level) and the (to_user, level) index);
# - historicalduty: every copied foreign key (the history is read by a duty's id only).
#
# In the database each single-column index is dropped by the name Django gave it (the same on both
# databases). Django's AlterField(db_index=False) would do the same on PostgreSQL, but on SQLite it
# re-makes the whole table, once per field: 14 copies of tables of millions of rows at national scale.

from django.conf import settings
from django.db import migrations, models

DROPPED = {
    "victims_code_duty": {
        "case_id": "victims_code_duty_case_id_28405344",
        "owner_id": "victims_code_duty_owner_id_2c18e2bc",
        "rule_id": "victims_code_duty_rule_id_8df05693",
        "victim_id": "victims_code_duty_victim_id_a138b510",
        "waived_by_id": "victims_code_duty_waived_by_id_c3e28ca9",
    },
    "victims_code_escalation": {
        "duty_id": "victims_code_escalation_duty_id_0fd86a82",
        "to_user_id": "victims_code_escalation_to_user_id_5895635f",
    },
    "victims_code_historicalduty": {
        "case_id": "victims_code_historicalduty_case_id_471ffd40",
        "event_id": "victims_code_historicalduty_event_id_440db641",
        "owner_id": "victims_code_historicalduty_owner_id_8a0dcbe9",
        "plan_id": "victims_code_historicalduty_plan_id_082a8eac",
        "rule_id": "victims_code_historicalduty_rule_id_7cc92588",
        "victim_id": "victims_code_historicalduty_victim_id_e531ebf7",
        "waived_by_id": "victims_code_historicalduty_waived_by_id_66b19c23",
    },
}

DROP_SQL = [f'DROP INDEX IF EXISTS "{name}"' for columns in DROPPED.values() for name in columns.values()]
CREATE_SQL = [
    f'CREATE INDEX "{name}" ON "{table}" ("{column}")'
    for table, columns in DROPPED.items()
    for column, name in columns.items()
]


def _fk(to, **kwargs):
    return models.ForeignKey(to=to, on_delete=models.PROTECT, db_index=False, **kwargs)


def _history_fk(to):
    return models.ForeignKey(
        to=to,
        blank=True,
        null=True,
        db_constraint=False,
        db_index=False,
        on_delete=models.DO_NOTHING,
        related_name="+",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0009_timeline_who_when_names"),
        ("people", "0004_who_when_names"),
        ("victims_code", "0009_month_figures"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(model_name="duty", name="victims_cod_state_3c2bc9_idx"),
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunSQL(DROP_SQL, CREATE_SQL)],
            state_operations=[
                migrations.AlterField("duty", "case", _fk("cases.case", related_name="duties")),
                migrations.AlterField("duty", "owner", _fk(settings.AUTH_USER_MODEL, related_name="victim_duties")),
                migrations.AlterField(
                    "duty", "rule", _fk("victims_code.deadlinerule", blank=True, null=True, related_name="+")
                ),
                migrations.AlterField("duty", "victim", _fk("people.person", related_name="+")),
                migrations.AlterField(
                    "duty", "waived_by", _fk(settings.AUTH_USER_MODEL, blank=True, null=True, related_name="+")
                ),
                migrations.AlterField("escalation", "duty", _fk("victims_code.duty", related_name="escalations")),
                migrations.AlterField(
                    "escalation",
                    "to_user",
                    _fk(settings.AUTH_USER_MODEL, blank=True, null=True, related_name="escalations_received"),
                ),
                *[
                    migrations.AlterField("historicalduty", name, _history_fk(to))
                    for name, to in [
                        ("case", "cases.case"),
                        ("event", "victims_code.caseevent"),
                        ("owner", settings.AUTH_USER_MODEL),
                        ("plan", "victims_code.contactplan"),
                        ("rule", "victims_code.deadlinerule"),
                        ("victim", "people.person"),
                        ("waived_by", settings.AUTH_USER_MODEL),
                    ]
                ],
            ],
        ),
    ]
