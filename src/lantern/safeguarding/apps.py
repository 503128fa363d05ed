from django.apps import AppConfig


class SafeguardingConfig(AppConfig):
    name = "lantern.safeguarding"
    label = "safeguarding"
    verbose_name = "Safeguarding: first response, interpreters, section 45, immigration ledger, protected details"

    def ready(self) -> None:
        from lantern.safeguarding import access

        access.register()
