"""Pages of the whole-family record. Thin: parse input, call one action or query, render."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from access.principals import Purpose
from familyhub import errors
from familyhub.paging import page_of
from people import policy

from . import actions, forms, queries, search_results
from . import merge as merging
from .search import SearchTerms, combine, parse


@require_http_methods(["GET"])
def search(request):
    if not policy.can_use_register(request.user):
        raise errors.NotPermitted("Not permitted: can_use_register")
    form = forms.SearchForm(request.GET or None)
    answer = None
    if request.GET and form.is_valid():
        d = form.cleaned_data
        fields = SearchTerms(
            date_of_birth=d["date_of_birth"],
            postcode=d["postcode"],
            nhs_number=d["nhs_number"],
            upn=d["upn"],
        )
        terms = combine(parse(d["q"]), fields)
        answer = search_results.search(request.user, terms)
    return render(request, "people/search.html", {"form": form, "answer": answer, "nav": "search"})


@require_http_methods(["GET", "POST"])
def family_create(request):
    if not policy.can_create_family(request.user):
        raise errors.NotPermitted("Not permitted: can_create_family")
    form = forms.FamilyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        family = actions.family_create(
            by=request.user, name=d["name"], summary=d["summary"], locality=d["locality"]
        )
        messages.success(request, f"{family.name} created. Now add the family's members.")
        return redirect("people:family", pk=family.pk)
    return render(
        request,
        "people/family_form.html",
        {"form": form, "nav": "new", "title": "Start a family record"},
    )


CHRONOLOGY_PAGE = 20


@require_http_methods(["GET"])
def family_detail(request, pk):
    family = queries.get_family_for(request.user, pk)
    page = queries.family_page(request.user, family)
    # Newest first, 20 at a time with "Show older entries" (one row more than shown says whether
    # there are older ones: the family's whole chronology is not counted on every view).
    chronology = page_of(page.chronology, request.GET.get("page"), size=CHRONOLOGY_PAGE)
    template = (
        "people/_chronology.html"
        if request.headers.get("HX-Request")
        else "people/family_detail.html"
    )
    return render(request, template, {"page": page, "family": family, "chronology": chronology})


@require_http_methods(["GET", "POST"])
def family_edit(request, pk):
    family = queries.get_family_for(request.user, pk, purpose=Purpose.EDIT)
    initial = {
        "name": family.name,
        "summary": family.summary,
        "locality": family.locality,
        "version": family.version,
    }
    form = forms.FamilyForm(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with form.saving(rebase=False) as outcome:
            actions.family_update(
                by=request.user,
                family=family,
                expected_version=d["version"] or 0,
                data={k: d[k] for k in ("name", "summary", "locality")},
            )
        conflict = outcome.conflict
        if outcome:
            messages.success(request, "Family details saved")
            return redirect("people:family", pk=family.pk)
    _rebase(form, conflict)
    return render(
        request,
        "people/family_form.html",
        {
            "form": form,
            "family": family,
            "title": "Change family details",
            "conflict": conflict,
            "conflict_rows": _conflict_rows(form, conflict, ("name", "summary", "locality")),
        },
    )


def _rebase(form, conflict) -> None:
    """After a conflict, keep the user's text and let a resubmission save over the version they
    have now been shown (so saving again is a deliberate choice, never a silent overwrite)."""
    if conflict:
        form.data = form.data.copy()
        form.data["version"] = conflict.current.version


def _conflict_rows(form, conflict, fields):
    if not conflict:
        return []
    return [
        {
            "label": form.fields[f].label,
            "theirs": getattr(conflict.current, f),
            "yours": form.cleaned_data.get(f),
        }
        for f in fields
        if getattr(conflict.current, f) != form.cleaned_data.get(f)
    ]


@require_http_methods(["GET", "POST"])
def member_add(request, pk):
    family = queries.get_family_for(request.user, pk, purpose=Purpose.EDIT)
    form = forms.NewMemberForm(request.POST or None)
    address_form = forms.AddressForm(
        request.POST or None, prefix="address", use_required_attribute=False
    )
    with_address = request.POST.get("with_address") == "yes"
    already_known = []
    if request.method == "POST":
        valid = form.is_valid() and (not with_address or address_form.is_valid())
        if valid and request.POST.get("confirmed_new") != "yes":
            # The same engine as search: is the person being added already on the register?
            already_known = queries.possible_existing_people(
                request.user,
                form.person_data(),
                address_form.cleaned_data if with_address else None,
            )
            valid = not already_known
        if valid:
            d = form.cleaned_data
            with form.saving() as outcome:
                membership = actions.family_add_new_person(
                    by=request.user,
                    family=family,
                    role=d["role"],
                    in_household=d["in_household"],
                    data=form.person_data(),
                    address=address_form.cleaned_data if with_address else None,
                )
            if outcome:
                messages.success(request, f"{membership.person.full_name} added to the family")
                return redirect("people:family", pk=family.pk)
    return render(
        request,
        "people/member_form.html",
        {
            "form": form,
            "address_form": address_form,
            "with_address": with_address,
            "family": family,
            "already_known": already_known,
        },
    )


def _family_form(request, family, form, *, act, done: str, title: str, submit: str):
    """A one-page form about a family: run `act(cleaned_data)` (an action) when the form is
    valid, show the action's rule messages beside the fields, keep what was typed."""
    if request.method == "POST" and form.is_valid():
        with form.saving() as outcome:
            act(form.cleaned_data)
        if outcome:
            messages.success(request, done)
            return redirect("people:family", pk=family.pk)
    return render(
        request,
        "people/simple_form.html",
        {
            "form": form,
            "family": family,
            "title": title,
            "caption": family.name,
            "submit": submit,
        },
    )


