from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "lantern.notify"
    label = "notify"
    verbose_name = "Notifications and letters"

    def ready(self) -> None:
        from lantern.notify import checks  # noqa: F401 - registers the system checks
