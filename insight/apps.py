from django.apps import AppConfig


class InsightConfig(AppConfig):
    name = "insight"
    verbose_name = "Dashboards for leaders, managers and analysts"

    def ready(self):
        from . import policy

        policy.register_rules()
