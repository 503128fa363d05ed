"""Duties from decisions and their review (lantern.decisions; domain.md section 2 and clocks
C12-C14): telling the victim of their right to review, sending written reasons they asked for,
acknowledging (10 working days) and completing (30 working days) a review, and telling them the
case has been reopened. Adds the kinds and their deadlines under the 2020 Code; figures the sources
do not confirm are loaded with verified=False (local policy). Idempotent."""

from django.db import migrations, models


# duty kind: (standard, enhanced, code reference, verified, source)
RULES = {
    "review_right": (
        5,
        1,
        "Right 6 / VRR",
        False,
        "C12 (S11): 5 working days verified; 1 working day with enhanced rights follows C7/C9 (unconfirmed)",
    ),
    "written_reasons": (
        5,
        1,
        "Right 6 / VRR",
        False,
        "No day count found for a request for written reasons: local policy, as for telling the victim of the decision",
    ),
    "review_acknowledge": (10, 10, "VRR", True, "C13 (S9, S10, S12): acknowledge within 10 working days"),
    "review_outcome": (30, 30, "VRR", True, "C13 (S9, S10, S12): complete and tell the victim within 30 working days"),
    "case_reopened": (5, 1, "Right 6", False, "Not a Code clock: local policy, as for other case events"),
}