@require_http_methods(["GET", "POST"])
def relationship_add(request, pk):
    family = queries.get_family_for(request.user, pk, purpose=Purpose.EDIT)
    form = forms.RelationshipForm(request.POST or None, members=queries.members_for_choice(family))
    return _family_form(
        request,
        family,
        form,
        done="Relationship recorded",
        title="Record a relationship",
        submit="Save relationship",
        act=lambda d: actions.relationship_add(
            by=request.user,
            family=family,
            from_person=d["from_person"],
            to_person=d["to_person"],
            kind=d["kind"],
            parental_responsibility=d["parental_responsibility"],
        ),
    )


@require_http_methods(["GET", "POST"])
def relationship_end(request, pk):
    family = queries.get_family_for(request.user, pk, purpose=Purpose.EDIT)
    form = forms.SeparationForm(request.POST or None, partnerships=queries.partnerships(family))
    return _family_form(
        request,
        family,
        form,
        done="Separation recorded",
        title="Record that a couple have separated",
        submit="Save",
        act=lambda d: actions.relationship_end(
            by=request.user,
            family=family,
            relationship=d["relationship"],
            ended_on=d["ended_on"],
        ),
    )


@require_http_methods(["GET", "POST"])
def involvement_add(request, pk):
    family = queries.get_family_for(request.user, pk, purpose=Purpose.EDIT)
    form = forms.InvolvementForm(request.POST or None, members=queries.members_for_choice(family))
    return _family_form(
        request,
        family,
        form,
        done="Involvement recorded",
        title="Record who is involved",
        submit="Save involvement",
        act=lambda d: actions.involvement_add(
            by=request.user,
            family=family,
            organisation=d["organisation"],
            practitioner=d["practitioner"],
            role=d["role"],
            person=d["person"],
            started_on=d["started_on"],
            notes=d["notes"],
        ),
    )


@require_http_methods(["GET", "POST"])
def involvement_end(request, pk):
    involvement = queries.get_involvement_for(request.user, pk)
    form = forms.EndInvolvementForm(request.POST or None)
    return _family_form(
        request,
        involvement.family,
        form,
        done="Involvement ended",
        title=f"End involvement: {involvement}",
        submit="End involvement",
        act=lambda d: actions.involvement_end(
            by=request.user, involvement=involvement, ended_on=d["ended_on"], reason=d["reason"]
        ),
    )


@require_http_methods(["GET"])
def person_detail(request, pk):
    person = queries.get_person_for(request.user, pk)
    merges = merging.merges_for_person_page(request.user, person)
    for merge in merges.merged_from:
        if merge.can_undo:
            merge.undo_form = forms.UnmergeForm(auto_id=f"id_undo{merge.pk}_%s")
    return render(
        request,
        "people/person_detail.html",
        {"page": queries.person_page(request.user, person), "person": person, "merges": merges},
    )


