from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "lantern.cases"
    label = "cases"

    def ready(self) -> None:
        from lantern.cases import access, page

        access.register()
        page.register_case_tabs()
