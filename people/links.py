"""The pages that show the whole-family record (see familyhub.links)."""

from django.urls import reverse

from familyhub import links

from .models import Family


def register() -> None:
    links.register(Family, lambda o: reverse("people:family", args=[o.pk]))
