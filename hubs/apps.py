from django.apps import AppConfig


class HubsConfig(AppConfig):
    name = "hubs"
    verbose_name = "Family hubs"

    def ready(self) -> None:
        from . import policy  # noqa: F401  (registers the record rules and capabilities)
