from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "sharing"
    verbose_name = "Information sharing: consent, sharing decisions, agreements"

    def ready(self):
        from . import policy

        policy.register_rules()
