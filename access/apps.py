from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "access"
    verbose_name = "Access and sign-in"

    def ready(self):
        from audit.actors import register_actor_resolver

        from . import signals  # noqa: F401
        from .principals import principal_for

        # Until every caller passes a principal (the doorway), audit.record turns a user into
        # the actor it records through the kernel's principal_for.
        register_actor_resolver(principal_for)
