"""Pre-proceedings pages: thin (parse the form, call one action or query, render)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from access import reauth

from . import actions, forms, pdf, queries


def _detail_url(proceedings, anchor: str = "") -> str:
    return reverse("proceedings:detail", args=[proceedings.pk]) + (f"#{anchor}" if anchor else "")


def _form_page(request, form, *, title, proceedings=None, family=None, submit="Save", hint=""):
    family = family or proceedings.family
    back = _detail_url(proceedings) if proceedings else reverse("people:family", args=[family.pk])
    caption = f"Pre-proceedings: {proceedings.child.full_name}" if proceedings else family.name
    return render(
        request,
        "casework/form.html",
        {
            "form": form,
            "title": title,
            "family": family,
            "back": back,
            "caption": caption,
            "submit": submit,
            "hint": hint,
        },
    )


@require_http_methods(["GET", "POST"])
def begin(request, pk):
    family = queries.get_family_to_begin(request.user, pk)
    children = queries.children_for_begin(family)
    form = forms.BeginForm(request.POST or None, children=children)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with form.saving() as outcome:
            proceedings = actions.pre_proceedings_begin(
                by=request.user,
                family=family,
                child=d["child"],
                started_on=d["started_on"],
                decided_by=d["decided_by"],
                decision_reasons=d["decision_reasons"],
            )
        if outcome:
            messages.success(request, "Pre-proceedings begun")
            return redirect(_detail_url(proceedings))
    hint = (
        ""
        if children.exists()
        else "No child in this family has an open child in need or child protection episode."
    )
    return _form_page(
        request,
        form,
        title="Begin pre-proceedings",
        family=family,
        submit="Begin pre-proceedings",
        hint=hint,
    )


@require_http_methods(["GET"])
def detail(request, pk):
    proceedings = queries.get_pre_proceedings_for(request.user, pk)
    page = queries.pre_proceedings_page(request.user, proceedings)
    return render(request, "proceedings/detail.html", {"page": page, "p": proceedings})


@require_http_methods(["GET", "POST"])
def offer_add(request, pk):
    proceedings = queries.get_pre_proceedings_for(request.user, pk, write=True, record=False)
    form = forms.OfferForm(request.POST or None, people=queries.parents_for_offer(proceedings))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with form.saving() as outcome:
            actions.fgdm_offer_record(
                by=request.user,
                proceedings=proceedings,
                person=d["person"],
                offered_on=d["offered_on"],
                method=d["method"],
                response=d["response"],
                responded_on=d["responded_on"],
            )
        if outcome:
            messages.success(request, "Offer recorded")
            return redirect(_detail_url(proceedings, "fgdm"))
    return _form_page(
        request,
        form,
        title="Offer a family group decision-making meeting",
        proceedings=proceedings,
        submit="Save the offer",
    )


@require_http_methods(["GET", "POST"])
def offer_answer(request, pk):
    offer = queries.get_offer_for(request.user, pk)
    proceedings = offer.proceedings
    form = forms.AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with form.saving() as outcome:
            actions.fgdm_offer_answer(by=request.user, offer=offer, **form.cleaned_data)
        if outcome:
            messages.success(request, "Answer recorded")
            return redirect(_detail_url(proceedings, "fgdm"))
    return _form_page(
        request,
        form,
        title=f"{offer.person.full_name}'s answer to the offer",
        proceedings=proceedings,
        submit="Save the answer",
        hint=f"A family group decision-making meeting was offered on {offer.offered_on:%-d %B %Y}.",
    )


@require_http_methods(["GET", "POST"])
def exception(request, pk):
    proceedings = queries.get_pre_proceedings_for(request.user, pk, write=True, record=False)
    form = forms.ExceptionForm(request.POST or None, initial={"version": proceedings.version})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with form.saving() as outcome:
            actions.fgdm_exception_record(
                by=request.user,
                proceedings=proceedings,
                expected_version=d["version"],
                rationale=d["rationale"],
                decided_by=d["decided_by"],
                decided_on=d["decided_on"],
            )
        if outcome:
            messages.success(request, "Decision recorded")
            return redirect(_detail_url(proceedings, "fgdm"))
    return _form_page(
        request,
        form,
        title="A meeting is not in the child's best interests",
        proceedings=proceedings,
        submit="Save the decision",
        hint="Section 31ZA of the Children Act 1989: no meeting is offered or held where the "
        "local authority considers that it would not be in the child's best interests. Say why.",
    )


@require_http_methods(["GET", "POST"])
def network_add(request, pk):
    proceedings = queries.get_pre_proceedings_for(request.user, pk, write=True, record=False)
    form = forms.NetworkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with form.saving() as outcome:
            actions.network_member_add(
                by=request.user, proceedings=proceedings, **form.cleaned_data
            )
        if outcome:
            messages.success(request, "Added to the family network")
            return redirect(_detail_url(proceedings, "network"))
    return _form_page(
        request,
        form,
        title="Add someone to the family network",
        proceedings=proceedings,
        submit="Add them",
        hint="Contact details are seen only by the child's allocated worker and their managers.",
    )


@require_http_methods(["GET", "POST"])
def meeting_add(request, pk):
    proceedings = queries.get_pre_proceedings_for(request.user, pk, write=True, record=False)
    form = forms.MeetingForm(
        request.POST or None,
        members=queries.family_members(proceedings),
        network=queries.network_members(proceedings),
    )
    if request.method == "POST" and form.is_valid():
        with form.saving() as outcome:
            actions.proceedings_meeting_record(
                by=request.user, proceedings=proceedings, **form.cleaned_data
            )
        if outcome:
            messages.success(request, "Meeting recorded")
            return redirect(_detail_url(proceedings, "meetings"))
    return _form_page(
        request, form, title="Record a meeting", proceedings=proceedings, submit="Save the meeting"
    )


@require_http_methods(["GET", "POST"])
def timeline(request, pk):
    proceedings = queries.get_pre_proceedings_for(request.user, pk, write=True, record=False)
    initial = {
        "letter_sent_on": proceedings.letter_sent_on,
        "step_decision_on": proceedings.step_decision_on,
        "outcome": proceedings.outcome,
        "court_application_on": proceedings.court_application_on,
        "version": proceedings.version,
    }
    form = forms.TimelineForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        version = d.pop("version")
        with form.saving() as outcome:
            actions.pre_proceedings_timeline_update(
                by=request.user, proceedings=proceedings, expected_version=version, data=d
            )
        if outcome:
            messages.success(request, "Timeline updated")
            return redirect(_detail_url(proceedings, "timeline"))
    return _form_page(
        request,
        form,
        title="Letter, step decision and outcome",
        proceedings=proceedings,
        submit="Save",
    )


@require_http_methods(["GET"])
def letter(request, pk):
    """The letter before proceedings, for those who record the pre-proceedings (social work),
    after the password again; the download is audited (queries.letter_for_export)."""
    proceedings = queries.get_pre_proceedings_for(request.user, pk, write=True, record=False)
    if confirm := reauth.ask_for_password(request):
        return confirm
    document = pdf.letter_before_proceedings(queries.letter_for_export(request.user, proceedings))
    response = HttpResponse(document, content_type="application/pdf")
    name = f"letter-before-proceedings-{proceedings.family.reference}-{proceedings.pk}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
