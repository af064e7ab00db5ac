from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "people"

    def ready(self):
        from audit.subjects import register_family_model, register_person_model

        from . import links, policy, queries, record_rules
        from .models import Family, Person

        policy.register_rules()
        record_rules.register_rules()
        queries.register_read_auditors()
        links.register()
        register_family_model(Family)
        register_person_model(Person)
