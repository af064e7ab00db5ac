from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "access"
    verbose_name = "Access and sign-in"

    def ready(self):
        from . import signals  # noqa: F401
