from django.apps import AppConfig


class CodelistsConfig(AppConfig):
    name = "codelists"
    verbose_name = "Code lists (rules as data)"
