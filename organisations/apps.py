from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "organisations"

    def ready(self):
        from access.principals import register_resolver

        from .principals import practitioner_principal

        register_resolver(practitioner_principal)

        from . import policy

        policy.register_rules()
