from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "lantern.people"
    label = "people"

    def ready(self) -> None:
        from lantern.core import access
        from lantern.people.access import visible_persons
        from lantern.people.models import Person

        access.register(Person, visible_persons, noun="person")
