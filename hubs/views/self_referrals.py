"""Self-referral: the public "ask for a place" form (no sign-in; a hidden box and a limit per
connection keep scripts out, without a third-party CAPTCHA), and the hub coordinator's queue
where each request is matched to the register and enrolled or declined with a reason."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

import rules
from access.principals import ANONYMOUS
from familyhub import errors

from .. import actions, policy, queries
from ..forms import CONSENT, SelfReferralDecisionForm, SelfReferralForm

WINDOW = 3600  # seconds: the limit is per connection per hour


def _limit_key(request) -> str:
    ip = request.META.get("REMOTE_ADDR") or "unknown"
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{ip}".encode()).hexdigest()[:32]
    return f"hubs:self-referral:{digest}"


def _over_limit(request) -> bool:
    return (
        cache.get(_limit_key(request), 0) >= rules.current("hub_sessions").self_referrals_per_hour
    )


def _count(request) -> None:
    key = _limit_key(request)
    if not cache.add(key, 1, WINDOW):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, WINDOW)


@login_not_required
@require_http_methods(["GET", "POST"])
def ask(request, pk):
    session = queries.public_session(pk)
    hub = session.main_hub
    context = {"session": session, "hub": hub}
    if _over_limit(request):
        return render(request, "hubs/ask_limit.html", context, status=429)
    form = SelfReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _count(request)
        if form.cleaned_data.get("website"):
            # Only a script fills the hidden box: thanked like anyone, nothing kept.
            return redirect("hubs:asked", pk=session.pk)
        with form.saving() as outcome:
            actions.self_referral_receive(
                by=ANONYMOUS, session=session, data=form.cleaned_data, consent_text=CONSENT
            )
        if outcome:
            return redirect("hubs:asked", pk=session.pk)
    return render(request, "hubs/ask.html", {**context, "form": form})


@login_not_required
@require_GET
def asked(request, pk):
    session = queries.public_session(pk)
    return render(request, "hubs/asked.html", {"session": session, "hub": session.main_hub})


@require_GET
def self_referrals(request):
    if not policy.coordinates_hubs(request.user):
        raise errors.NotPermitted("Not permitted: coordinates_hubs")
    return render(
        request,
        "hubs/self_referrals.html",
        {"rows": queries.self_referral_queue(request.user)[:200], "nav": "services"},
    )


def _choices(candidates) -> list[tuple[str, str]]:
    out = []
    for c in candidates:
        for family, people in c.families:
            for person, role, age in people:
                value = f"{family.pk}:{person.pk}"
                if value not in dict(out):
                    years = f", {age}" if age is not None else ""
                    out.append((value, f"Enrol {person.full_name} ({role}{years}), {family.name}"))
    return out


@require_http_methods(["GET", "POST"])
def self_referral(request, pk):
    referral = queries.get_self_referral_for(request.user, pk)
    can_decide = policy.can_decide_self_referral(request.user, referral)
    candidates = queries.self_referral_candidates(request.user, referral) if can_decide else []
    form = SelfReferralDecisionForm(
        request.POST or None, choices=_choices(candidates), initial={"version": referral.version}
    )
    if request.method == "POST":
        if not can_decide:
            raise errors.NotPermitted("Not permitted: can_decide_self_referral")
        if form.is_valid():
            decision = form.cleaned_data["decision"]
            version = form.cleaned_data["version"]
            with form.saving() as outcome:
                if decision == "decline":
                    actions.self_referral_decline(
                        by=request.user,
                        referral=referral,
                        expected_version=version,
                        reason=form.cleaned_data["reason"],
                    )
                else:
                    chosen = queries.referral_choice(referral, decision)
                    if chosen is None:
                        raise Http404
                    family, person = chosen
                    enrolment = actions.self_referral_enrol(
                        by=request.user,
                        referral=referral,
                        expected_version=version,
                        family=family,
                        person=person,
                    )
            if outcome:
                if decision == "decline":
                    messages.success(request, "Request declined. Call the family to tell them.")
                else:
                    placed = "has a place" if enrolment.status == "enrolled" else "is waiting"
                    messages.success(request, f"{enrolment.person.given_name} {placed}")
                return redirect("hubs:self-referrals")
    return render(
        request,
        "hubs/self_referral.html",
        {
            "referral": referral,
            "candidates": candidates,
            "form": form,
            "can_decide": can_decide,
            "nav": "services",
        },
    )
