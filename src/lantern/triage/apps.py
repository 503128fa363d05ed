from django.apps import AppConfig


class TriageConfig(AppConfig):
    name = "lantern.triage"
    label = "triage"
    verbose_name = "Triage and allocation"

    def ready(self) -> None:
        from lantern.cases.events import CaseRecorded
        from lantern.core import events
        from lantern.nrm.events import ReferralMoved, ReferralReceived
        from lantern.safeguarding.events import FirstResponseCompleted
        from lantern.triage import access, queue, sweep
        from lantern.victims_code.sweep import SweepEscalating

        access.register()
        events.subscribe(CaseRecorded, queue.on_case_recorded)
        events.subscribe(FirstResponseCompleted, queue.on_first_response)
        events.subscribe(ReferralReceived, queue.on_referral_received)
        events.subscribe(ReferralMoved, queue.on_referral_moved)
        events.subscribe(SweepEscalating, sweep.on_sweep)
