from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = "Person matching"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from people import matcher

        from . import explain, model, policy, register

        policy.register_rules()
        # people owns the register and never imports matching: the engine plugs in here.
        matcher.plug_in(
            matcher.Engine(
                find=register.find,
                refresh=register.refresh,
                forget=register.forget,
                assess=explain.assess,
                link_threshold=model.LINK_THRESHOLD,
            )
        )
