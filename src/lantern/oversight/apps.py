from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "lantern.oversight"
    label = "oversight"

    def ready(self) -> None:
        # Oversight's own measures into the one registry (core.measure_registry), before the apps
        # listed after it (orders, portal) register theirs.
        from lantern.oversight import definitions  # noqa: F401
