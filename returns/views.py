import datetime as dt
import io

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_POST

from access import reauth
from familyhub import errors
from familyhub.charts import Bar, bar_chart, describe
from familyhub.db_router import reads_from_replica
from familyhub.spreadsheets import SafeWriter

from . import actions, forms, policy, queries, tasks, years
from . import annex_a as annex_a_lists
from .disproportionality import csv_rows as disproportionality_csv


def _require_returns(request) -> None:
    if not policy.can_run_returns(request.user):
        raise errors.NotPermitted("Not permitted: can_run_returns")


@require_http_methods(["GET", "POST"])
def index(request):
    _require_returns(request)
    form = forms.CensusRunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with form.saving() as outcome:
            started = actions.census_run_start(
                by=request.user,
                year=years.parse(form.cleaned_data["year"]),
                purpose=form.cleaned_data["purpose"],
                then=tasks.run_census.enqueue,
            )
        if outcome:
            return redirect("returns:run", pk=started.pk)
    runs = Paginator(queries.runs_for(request.user), 10).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "runs": runs,
        "nav": "returns",
        "can_export_annex_a": policy.can_export_annex_a(request.user),
        "can_view_claims": policy.can_view_claims(request.user),
    }
    return render(request, "returns/index.html", context)


@require_http_methods(["GET"])
def run(request, pk):
    _require_returns(request)
    partial = bool(request.headers.get("HX-Request"))
    census = queries.get_run_for(request.user, pk, record_view=not partial)
    context = {
        "run": census,
        "findings": [] if census.is_active else queries.findings_for(request.user, census),
        "download_form": forms.DownloadForm(),
        "nav": "returns",
    }
    template = "returns/_run_status.html" if partial else "returns/run.html"
    return render(request, template, context)


@require_POST
def download(request, pk):
    _require_returns(request)
    census = queries.get_run_for(request.user, pk, record_view=False)
    form = forms.DownloadForm(request.POST)
    if form.is_valid():
        with form.saving() as outcome:
            path = actions.census_download(
                by=request.user, run=census, purpose=form.cleaned_data["purpose"]
            )
        if outcome:
            return FileResponse(
                open(path, "rb"),  # noqa: SIM115 - FileResponse closes it
                as_attachment=True,
                filename=f"cin-census-{census.year_label}.xml",
                content_type="application/xml",
            )
    context = {
        "run": census,
        "findings": queries.findings_for(request.user, census),
        "download_form": form,
        "nav": "returns",
    }
    return render(request, "returns/run.html", context, status=422)


def _period(request) -> tuple[forms.PeriodForm, dt.date, dt.date]:
    """The period asked for: by default the last full financial year (April to March), the
    partnership's reporting year."""
    start, end = _last_financial_year()
    form = forms.PeriodForm(request.GET or None)
    if form.is_bound and form.is_valid():
        start = form.cleaned_data.get("start") or start
        end = form.cleaned_data.get("end") or end
    elif not form.is_bound:
        form = forms.PeriodForm(initial={"start": start, "end": end})
    return form, start, end


def _parts(report, table, labels: list[str]) -> list[dict]:
    """The breakdown as one table per source, each beside the baseline (a table of every
    measure at once would be too wide to read)."""
    keys = [key for key, _ in table.columns]
    parts = []
    for source in report.sources:
        cols = [0] + [keys.index(key) for key, _ in source.measures]
        parts.append(
            {
                "source": source,
                "labels": [labels[j] for j in cols],
                "rows": [
                    (group, [(labels[j], cells[j]) for j in cols]) for group, cells in table.rows
                ],
                "totals": [(labels[j], table.totals[j]) for j in cols],
            }
        )
    return parts


def _last_financial_year() -> tuple[dt.date, dt.date]:
    today = timezone.localdate()
    year = today.year if today.month >= 4 else today.year - 1
    return dt.date(year - 1, 4, 1), dt.date(year, 3, 31)


def _chart(table, measure: str, label: str) -> str:
    """One measure across a breakdown's groups, drawn; suppressed counts have no bar."""
    j = [key for key, _ in table.columns].index(measure)
    bars = [Bar(group, cells[j].value or 0, cells[j].text) for group, cells in table.rows]
    title = f"{label} by {table.dimension.phrase}"
    return mark_safe(  # noqa: S308 - familyhub.charts escapes every label
        bar_chart(bars, chart_id=f"chart-{table.dimension.key}", title=title, desc=describe(bars))
    )


