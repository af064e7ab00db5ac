"""Demo borough hook (FAMILYHUB DEMO_EXTRAS): counts the dashboards' summary once the rest of
the borough is loaded, so the dashboards show the demo's figures straight away."""

from __future__ import annotations


def reset_demo() -> None:
    from .models import Fact, SummaryBuild

    Fact.objects.all().delete()
    SummaryBuild.objects.all().delete()


def load_demo(*, seed: int = 2026, stdout=None) -> dict[str, int]:
    from . import summary

    built = summary.build()
    if stdout is not None:
        stdout.write(f"Dashboards: {built.facts} summary rows to {built.as_of}\n")
    return {"summary_rows": built.facts}
