from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "lantern.portal"
    label = "portal"
    verbose_name = "Advocate and victim views"

    def ready(self) -> None:
        from lantern.cases.page import register_tab
        from lantern.core.roles import Capability, has_capability
        from lantern.portal.measures import register_measures

        register_tab(  # consent to share with an advocate, the victim's link: the force holding the case
            "victim_access",
            "Victim access",
            "portal:case_access",
            order=80,
            visible=lambda user, case: (
                has_capability(user, Capability.POLICES_FORCE_CASES) and user.force_id == case.force_id
            ),
        )
        register_measures()  # its oversight measures, into core.measure_registry
