from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    """Outcomes' record rules are registered by casework.policy (see outcomes.policy)."""

    name = "outcomes"
    verbose_name = "Outcomes"
