from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from . import actions, forms, policy, queries, tasks, years


def _require_returns(request) -> None:
    if not policy.can_run_returns(request.user):
        raise Http404("Not found")


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
    return render(request, "returns/index.html", {"form": form, "runs": runs, "nav": "returns"})


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
