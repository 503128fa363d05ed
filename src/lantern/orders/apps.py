from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "lantern.orders"
    label = "orders"
    verbose_name = "Slavery and trafficking prevention and risk orders"

    def ready(self) -> None:
        from lantern.core import events
        from lantern.orders import access, sweep
        from lantern.victims_code.sweep import SweepEscalating

        access.register()
        events.subscribe(SweepEscalating, sweep.on_sweep)
