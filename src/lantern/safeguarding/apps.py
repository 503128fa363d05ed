from django.apps import AppConfig


class SafeguardingConfig(AppConfig):
    name = "lantern.safeguarding"
    label = "safeguarding"
    verbose_name = "Safeguarding: first response, interpreters, section 45, immigration ledger, protected details"

    def ready(self) -> None:
        from lantern.core import events
        from lantern.nrm.events import NrmDecisionRecorded
        from lantern.safeguarding import access, services

        access.register()
        events.subscribe(NrmDecisionRecorded, services.on_nrm_decision)
