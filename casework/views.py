"""Pages for working with the family. Thin: parse input, call one action or query, render."""

from __future__ import annotations

from django import forms as django_forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from access import policy, reauth
from directory import queries as directory_queries
from familyhub import errors
from familyhub.failures import flashing

from . import actions, forms, machines, queries
from .models import AssessmentKind, DraftKind


def _form_page(
    request,
    form,
    *,
    title,
    family=None,
    submit="Save",
    caption="",
    template="casework/form.html",
    **extra,
):
    context = {
        "form": form,
        "title": title,
        "family": family,
        "submit": submit,
        "caption": caption or (family.name if family else ""),
        **extra,
    }
    return render(request, template, context)


def _family_url(family, anchor=""):
    return reverse("people:family", args=[family.pk]) + (f"#{anchor}" if anchor else "")


# --- Episodes -------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def episode_open(request, pk, kind):
    family = queries.get_family_for(request.user, pk)
    if kind not in machines.OPEN_ROLES or not policy.can_change_episode(
        request.user, family, machines.OPEN_ROLES[kind]
    ):
        raise Http404("Not found")
    form = forms.EpisodeOpenForm(
        request.POST or None, kind=kind, children=queries.current_children(family)
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("children", "note")}
        with form.saving() as outcome:
            for child in form.cleaned_data["children"]:
                actions.episode_open(
                    by=request.user,
                    family=family,
                    child=child,
                    kind=kind,
                    data=data,
                    note=form.cleaned_data["note"],
                )
        if outcome:
            messages.success(request, "Episode opened")
            return redirect(_family_url(family, "work"))
    titles = {
        "EH": "Start early help",
        "CIN": "Record a child in need referral",
        "CP": "Record a strategy discussion (child protection)",
    }
    return _form_page(request, form, title=titles[kind], family=family, submit="Open the episode")


@require_http_methods(["GET"])
def episode_detail(request, pk):
    episode = queries.get_episode_for(request.user, pk)
    page = queries.episode_page(request.user, episode)
    return render(
        request,
        "casework/episode_detail.html",
        {"page": page, "episode": episode, "family": episode.family},
    )


@require_http_methods(["GET", "POST"])
def episode_step(request, pk, event):
    episode = queries.get_episode_for(request.user, pk)
    t = machines.transition(episode.kind, event)
    if t is None or not policy.can_change_episode(request.user, episode.family, t.roles):
        raise Http404("Not found")
    form = forms.StepForm(
        request.POST or None,
        transition=t,
        practitioners=queries.practitioners_for_choice(),
        initial={"version": episode.version},
    )
    if request.method == "POST" and form.is_valid():
        with form.saving() as outcome:
            actions.episode_transition(
                by=request.user,
                episode=episode,
                event=event,
                expected_version=form.cleaned_data["version"],
                data=form.step_data(),
                note=form.cleaned_data["note"],
            )
        if outcome:
            messages.success(request, f"{t.label}: saved")
            return redirect("casework:episode", pk=episode.pk)
    return _form_page(
        request,
        form,
        title=t.label,
        family=episode.family,
        caption=f"{episode.child.full_name} – {episode.get_kind_display()}",
        submit="Save",
        hint=t.hint,
        back=reverse("casework:episode", args=[episode.pk]),
    )


@require_http_methods(["GET", "POST"])
def episode_allocate(request, pk):
    episode = queries.get_episode_for(request.user, pk)
    if not policy.can_allocate_episode(request.user, episode):
        raise Http404("Not found")
    form = forms.AllocateForm(
        request.POST or None, practitioners=queries.practitioners_for_choice()
    )
    if request.method == "POST" and form.is_valid():
        actions.episode_allocate(
            by=request.user, episode=episode, practitioner=form.cleaned_data["practitioner"]
        )
        messages.success(request, f"Allocated to {form.cleaned_data['practitioner'].name}")
        return redirect("casework:caseload")
    return _form_page(
        request, form, title=f"Allocate: {episode}", family=episode.family, submit="Allocate"
    )


