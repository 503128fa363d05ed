"""Protected details and the disclosure export (F9).

A protected value is stored encrypted (lantern.core.crypto) and decrypted in three places only:
reveal() for a person who gives a reason (audited), the disclosure export's scan of free text
(the value never leaves; only where it was found), and letters to the victim themselves
(check_outgoing_text lets a letter through only when the recipient is the victim).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from lantern.cases.models import Case, CaseParty, Offence, TimelineEvent
from lantern.core import audit, crypto
from lantern.core.access import AccessDenied, can_handle_safeguarding, can_see_internal_detail
from lantern.core.errors import invalid
from lantern.core.models import User
from lantern.people.models import Location, Person
from lantern.safeguarding.access import handles_case_safeguarding
from lantern.safeguarding.models import (
    FirstResponse,
    InterpreterBooking,
    ProtectedDetail,
    Section45Consideration,
)
from lantern.safeguarding.protected import sources
from lantern.safeguarding.protected.sources import FreeText
from lantern.safeguarding.rules import ProtectedValue, find_protected_values, redact

MIN_REASON_CHARS = 10
# What a protected location's description becomes once its address is held encrypted.
ENCRYPTED_LOCATION = Location.ENCRYPTED_DESCRIPTION


def protect(
    actor: User,
    *,
    kind: str,
    label: str,
    value: str,
    reason: str,
    case: Case | None = None,
    person: Person | None = None,
) -> ProtectedDetail:
    """Record a protected detail. Refused without a reason, a value, or a case or person."""
    if not can_handle_safeguarding(actor) or actor.force is None:
        raise AccessDenied("Only police officers and staff can record protected details.")
    if kind not in ProtectedDetail.Kind.values:
        raise invalid("kind", "Choose what kind of detail this is.")
    if not value.strip():
        raise invalid("value", "Enter the detail to protect.")
    if len(value) > 500:
        raise invalid("value", "A protected detail is at most 500 characters.")
    if len(reason.strip()) < MIN_REASON_CHARS:
        raise invalid(
            "reason",
            "Say why this detail must be protected (for example, the person is in a safe house "
            "their exploiters must not find).",
        )
    if not label.strip():
        raise invalid("label", "Give a label that reveals nothing, for example 'Current safe house'.")
    if value.strip().casefold() in label.casefold():
        raise invalid("label", "The label must not contain the protected detail itself.")
    if case is None and person is None:
        raise invalid("case", "A protected detail belongs to a case or a person.")
    if case is not None and case.force_id != actor.force_id:
        raise AccessDenied("You can protect details only on cases of your own force.")
    with transaction.atomic():
        detail = ProtectedDetail.objects.create(
            force=actor.force,
            case=case,
            person=person,
            kind=kind,
            label=label.strip()[:120],
            value_token=crypto.encrypt(value.strip()),
            reason=reason.strip(),
            recorded_by=actor,
        )
        audit.record(actor, audit.Action.COLLECTION, detail, detail="protected detail")
    return detail


def reveal(actor: User, detail: ProtectedDetail, reason: str) -> str:
    """The plain value, for someone who says why they need it. The view is audited with the
    reason. The caller has fetched the detail through visible_protected_details."""
    if not can_handle_safeguarding(actor) or detail.force_id != actor.force_id:
        raise AccessDenied("Only police of the force that holds this detail can see it.")
    if len(reason.strip()) < MIN_REASON_CHARS:
        raise invalid("reason", "Say why you need to see this protected detail.")
    audit.record(actor, audit.Action.CONSULTATION, detail, reason=reason.strip()[:500], detail="protected value shown")
    return crypto.decrypt(detail.value_token)


def archive(actor: User, detail: ProtectedDetail, reason: str) -> ProtectedDetail:
    """No longer current (the person moved on): kept, and still withheld from exports."""
    if not can_handle_safeguarding(actor) or detail.force_id != actor.force_id:
        raise AccessDenied("Only police of the force that holds this detail can change it.")
    if not reason.strip():
        raise invalid("archived_reason", "Say why this detail is no longer current.")
    ProtectedDetail.objects.filter(pk=detail.pk).update(archived_at=timezone.now(), archived_reason=reason.strip())
    audit.record(actor, audit.Action.ALTERATION, detail, detail="archived")
    detail.refresh_from_db()
    return detail


def encrypt_protected_locations(limit: int | None = None) -> int:
    """Move the address of each protected location (people.Location, protected=True) into an
    encrypted protected detail on the same person and case, and blank it on the location, so
    that nothing protected is stored in plain text. For locations recorded before protected
    details existed (and the demo generator's). Returns how many were moved."""
    from lantern.cases.models import CaseLocation

    moved = 0
    locations = Location.objects.filter(protected=True).exclude(description=ENCRYPTED_LOCATION).order_by("pk")
    for loc in locations[:limit] if limit else locations:
        link = CaseLocation.objects.filter(location=loc).select_related("case", "case__officer_in_charge").first()
        case = link.case if link else None
        if case is None and loc.person_id is not None:
            party = (
                CaseParty.objects.filter(person_id=loc.person_id)
                .select_related("case", "case__officer_in_charge")
                .first()
            )
            case = party.case if party else None
        if case is None:
            continue
        kind = {"safe_house": "safe_house", "refuge": "refuge"}.get(loc.kind, "address")
        value = ", ".join(part for part in (loc.description, loc.postcode) if part)
        with transaction.atomic():
            ProtectedDetail.objects.create(
                force_id=case.force_id,
                case=case,
                person_id=loc.person_id,
                kind=kind,
                label=f"{loc.get_kind_display()} (moved from location {loc.pk})",
                value_token=crypto.encrypt(value),
                reason=loc.protected_reason or "Marked protected",
                recorded_by=case.officer_in_charge,
            )
            Location.objects.filter(pk=loc.pk).update(description=ENCRYPTED_LOCATION, postcode="")
            audit.record(None, audit.Action.ALTERATION, loc, detail="protected address moved to an encrypted detail")
        moved += 1
    return moved


def _persons_of(case: Case) -> list[int]:
    return list(CaseParty.objects.filter(case=case).values_list("person_id", flat=True))


def protected_values_for_case(case: Case) -> list[ProtectedValue]:
    """Every protected value attached to the case or to anyone in it, archived ones included
    (an old safe-house address is still dangerous), and protected locations of its people."""
    person_ids = _persons_of(case)
    details = ProtectedDetail.objects.filter(case=case) | ProtectedDetail.objects.filter(person_id__in=person_ids)
    values = [ProtectedValue(d.pk, d.match_kind, crypto.decrypt(d.value_token), d.label) for d in details.distinct()]
    for loc in Location.objects.filter(person_id__in=person_ids, protected=True).exclude(
        description=ENCRYPTED_LOCATION
    ):
        text = ", ".join(part for part in (loc.description, loc.postcode) if part)
        values.append(ProtectedValue(-loc.pk, "address", text, f"Protected location ({loc.get_kind_display()})"))
    return values


def check_outgoing_text(text: str, *, case: Case, recipient_is_victim: bool) -> list[str]:
    """For letters and messages: the labels of protected values in text meant for anyone but
    the victim. A sender must refuse to send while this is not empty."""
    if recipient_is_victim:
        return []
    return [value.label for value in find_protected_values(text, protected_values_for_case(case))]


def check_letter(text: str, case: Case, person: Person | None) -> list[str]:
    """The letter service's check (registered in SafeguardingConfig.ready()): the same check for a
    letter to anyone but a victim in the case."""
    from lantern.safeguarding.protected.registered import victim_ids

    to_victim = person is not None and person.pk in victim_ids(case)
    return check_outgoing_text(text, case=case, recipient_is_victim=to_victim)


# --- Disclosure export -------------------------------------------------------------------------


@dataclass
class Found:
    where: str
    model: str
    pk: int
    field: str
    labels: list[str]


@dataclass
class DisclosureRefused(Exception):
    found: list[Found] = field(default_factory=list)

    def __str__(self) -> str:
        return (
            "The export contains protected values in free text: redact them first ("
            + "; ".join(f"{f.where}: {', '.join(f.labels)}" for f in self.found)
            + ")."
        )


def _free_texts(case: Case) -> list[FreeText]:
    texts = [FreeText("Case summary", "case", case.pk, "summary", case.summary)]
    for event in TimelineEvent.objects.filter(case=case).order_by("recorded_at", "id"):
        texts.append(
            FreeText(
                f"Timeline entry of {event.recorded_at:%d %B %Y %H:%M}", "timeline", event.pk, "summary", event.summary
            )
        )
    for offence in Offence.objects.filter(case=case):
        texts.append(FreeText("Offence description", "offence", offence.pk, "description", offence.description))
    for s45 in Section45Consideration.objects.filter(case=case):
        texts.append(FreeText("Section 45 reasoning", "s45", s45.pk, "reasoning", s45.reasoning))
        for code, entry in (s45.elements or {}).items():
            texts.append(
                FreeText(
                    f"Section 45 evidence ({code})",
                    "s45",
                    s45.pk,
                    f"elements.{code}",
                    str((entry or {}).get("evidence", "")),
                )
            )
    for fr in FirstResponse.objects.filter(case=case):
        texts.append(
            FreeText(
                "First response account",
                "first_response",
                fr.pk,
                "answers.narrative",
                str((fr.answers or {}).get("narrative", "")),
            )
        )
    for loc in Location.objects.filter(person_id__in=_persons_of(case), protected=False):
        texts.append(
            FreeText(f"Location ({loc.get_kind_display()})", "location", loc.pk, "description", loc.description)
        )
    texts.extend(sources.registered_texts(case))
    return [t for t in texts if t.text]


def scan_case(case: Case) -> list[Found]:
    """Where in the case's free text a protected value appears (labels only, never the value)."""
    values = protected_values_for_case(case)
    found = []
    for text in _free_texts(case):
        hits = find_protected_values(text.text, values)
        if hits:
            found.append(Found(text.where, text.model, text.pk, text.field, [h.label for h in hits]))
    return found


def _withheld(case: Case) -> list[dict[str, str]]:
    person_ids = _persons_of(case)
    items = []
    details = ProtectedDetail.objects.filter(case=case) | ProtectedDetail.objects.filter(person_id__in=person_ids)
    for d in details.distinct().order_by("pk"):
        items.append({"item": f"{d.get_kind_display()}: {d.label}", "reason": d.reason})
    for loc in Location.objects.filter(person_id__in=person_ids, protected=True).exclude(
        description=ENCRYPTED_LOCATION
    ):
        items.append(
            {
                "item": f"Protected location ({loc.get_kind_display()})",
                "reason": loc.protected_reason or "Marked protected",
            }
        )
    return items  # the ledger is withheld whole: see registered.py (exported=False)


def build_export(case: Case) -> dict[str, Any]:
    """The content of a disclosure export: what may leave, and the list of what was withheld.
    Pure read; export() checks, records and audits."""
    parties = CaseParty.objects.filter(case=case).select_related("person").prefetch_related("person__names")
    bookings = InterpreterBooking.objects.filter(case=case, status=InterpreterBooking.Status.CONFIRMED)
    values = protected_values_for_case(case)
    records, withheld_sources = sources.export_sections(case, lambda text: redact(text, values))
    withheld = _withheld(case) + [
        {"item": title, "reason": "Sensitive processing (DPA 2018 s35): disclosed only by a separate recorded decision"}
        for title in withheld_sources
    ]
    return {
        "case": {
            "force": case.force.name,
            "crime_reference": case.crime_reference,
            "status": case.get_status_display(),
            "reported_on": case.reported_at.date().isoformat(),
            "summary": case.summary,
            "officer_in_charge": case.officer_in_charge.display_name,
        },
        "offences": [
            {"offence": o.get_legislation_display(), "description": o.description}
            for o in Offence.objects.filter(case=case)
        ],
        "people": [{"role": p.get_role_display(), "name": p.person.display_name} for p in parties],
        "timeline": [
            {"at": e.recorded_at.isoformat(), "what": e.get_kind_display(), "summary": e.summary}
            for e in TimelineEvent.objects.filter(case=case).order_by("recorded_at", "id")
        ],
        "interpreting": [
            {"language": b.language, "purpose": b.get_purpose_display(), "on": b.booked_for.date().isoformat()}
            for b in bookings
        ],
        "section45": [
            {
                "test": s.get_test_display(),
                "conclusion": s.conclusion,
                "reasoning": s.reasoning,
                "status": s.get_status_display(),
            }
            for s in Section45Consideration.objects.filter(case=case)
        ],
        "unprotected_locations": [
            {"kind": loc.get_kind_display(), "description": loc.description}
            for loc in Location.objects.filter(person_id__in=_persons_of(case), protected=False)
        ],
        **records,
        "withheld": withheld,
    }


def serialise(content: dict[str, Any]) -> str:
    return json.dumps(content, indent=2, ensure_ascii=False, sort_keys=False)


def export(actor: User, case: Case, *, recipient: str, reason: str) -> tuple[str, list[dict[str, str]]]:
    """Make the disclosure export of a case: refused (DisclosureRefused, naming where) while any
    free text holds a protected value; otherwise recorded and audited as a disclosure. As a last
    guard the finished document itself is scanned for every protected value."""
    if not handles_case_safeguarding(actor, case) or not can_see_internal_detail(actor):
        audit.record(actor, audit.Action.CONSULTATION, case, detail="disclosure export refused: not permitted")
        raise AccessDenied("Only police of the force holding the case can make its disclosure export.")
    if not recipient.strip():
        raise invalid("recipient", "Say who the export is for (for example, CPS for disclosure to the defence).")
    if not reason.strip():
        raise invalid("reason", "Say why the export is being made.")
    case = Case.objects.select_related("force", "officer_in_charge").get(pk=case.pk)  # what is stored now
    found = scan_case(case)
    if found:
        audit.record(actor, audit.Action.CONSULTATION, case, detail="disclosure export refused: protected values")
        raise DisclosureRefused(found)
    content = build_export(case)
    document = serialise(content)
    if find_protected_values(document, protected_values_for_case(case)):
        audit.record(
            actor, audit.Action.CONSULTATION, case, detail="disclosure export refused: protected value in document"
        )
        raise DisclosureRefused([Found("Export document", "case", case.pk, "", ["a protected value"])])
    digest = hashlib.sha256(document.encode("utf-8")).hexdigest()
    from lantern.safeguarding.models import DisclosureExport

    with transaction.atomic():
        record = DisclosureExport.objects.create(
            case=case,
            recorded_by=actor,
            recipient=recipient.strip()[:160],
            reason=reason.strip(),
            withheld=content["withheld"],
            content_sha256=digest,
        )
        audit.record(
            actor,
            audit.Action.DISCLOSURE,
            case,
            recipients=recipient.strip()[:200],
            reason=reason.strip()[:500],
            detail=f"disclosure export {record.pk}; {len(content['withheld'])} items withheld",
        )
    return document, content["withheld"]


def redact_found(actor: User, case: Case, where: Iterable[Found]) -> int:
    """Replace the protected values in the named free text with a marker. Each change is an
    audited alteration; case summaries keep their history. Returns how many texts changed."""
    if not handles_case_safeguarding(actor, case):
        raise AccessDenied("Only police of the force holding the case can redact it.")
    values = protected_values_for_case(case)
    changed = 0
    with transaction.atomic():
        for item in where:
            if item.model == "case" and item.field == "summary":
                obj = Case.objects.get(pk=case.pk)
                new = redact(obj.summary, values)
                if new != obj.summary:
                    obj.summary = new
                    obj._change_reason = "protected detail redacted"  # type: ignore[attr-defined]
                    obj.save(update_fields=["summary"])
                    case.summary = new
                    changed += 1
            elif item.model == "timeline":
                event = TimelineEvent.objects.get(pk=item.pk, case=case)
                new = redact(event.summary, values)[:255]
                if new != event.summary:
                    TimelineEvent.objects.filter(pk=event.pk).update(summary=new)
                    changed += 1
            elif item.model == "offence":
                offence = Offence.objects.get(pk=item.pk, case=case)
                new = redact(offence.description, values)[:255]
                if new != offence.description:
                    Offence.objects.filter(pk=offence.pk).update(description=new)
                    changed += 1
            elif item.model == "s45":
                s45 = Section45Consideration.objects.get(pk=item.pk, case=case)
                s45.reasoning = redact(s45.reasoning, values)
                s45.elements = {
                    code: {**entry, "evidence": redact(str(entry.get("evidence", "")), values)}
                    for code, entry in (s45.elements or {}).items()
                }
                s45.save(update_fields=["reasoning", "elements"])
                changed += 1
            elif item.model == "location":
                loc = Location.objects.get(pk=item.pk, person_id__in=_persons_of(case))
                new = redact(loc.description, values)[:255]
                if new != loc.description:
                    Location.objects.filter(pk=loc.pk).update(description=new)
                    changed += 1
            elif item.model == "first_response":
                fr = FirstResponse.objects.get(pk=item.pk, case=case)
                fr.answers = {**fr.answers, "narrative": redact(str(fr.answers.get("narrative", "")), values)}
                fr.save(update_fields=["answers"])
                changed += 1
            elif sources.mark_redacted(actor, case, item.model, item.pk, item.field, item.labels):
                changed += 1
        audit.record(actor, audit.Action.ALTERATION, case, detail=f"protected values redacted from {changed} texts")
    return changed


__all__ = [
    "DisclosureRefused",
    "Found",
    "archive",
    "build_export",
    "check_outgoing_text",
    "export",
    "protect",
    "protected_values_for_case",
    "redact_found",
    "reveal",
    "scan_case",
]