@require_http_methods(["GET", "POST"])
def person_edit(request, pk):
    person = queries.get_person_for(request.user, pk, purpose=Purpose.EDIT)
    initial = {f: getattr(person, f) for f in actions.PERSON_FIELDS}
    initial["version"] = person.version
    form = forms.PersonForm(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        with form.saving(rebase=False) as outcome:
            actions.person_update(
                by=request.user,
                person=person,
                expected_version=form.cleaned_data["version"] or 0,
                data=form.person_data(),
            )
        conflict = outcome.conflict
        if outcome:
            messages.success(request, f"{person.full_name}'s details saved")
            return redirect("people:person", pk=person.pk)
    _rebase(form, conflict)
    return render(
        request,
        "people/person_form.html",
        {
            "form": form,
            "person": person,
            "conflict": conflict,
            "conflict_rows": _conflict_rows(
                form, conflict, [f for f in actions.PERSON_FIELDS if f in form.fields]
            ),
        },
    )


@require_http_methods(["GET", "POST"])
def address_add(request, pk):
    person = queries.get_person_for(request.user, pk, purpose=Purpose.EDIT)
    form = forms.AddressForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with form.saving() as outcome:
            actions.address_add(by=request.user, person=person, data=form.cleaned_data)
        if outcome:
            messages.success(request, "Address recorded")
            return redirect("people:person", pk=person.pk)
    return render(
        request,
        "people/simple_form.html",
        {
            "form": form,
            "title": f"Add an address for {person.full_name}",
            "caption": "Address history",
            "submit": "Save address",
            "person": person,
        },
    )


# --- Merging the records of one person (people.merge) ---------------------------------------


def _after_merge_url(user, person, fallback):
    """The person's page if the user may see it (data officers usually may not)."""
    if policy.can_view_person(user, person):
        return reverse("people:person", args=[person.pk])
    return fallback


MERGE_PURPOSE = "familyhub_merge_purpose"  # session: {person pk: when the reason was given}
MERGE_PURPOSE_SECONDS = 30 * 60


def _merge_purpose(request, keep):
    """None when the user may carry on; else the page that asks why they open this record (a
    person outside their own work: people.policy.merge_needs_purpose), which shows no name."""
    import time

    if not policy.merge_needs_purpose(request.user, keep):
        return None
    given = request.session.get(MERGE_PURPOSE, {})
    if time.time() - given.get(str(keep.pk), 0) <= MERGE_PURPOSE_SECONDS:
        return None
    form = forms.MergePurposeForm(request.POST if "purpose" in request.POST else None)
    if form.is_bound and form.is_valid():
        merging.record_merge_purpose(request.user, keep, form.cleaned_data["purpose"])
        request.session[MERGE_PURPOSE] = {**given, str(keep.pk): int(time.time())}
        return redirect(request.get_full_path())
    return render(request, "people/merge_purpose.html", {"form": form, "keep_pk": keep.pk})


@require_http_methods(["GET", "POST"])
def person_merge(request, pk):
    """Merge another record into this one: choose it, compare side by side, confirm."""
    keep = merging.get_person_to_merge(request.user, pk)
    asked = _merge_purpose(request, keep)
    if asked is not None:
        return asked
    choose = forms.MergeChooseForm(request.GET if "record" in request.GET else None)
    other = None
    if choose.is_bound and choose.is_valid():
        other = merging.find_other(request.user, keep, choose.cleaned_data["record"])
        if other is None:
            choose.add_error("record", merging.NO_SUCH_RECORD)
    if other is None:
        if request.method == "POST":
            raise Http404("Not found")
        return render(request, "people/merge_choose.html", {"form": choose, "keep": keep})
    initial = {"keep_version": keep.version, "other_version": other.version}
    form = forms.MergeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with form.saving() as outcome:
            merging.merge_people(
                by=request.user,
                keep=keep,
                other=other,
                reason=d["reason"],
                expected_versions=(d["keep_version"], d["other_version"]),
            )
        if outcome:
            messages.success(request, f"{other.full_name} merged into {keep.full_name}")
            fallback = reverse("people:unmerge", args=[other.pk])
            return redirect(_after_merge_url(request.user, keep, fallback))
        form = forms.MergeForm({**initial, "reason": d["reason"]})  # the latest versions
        form.is_valid()
        form.add_domain_errors(outcome.error)
    page = merging.merge_page(request.user, keep, other)
    return render(request, "people/merge.html", {"page": page, "form": form, "keep": keep})


@require_http_methods(["GET", "POST"])
def person_unmerge(request, pk):
    """The merge that made this record merged-away, and undoing it (a reason is required)."""
    merge = merging.get_merge_for(request.user, pk)
    form = forms.UnmergeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with form.saving() as outcome:
            merging.unmerge(by=request.user, merge=merge, reason=form.cleaned_data["reason"])
        if outcome:
            keep, other = merge.keep, merge.other
            messages.success(request, f"Merge undone: {other.full_name} is a record of its own")
            # Never back to "Are these the same person?": that invites merging again (issue 17).
            fallback = reverse("web:home")
            url = _after_merge_url(request.user, keep, fallback)
            return redirect(_after_merge_url(request.user, other, url))
    return render(request, "people/unmerge.html", {"merge": merge, "form": form})
