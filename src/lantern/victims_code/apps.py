from django.apps import AppConfig


class VictimsCodeConfig(AppConfig):
    name = "lantern.victims_code"
    label = "victims_code"
    verbose_name = "Victims' Code"

    def ready(self) -> None:
        # The outbox tells this app when an update to a victim was sent or could not be.
        from lantern.cases.page import register_tab
        from lantern.notify import outbox
        from lantern.victims_code import access, delivery, subscriptions
        from lantern.victims_code.code import can_see_duties

        access.register()
        subscriptions.subscribe()  # duties follow the case: recorded, victim added, new officer, transfer
        register_tab(
            "duties",
            "Victim updates",
            "victims_code:case_duties",
            order=50,
            visible=lambda user, case: can_see_duties(user),
        )

        outbox.register_handler("victim_update", delivery.VictimUpdateHandler())
