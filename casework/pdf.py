"""The chronology as a PDF (WeasyPrint). Rendered from a template; every export is audited by
queries.chronology_for_export before this is called."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone


def chronology_pdf(*, family, entries, filters, by, drawn=None) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "casework/chronology_pdf.html",
        {
            "family": family,
            "entries": entries,
            "filters": filters.describe(),
            "by": by,
            "now": timezone.localtime(),
            "drawn": drawn,
        },
    )
    return HTML(string=html).write_pdf()
