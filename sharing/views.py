"""Information sharing pages: consent, sharing decisions, agreements, partner notifications."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from access import reauth
from familyhub import errors
from familyhub.failures import flashing
from people import queries as people_queries
from sharing import policy

from . import actions, forms, lawful, queries


@require_http_methods(["GET", "POST"])
def family_sharing(request, pk):
    form = forms.ReviewReasonForm(request.POST if request.method == "POST" else None)
    reason = form.cleaned_data["reason"] if form.is_bound and form.is_valid() else None
    try:
        family = queries.get_family_for_sharing(request.user, pk, reason=reason)
    except queries.ReasonNeeded as asked:
        return render(request, "sharing/review_reason.html", {"form": form, "family": asked.family})
    return render(
        request,
        "sharing/family.html",
        {
            "family": family,
            "page": queries.sharing_page(request.user, family),
        },
    )


@require_http_methods(["GET", "POST"])
def consent_new(request, pk):
    family = queries.get_family_for_sharing(request.user, pk, record=True)
    members = people_queries.members_for_choice(family)
    form = forms.ConsentForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():
        with form.saving() as outcome:
            actions.consent_record(by=request.user, family=family, **form.cleaned_data)
        if outcome:
            messages.success(request, "Consent recorded")
            return redirect("sharing:family", pk=family.pk)
    return render(
        request,
        "sharing/form.html",
        {
            "form": form,
            "family": family,
            "title": "Record consent",
            "submit": "Save consent",
        },
    )


@require_http_methods(["GET", "POST"])
def consent_withdraw(request, pk):
    consent = queries.get_consent_for(request.user, pk)
    form = forms.WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with form.saving() as outcome:
            actions.consent_withdraw(
                by=request.user, consent=consent, note=form.cleaned_data["note"]
            )
        if outcome:
            messages.success(
                request, "Withdrawal recorded. Everyone working with the family will see it."
            )
            return redirect("sharing:family", pk=consent.family_id)
    return render(
        request,
        "sharing/form.html",
        {
            "form": form,
            "family": consent.family,
            "submit": "Record the withdrawal",
            "title": f"Withdraw {consent.person.full_name}'s consent",
        },
    )


@require_http_methods(["GET", "POST"])
def sharing_new(request, pk):
    family = queries.get_family_for_sharing(request.user, pk, record=True)
    form = forms.SharingForm(
        request.POST or None, members=people_queries.members_for_choice(family)
    )
    if request.method == "POST" and form.is_valid():
        with form.saving() as outcome:
            _, warnings = actions.sharing_record(
                by=request.user, family=family, **form.cleaned_data
            )
        if outcome:
            messages.success(request, "Sharing decision recorded")
            for warning in warnings:
                messages.warning(request, warning)
            return redirect("sharing:family", pk=family.pk)
    return render(
        request,
        "sharing/sharing_form.html",
        {
            "form": form,
            "family": family,
            "golden_rules": lawful.GOLDEN_RULES,
        },
    )


@require_http_methods(["GET", "POST"])
def agreements(request):
    if not policy.can_view_agreements(request.user):
        raise errors.NotPermitted("Not permitted: can_view_agreements")
    can_manage = policy.can_manage_agreements(request.user)
    form = forms.AgreementForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        if form is None:
            raise errors.NotPermitted("Not permitted: can_manage")
        if form.is_valid():
            data = dict(form.cleaned_data)
            parties = data.pop("parties")
            with form.saving() as outcome:
                actions.agreement_save(by=request.user, data=data, parties=parties)
            if outcome:
                messages.success(request, "Agreement added to the register")
                return redirect("sharing:agreements")
    return render(
        request,
        "sharing/agreements.html",
        {
            "agreements": queries.agreements_visible_to(request.user),
            "form": form,
            "nav": "agreements",
        },
    )


@require_http_methods(["GET"])
def notifications(request):
    items = queries.partner_notifications_visible_to(request.user)[:200]
    return render(request, "sharing/notifications.html", {"items": items, "nav": "notifications"})


@require_http_methods(["GET"])
def notification_detail(request, pk):
    item = queries.get_partner_notification_for(request.user, pk)
    return render(request, "sharing/notification.html", {"item": item})


@require_http_methods(["GET", "POST"])
def notification_new(request, pk):
    if not policy.can_record_partner_notification(request.user):
        raise errors.NotPermitted("Not permitted: can_record_partner_notification")
    family = people_queries.get_family_for(request.user, pk)
    form = forms.PartnerNotificationForm(
        request.POST or None,
        children=people_queries.members_for_choice(family).filter(memberships__role="child"),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        child = data.pop("child")
        practitioner = request.user.practitioner
        with form.saving() as outcome:
            actions.partner_notification_record(
                by=request.user,
                family=family,
                child=child,
                data={**data, "source": practitioner.organisation},
            )
        if outcome:
            messages.success(request, "Notification sent to the school's safeguarding lead")
            return redirect("people:family", pk=family.pk)
    return render(
        request,
        "sharing/form.html",
        {
            "form": form,
            "family": family,
            "title": "Send a domestic abuse notification",
            "submit": "Send notification",
        },
    )


# --- Subject access requests ---------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def sar_list(request):
    items = queries.subject_access_requests(request.user)
    form = forms.SARForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = queries.find_person_for_sar(request.user, data["identifier"])
        if person is None:
            form.add_error("identifier", "No one has that LA child ID or NHS number")
        else:
            sar = actions.sar_create(
                by=request.user,
                person=person,
                requester_name=data["requester_name"],
                requester_relationship=data["requester_relationship"],
                received_on=data["received_on"],
            )
            return redirect("sharing:sar", pk=sar.pk)
    return render(request, "sharing/sar_list.html", {"items": items, "form": form, "nav": "sar"})


@require_http_methods(["GET"])
def sar_detail(request, pk):
    sar = queries.get_sar_for(request.user, pk)
    items = queries.sar_pack(request.user, sar)
    sections: dict[str, list] = {}
    for item in items:
        sections.setdefault(item["section"], []).append(item)
    return render(request, "sharing/sar_detail.html", {"sar": sar, "sections": sections})


@require_http_methods(["GET", "POST"])
def sar_redact(request, pk):
    sar = queries.get_sar_for(request.user, pk)
    key = request.GET.get("item", "")
    item = next((i for i in queries.sar_pack(request.user, sar) if i["key"] == key), None)
    if item is None:
        raise Http404("No such item")
    form = forms.RedactionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with form.saving() as outcome:
            actions.sar_redact(by=request.user, request=sar, item_key=key, **form.cleaned_data)
        if outcome:
            messages.success(request, "Item withheld from the pack")
            return redirect("sharing:sar", pk=sar.pk)
    return render(request, "sharing/sar_redact.html", {"form": form, "sar": sar, "item": item})


@require_http_methods(["GET"])
def sar_export(request, pk, fmt):
    import json

    from django.http import HttpResponse
    from django.template.loader import render_to_string

    if fmt not in ("json", "pdf"):
        raise Http404("No such format")
    sar = queries.get_sar_for(request.user, pk)
    if confirm := reauth.ask_for_password(request):
        return confirm
    items = actions.sar_export(by=request.user, request=sar, fmt=fmt)
    filename = f"{sar.reference}.{fmt}"
    if fmt == "json":
        body = json.dumps(
            {"reference": sar.reference, "person": sar.person.full_name, "items": items},
            indent=2,
            default=str,
        )
        response = HttpResponse(body, content_type="application/json")
    else:
        from weasyprint import HTML

        html = render_to_string("sharing/sar_pdf.html", {"sar": sar, "items": items})
        response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Retention ------------------------------------------------------------------------------


@require_http_methods(["GET"])
def retention(request):
    due, decisions = queries.retention_overview(request.user)
    pending = [
        (d, forms.RetentionDecisionForm(prefix=f"d{d.pk}"))
        for d in decisions
        if d.status == "proposed"
    ]
    return render(
        request,
        "sharing/retention.html",
        {
            "due": due,
            "decisions": decisions,
            "pending": pending,
            "nav": "retention",
        },
    )


@require_http_methods(["POST"])
def retention_propose(request, pk):
    family = queries.get_family_for_retention(request.user, pk)
    with flashing(request) as outcome:
        actions.retention_propose(
            by=request.user, family=family, reason=request.POST.get("reason", "")
        )
    if outcome:
        messages.success(request, f"Destruction of {family.reference} proposed for approval")
    return redirect("sharing:retention")


@require_http_methods(["POST"])
def retention_decide(request, pk):
    decision = queries.get_retention_decision_for(request.user, pk)
    form = forms.RetentionDecisionForm(request.POST, prefix=f"d{decision.pk}")
    if form.is_valid():
        # the decision is visible: refusing its proposer (four eyes) is a message, not a 404
        with flashing(request, not_permitted=True) as outcome:
            actions.retention_decide(by=request.user, decision=decision, **form.cleaned_data)
        if outcome:
            messages.success(request, f"Decision recorded for {decision.family_reference}")
    else:
        messages.warning(request, "; ".join(m for _, m in form.error_summary()))
    return redirect("sharing:retention")
