from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "The family's own view"

    def ready(self) -> None:
        from access.principals import register_resolver

        from . import policy
        from .principals import family_member_principal

        register_resolver(family_member_principal)
        policy.register_rules()
