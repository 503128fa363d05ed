from django.apps import AppConfig


class SafeguardingConfig(AppConfig):
    name = "lantern.safeguarding"
    label = "safeguarding"
    verbose_name = "Safeguarding: first response, interpreters, section 45, immigration ledger, protected details"

    def ready(self) -> None:
        from lantern.cases.page import register_tab
        from lantern.core import events
        from lantern.core.access import can_handle_safeguarding
        from lantern.notify import letters
        from lantern.nrm.events import NrmDecisionRecorded
        from lantern.safeguarding import access, services
        from lantern.safeguarding.protected import protection, registered

        access.register()
        registered.register()  # free text the disclosure export checks (decisions adds its own)
        letters.register_outgoing_check(protection.check_letter)  # letters to anyone but the victim
        events.subscribe(NrmDecisionRecorded, services.on_nrm_decision)
        register_tab(  # the force holding the case only
            "safeguarding",
            "Safeguarding",
            "safeguarding:case",
            order=60,
            visible=lambda user, case: can_handle_safeguarding(user) and user.force_id == case.force_id,
        )
