"""`familyhub frontdoor-metrics [--from DATE] [--to DATE] [--json]`: the front door's figures."""

from __future__ import annotations

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from frontdoor import metrics
from frontdoor.models import ConsultationOutcome


class Command(BaseCommand):
    help = (
        "Front-door figures for a period (default: the last 12 months): contacts decided "
        "within one working day, consultation -> referral conversion, referrals with a prior "
        "consultation, NFA rate, re-contacts and re-consultations within 12 months, and "
        "consultations by agency and outcome."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", help="First day, YYYY-MM-DD")
        parser.add_argument("--to", dest="end", help="Last day, YYYY-MM-DD")
        parser.add_argument("--json", action="store_true", help="Print JSON")

    def handle(self, *args, start=None, end=None, json=False, **options):
        today = timezone.localdate()
        try:
            end_day = dt.date.fromisoformat(end) if end else today
            start_day = dt.date.fromisoformat(start) if start else end_day - dt.timedelta(days=365)
        except ValueError as exc:
            raise CommandError(f"Dates must look like 2026-10-31 ({exc})") from exc
        if end_day < start_day:
            raise CommandError("--to must be the same as or after --from")
        m = metrics.compute(start=start_day, end=end_day)
        if json:
            self._json(m)
        else:
            self._text(m)

    def _json(self, m: metrics.Metrics) -> None:
        self.stdout.write(
            json_dumps(
                {
                    "from": m.start.isoformat(),
                    "to": m.end.isoformat(),
                    "contacts_received": m.contacts_received,
                    "ratios": {
                        r.label: {
                            "numerator": r.numerator,
                            "denominator": r.denominator,
                            "percent": r.percent,
                        }
                        for r in m.ratios
                    },
                    "decisions_by_outcome": dict(m.outcomes),
                    "consultations_by_agency": {a: counts for a, counts, _t in m.by_agency},
                }
            )
        )

    def _text(self, m: metrics.Metrics) -> None:
        w = self.stdout.write
        w(f"Front door figures, {m.start:%-d %B %Y} to {m.end:%-d %B %Y}")
        w(f"Contacts received: {m.contacts_received}")
        for r in m.ratios:
            w(f"{r.label}: {r.text} ({r.numerator} of {r.denominator})")
        w("Decisions by outcome:")
        for label, n in m.outcomes:
            w(f"  {label}: {n}")
        w("Consultations by agency and outcome:")
        labels = dict(ConsultationOutcome.choices)
        for agency, counts, total in m.by_agency:
            detail = ", ".join(
                f"{labels.get(k, k)} {n}"
                for k, n in sorted(counts.items(), key=lambda kv: labels.get(kv[0], kv[0]))
            )
            w(f"  {agency}: {total} ({detail})")


def json_dumps(data) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)
