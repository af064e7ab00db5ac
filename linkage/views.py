from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from familyhub import errors
from linkage import policy

from . import actions, forms, queries, tasks


def _require_linker(request) -> None:
    if not policy.can_link_data(request.user):
        raise errors.NotPermitted("Not permitted: can_link_data")


@require_http_methods(["GET", "POST"])
def upload(request):
    _require_linker(request)
    form = forms.UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with form.saving() as outcome:
            run = actions.upload_start(
                by=request.user,
                source=form.cleaned_data["source"],
                upload=form.cleaned_data["file"],
                then=tasks.link_uploaded_file.enqueue,
            )
        if outcome:
            return redirect("linkage:run", pk=run.pk)
    runs = Paginator(queries.runs_for(request.user), 10).get_page(request.GET.get("page"))
    return render(
        request,
        "linkage/upload.html",
        {
            "form": form,
            "runs": runs,
            "counts": queries.review_counts_for(request.user),
            "nav": "linkage",
        },
    )


@require_http_methods(["GET"])
def run(request, pk):
    _require_linker(request)
    link_run = queries.get_run_for(request.user, pk)
    template = (
        "linkage/_run_status.html" if request.headers.get("HX-Request") else "linkage/run.html"
    )
    return render(request, template, {"run": link_run, "nav": "linkage"})


@require_http_methods(["GET"])
def queue(request):
    _require_linker(request)
    items = Paginator(queries.review_queue_for(request.user), 25).get_page(request.GET.get("page"))
    queries.record_queue_seen(request.user, items)
    return render(request, "linkage/queue.html", {"items": items, "nav": "review"})


@require_http_methods(["GET", "POST"])
def review(request, pk):
    _require_linker(request)
    item = queries.get_review_item_for(request.user, pk, record_view=request.method == "GET")
    form = forms.DecisionForm(request.POST or None, initial={"version": item.version})
    conflict = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with form.saving(rebase=False) as outcome:
            decided = actions.review_decide(
                by=request.user,
                item=item,
                decision=data["decision"],
                note=data["note"],
                expected_version=data["version"],
            )
        if outcome.conflict:
            conflict = True
            item = queries.get_review_item_for(request.user, pk, record_view=False)
            typed = request.POST.copy()
            typed["version"] = str(item.version)  # keep what was typed; decide on the latest
            form = forms.DecisionForm(typed)
            form.is_valid()
            form.add_error(None, outcome.conflict.message)
        elif outcome:
            messages.success(request, f"Decision recorded: {decided.get_decision_display()}")
            return redirect("linkage:review", pk=decided.pk)
    return render(
        request,
        "linkage/review.html",
        {
            "item": item,
            "form": form,
            "conflict": conflict,
            "merge": queries.active_merge_of(request.user, item),
            "incoming": item.source_record.data,
            "new": queries.person_summary(item.new_person),
            "candidate": queries.person_summary(item.candidate),
            "nav": "review",
        },
    )
