"""The page that shows a child's pre-proceedings (see familyhub.links)."""

from django.urls import reverse

from familyhub import links

from .models import PreProceedings


def register() -> None:
    links.register(PreProceedings, lambda o: reverse("proceedings:detail", args=[o.pk]))
