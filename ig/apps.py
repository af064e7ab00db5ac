from django.apps import AppConfig


class IgConfig(AppConfig):
    name = "ig"
    verbose_name = "Information governance"

    def ready(self):
        from people.queries import register_break_glass_lookup

        from . import links, policy
        from .queries import open_break_glass_for

        policy.register_rules()
        links.register()
        # The family page shows the red banner while a break-glass is open.
        register_break_glass_lookup(open_break_glass_for)
