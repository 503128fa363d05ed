"""Load the Home Office crime outcome codes (shared/reference/domain.md section 3) as data.

Codes 1-22 are verified [V] (S38-S42; 21 added January 2016, 22 on 1 April 2019 [V] S40). The
sub-codes 1A, 2A and 3A appear only in some datasets and are loaded with verified=False, as is the
mapping to the Victims' Right to Review (domain.md: "typically 15/16/21 or NFA before outcome,
never 18" [U]; 16 is excluded here because the scheme excludes decisions taken because the victim
withdrew support, domain.md section 2). Outcome 0 (not yet assigned) is not an outcome and is not
loaded. Idempotent: rows are updated or created by code.
"""

import datetime

from django.db import migrations

REQ, NONE, EITHER = "required", "none", "either"
S41 = "domain.md section 3 (S41, S42)"

# code: (label, plain English for the victim, group, suspect, ends_without_charge, charge, out_of_court,
#        vrr_qualifying, victim_withdrew_support, decided_by, fits_modern_slavery, in_force_from, verified, source)
CODES = {
    "1": ("Charged or summonsed", "The suspect has been charged with an offence, or summonsed to court.",
          "charge", REQ, False, True, False, False, False, "either", True, None, True, S41),
    "1A": ("Charged or summonsed with an alternative offence",
           "The suspect has been charged with, or summonsed to court for, a different offence.",
           "charge", REQ, False, True, False, False, False, "either", True, None, False,
           "Sub-code found in some datasets only [U]"),
    "2": ("Caution (youth)", "The suspect has been given a caution: a formal warning that is recorded.",
          "ooc_formal", REQ, True, False, True, False, False, "police", True, None, True, S41),
    "2A": ("Conditional caution (youth)",
           "The suspect has been given a conditional caution: a formal warning with conditions they must keep.",
           "ooc_formal", REQ, True, False, True, False, False, "police", True, None, False,
           "Sub-code found in some datasets only [U]"),
    "3": ("Caution (adult)", "The suspect has been given a caution: a formal warning that is recorded.",
          "ooc_formal", REQ, True, False, True, False, False, "police", True, None, True, S41),
    "3A": ("Conditional caution (adult)",
           "The suspect has been given a conditional caution: a formal warning with conditions they must keep.",
           "ooc_formal", REQ, True, False, True, False, False, "police", True, None, False,
           "Sub-code found in some datasets only [U]"),
    "4": ("Taken into consideration",
          "The offence will be taken into account when the offender is sentenced for another offence.",
          "tic", REQ, False, False, False, False, False, "either", True, None, True, S41),
    "5": ("Offender died", "The suspect has died, so no one can be prosecuted for this.",
          "prevented", REQ, True, False, False, False, False, "either", True, None, True, S41),
    "6": ("Penalty notice for disorder", "The suspect was given a penalty notice (a fine).",
          "ooc_formal", REQ, True, False, True, False, False, "police", False, None, True, S41),
    "7": ("Cannabis or khat warning", "The suspect was given a formal warning for possessing cannabis or khat.",
          "ooc_formal", REQ, True, False, True, False, False, "police", False, None, True, S41),
    "8": ("Community resolution", "The matter was dealt with by a community resolution agreed with the suspect.",
          "ooc_informal", REQ, True, False, True, False, False, "police", True, None, True, S41),
    "9": ("Prosecution not in the public interest (CPS)",
          "The Crown Prosecution Service decided that prosecuting the suspect is not in the public interest.",
          "prevented", REQ, True, False, False, False, False, "cps", True, None, True, S41),
    "10": ("Formal action not in the public interest (police)",
           "The police decided that formal action against the suspect is not in the public interest.",
           "prevented", REQ, True, False, False, True, False, "police", True, None, True, S41),
    "11": ("Prosecution prevented: suspect below the age of criminal responsibility",
           "The suspect is below the age at which a person can be prosecuted.",
           "prevented", REQ, True, False, False, False, False, "either", True, None, True, S41),
    "12": ("Prosecution prevented: suspect too ill", "The suspect is too ill, in body or mind, to be prosecuted.",
           "prevented", REQ, True, False, False, False, False, "either", True, None, True, S41),
    "13": ("Prosecution prevented: victim or key witness dead or too ill",
           "A prosecution is not possible because a key witness has died or is too ill.",
           "prevented", EITHER, True, False, False, False, False, "either", True, None, True, S41),
    "14": ("Evidential difficulties: suspect not identified; victim does not support further action",
           "We have not been able to identify a suspect, and you have told us you do not want further action "
           "at this time.",
           "evidential", NONE, True, False, False, False, True, "either", True, None, True, S41),
    "15": ("Evidential difficulties: named suspect identified; victim supports action",
           "We know who the suspect is and you support action, but there is not enough evidence to take the "
           "case further.",
           "evidential", REQ, True, False, False, True, False, "either", True, None, True, S41),
    "16": ("Evidential difficulties: named suspect identified; victim does not support action",
           "We know who the suspect is, but you have told us you do not support further action, and without "
           "that there is not enough evidence to take the case further.",
           "evidential", REQ, True, False, False, False, True, "either", True, None, True, S41),
    "17": ("Prosecution time limit expired", "The time limit for prosecuting this offence has passed.",
           "time_limit", EITHER, True, False, False, False, False, "either", False, None, True, S41),
    "18": ("Investigation complete: no suspect identified",
           "We have investigated, but we have not been able to identify who committed the crime.",
           "no_suspect", NONE, True, False, False, False, False, "police", True, None, True, S41),
    "19": ("Filed by the National Fraud Intelligence Bureau", "The case was filed by the National Fraud "
           "Intelligence Bureau.", "nfib", EITHER, True, False, False, False, False, "police", False, None, True,
           S41),
    "20": ("Further action by another body or agency",
           "Another organisation has taken over responsibility for taking action.",
           "transferred", EITHER, True, False, False, False, False, "either", True, None, True, S41),
    "21": ("Further investigation to support formal action not in the public interest (police)",
           "The police decided that further investigation to support formal action is not in the public "
           "interest.",
           "prevented", EITHER, True, False, False, True, False, "police", True, datetime.date(2016, 1, 1), True,
           "domain.md section 3 (S40): added January 2016"),
    "22": ("Diversionary, educational or intervention activity; no further action in the public interest",
           "The suspect has taken part in a programme or activity instead of being prosecuted.",
           "diversion", REQ, True, False, True, False, False, "police", True, datetime.date(2019, 4, 1), True,
           "domain.md section 3 (S40): added 1 April 2019"),
}


def load(apps, schema_editor):
    OutcomeCode = apps.get_model("decisions", "OutcomeCode")
    for order, (code, row) in enumerate(CODES.items()):
        (label, plain, group, suspect, ends, charge, ooc, vrr, withdrew, by, fits, since, verified, source) = row
        OutcomeCode.objects.update_or_create(
            code=code,
            defaults={
                "label": label,
                "plain_english": plain,
                "group": group,
                "suspect": suspect,
                "ends_without_charge": ends,
                "charge": charge,
                "out_of_court": ooc,
                "vrr_qualifying": vrr,
                "victim_withdrew_support": withdrew,
                "decided_by": by,
                "fits_modern_slavery": fits,
                "in_force_from": since,
                "verified": verified,
                "source": source,
                "sort_order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("decisions", "0001_decisions_reviews_cps")]
    # Reversing leaves the rows: decisions refer to them.
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
