"""The pages that show casework's records (see familyhub.links)."""

from django.urls import reverse

from familyhub import links

from .models import Episode, S47Allocation, StepDown, StepUp


def register() -> None:
    links.register(Episode, lambda o: reverse("casework:episode", args=[o.pk]))
    links.register(
        Episode, lambda o: reverse("casework:outcome-check", args=[o.pk]), view="outcome-check"
    )
    links.register(S47Allocation, lambda o: reverse("casework:s47", args=[o.pk]))
    links.register(StepUp, lambda o: reverse("casework:step-up", args=[o.pk]))
    links.register(StepDown, lambda o: reverse("casework:step-down", args=[o.pk]))
