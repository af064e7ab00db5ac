from django.apps import AppConfig


class CustodianConfig(AppConfig):
    name = "custodian"
    verbose_name = "Find a Record / Fetch a Record custodian"

    def ready(self):
        from access.principals import register_kind

        from . import policy
        from .principals import KIND

        register_kind(KIND)
        policy.register_rules()
