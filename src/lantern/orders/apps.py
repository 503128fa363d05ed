from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "lantern.orders"
    label = "orders"
    verbose_name = "Slavery and trafficking prevention and risk orders"

    def ready(self) -> None:
        from lantern.core import events
        from lantern.orders import access, sweep
        from lantern.orders.measures import register_measures
        from lantern.victims_code.sweep import SweepEscalating

        access.register()
        events.subscribe(SweepEscalating, sweep.on_sweep)
        register_measures()  # its oversight measures, into core.measure_registry
