from django.apps import AppConfig


class NrmConfig(AppConfig):
    name = "lantern.nrm"
    label = "nrm"

    def ready(self) -> None:
        from lantern.nrm import access

        access.register()
