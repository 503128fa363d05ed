from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "lantern.decisions"
    label = "decisions"
    verbose_name = "Decisions"

    def ready(self) -> None:
        from lantern.decisions import access

        access.register()
