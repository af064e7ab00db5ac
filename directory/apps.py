from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = "Service directory"

    def ready(self) -> None:
        from . import policy  # noqa: F401  (registers the record rules)
