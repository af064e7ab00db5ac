"""Pages of the family's own view (/my/...) and the workers' side (invite, relationship page).
Thin: parse input, call one action or query, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import authenticate, login, update_session_auth_hash
from django.contrib.auth.decorators import login_not_required, login_required
from django.contrib.auth.signals import user_login_failed
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from access import lockout
from audit.models import Verb
from familyhub import errors
from outcomes.models import ATTAINMENT_LEVELS, GoalScale
from people import queries as people_queries

from . import actions, forms, notify, queries, relationships
from .codes import email_for
from .fence import SESSION_KEY

SIGN_IN = "portal:sign-in"
family_only = login_required(login_url=SIGN_IN)
WRONG_CODE = "That code is not right. Check your letter and try again"
PROBLEMS = {
    "expired": "This code has run out. Ask your worker for a new letter",
    "used_up": "This code has been used, or tried too many times. Ask your worker for a new letter",
}


def _data(request):
    """The form's data on a POST (even an empty one, so it is checked), none on a GET."""
    return request.POST if request.method == "POST" else None


def _signed_in(request, user):
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[SESSION_KEY] = True


@login_not_required
@require_http_methods(["GET", "POST"])
def start(request):
    """First sign-in: the sign-in name and one-time code from the letter."""
    form = forms.StartForm(_data(request))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        user = queries.user_for(d["sign_in_name"])
        if user is not None and lockout.is_locked(request, user, "family code"):
            return redirect(SIGN_IN)  # AxesMiddleware answers with the lockout page
        result = actions.redeem(by="family sign-in", sign_in_name=d["sign_in_name"], code=d["code"])
        if result.ok:
            lockout.succeeded(request, user)
            _signed_in(request, user)
            return redirect("portal:password")
        if result.problem == "wrong":
            if user is not None and lockout.failed(request, user, "wrong family code"):
                return redirect(SIGN_IN)
            if user is None:  # counted against the address all the same
                credentials = {"username": email_for(d["sign_in_name"])}
                user_login_failed.send(__name__, credentials=credentials, request=request)
            form.add_error("code", WRONG_CODE)
        else:
            form.add_error(None, PROBLEMS[result.problem])
    return render(request, "portal/start.html", {"form": form})


@login_not_required
@require_http_methods(["GET", "POST"])
def sign_in(request):
    """Later sign-ins: the sign-in name and the password they chose."""
    form = forms.SignInForm(_data(request))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        user = authenticate(request, username=email_for(d["sign_in_name"]), password=d["password"])
        if user is not None and queries.is_family_user(user):
            _signed_in(request, user)
            return redirect("portal:home")
        if getattr(request, "axes_locked_out", False):
            return redirect(SIGN_IN)
        form.add_error(None, "Your sign-in name or password is not right")
    return render(request, "portal/sign_in.html", {"form": form})


@family_only
@require_http_methods(["GET", "POST"])
def password(request):
    queries.account_for(request.user)
    form = forms.PasswordForm(_data(request))
    if request.method == "POST" and form.is_valid():
        with form.saving() as outcome:
            user = actions.password_set(by=request.user, password=form.cleaned_data["password"])
        if outcome:
            update_session_auth_hash(request, user)  # a new password: stay signed in
            messages.success(request, "Your password is saved. Use it next time you sign in")
            return redirect("portal:home")
    return render(request, "portal/password.html", {"form": form})


@family_only
@require_http_methods(["GET"])
def home(request):
    page = queries.my_page(request.user)
    return render(request, "portal/home.html", {"page": page, "account": page.account})


def _score_words(goal) -> list[tuple[int, str]]:
    if goal.scale == GoalScale.ATTAINMENT:
        words = dict((n, w) for n, _label, w in goal.levels())
        return [(n, words.get(n) or label) for n, label in ATTAINMENT_LEVELS]
    ends = {0: "0 – not at all", 10: "10 – all the way there"}
    return [(n, ends.get(n, str(n))) for n in range(0, 11)]


@family_only
@require_http_methods(["GET", "POST"])
def score(request):
    goal = queries.goal_to_score(request.user, request.GET.get("goal"))
    words = _score_words(goal)
    form = forms.ScoreForm(_data(request), low=words[0][0], high=words[-1][0], words=words)
    if request.method == "POST" and form.is_valid():
        with form.saving() as outcome:
            actions.goal_score(by=request.user, goal=goal, score=form.cleaned_data["score"])
        if outcome:
            messages.success(request, "Thank you. Your score is saved")
            return redirect("portal:home")
    return render(request, "portal/score.html", {"goal": goal, "form": form})


@family_only
@require_http_methods(["GET", "POST"])
def check(request):
    account = queries.account_for(request.user)
    review = queries.due_review(request.user)
    wording = "young_person" if account.is_young_person else "adult"
    form = forms.CheckForm(_data(request), wording=wording)
    if request.method == "POST" and review is not None and form.is_valid():
        d = form.cleaned_data
        lead = queries.current_lead(request.user)
        with form.saving() as outcome:
            actions.relationship_check_answer(
                by=request.user,
                review=review,
                worker=lead.lead if lead else None,
                answers={q: d[q] for q in relationships.QUESTIONS},
                better=d.get("better", ""),
            )
        if outcome:
            messages.success(request, "Thank you for telling us how the help feels")
            return redirect("portal:home")
    return render(
        request,
        "portal/check.html",
        {"form": form, "review": review, "answers": queries.my_answers(request.user)},
    )


# --- Workers ----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def invite(request, pk):
    family = people_queries.get_family_for(request.user, pk)
    people = queries.invitable(request.user, family)
    by_pk = {str(i.person.pk): i for i in people}
    choices = [(k, f"{i.person.full_name} ({i.label})") for k, i in by_pk.items()]
    form = forms.InviteForm(_data(request), choices=choices, notify_on=notify.enabled())
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        who = by_pk[d["person"]]
        with form.saving() as outcome:
            invited = actions.invite(
                by=request.user,
                family=family,
                person=who.person,
                kind=who.kind,
                judgement=d.get("judgement", ""),
                age=who.age,
                role=who.role,
                mobile=d.get("mobile", ""),
            )
        if outcome:
            return render(request, "portal/letter.html", {"invited": invited, "family": family})
    return render(request, "portal/invite.html", {"form": form, "family": family, "people": people})


@require_http_methods(["GET"])
def relationship_page(request):
    if not queries.may_see_relationships(request.user):
        raise errors.NotPermitted("Not permitted: sees_relationships")
    rows = relationships.by_worker(queries.scope_checks(request.user))
    queries.record_relationship_view(request.user)
    return render(
        request,
        "portal/relationships.html",
        {
            "rows": rows,
            "chart": relationships.chart(rows),
            "team": queries.sees_team(request.user),
            "questions": relationships.QUESTION_LABELS,
            "nav": "relationships",
        },
    )


@require_http_methods(["GET"])
def relationship_download(request):
    if not queries.may_see_relationships(request.user):
        raise errors.NotPermitted("Not permitted: sees_relationships")
    rows = relationships.by_worker(queries.scope_checks(request.user))
    queries.record_relationship_view(request.user, Verb.EXPORT, "CSV download")
    response = HttpResponse(relationships.csv_text(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="relationship-scores.csv"'
    return response
