"""Load the 2020 Victims' Code (in force 1 April 2021) and its deadlines, from
shared/reference/domain.md section 0. Figures the sources do not confirm are loaded with
verified=False and shown to officers as local policy; a new Code is a new CodeVersion with its own
rows (a later data migration), so each event is judged by the version in force on its day.

Idempotent: rows are updated or created by (version, duty kind).
"""

from django.db import migrations

VERSION = {
    "code": "2020",
    "title": "Code of Practice for Victims of Crime in England and Wales (2020)",
    "in_force_from": "2021-04-01",
    "notes": "Issued under s32 Domestic Violence, Crime and Victims Act 2004; statutory compliance duty from 29 January 2025 "
    "(Victims and Prisoners Act 2024 s5). Events before 1 April 2021 are judged by this version too.",
}

# duty kind: (standard, enhanced, code reference, verified, source)
RULES = {
    "written_confirmation": (
        5,
        1,
        "Right 3",
        False,
        "C1 (S3): content verified; the Code sets no day count, local policy",
    ),
    "needs_assessment": (2, 1, "Right 4", False, "C4 (S4): at first contact; no day count found, local policy"),
    "support_referral": (2, 2, "Right 4", True, "C3 (S4): within 2 working days unless the victim declines"),
    "vps_offer": (2, 1, "Right 7", False, "Right 7 (S27): offered when reporting; no day count found, local policy"),
    "agree_contact_plan": (
        5,
        1,
        "Right 6",
        False,
        "C16 (S2): frequency and method agreed; no day count found, local policy",
    ),
    "not_investigated": (5, 1, "Right 6", True, "C2 (S2)"),
    "suspect_arrested": (5, 1, "Right 6", True, "C5 (S2)"),
    "suspect_interviewed": (5, 1, "Right 6", True, "C6 (S2)"),
    "released_no_charge": (5, 1, "Right 6", True, "C7 (S2)"),
    "released_on_bail": (5, 1, "Right 6", True, "C8 (S2)"),
    "released_under_investigation": (5, 1, "Right 6", True, "C8 (S2)"),
    "bail_changed": (5, 1, "Right 6", True, "C8 (S2)"),
    "charged": (5, 1, "Right 6", False, "C9 (S5): 2015 Code wording; 2020 figures unconfirmed"),
    "not_charged": (5, 1, "Right 6", False, "C9 (S5): 2015 Code wording; 2020 figures unconfirmed"),
    "out_of_court_disposal": (5, 1, "Right 6", False, "C9 (S5): 2015 Code wording; 2020 figures unconfirmed"),
    "cps_decision": (5, 1, "Right 6", False, "C11 (S6): older CPS page; 2020 text unconfirmed"),
    "court_hearing": (5, 1, "Right 6", False, "C10 (S5): 2015 Code wording; 2020 figures unconfirmed"),
    "court_result": (5, 1, "Right 9", False, "Right 9: no police day count found, local policy"),
    "case_transferred": (5, 1, "Right 6", False, "Not a Code clock: local policy (issue 3)"),
    "officer_changed": (5, 1, "Right 6", False, "Not a Code clock: local policy (issue 3)"),
}


def load(apps, schema_editor):
    CodeVersion = apps.get_model("victims_code", "CodeVersion")
    DeadlineRule = apps.get_model("victims_code", "DeadlineRule")
    version, _ = CodeVersion.objects.update_or_create(
        code=VERSION["code"],
        defaults={k: v for k, v in VERSION.items() if k != "code"},
    )
    for kind, (standard, enhanced, reference, verified, source) in RULES.items():
        DeadlineRule.objects.update_or_create(
            version=version,
            duty_kind=kind,
            defaults={
                "standard_working_days": standard,
                "enhanced_working_days": enhanced,
                "code_reference": reference,
                "verified": verified,
                "source": source,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("victims_code", "0001_duties_events_plans_updates")]
    # Reversing leaves the rows: duties refer to them.
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
