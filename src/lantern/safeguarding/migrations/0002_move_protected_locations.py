"""Move every plain-text protected location (people.Location, protected=True, with its address in
the clear) into an encrypted protected detail on the same case and person, and blank the address
on the location (decision 0004; issue 16). The key is the running service's field key
(settings.LANTERN_FIELD_KEYS, or the development key derived from SECRET_KEY), so the values read
back with the service's own crypto.decrypt. After this, people 0002 adds the constraint that keeps
them out for good. Reversing leaves the encrypted details where they are (nothing is put back
in plain text)."""

from __future__ import annotations

from typing import Any

from django.db import migrations

ENCRYPTED = "Protected location: the address is held encrypted as a protected detail"
KINDS = {"safe_house": "safe_house", "refuge": "refuge"}
LABELS = {"safe_house": "Safe house", "refuge": "Refuge", "premises": "Business premises", "area": "Area"}


def move_protected_locations(apps: Any, schema_editor: Any) -> None:
    from lantern.core import crypto

    location_model = apps.get_model("people", "Location")
    case_location = apps.get_model("cases", "CaseLocation")
    case_party = apps.get_model("cases", "CaseParty")
    protected_detail = apps.get_model("safeguarding", "ProtectedDetail")
    orphans: list[int] = []
    moved = 0
    for loc in location_model.objects.filter(protected=True).exclude(description=ENCRYPTED, postcode="").iterator():
        link = case_location.objects.filter(location_id=loc.pk).select_related("case").order_by("pk").first()
        case = link.case if link else None
        if case is None and loc.person_id is not None:
            party = case_party.objects.filter(person_id=loc.person_id).select_related("case").order_by("pk").first()
            case = party.case if party else None
        if case is None:
            orphans.append(loc.pk)
            continue
        value = ", ".join(part for part in (loc.description, loc.postcode) if part and part != ENCRYPTED)
        protected_detail.objects.create(
            force_id=case.force_id,
            case_id=case.pk,
            person_id=loc.person_id,
            kind=KINDS.get(loc.kind, "address"),
            label=f"{LABELS.get(loc.kind, 'Address')} (moved from location {loc.pk})",
            value_token=crypto.encrypt(value),
            reason=loc.protected_reason or "Marked protected",
            created_by_id=case.officer_in_charge_id,
            created_at=loc.created_at,
        )
        location_model.objects.filter(pk=loc.pk).update(description=ENCRYPTED, postcode="")
        moved += 1
    if orphans:
        raise RuntimeError(
            f"{len(orphans)} protected location(s) belong to no case, so no force can hold their encrypted "
            f"address (location ids {orphans[:20]}). Link each to its case (cases.CaseLocation) and migrate again; "
            "nothing was changed."
        )
    if moved:
        print(f"\n  moved {moved} plain-text protected location(s) into encrypted protected details")  # noqa: T201


class Migration(migrations.Migration):
    atomic = True

    dependencies = [
        ("safeguarding", "0001_safeguarding_records"),
        ("people", "0001_initial"),
        ("cases", "0002_initial"),
    ]

    operations = [migrations.RunPython(move_protected_locations, migrations.RunPython.noop)]
