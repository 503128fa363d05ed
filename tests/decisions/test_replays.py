"""The eight case histories of seed 000 (Hope for Justice's IMSAs), replayed on the service with
other nationalities, other forces and other dates. Each failure they describe is either impossible
(refused, with the reason) or raised as an overdue duty, escalated, or a review task, as soon as
the time the Victims' Code allows has run out.

1. Closed as "not made out" on the victim's interview alone; the victim never told.
2. Two victims waiting months for news while the case passed from officer to officer.
3. Victims judged not credible without regard to trauma; later contacted by the traffickers after a
   positive conclusive grounds decision, and nothing done.
4. A victim supporting a prosecution detained by immigration; the police did nothing.
5. Told both victim and perpetrator would be dealt with for immigration breaches instead of an
   investigation.
6. A safe-house address disclosed to the defence.
7. Closed NFA without telling the victim; written reasons asked for and never sent; "passed to
   another force".
8. NFA after the suspect denied it, with no search for witnesses; the victim never told.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from tests.decisions.helpers import LONDON, london
from tests.factories import PASSWORD, force, new_case, person, user

from lantern.cases import services as case_services
from lantern.cases.models import AdvocateAssignment, Case, CaseStatus, Offence
from lantern.core.models import Organisation, Rank, Role, User
from lantern.decisions import cps, facts, queries, reviews, rules, services
from lantern.decisions.models import Decision, NewInformation
from lantern.nrm import services as nrm_services
from lantern.people.models import LanguageSkill, Person
from lantern.safeguarding.models import SafeguardingAlert
from lantern.safeguarding.protected import protection
from lantern.safeguarding.sharing import ledger
from lantern.victims_code import plans
from lantern.victims_code.models import Duty, DutyKind, Escalation
from lantern.victims_code.sweep import run_sweep

pytestmark = pytest.mark.django_db


@dataclass
class Team:
    oic: User
    supervisor: User
    spoc: User
    dci: User
    colleague: User


def team(code: str) -> Team:
    f = force(code)
    return Team(
        oic=user(Role.INVESTIGATOR, f, rank=Rank.DC),
        supervisor=user(Role.SUPERVISOR, f, rank=Rank.DS),
        spoc=user(Role.SPOC, f, rank=Rank.DS),
        dci=user(Role.SUPERVISOR, f, rank=Rank.DCI),
        colleague=user(Role.INVESTIGATOR, f, rank=Rank.DC),
    )


def victim(given: str, family: str, nationality: str, language: str) -> Person:
    p = person(given, family)
    p.nationalities = [nationality]
    p.save()
    LanguageSkill.objects.create(person=p, language=language, level=LanguageSkill.Level.FIRST)
    return p


def open_case(officer: User, reference: str, victims: list[Person], suspects: list[Person] = ()) -> Case:  # type: ignore[assignment]
    case = new_case(officer, reference, reported_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=1))
    for v in victims:
        case_services.add_party(officer, case, v, "victim")
    for s in suspects:
        case_services.add_party(officer, case, s, "suspect")
    return case


def today() -> dt.date:
    return dt.datetime.now(dt.UTC).astimezone(LONDON).date()


def refused(call: object, *args: object, **kwargs: object) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as exc:
        call(*args, **kwargs)  # type: ignore[operator]
    return exc.value.message_dict


def missing_words(case: Case) -> str:
    return " ".join(m.message for m in rules.closure_gate(facts.gate_facts(case), today()).missing)


def close(t: Team, case: Case, data: services.DecisionIn) -> Decision:
    decision = services.propose(t.oic, case, data)
    services.sign_off(t.supervisor, decision, agreed=True, note="Enquiries and reasoning checked")
    decision.refresh_from_db()
    services.make_letters(t.oic, decision)
    return services.close_case(t.oic, decision)


def duty(case: Case, kind: str, person_: Person | None = None) -> Duty:
    duties = Duty.objects.filter(case=case, kind=kind)
    if person_ is not None:
        duties = duties.filter(victim=person_)
    return duties.get()


def escalated(d: Duty) -> bool:
    return Escalation.objects.filter(duty=d, level=Escalation.Level.SUPERVISOR).exists()


def decision_data(code: str, **extra: object) -> services.DecisionIn:
    values: dict[str, object] = {
        "kind": "close",
        "lines": (rules.LineIn(code),),
        "decided_on": today(),
        "reasons": "We could not find evidence, other than your account, that the work was forced.",
        "reopen_if": "Records of wages, or another worker willing to speak to us.",
    }
    values.update(extra)
    return services.DecisionIn(**values)  # type: ignore[arg-type]


# --- 1. Closed on the victim's interview alone; never told --------------------------------------------------


def test_replay_1_a_case_cannot_close_on_the_victims_interview_alone_and_the_outcome_is_owed_to_him() -> None:
    with time_machine.travel(london("2027-01-11 10:00"), tick=False) as clock:
        t = team("GMP")
        minh = victim("Văn Minh", "Nguyễn", "VN", "vi")
        boss = person("Trung", "Lê")
        case = open_case(t.oic, "GMP/27/000101", [minh], [boss])
        offence = case_services.add_offence(t.oic, case, Offence.Legislation.MSA_S1, "Forced labour in a nail bar")
        clock.move_to(london("2027-04-14 10:00"))
        services.record_account(t.oic, case, services.NewAccount(minh, True, today(), "abe_interview", "vi"))
        services.record_credibility(t.oic, case, minh, False, [], "")
        clock.move_to(london("2027-08-02 10:00"))
        decision = services.propose(
            t.oic,
            case,
            decision_data("15", lines=(rules.LineIn("15", offence.pk, boss.pk),), reasons="Not made out."),
        )
        # Only the interview was considered: the gate names every line not followed.
        words = missing_words(case)
        for question in (
            "Was the suspect interviewed?",
            "other potential victims and witnesses",
            "premises and the business",
            "financial enquiries",
        ):
            assert question in words
        message = refused(services.sign_off, t.supervisor, decision, agreed=True, note="")["agreed"][0]
        assert message.startswith("Not ready to sign off")
        # The enquiries are made and answered; the decision is signed off and the case closed.
        services.record_interview(t.oic, case, services.NewInterview(boss, today(), True, "after_arrest", "Denied"))
        for item in rules.ENQUIRY_ITEMS:
            if item.code not in rules.DONE_BY_RECORD:
                services.answer_enquiry(t.oic, case, item.code, rules.DONE, "Visited, searched, checked; see the log")
        services.answer_enquiry(t.oic, case, "cps_early_advice", rules.NOT_APPLICABLE, "Single suspect, reactive")
        decision = services.correct(
            t.oic,
            decision,
            decision_data("15", lines=(rules.LineIn("15", offence.pk, boss.pk),)),
            "Reasons rewritten for the victim",
        )
        services.sign_off(t.supervisor, decision, agreed=True, note="")
        decision.refresh_from_db()
        services.make_letters(t.oic, decision)
        services.close_case(t.oic, decision)
        told = duty(case, DutyKind.NOT_CHARGED)
        assert told.due_on == dt.date(2027, 8, 3)  # enhanced rights: the next working day
        # Nobody tells him: the next working day the duty is overdue and goes to the supervisor.
        clock.move_to(london("2027-08-04 07:00"))
        run_sweep()
        told.refresh_from_db()
        assert told.state == Duty.State.OPEN
        assert escalated(told)
        assert escalated(duty(case, DutyKind.REVIEW_RIGHT))


# --- 2. Two victims waiting months while the case passed between officers ---------------------------------


def test_replay_2_both_victims_are_owed_updates_through_every_handover_and_neither_can_be_left_out_of_a_closure() -> (
    None
):
    with time_machine.travel(london("2026-09-01 09:00"), tick=False) as clock:
        t = team("WYP")
        arben, ledio = victim("Arben", "Krasniqi", "AL", "sq"), victim("Ledio", "Hoxha", "AL", "sq")
        case = open_case(t.oic, "WYP/26/002202", [arben, ledio])
        for v in (arben, ledio):
            plans.set_contact_plan(t.oic, case, plans.NewPlan(v, 28, "phone", "sq", interpreter_needed=True))
        handover = case_services.offer_handover(t.oic, case, t.colleague, "Moved to another team")
        case_services.accept_handover(t.colleague, handover)
        case.refresh_from_db()
        # The victims are owed word of their new officer, and the plan updates move with the case.
        assert Duty.objects.filter(case=case, kind=DutyKind.OFFICER_CHANGED, owner=t.colleague).count() == 2
        clock.move_to(london("2026-10-01 09:00"))
        run_sweep()
        overdue = Duty.objects.filter(
            case=case, kind=DutyKind.PLAN_UPDATE, state=Duty.State.OPEN, owner=t.colleague, due_on__lt=today()
        )
        assert overdue.count() == 2
        assert all(escalated(d) for d in overdue)
        # Dropping the case quietly is impossible: both victims need their account or a reason,
        # and both need a letter.
        words = missing_words(case)
        assert "Arben Krasniqi's account" in words
        assert "Ledio Hoxha's account" in words
        assert "Make the letter to Arben Krasniqi" in words
        assert "Make the letter to Ledio Hoxha" in words


# --- 3. Credibility without trauma; contacted by traffickers after a positive CG -----------------------------


def test_replay_3_credibility_needs_trauma_and_later_contact_by_traffickers_is_reviewed_by_a_named_officer() -> None:
    with time_machine.travel(london("2026-05-04 10:00"), tick=False) as clock:
        t = team("MPS")
        selam, hiwet = victim("Selam", "Tesfaye", "ER", "ti"), victim("Hiwet", "Gebre", "ER", "ti")
        case = open_case(t.oic, "MPS/26/030303", [selam, hiwet])
        errors = refused(services.record_credibility, t.oic, case, selam, True, [], "Not credible")
        assert "effects of trauma" in errors["trauma_factors"][0]
        for v in (selam, hiwet):
            services.record_account(t.oic, case, services.NewAccount(v, True, today(), "abe_interview", "ti"))
            services.record_credibility(
                t.oic,
                case,
                v,
                True,
                ["inconsistency", "fear", "delayed_disclosure"],
                "Dates changed between accounts; expected after long coercion and fear of reprisals. Corroboration "
                "was sought rather than the account discounted.",
            )
        for item in rules.ENQUIRY_ITEMS:
            services.answer_enquiry(
                t.oic,
                case,
                item.code,
                rules.NOT_POSSIBLE if item.code not in rules.DONE_BY_RECORD else rules.NOT_APPLICABLE,
                "No suspect identified; address abroad",
            )
        close(
            t,
            case,
            decision_data(
                "14",
                translation_language="ti",
                reasons_translated="ካብ ቃልኩም ወጻኢ መርትዖ ኣይረኸብናን።",
                reopen_if_translated="ሓድሽ ምስክር ወይ መርትዖ።",
                translated_by="R. Haile, qualified translator",
            ),
        )
        letters = {dl.victim_id: dl.letter for dl in Decision.objects.get(case=case).letters.all()}
        assert letters[selam.pk].rendered_language == "ti"
        assert not letters[selam.pk].interpreter_note
        assert "ቃልኩም" in letters[selam.pk].text
        # Months later: a positive conclusive grounds decision, then contact from the traffickers.
        clock.move_to(london("2026-11-16 10:00"))
        referral = nrm_services.receive_referral(
            t.oic, reference="NRM-2026-033", person=selam, first_responder="LA", referred_at=london("2026-05-05 10:00")
        )
        nrm_services.record_decision(t.oic, referral, "rg", True, dt.date(2026, 5, 12))
        nrm_services.record_decision(t.oic, referral, "cg", True, dt.date(2026, 11, 13))
        cg_task = NewInformation.objects.get(case=case, kind="conclusive_grounds")
        case.refresh_from_db()
        contact = reviews.record_new_information(
            t.colleague,
            case,
            kind="trafficker_contact",
            received_on=today(),
            summary="Both were sent voice messages by the man who held them, asking where they live",
        )
        assert contact.review_officer == t.oic
        assert contact.due_on == dt.date(2026, 11, 17)
        assert case.timeline.filter(summary__contains="contacted by the traffickers").exists()
        # Left alone, it is overdue on the force's work list the day after.
        clock.move_to(london("2026-11-18 09:00"))
        items = queries.work_list(t.supervisor, today())
        assert items[0].overdue
        assert "traffickers" in items[0].what
        assert cg_task.due_on == dt.date(2026, 11, 23)
        reviews.complete_review_task(t.oic, contact, reopen_case=True, reasons="Risk to both: reopened, safeguarding")
        case.refresh_from_db()
        assert case.status == CaseStatus.INVESTIGATING
        assert Duty.objects.filter(case=case, kind=DutyKind.CASE_REOPENED).count() == 2


# --- 4. A prosecution witness detained by immigration ---------------------------------------------------------


def test_replay_4_a_witness_detained_while_a_charge_stands_raises_an_alert_and_court_dates_are_owed() -> None:
    with time_machine.travel(london("2026-02-02 10:00"), tick=False) as clock:
        t = team("KENT")
        omar = victim("Omar", "Abdelrahman", "SD", "ar")
        farmer = person("Gary", "Booth")
        case = open_case(t.oic, "KENT/26/004404", [omar], [farmer])
        offence = case_services.add_offence(t.oic, case, Offence.Legislation.MSA_S1, "Forced labour on a farm")
        charge = services.propose(
            t.oic,
            case,
            services.DecisionIn(
                "charge", (rules.LineIn("1", offence.pk, farmer.pk),), today(), "The CPS authorised the charge"
            ),
        )
        services.apply_charge(t.oic, charge)
        assert duty(case, DutyKind.CHARGED).due_on == dt.date(2026, 2, 3)
        cps.record_hearing(
            t.oic, case, cps.NewHearing(farmer, "first", london("2026-02-16 10:00"), "Canterbury Magistrates' Court")
        )
        assert duty(case, DutyKind.COURT_HEARING).state == Duty.State.OPEN
        clock.move_to(london("2026-06-01 08:00"))
        _event, alerts = ledger.record_status_change(
            t.colleague, person=omar, kind="detained", occurred_on=today(), source="Home Office call"
        )
        assert alerts == 1
        alert = SafeguardingAlert.objects.get(officer=t.oic, kind=SafeguardingAlert.Kind.IMMIGRATION_STATUS)
        assert alert.case_id == case.pk


# --- 5. Dealt with as immigration offenders instead of an investigation ---------------------------------------


def test_replay_5_handing_the_case_to_immigration_without_investigating_still_needs_the_gate_and_a_letter() -> None:
    with time_machine.travel(london("2026-07-06 11:00"), tick=False) as clock:
        t = team("TVP")
        ioana = victim("Ioana", "Marin", "RO", "ro")
        case = open_case(t.oic, "TVP/26/005505", [ioana])
        decision = services.propose(
            t.oic, case, decision_data("20", investigated=False, reasons="Passed to Immigration Enforcement.")
        )
        assert "Take Ioana Marin's account" in missing_words(case)
        refused(services.sign_off, t.supervisor, decision, agreed=True, note="")
        # If it does close without investigation, the victim is owed the reasons within a working day.
        services.record_account(t.oic, case, services.NewAccount(ioana, True, today(), "first_account", "ro"))
        services.record_credibility(t.oic, case, ioana, False, [], "")
        for item in rules.ENQUIRY_ITEMS:
            services.answer_enquiry(
                t.oic,
                case,
                item.code,
                rules.NOT_POSSIBLE if item.code not in rules.DONE_BY_RECORD else rules.NOT_APPLICABLE,
                "Not pursued: passed to another agency",
            )
        services.sign_off(t.supervisor, decision, agreed=True, note="")
        decision.refresh_from_db()
        services.make_letters(t.oic, decision)
        services.close_case(t.oic, decision)
        told = duty(case, DutyKind.NOT_INVESTIGATED)
        assert told.due_on == dt.date(2026, 7, 7)
        letter = Decision.objects.get(case=case).letters.get().letter
        assert letter.interpreter_note
        assert letter.rendered_language == "en"
        clock.move_to(london("2026-07-08 08:00"))
        run_sweep()
        assert escalated(told)


# --- 6. A safe-house address disclosed to the defence ---------------------------------------------------------


def test_replay_6_a_safe_house_address_cannot_go_to_the_cps_and_is_not_in_the_letter() -> None:
    with time_machine.travel(london("2026-03-09 10:00"), tick=False):
        t = team("LANCS")
        agnieszka = victim("Agnieszka", "Wójcik", "PL", "pl")
        case = open_case(t.oic, "LANCS/26/006606", [agnieszka], [person("Piotr", "Nowak")])
        protection.protect(
            t.oic,
            kind="address",
            label="Safe house",
            value="14 Larch Close, Preston PR1 4XX",
            reason="Victim in a safe house; the exploiters are looking for her",
            case=case,
        )
        cps_org = Organisation.objects.create(name="CPS North West", kind=Organisation.Kind.CPS)
        errors = refused(
            cps.submit_to_cps,
            t.oic,
            case,
            cps.NewSubmission(
                "early_advice", cps_org, today(), "ABE at 14 Larch Close, Preston PR1 4XX; advise on charge"
            ),
        )
        assert "Safe house" in errors["summary"][0]
        submission = cps.submit_to_cps(
            t.oic,
            case,
            cps.NewSubmission("early_advice", cps_org, today(), "ABE interview at a safe location; advise on charge"),
        )
        assert submission.referral.case_id == case.pk


# --- 7. Closed without telling the victim; written reasons never sent; "passed to another force" --------------


def test_replay_7_the_victim_is_owed_the_decision_and_the_written_reasons_asked_for_follow_the_case() -> None:
    with time_machine.travel(london("2026-02-09 10:00"), tick=False) as clock:
        t = team("ASC")
        rasa = victim("Rasa", "Kazlauskienė", "LT", "lt")
        case = open_case(t.oic, "ASC/26/007707", [rasa])
        imsa = user(
            Role.ADVOCATE,
            None,
            username="imsa-replay7",
            organisation_obj=Organisation.objects.create(name="Safe Passage", kind="advocacy"),
        )
        AdvocateAssignment.objects.create(person=rasa, advocate=imsa, consent_given_at=london("2026-02-09 09:00"))
        # Closing by changing the status is refused: closure goes through the decision.
        errors = refused(
            case_services.edit_case, t.oic, case, expected_version=case.version, summary="", status=CaseStatus.CLOSED
        )
        assert "Decisions page" in errors["status"][0]
        clock.move_to(london("2026-09-14 10:00"))
        services.record_account(t.oic, case, services.NewAccount(rasa, True, dt.date(2026, 2, 10), "abe_interview"))
        services.record_credibility(t.oic, case, rasa, False, [], "")
        for item in rules.ENQUIRY_ITEMS:
            services.answer_enquiry(
                t.oic,
                case,
                item.code,
                rules.NOT_POSSIBLE if item.code not in rules.DONE_BY_RECORD else rules.NOT_APPLICABLE,
                "Business closed down; no records",
            )
        decision = close(t, case, decision_data("18"))
        told = duty(case, DutyKind.NOT_CHARGED)
        # Her advocate sees that she has not been told.
        client = Client()
        client.login(username="imsa-replay7", password=PASSWORD)
        page = client.get(reverse("decisions:case", args=[case.pk])).content.decode()
        assert "Not yet" in page
        clock.move_to(london("2026-09-16 08:00"))
        run_sweep()
        told.refresh_from_db()
        assert escalated(told)
        # The advocate asks for the written reasons: a duty with a deadline.
        clock.move_to(london("2027-07-12 10:00"))
        request = reviews.request_written_reasons(imsa, decision, rasa, received_on=today(), requester="advocate")
        assert request.duty is not None
        assert request.duty.due_on == dt.date(2027, 7, 13)
        # The case moves to another force: the open duties move with it, to the new officer in charge.
        case.refresh_from_db()
        other = team("DCP")
        assert other.oic.force is not None
        transfer = case_services.request_transfer(t.oic, case, other.oic.force, "Victim moved to Plymouth")
        case_services.accept_transfer(other.spoc, transfer, "DCP/27/000707", other.oic)
        request.duty.refresh_from_db()
        assert request.duty.owner == other.oic
        assert request.duty.state == Duty.State.OPEN
        clock.move_to(london("2027-07-14 08:00"))
        run_sweep()
        assert escalated(request.duty)


# --- 8. NFA after a denial, no search for witnesses; the victim never told ------------------------------------


def test_replay_8_a_denial_alone_does_not_close_the_case_and_the_right_to_review_is_owed_with_a_date() -> None:
    with time_machine.travel(london("2026-10-05 10:00"), tick=False) as clock:
        t = team("WMP")
        blessing = victim("Blessing", "Okafor", "NG", "en")
        suspect = person("Dean", "Carter")
        case = open_case(t.oic, "WMP/26/008808", [blessing], [suspect])
        offence = case_services.add_offence(
            t.oic, case, Offence.Legislation.MSA_S2, "Trafficking for sexual exploitation"
        )
        services.record_interview(t.oic, case, services.NewInterview(suspect, today(), True, "after_arrest", "Denied"))
        services.answer_enquiry(t.oic, case, "cctv_vehicle", rules.NOT_POSSIBLE, "No CCTV at the flat")
        services.record_account(t.oic, case, services.NewAccount(blessing, True, today(), "abe_interview"))
        services.record_credibility(t.oic, case, blessing, False, [], "")
        data = decision_data("15", lines=(rules.LineIn("15", offence.pk, suspect.pk),))
        decision = services.propose(t.oic, case, data)
        assert "Were other potential victims and witnesses looked for?" in missing_words(case)
        refused(services.sign_off, t.supervisor, decision, agreed=True, note="")
        for item in rules.ENQUIRY_ITEMS:
            if item.code not in ("cctv_vehicle", "suspect_interviewed"):
                answer = rules.NOT_APPLICABLE if item.code == "cps_early_advice" else rules.DONE
                services.answer_enquiry(t.oic, case, item.code, answer, "Door to door; other women at the flat seen")
        services.sign_off(t.supervisor, decision, agreed=True, note="")
        decision.refresh_from_db()
        services.make_letters(t.oic, decision)
        services.close_case(t.oic, decision)
        letter = decision.letters.get().letter
        assert "Victims' Right to Review" in letter.text
        assert "by 5 January 2027" in letter.text
        clock.move_to(london("2026-10-07 08:00"))
        run_sweep()
        assert escalated(duty(case, DutyKind.NOT_CHARGED))
        assert escalated(duty(case, DutyKind.REVIEW_RIGHT))
        # When she is told, the 3 months run from that day, and a review can be asked for.
        services.record_delivery(t.oic, decision.letters.get(), "handed_over", london("2026-10-07 07:30"))
        right = decision.review_rights.get()
        assert reviews.window_closes_on(right) == dt.date(2027, 1, 7)