# --- Lead practitioner and absence ----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def lead_edit(request, pk):
    family = queries.get_family_for(request.user, pk, write=True)
    panel = queries.contact_panel(family)
    initial = {}
    if panel.arrangement:
        a = panel.arrangement
        initial = {"lead": a.lead, "cover": a.cover, "family_say": a.family_say}
    form = forms.LeadForm(
        request.POST or None, initial=initial, practitioners=queries.practitioners_for_choice()
    )
    if request.method == "POST" and form.is_valid():
        with form.saving() as outcome:
            actions.lead_assign(by=request.user, family=family, **form.cleaned_data)
        if outcome:
            messages.success(request, "Lead practitioner recorded")
            return redirect(_family_url(family, "contact"))
    return _form_page(
        request,
        form,
        title="Lead practitioner and cover",
        family=family,
        submit="Save",
        hint="Changing the lead is a handover: give the reason, a handover note, and when and "
        "how the family were told."
        if panel.arrangement
        else "",
    )


@require_http_methods(["GET", "POST"])
def absences(request):
    practitioners = queries.absence_practitioners_for(request.user)
    if not practitioners.exists():
        raise Http404("Not found")
    me = policy.principal_for(request.user).practitioner_id
    form = forms.AbsenceForm(
        request.POST or None, practitioners=practitioners, initial={"practitioner": me}
    )
    if request.method == "POST" and form.is_valid():
        with form.saving() as outcome:
            actions.absence_record(by=request.user, **form.cleaned_data)
        if outcome:
            messages.success(request, "Absence recorded. Families' pages now show the cover.")
            return redirect("casework:absences")
    return render(
        request,
        "casework/absences.html",
        {"form": form, "absences": queries.my_absences(request.user), "nav": "caseload"},
    )


@require_http_methods(["POST"])
def absence_cancel(request, pk):
    absence = queries.get_absence_for(request.user, pk)
    actions.absence_cancel(by=request.user, absence=absence)
    messages.success(request, "Absence cancelled")
    return redirect("casework:absences")


# --- Case notes -----------------------------------------------------------------------------------


def _note_form(family, data=None):
    return forms.CaseNoteForm(
        data,
        members=queries.current_members(family),
        children=queries.current_children(family),
    )


@require_http_methods(["GET", "POST"])
def note_add(request, pk):
    family = queries.get_family_for(request.user, pk)
    if not policy.can_add_case_note(request.user, family):
        raise Http404("Not found")
    is_htmx = request.headers.get("HX-Request") == "true"
    form = _note_form(family, request.POST or None)
    saved = False
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with form.saving() as outcome:
            actions.case_note_add(
                by=request.user,
                family=family,
                kind=d["kind"],
                occurred_on=d["occurred_on"],
                text=d["text"],
                seen=d["seen"],
                seen_alone=d["seen_alone"],
            )
        if outcome:
            saved = True
            if not is_htmx:
                messages.success(request, "Case note added")
                return redirect(_family_url(family, "case-notes"))
            form = _note_form(family)
    if is_htmx:
        html = render_to_string(
            "casework/_case_notes.html",
            {
                "family": family,
                "notes": list(queries.visible_notes(request.user, family)[:5]),
                "note_form": form,
                "can_note": True,
                "saved": saved,
            },
            request=request,
        )
        return HttpResponse(html)
    return _form_page(request, form, title="Add a case note", family=family, submit="Add note")


@require_http_methods(["GET"])
def notes_list(request, pk):
    family = queries.get_family_for(request.user, pk, record=True)
    notes = list(queries.visible_notes(request.user, family)[:200])
    correctable = {n.pk for n in notes if policy.can_correct_case_note(request.user, n)}
    return render(
        request,
        "casework/notes.html",
        {"family": family, "notes": notes, "correctable": correctable},
    )


