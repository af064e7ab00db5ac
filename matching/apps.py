from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = "Person matching"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import policy

        policy.register_rules()
