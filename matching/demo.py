"""Demo borough hook (FAMILYHUB DEMO_EXTRAS): the borough's loader writes each person's matching
keys with them (`demo.borough`); the people other apps' demo data added without keys get
theirs here, last."""

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
