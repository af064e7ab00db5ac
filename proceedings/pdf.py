"""The letter before proceedings as a PDF (WeasyPrint), from the record; the export is audited
by queries.letter_for_export before this is called."""

from __future__ import annotations

from django.template.loader import render_to_string


def letter_before_proceedings(letter) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "proceedings/letter_pdf.html", {"letter": letter, "p": letter.proceedings}
    )
    return HTML(string=html).write_pdf()
