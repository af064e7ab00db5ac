from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "organisations"

    def ready(self):
        from access.principals import register_resolver
        from access.two_factor import register_requirement

        from .policy import must_use_two_factor
        from .principals import practitioner_principal

        register_resolver(practitioner_principal)
        register_requirement(must_use_two_factor)

        from access.sso import register_provisioner

        from .sso import provision

        register_provisioner(provision)

        from . import policy

        policy.register_rules()
