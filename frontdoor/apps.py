from django.apps import AppConfig


class FrontdoorConfig(AppConfig):
    name = "frontdoor"
    verbose_name = "The front door: concerns, consultations, contacts and threshold decisions"

    def ready(self):
        from . import links, policy, queries

        policy.register_rules()
        queries.register_read_auditors()
        links.register()