@require_http_methods(["GET", "POST"])
def note_edit(request, pk):
    note = queries.get_case_note_for(request.user, pk)
    if not policy.can_correct_case_note(request.user, note):
        raise Http404("Not found")
    form = forms.CaseNoteEditForm(
        request.POST or None, initial={"text": note.text, "version": note.version}
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        with form.saving() as outcome:
            actions.case_note_update(
                by=request.user,
                note=note,
                expected_version=form.cleaned_data["version"],
                text=form.cleaned_data["text"],
            )
        conflict = outcome.conflict
        if outcome:
            messages.success(request, "Case note corrected")
            return redirect(_family_url(note.family, "case-notes"))
    rows = []
    if conflict:
        rows = [
            {
                "label": "What happened",
                "theirs": conflict.current.text,
                "yours": form.cleaned_data.get("text"),
            }
        ]
    return _form_page(
        request,
        form,
        title=f"Correct the case note: {note}",
        family=note.family,
        conflict=conflict,
        conflict_rows=rows,
    )


# --- Assessment -----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def assessment_new(request, pk):
    family = queries.get_family_for(request.user, pk, write=True)
    form = forms.AssessmentStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        assessment = actions.assessment_start(
            by=request.user, family=family, kind=form.cleaned_data["kind"]
        )
        return redirect("casework:assessment", pk=assessment.pk)
    return _form_page(
        request, form, title="Start a whole-family assessment", family=family, submit="Start"
    )


def _conflict_rows(form, current, fields):
    return [
        {
            "label": form.fields[f].label,
            "theirs": getattr(current, f),
            "yours": form.cleaned_data.get(f),
        }
        for f in fields
        if (getattr(current, f) or "") != (form.cleaned_data.get(f) or "")
    ]


@require_http_methods(["GET", "POST"])
def assessment_edit(request, pk):
    assessment = queries.get_assessment_for(request.user, pk)
    family = assessment.family
    can_write = policy.can_record_casework(request.user, family)
    members = queries.current_members(family)
    initial = {
        "version": assessment.version,
        "child_voice": assessment.child_voice,
        "strengths": assessment.strengths,
        "network": assessment.network,
        "analysis": assessment.analysis,
        "factors": assessment.factors,
    }
    for need in assessment.needs.all():
        initial.setdefault(f"needs_{need.person_id}", []).append(need.area)
    for note in assessment.person_notes.all():
        initial[f"about_{note.person_id}"] = note.text
    form = forms.AssessmentForm(
        request.POST or None,
        initial=initial,
        members=members,
        statutory=assessment.kind == AssessmentKind.CHILD_AND_FAMILY,
    )
    draft = None
    if request.method == "GET" and can_write and assessment.status != "authorised":
        draft = queries.draft_for(request.user, DraftKind.ASSESSMENT, assessment.pk)
        _restore_draft(form, draft)
    conflict = None
    if request.method == "POST" and can_write and form.is_valid():
        complete = "complete" in request.POST
        with form.saving() as outcome:
            actions.assessment_save(
                by=request.user,
                assessment=assessment,
                expected_version=form.cleaned_data["version"],
                data=form.cleaned_data,
                needs=form.needs(),
                person_notes=form.notes(),
                complete=complete,
            )
        conflict = outcome.conflict
        if outcome:
            if complete:
                messages.success(request, "Assessment completed")
                return redirect(_family_url(family, "work"))
            messages.success(request, "Draft saved. You can carry on later.")
            return redirect("casework:assessment", pk=assessment.pk)
    return render(
        request,
        "casework/assessment.html",
        {
            "form": form,
            "assessment": assessment,
            "family": family,
            "can_write": can_write and assessment.status != "authorised",
            "can_authorise": policy.can_authorise_assessment(request.user, assessment)
            and assessment.status == "completed",
            "conflict": conflict,
            "conflict_rows": _conflict_rows(form, conflict.current, actions.ASSESSMENT_FIELDS)
            if conflict
            else [],
            "draft": draft,
            "autosave_url": reverse("casework:assessment-autosave", args=[assessment.pk]),
            "discard_url": reverse("casework:assessment-draft-discard", args=[assessment.pk]),
        },
    )


def _restore_draft(form, draft) -> None:
    """Show the user's own unsaved draft in an unbound form: what they typed, and the version
    they started from (so saving it over someone else's newer save is refused as stale)."""
    if draft is None:
        return
    for name, field in form.fields.items():
        if name == "version":
            continue
        if name in draft.data:
            values = draft.data[name]
            multiple = isinstance(field, django_forms.MultipleChoiceField)
            form.initial[name] = values if multiple else (values[0] if values else "")
    if draft.base_version is not None:
        form.initial["version"] = draft.base_version


def _draft_data(request, form) -> dict[str, list[str]]:
    return {name: request.POST.getlist(name) for name in form.fields if name != "version"}


def _base_version(request) -> int | None:
    value = request.POST.get("version") or ""
    return int(value) if value.isdecimal() else None


def _autosave_response(request, draft) -> HttpResponse:
    saved = timezone.localtime(draft.saved_at)
    return render(
        request, "casework/_autosave_status.html", {"status": f"Draft saved at {saved:%H:%M}"}
    )


def _save_draft(request, kind, obj, form) -> HttpResponse:
    """The user's own draft of `form` about `obj`, saved from what was posted (htmx)."""
    try:
        draft = actions.draft_save(
            by=request.user,
            kind=kind,
            obj=obj,
            data=_draft_data(request, form),
            base_version=_base_version(request),
        )
    except errors.RuleViolation as exc:  # shown in the autosave status, not the form
        return render(request, "casework/_autosave_status.html", {"status": exc.message})
    return _autosave_response(request, draft)


@require_http_methods(["POST"])
def assessment_autosave(request, pk):
    """Keep what the worker has typed as their own draft (htmx, on change and after a pause).
    Never touches the assessment or its version."""
    assessment = queries.get_assessment_for(request.user, pk, write=True, record=False)
    form = forms.AssessmentForm(
        initial={},
        members=queries.current_members(assessment.family),
        statutory=assessment.kind == AssessmentKind.CHILD_AND_FAMILY,
    )
    return _save_draft(request, DraftKind.ASSESSMENT, assessment, form)


@require_http_methods(["POST"])
def assessment_draft_discard(request, pk):
    assessment = queries.get_assessment_for(request.user, pk, write=True, record=False)
    actions.draft_discard(by=request.user, kind=DraftKind.ASSESSMENT, obj=assessment)
    messages.success(request, "Draft discarded: this is the last saved version")
    return redirect("casework:assessment", pk=assessment.pk)


@require_http_methods(["POST"])
def assessment_authorise(request, pk):
    assessment = queries.get_assessment_for(request.user, pk)
    with flashing(request) as outcome:
        actions.assessment_authorise(
            by=request.user,
            assessment=assessment,
            expected_version=int(request.POST.get("version") or 0),
        )
    if outcome:
        messages.success(request, "Assessment authorised")
    return redirect("casework:assessment", pk=assessment.pk)


# --- Family plan ----------------------------------------------------------------------------------


@require_http_methods(["GET"])
def plan_detail(request, pk):
    family = queries.get_family_for(request.user, pk, record=True)
    plan = queries.get_plan_for(request.user, family)
    return render(
        request,
        "casework/plan.html",
        {"family": family, "page": queries.plan_page(request.user, plan), "plan": plan},
    )


@require_http_methods(["GET", "POST"])
def plan_edit(request, pk):
    family = queries.get_family_for(request.user, pk, write=True)
    plan = actions.current_plan(family)
    initial = {}
    if plan is not None:
        initial = {f: getattr(plan, f) for f in actions.PLAN_FIELDS}
        initial["version"] = plan.version
    form = forms.PlanForm(request.POST or None, initial=initial)
    draft = None
    if request.method == "GET":
        draft = queries.draft_for(request.user, DraftKind.PLAN, family.pk)
        _restore_draft(form, draft)
    conflict = None
    if request.method == "POST" and form.is_valid():
        with form.saving() as outcome:
            if plan is None:
                actions.plan_create(by=request.user, family=family, data=form.cleaned_data)
            else:
                actions.plan_update(
                    by=request.user,
                    plan=plan,
                    expected_version=form.cleaned_data["version"] or 0,
                    data=form.cleaned_data,
                )
        conflict = outcome.conflict
        if outcome:
            messages.success(request, "Family plan saved")
            return redirect("casework:plan", pk=family.pk)
    return _form_page(
        request,
        form,
        title="Change the family plan" if plan else "Agree the family plan",
        family=family,
        submit="Save the plan",
        conflict=conflict,
        conflict_rows=_conflict_rows(form, conflict.current, actions.PLAN_FIELDS)
        if conflict
        else [],
        draft=draft,
        autosave_url=reverse("casework:plan-autosave", args=[family.pk]),
        discard_url=reverse("casework:plan-draft-discard", args=[family.pk]),
    )


@require_http_methods(["POST"])
def plan_autosave(request, pk):
    """Keep what the worker has typed into the plan as their own draft; the plan itself and its
    version are untouched until they save it."""
    family = queries.get_family_for(request.user, pk, write=True)
    return _save_draft(request, DraftKind.PLAN, family, forms.PlanForm())


@require_http_methods(["POST"])
def plan_draft_discard(request, pk):
    family = queries.get_family_for(request.user, pk, write=True)
    actions.draft_discard(by=request.user, kind=DraftKind.PLAN, obj=family)
    messages.success(request, "Draft discarded: this is the last saved version")
    return redirect("casework:plan-edit", pk=family.pk)


@require_http_methods(["GET", "POST"])
def goal_add(request, pk):
    family = queries.get_family_for(request.user, pk, write=True)
    plan = queries.get_plan_for(request.user, family, write=True)
    form = forms.GoalForm(request.POST or None, members=queries.current_members(family))
    if request.method == "POST" and form.is_valid():
        with form.saving() as outcome:
            actions.goal_add(by=request.user, plan=plan, **form.goal_kwargs())
        if outcome:
            messages.success(request, "Goal added")
            return redirect("casework:plan", pk=family.pk)
    return _form_page(
        request,
        form,
        title="Add a goal",
        family=family,
        submit="Add the goal",
        template="casework/goal_form.html",
    )


@require_http_methods(["GET", "POST"])
def action_add(request, pk):
    family = queries.get_family_for(request.user, pk, write=True)
    plan = queries.get_plan_for(request.user, family, write=True)
    form = forms.PlanActionForm(
        request.POST or None,
        goals=plan.goals.all(),
        organisations=queries.organisations_for_choice(),
        members=queries.current_members(family),
        services=directory_queries.hub_services_for_choice(),
    )
    if request.method == "POST" and form.is_valid():
        with form.saving() as outcome:
            actions.plan_action_add(by=request.user, plan=plan, **form.cleaned_data)
        if outcome:
            messages.success(request, "Action added to the plan")
            return redirect("casework:plan", pk=family.pk)
    return _form_page(
        request, form, title="Add an action to the plan", family=family, submit="Add the action"
    )


@require_http_methods(["POST"])
def action_status(request, pk):
    action = queries.get_action_for(request.user, pk)
    form = forms.ActionStatusForm(request.POST)
    if form.is_valid():
        actions.plan_action_set_status(
            by=request.user, action=action, status=form.cleaned_data["status"]
        )
        messages.success(request, "Action updated")
    return redirect("casework:plan", pk=action.plan.family_id)


# --- Meetings and reviews -------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def meeting_add(request, pk):
    family = queries.get_family_for(request.user, pk, write=True)
    plan = actions.current_plan(family)
    form = forms.MeetingForm(
        request.POST or None,
        organisations=queries.organisations_for_choice(),
        members=queries.current_members(family),
        goals=plan.goals.filter(status="active") if plan else [],
        initial={"held_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with form.saving() as outcome:
            actions.meeting_record(
                by=request.user,
                family=family,
                kind=d["kind"],
                held_on=d["held_on"],
                agencies_invited=d["agencies_invited"],
                agencies_attended=d["agencies_attended"],
                family_attended=d["family_attended"],
                parents_views=d["parents_views"],
                child_views=d["child_views"],
                minutes=d["minutes"],
                decisions=d["decisions"],
                scores=form.scores(),
                new_action=form.new_action(),
            )
        if outcome:
            messages.success(request, "Meeting recorded")
            return redirect(_family_url(family, "work"))
    return _form_page(
        request, form, title="Record a review or meeting", family=family, submit="Save the meeting"
    )


# --- Step up and step down ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def step_up(request, pk):
    family = queries.get_family_for(request.user, pk, write=True)
    form = forms.StepUpForm(request.POST or None, children=queries.current_children(family))
    if request.method == "POST" and form.is_valid():
        with form.saving() as outcome:
            record = actions.step_up(by=request.user, family=family, **form.cleaned_data)
        if outcome:
            messages.success(
                request, "Contact sent to the front door with the assessment, plan and chronology"
            )
            return redirect("casework:step-up", pk=record.pk)
    return _form_page(
        request,
        form,
        title="Step up to children's social care",
        family=family,
        submit="Send to the front door",
        hint="The front door receives the whole-family assessment, the family plan, the "
        "chronology and your view, so the family do not have to tell their story again.",
    )


@require_http_methods(["GET"])
def step_up_detail(request, pk):
    record = queries.get_step_up_for(request.user, pk)
    return render(request, "casework/step_up.html", {"record": record, "family": record.family})


@require_http_methods(["GET", "POST"])
def step_down(request, pk):
    family = queries.get_family_for(request.user, pk)
    if not policy.can_change_episode(request.user, family, machines.SW):
        raise Http404("Not found")
    form = forms.StepDownForm(
        request.POST or None,
        episodes=queries.open_cin_episodes(family),
        practitioners=queries.practitioners_for_choice(),
        members=queries.current_members(family),
        initial={"agreed_on": timezone.localdate(), "family_consent_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        with form.saving() as outcome:
            record = actions.step_down_propose(by=request.user, family=family, **form.cleaned_data)
        if outcome:
            messages.success(
                request,
                f"{record.receiving_lead.name} has been asked to accept. You stay involved "
                "until they do.",
            )
            return redirect("casework:step-down", pk=record.pk)
    return _form_page(
        request, form, title="Step down to early help", family=family, submit="Ask them to accept"
    )


@require_http_methods(["GET", "POST"])
def step_down_detail(request, pk):
    record = queries.get_step_down_for(request.user, pk)
    is_receiver = policy.principal_for(request.user).practitioner_id == record.receiving_lead_id
    form = forms.StepDownDecisionForm(request.POST or None)
    if request.method == "POST":
        if not is_receiver:
            raise Http404("Not found")
        if form.is_valid():
            d = form.cleaned_data
            with form.saving() as outcome:
                if d["decision"] == "accept":
                    actions.step_down_accept(by=request.user, step_down=record, note=d["note"])
                else:
                    actions.step_down_decline(by=request.user, step_down=record, note=d["note"])
            if outcome:
                messages.success(
                    request,
                    "You are now the lead practitioner"
                    if d["decision"] == "accept"
                    else "Step-down declined",
                )
                return redirect(_family_url(record.family, "work"))
    return render(
        request,
        "casework/step_down.html",
        {
            "record": record,
            "family": record.family,
            "form": form,
            "is_receiver": is_receiver and record.status == "proposed",
            "plan": actions.current_plan(record.family),
        },
    )


# --- Chronology -----------------------------------------------------------------------------------


def _chronology_filters(request, family):
    form = forms.ChronologyFilterForm(
        request.GET or None,
        agencies=queries.chronology_agencies(family),
        members=queries.current_members(family),
        groups=[(k, v[0]) for k, v in queries.KIND_GROUPS.items()],
    )
    filters = queries.ChronologyFilters()
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        filters = queries.ChronologyFilters(
            agency=d["agency"].pk if d["agency"] else None,
            group=d["group"] or "",
            significant_only=d["significant"],
            person=d["person"].pk if d["person"] else None,
        )
    return form, filters


@require_http_methods(["GET"])
def chronology(request, pk):
    from django.core.paginator import Paginator

    family = queries.get_family_for(request.user, pk, record=True)
    form, filters = _chronology_filters(request, family)
    entries = Paginator(queries.chronology(request.user, family, filters), 50).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "casework/chronology.html",
        {"family": family, "form": form, "entries": entries, "query": query.urlencode()},
    )


@require_http_methods(["GET"])
def chronology_pdf(request, pk):
    from . import pdf

    family = queries.get_family_for(request.user, pk)
    if confirm := reauth.ask_for_password(request):
        return confirm
    form, filters = _chronology_filters(request, family)
    entries = queries.chronology_for_export(request.user, family, filters)
    document = pdf.chronology_pdf(
        family=family, entries=entries, filters=filters, by=policy.principal_for(request.user)
    )
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="chronology-{family.reference}.pdf"'
    return response


# --- Caseload -------------------------------------------------------------------------------------


@require_http_methods(["GET"])
def caseload(request):
    if not policy.can_view_caseloads(request.user):
        raise Http404("Not found")
    return render(
        request,
        "casework/caseload.html",
        {
            "page": queries.caseload(request.user),
            "waiting": queries.step_downs_waiting_for(request.user),
            "nav": "caseload",
        },
    )