@require_http_methods(["GET"])
@reads_from_replica
def disproportionality(request):
    if not policy.can_view_disproportionality(request.user):
        raise errors.NotPermitted("Not permitted: can_view_disproportionality")
    form, start, end = _period(request)
    report = queries.disproportionality_for(request.user, start=start, end=end)
    charted = "cp_plan"
    charted_label = dict(report.columns)[charted]
    sections = []
    for t in report.tables:
        labels = [label for _, label in t.columns]
        j = [key for key, _ in t.columns].index(charted)
        sections.append(
            {
                "table": t,
                # The twenty DfE codes are a table only; the main groups are drawn.
                "chart": _chart(t, charted, charted_label)
                if t.dimension.key != "ethnicity"
                else "",
                "charted": [(group, cells[j]) for group, cells in t.rows],
                "parts": _parts(report, t, labels),
            }
        )
    return render(
        request,
        "returns/disproportionality.html",
        {
            "form": form,
            "report": report,
            "sections": sections,
            "charted_label": charted_label,
            "download_query": f"start={start.isoformat()}&end={end.isoformat()}",
            "nav": "disproportionality",
        },
    )


@require_http_methods(["GET"])
@reads_from_replica
def disproportionality_download(request):
    if not policy.can_view_disproportionality(request.user):
        raise errors.NotPermitted("Not permitted: can_view_disproportionality")
    start, end = _iso(request.GET.get("start")), _iso(request.GET.get("end"))
    if start is None or end is None or end < start:  # the page's default period
        start, end = _last_financial_year()
    report = queries.disproportionality_for(request.user, start=start, end=end, export=True)
    out = io.StringIO()
    SafeWriter(out).writerows(disproportionality_csv(report))
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    name = f"disproportionality-{start.isoformat()}-to-{end.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _iso(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value or "")
    except ValueError:
        return None


# --- Supporting Families / Family Help claims ------------------------------------------------


@require_http_methods(["GET"])
@reads_from_replica
def claims(request):
    if not policy.can_view_claims(request.user):
        raise errors.NotPermitted("Not permitted: can_view_claims")
    form, start, end = _period(request)
    rows = queries.claims_for(request.user, start, end)
    return render(
        request,
        "returns/claims.html",
        {
            "form": form,
            "rows": rows,
            "start": start,
            "end": end,
            "can_approve": policy.can_approve_claims(request.user),
            "nav": "claims",
        },
    )


@require_POST
def claim_approve(request):
    """Approve the claim of the family named in the form (its key), for the period shown."""
    if not policy.can_approve_claims(request.user):
        raise errors.NotPermitted("Not permitted: can_approve_claims")
    family_pk = request.POST.get("family", "")
    if not family_pk.isdigit():
        raise errors.NotPermitted("No family was named")
    family = queries.get_claim_family_for(request.user, int(family_pk))
    start, end = _iso(request.POST.get("start")), _iso(request.POST.get("end"))
    if start is None or end is None:
        start, end = _last_financial_year()
    form = forms.ClaimApproveForm(request.POST)
    if form.is_valid():
        with form.saving() as outcome:
            actions.claim_approve(
                by=request.user,
                family=family,
                period_start=start,
                period_end=end,
                note=form.cleaned_data["note"],
            )
        if outcome:
            messages.success(request, f"Claim approved for {family.name}")
    for error in form.non_field_errors():
        messages.error(request, error)
    return redirect(f"{reverse('returns:claims')}?start={start.isoformat()}&end={end.isoformat()}")


# --- Ofsted's Annex A lists ------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def annex_a(request):
    """The Annex A export: for those the policy allows, after the password again (a list of
    every child in contact with children's services); each export audited with its purpose."""
    if not policy.can_export_annex_a(request.user):
        raise errors.NotPermitted("Not permitted: can_export_annex_a")
    if confirm := reauth.ask_for_password(request):
        return confirm
    today = timezone.localdate()
    initial = {"start": today - dt.timedelta(days=183), "end": today, "fmt": "xlsx"}
    form = forms.AnnexAForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with form.saving() as outcome:
            path, name = actions.annex_a_export(
                by=request.user,
                start=data["start"],
                end=data["end"],
                purpose=data["purpose"],
                fmt=data["fmt"],
            )
        if outcome:
            return _download_then_remove(path, name)
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "lists": annex_a_lists.LISTS, "nav": "returns"}
    return render(request, "returns/annex_a.html", context, status=status)


def _download_then_remove(path, name: str) -> FileResponse:
    """The file as a download; it is removed from var/returns once read into the response."""
    handle = open(path, "rb")  # noqa: SIM115 - FileResponse closes it
    path.unlink()  # the open handle keeps the data until the response is sent
    kind = "application/zip" if name.endswith(".zip") else (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )  # fmt: skip
    return FileResponse(handle, as_attachment=True, filename=name, content_type=kind)
