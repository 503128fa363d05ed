from django.apps import AppConfig


class VictimsCodeConfig(AppConfig):
    name = "lantern.victims_code"
    label = "victims_code"
    verbose_name = "Victims' Code"

    def ready(self) -> None:
        # The outbox tells this app when an update to a victim was sent or could not be.
        from lantern.notify import outbox
        from lantern.victims_code import access, delivery

        access.register()

        outbox.register_handler("victim_update", delivery.VictimUpdateHandler())
