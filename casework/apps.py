from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = "Working with the family"

    def ready(self):
        from . import policy

        policy.register_rules()
