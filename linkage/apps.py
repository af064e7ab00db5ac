from django.apps import AppConfig


class LinkageConfig(AppConfig):
    name = "linkage"
    verbose_name = "Linking partner data"

    def ready(self):
        from . import policy

        policy.register_rules()
        from people.merge import merge_undone

        from .actions import review_merge_undone

        merge_undone.connect(review_merge_undone, dispatch_uid="linkage-merge-undone")
