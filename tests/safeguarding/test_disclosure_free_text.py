"""Issue 10 item 4: every free text on a case that can leave the force is checked. A protected
value planted in each kind of free text (interview records, victims' accounts, notes, decisions
and their reasons, CPS submissions, letters to anyone but the victim, sharing records, ...) makes
the disclosure export refused, naming where; once the officer redacts it the export is made, the
record is in it (redacted), and the value is nowhere in it. The letter service refuses a letter
to anyone but the victim that holds one."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from tests.decisions import api_world as decisions_world
from tests.factories import World, build_world
from tests.safeguarding import api_world as safeguarding_world

from lantern.cases.models import Case
from lantern.notify import letters
from lantern.notify.models import Letter
from lantern.safeguarding.models import DisclosureRedaction
from lantern.safeguarding.protected import protection
from lantern.safeguarding.protected.sources import free_text_sources, text_of
from lantern.victims_code.models import ContactPlan, Duty, EnhancedRightsDecision, VictimUpdate

pytestmark = pytest.mark.django_db

ADDRESS = "14 Elm Road, Sparkhill, B11 4AA"
MARKER = "[protected detail removed]"

# Every kind of free text the issue names must be among the registered sources.
NAMED_KINDS = {
    "interview_records",
    "victim_accounts",
    "enquiry_answers",
    "decisions",
    "cps_submissions",
    "letters",
    "sharing_ledger",
    "code_events",
}


def _case_with_every_kind_of_record() -> tuple[World, Case]:
    w = build_world()
    decisions_world.submission(w)  # CPS submission (while the case is open)
    decisions_world.hearing(w)
    decisions_world.closed(w, reviewable=True)  # interview, evidence, decision, sign-off, letters
    decisions_world.review_request(w)
    decisions_world.task(w)  # new information
    safeguarding_world.share(w)
    now = timezone.now()
    if not ContactPlan.objects.filter(case=w.case).exists():
        ContactPlan.objects.create(
            case=w.case,
            victim=w.victim,
            interval_days=7,
            channel="phone",
            language="lv",
            agreed_at=now,
            agreed_by=w.oic,
            notes="Weekly calls",
        )
    if not EnhancedRightsDecision.objects.filter(case=w.case).exists():
        EnhancedRightsDecision.objects.create(
            case=w.case, victim=w.victim, enhanced=True, reason="Modern slavery victim", decided_by=w.oic
        )
    if not VictimUpdate.objects.filter(case=w.case).exists():
        VictimUpdate.objects.create(
            case=w.case,
            victim=w.victim,
            summary="Told of the decision",
            given_at=now,
            given_by=w.oic,
            channel="phone",
            language="lv",
        )
    duty = Duty.objects.filter(case=w.case).first()
    assert duty is not None
    Duty.objects.filter(pk=duty.pk).update(waived_reason="Victim asked for no contact")
    Letter.objects.create(  # a letter to the suspect's solicitor, made before the address was protected
        kind="custom",
        language="en",
        rendered_language="en",
        case=w.case,
        person=w.suspect,
        text="Dear Sir, your client is bailed.",
        pdf=b"%PDF",
        sha256="0" * 64,
        pages=1,
        recorded_at=now - timedelta(days=1),
    )
    protection.protect(
        w.oic,
        kind="safe_house",
        label="Current safe house",
        value=ADDRESS,
        reason="Safe house her exploiters must not find",
        case=w.case,
        person=w.victim,
    )
    return w, w.case


def test_a_protected_value_in_each_kind_of_free_text_is_refused_until_redacted_and_never_leaks() -> None:
    w, case = _case_with_every_kind_of_record()
    keys = {source.key for source in free_text_sources()}
    assert NAMED_KINDS <= keys
    # Clean to begin with: the export is made.
    document, _withheld = protection.export(w.oic, case, recipient="CPS", reason="Disclosure schedule")
    assert "interview_records" in document  # every record a schedule lists, interview records included
    for source in free_text_sources():
        records = list(source.records(case))
        assert records, f"the test world has no {source.key} record"
        obj = records[0]
        field = source.fields[0][0]
        model = type(obj)
        before = text_of(obj, field)
        model.objects.filter(pk=obj.pk).update(**{field: f"{before} She now stays at {ADDRESS}."})
        with pytest.raises(protection.DisclosureRefused) as refused:
            protection.export(w.oic, case, recipient="CPS", reason="Disclosure schedule")
        found = [f for f in refused.value.found if f.model == source.key]
        assert [(f.pk, f.field) for f in found] == [(obj.pk, field)], source.key
        assert "Elm" not in str(refused.value)
        assert protection.redact_found(w.oic, case, refused.value.found) >= 1
        document, _withheld = protection.export(w.oic, case, recipient="CPS", reason="Disclosure schedule")
        assert "Elm" not in document, source.key
        assert "B11" not in document, source.key
        if source.exported:
            assert MARKER in document, source.key
        # The record kept as it was made is not edited: the redaction is a mark for disclosure.
        stored = text_of(model.objects.get(pk=obj.pk), field)
        assert ADDRESS in stored
        assert DisclosureRedaction.objects.filter(source=source.key, object_id=obj.pk, field=field).exists()


def test_a_changed_text_after_redaction_is_checked_again() -> None:
    w, case = _case_with_every_kind_of_record()
    interview = next(iter(next(s for s in free_text_sources() if s.key == "interview_records").records(case)))
    type(interview).objects.filter(pk=interview.pk).update(note=f"Stays at {ADDRESS}")
    with pytest.raises(protection.DisclosureRefused) as refused:
        protection.export(w.oic, case, recipient="CPS", reason="Disclosure")
    protection.redact_found(w.oic, case, refused.value.found)
    type(interview).objects.filter(pk=interview.pk).update(note=f"Moved from {ADDRESS}")
    with pytest.raises(protection.DisclosureRefused):
        protection.export(w.oic, case, recipient="CPS", reason="Disclosure")


def test_the_letter_service_refuses_a_protected_value_to_anyone_but_the_victim() -> None:
    w, case = _case_with_every_kind_of_record()
    text = f"Please visit her at {ADDRESS}."
    with pytest.raises(letters.LetterRefused) as refused:  # the hook render() calls before making a letter
        letters._check_outgoing(text, case, w.suspect)
    assert "Current safe house" in str(refused.value)
    assert "Elm" not in str(refused.value)
    letters._check_outgoing(text, case, w.victim)  # to the victim herself: allowed
