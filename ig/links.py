"""The pages that show information governance's records (see familyhub.links)."""

from django.urls import reverse

from familyhub import links

from .models import BreakGlass


def register() -> None:
    # A break-glass is shown to its reviewers on its review page.
    links.register(BreakGlass, lambda o: reverse("ig:break-glass-review", args=[o.pk]))
