from django.apps import AppConfig


class ProceedingsConfig(AppConfig):
    name = "proceedings"
    verbose_name = "Pre-proceedings and family group decision-making"

    def ready(self):
        from . import links, policy, queries

        policy.register_rules()
        queries.register_read_auditors()
        links.register()
