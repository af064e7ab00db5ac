from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "returns"
    verbose_name = "Insight and statutory returns"

    def ready(self):
        from . import policy

        policy.register_rules()
