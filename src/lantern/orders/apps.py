from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "lantern.orders"
    label = "orders"
    verbose_name = "Slavery and trafficking prevention and risk orders"
