from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Partner API"

    def ready(self):
        from access.principals import PrincipalKind, register_kind, register_resolver

        from . import policy
        from .principals import api_client_principal

        register_kind(PrincipalKind.API_CLIENT)
        register_resolver(api_client_principal)
        policy.register_rules()

        from .webhooks import receivers

        receivers.connect()
