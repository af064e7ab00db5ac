"""Demo borough hook (FAMILYHUB DEMO_EXTRAS): the loader writes people with bulk inserts, so
their matching keys are built here, after the borough and the other apps' demo data."""

from __future__ import annotations

from . import register
from .models import PersonKey


def load_demo(*, seed: int = 2026, stdout=None) -> dict[str, int]:
    counts = register.reindex(only_missing=True)
    if stdout is not None and counts["people"]:
        stdout.write(f"Matching keys built for {counts['people']:,} people.")
    return counts


def reset_demo() -> None:
    from people.models import Person

    PersonKey.objects.filter(
        person_id__in=Person.objects.filter(is_synthetic=True).values("pk")
    ).delete()
