from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "people"

    def ready(self):
        from . import links, policy, queries

        policy.register_rules()
        queries.register_read_auditors()
        links.register()
