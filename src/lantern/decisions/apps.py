from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "lantern.decisions"
    label = "decisions"
    verbose_name = "Decisions"

    def ready(self) -> None:
        from lantern.cases.page import register_tab
        from lantern.core import events
        from lantern.core.glossary import register_section
        from lantern.decisions import access, free_text
        from lantern.decisions.escalation import escalate_overdue_review_tasks
        from lantern.decisions.queries import outcome_code_terms
        from lantern.decisions.reopening import on_nrm_decision
        from lantern.nrm.events import NrmDecisionRecorded
        from lantern.victims_code.sweep import SweepEscalating

        access.register()
        register_section("outcome-codes", "Home Office outcome codes", outcome_code_terms)
        free_text.register()  # its free text, for the disclosure export's check (F9)
        register_tab("decisions", "Decisions", "decisions:case", order=70)  # closure, reviews, CPS
        # The sweep escalates overdue review tasks on closed cases with the overdue duties.
        events.subscribe(SweepEscalating, escalate_overdue_review_tasks)
        # A positive conclusive grounds decision is new information on the person's closed cases.
        events.subscribe(NrmDecisionRecorded, on_nrm_decision)
