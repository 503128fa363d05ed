from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "lantern.orders"
    label = "orders"
    verbose_name = "Slavery and trafficking prevention and risk orders"

    def ready(self) -> None:
        from lantern.orders import access

        access.register()
