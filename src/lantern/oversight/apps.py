from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "lantern.oversight"
    label = "oversight"
