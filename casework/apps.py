from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = "Working with the family"

    def ready(self):
        from people.leads import register_lead_lookup

        from . import links, policy, queries

        policy.register_rules()
        queries.register_read_auditors()
        register_lead_lookup(queries.current_lead_arrangements)
        links.register()