def load(apps, schema_editor):
    CodeVersion = apps.get_model("victims_code", "CodeVersion")
    DeadlineRule = apps.get_model("victims_code", "DeadlineRule")
    for version in CodeVersion.objects.all():
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
    dependencies = [
        ("victims_code", "0002_load_2020_code"),
    ]

    # Reversing leaves the rows: duties refer to them.
    operations = [
        migrations.AlterField(
            model_name="caseevent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("crime_recorded", "Crime recorded"),
                    ("not_investigated", "Decision not to investigate"),
                    ("suspect_arrested", "Suspect arrested"),
                    ("suspect_interviewed", "Suspect interviewed under caution"),
                    ("released_no_charge", "Suspect released without charge"),
                    ("released_on_bail", "Suspect released on police bail"),
                    ("released_under_investigation", "Suspect released under investigation"),
                    ("bail_changed", "Bail conditions changed or cancelled"),
                    ("charged", "Suspect charged"),
                    ("not_charged", "Decision to take no further action"),
                    ("out_of_court_disposal", "Out-of-court disposal"),
                    ("cps_decision", "CPS decision"),
                    ("court_hearing", "Court hearing date set"),
                    ("court_result", "Court result"),
                    ("case_transferred", "Case transferred to another force"),
                    ("officer_changed", "Officer in charge changed"),
                    ("review_right", "Decision the victim can ask to have reviewed"),
                    ("written_reasons", "Written reasons for a decision asked for"),
                    ("review_requested", "Review of a decision asked for (Victims' Right to Review)"),
                    ("case_reopened", "Case reopened"),
                ],
                max_length=40,
            ),
        ),
        migrations.AlterField(
            model_name="deadlinerule",
            name="duty_kind",
            field=models.CharField(
                choices=[
                    ("written_confirmation", "Written confirmation of the crime"),
                    ("needs_assessment", "Needs assessment, including enhanced rights"),
                    ("support_referral", "Referral to victim support services"),
                    ("vps_offer", "Offer to make a Victim Personal Statement"),
                    ("agree_contact_plan", "Agree how and how often to update the victim"),
                    ("plan_update", "Update due under the contact plan"),
                    ("not_investigated", "Explain the decision not to investigate"),
                    ("suspect_arrested", "Tell the victim of the arrest"),
                    ("suspect_interviewed", "Tell the victim of the interview under caution"),
                    ("released_no_charge", "Tell the victim of the release without charge, with reasons"),
                    ("released_on_bail", "Tell the victim of the release on bail and its conditions"),
                    ("released_under_investigation", "Tell the victim of the release under investigation"),
                    ("bail_changed", "Tell the victim the bail conditions changed"),
                    ("charged", "Tell the victim of the charge"),
                    ("not_charged", "Tell the victim of the decision to take no further action, with reasons"),
                    ("out_of_court_disposal", "Tell the victim of the out-of-court disposal"),
                    ("cps_decision", "Tell the victim of the CPS decision"),
                    ("court_hearing", "Tell the victim the date, time and place of the hearing"),
                    ("court_result", "Tell the victim the result at court"),
                    ("case_transferred", "Tell the victim the case moved to another force"),
                    ("officer_changed", "Tell the victim who their new officer is"),
                    (
                        "review_right",
                        "Tell the victim of their right to ask for a review, with the reasons and the date",
                    ),
                    ("written_reasons", "Send the written reasons for the decision the victim asked for"),
                    ("review_acknowledge", "Acknowledge the victim's request for a review"),
                    ("review_outcome", "Complete the review and tell the victim the result in writing"),
                    ("case_reopened", "Tell the victim the case has been reopened"),
                ],
                max_length=40,
            ),
        ),
        migrations.AlterField(
            model_name="duty",
            name="kind",
            field=models.CharField(
                choices=[
                    ("written_confirmation", "Written confirmation of the crime"),
                    ("needs_assessment", "Needs assessment, including enhanced rights"),
                    ("support_referral", "Referral to victim support services"),
                    ("vps_offer", "Offer to make a Victim Personal Statement"),
                    ("agree_contact_plan", "Agree how and how often to update the victim"),
                    ("plan_update", "Update due under the contact plan"),
                    ("not_investigated", "Explain the decision not to investigate"),
                    ("suspect_arrested", "Tell the victim of the arrest"),
                    ("suspect_interviewed", "Tell the victim of the interview under caution"),
                    ("released_no_charge", "Tell the victim of the release without charge, with reasons"),
                    ("released_on_bail", "Tell the victim of the release on bail and its conditions"),
                    ("released_under_investigation", "Tell the victim of the release under investigation"),
                    ("bail_changed", "Tell the victim the bail conditions changed"),
                    ("charged", "Tell the victim of the charge"),
                    ("not_charged", "Tell the victim of the decision to take no further action, with reasons"),
                    ("out_of_court_disposal", "Tell the victim of the out-of-court disposal"),
                    ("cps_decision", "Tell the victim of the CPS decision"),
                    ("court_hearing", "Tell the victim the date, time and place of the hearing"),
                    ("court_result", "Tell the victim the result at court"),
                    ("case_transferred", "Tell the victim the case moved to another force"),
                    ("officer_changed", "Tell the victim who their new officer is"),
                    (
                        "review_right",
                        "Tell the victim of their right to ask for a review, with the reasons and the date",
                    ),
                    ("written_reasons", "Send the written reasons for the decision the victim asked for"),
                    ("review_acknowledge", "Acknowledge the victim's request for a review"),
                    ("review_outcome", "Complete the review and tell the victim the result in writing"),
                    ("case_reopened", "Tell the victim the case has been reopened"),
                ],
                max_length=40,
            ),
        ),
        migrations.AlterField(
            model_name="historicalduty",
            name="kind",
            field=models.CharField(
                choices=[
                    ("written_confirmation", "Written confirmation of the crime"),
                    ("needs_assessment", "Needs assessment, including enhanced rights"),
                    ("support_referral", "Referral to victim support services"),
                    ("vps_offer", "Offer to make a Victim Personal Statement"),
                    ("agree_contact_plan", "Agree how and how often to update the victim"),
                    ("plan_update", "Update due under the contact plan"),
                    ("not_investigated", "Explain the decision not to investigate"),
                    ("suspect_arrested", "Tell the victim of the arrest"),
                    ("suspect_interviewed", "Tell the victim of the interview under caution"),
                    ("released_no_charge", "Tell the victim of the release without charge, with reasons"),
                    ("released_on_bail", "Tell the victim of the release on bail and its conditions"),
                    ("released_under_investigation", "Tell the victim of the release under investigation"),
                    ("bail_changed", "Tell the victim the bail conditions changed"),
                    ("charged", "Tell the victim of the charge"),
                    ("not_charged", "Tell the victim of the decision to take no further action, with reasons"),
                    ("out_of_court_disposal", "Tell the victim of the out-of-court disposal"),
                    ("cps_decision", "Tell the victim of the CPS decision"),
                    ("court_hearing", "Tell the victim the date, time and place of the hearing"),
                    ("court_result", "Tell the victim the result at court"),
                    ("case_transferred", "Tell the victim the case moved to another force"),
                    ("officer_changed", "Tell the victim who their new officer is"),
                    (
                        "review_right",
                        "Tell the victim of their right to ask for a review, with the reasons and the date",
                    ),
                    ("written_reasons", "Send the written reasons for the decision the victim asked for"),
                    ("review_acknowledge", "Acknowledge the victim's request for a review"),
                    ("review_outcome", "Complete the review and tell the victim the result in writing"),
                    ("case_reopened", "Tell the victim the case has been reopened"),
                ],
                max_length=40,
            ),
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
