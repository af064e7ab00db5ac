"""The authorisation matrix over REAL casework, front-door and linkage objects.

tests/test_authorisation_matrix.py asks for every object-scoped casework, front-door and linkage
URL with a missing id, which proves only that "missing" is a 404. Here each of those URLs is
asked for a real object of its kind, built through the apps' own actions (a linkage possible
match is written directly) on an open family and on a family sealed afterwards (whose access
list names only the administrator, who has no case role), by every
principal of the matrix's cast. Expectations follow the issues (4: a referrer sees their own
concerns and what became of them, not the record; 5: casework belongs to the family's record;
6: need-to-know, partners see only the sections shared with their agency, IG officers see audit
and sharing but not case content, sealed records are invisible outside their access list) and
access/policy.py. POST-only URLs: a GET is 405 (302 for anon), and a POST by the stranger and by
the partner is a 404 that changes nothing.

Where the product differs from what the issues require, the cell is listed in BUGS with the
correct expectation and checked by an xfail(strict=True) test, so fixing it makes that test
fail until the entry is removed.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from access import actions as access_actions
from casework import actions as casework_actions
from frontdoor import actions as frontdoor_actions
from frontdoor.models import Contact, EarlyWarning
from frontdoor.tests.helpers import decide, draft_concern, send_concern
from linkage import actions as linkage_actions
from linkage.models import RecordStatus, ReviewItem, SourceRecord
from organisations.factories import (
    InvolvementFactory,
    OrganisationFactory,
    PractitionerFactory,
    TeamFactory,
)
from organisations.models import InvolvementRole, OrganisationType, Role
from people.factories import FamilyFactory, MembershipFactory, PersonFactory
from tests.test_authorisation_matrix import (
    EDITORS,
    OBJECT_PREFIXES,
    POST_ONLY,
    VIEWERS,
    WHO,
    expect,
    url_names,
)
from tests.test_authorisation_matrix import _path as matrix_path


def object_url_names() -> dict[str, str]:
    """URL name -> pattern for every URL the main matrix asks for with a missing id."""
    return {
        name: pattern
        for name, pattern in url_names()
        if pattern.startswith(OBJECT_PREFIXES) and "<int:pk>" in pattern
    }


def fresh(user):
    """principal_for() caches on the user object; a fresh copy sees changed involvements."""
    return type(user).objects.get(pk=user.pk)


# --- The cast and its objects ---------------------------------------------------------------
# The matrix's cast, with one difference: the front-door practitioner has no team. A step-up
# makes every front-door practitioner's team involved with the family (casework.actions.steps),
# which would turn the front door into an involved editor of the family; here the front door
# keeps only what the front-door rules give it. An embedded social worker (not in the cast)
# holds the consultation and the duty slot.


def build_cast():
    eh = OrganisationFactory(name="Hub", org_type=OrganisationType.EARLY_HELP)
    team = TeamFactory(organisation=eh, name="North early help team", locality="North")
    school = OrganisationFactory(name="School", org_type=OrganisationType.SCHOOL)
    csc = OrganisationFactory(name="CSC", org_type=OrganisationType.CHILDRENS_SOCIAL_CARE)
    people = {
        "worker": PractitionerFactory(organisation=eh, team=team, role=Role.FAMILY_WORKER),
        "colleague": PractitionerFactory(organisation=eh, team=team, role=Role.FAMILY_WORKER),
        "manager": PractitionerFactory(organisation=eh, team=team, role=Role.TEAM_MANAGER),
        "stranger": PractitionerFactory(role=Role.SOCIAL_WORKER),
        "breakglass": PractitionerFactory(role=Role.SOCIAL_WORKER),
        "partner": PractitionerFactory(
            organisation=school, team=None, role=Role.PARTNER, designations=["dsl"]
        ),
        "front_door": PractitionerFactory(organisation=csc, team=None, role=Role.FRONT_DOOR),
        "hub": PractitionerFactory(role=Role.HUB_COORDINATOR),
        "ig": PractitionerFactory(role=Role.IG_OFFICER),
        "admin": PractitionerFactory(role=Role.ADMIN),
    }
    embedded = PractitionerFactory(
        organisation=csc,
        team=TeamFactory(organisation=csc, name="East early help team", locality="East"),
        role=Role.SOCIAL_WORKER,
        designations=["embedded_sw"],
    )
    user = {who: fresh(p.user) for who, p in people.items()}
    today = timezone.localdate()
    slot = frontdoor_actions.duty_slot_add(
        by=fresh(embedded.user),
        social_worker=embedded,
        starts_at=timezone.now() + dt.timedelta(days=3),
        ends_at=timezone.now() + dt.timedelta(days=3, hours=1),
        modes=["phone"],
    )
    absence = casework_actions.absence_record(
        by=user["worker"],
        practitioner=people["worker"],
        kind="leave",
        starts_on=today + dt.timedelta(days=7),
        ends_on=today + dt.timedelta(days=9),
    )
    run = linkage_actions.run_create(by=user["admin"], source="school-roll", file_name="roll.csv")
    objects = {}
    for label in ("open", "sealed"):
        objects[label] = _build_family(label, people, embedded, today)
        objects[label].update(slot=slot, absence=absence, link_run=run)
        objects[label]["review_item"] = _possible_match(run, objects[label]["child"], label)
    access_actions.family_seal(
        by=user["ig"],
        family=objects["sealed"]["family"],
        reason="Refuge",
        access_list=[people["admin"]],
    )
    access_actions.break_glass_open(
        by=user["breakglass"],
        family=objects["open"]["family"],
        reason="Urgent: child seen at A&E with an unexplained injury",
    )
    return people, objects


def _possible_match(run, candidate, label):
    """A possible match in the linkage review queue: a partner's row that might be the
    family's child. Written directly (the engine's bands are linkage's own concern and its
    tests'); what matters here is who may open it."""
    row = {"first_name": candidate.given_name, "surname": "Smyth", "dob": "2016-07-03"}
    record = SourceRecord.objects.create(
        source="school-roll",
        source_record_id=f"ROLL-{label}",
        data=row,
        row_hash=label,
        status=RecordStatus.REVIEW,
        run=run,
    )
    new_person = PersonFactory(given_name=candidate.given_name, family_name="Smyth")
    record.person = new_person
    record.save(update_fields=["person"])
    return ReviewItem.objects.create(
        source_record=record,
        new_person=new_person,
        candidate=candidate,
        probability=0.6,
        band="review",
        reasons=["Date of birth: day and month swapped"],
        run=run,
    )


def _build_family(label, people, embedded, today):
    """One family with a real object of every kind, built through the apps' actions."""
    family = FamilyFactory(name=f"{label.title()} family", locality="North")
    child = PersonFactory(given_name="Ada", date_of_birth=dt.date(2016, 3, 7))
    sibling = PersonFactory(given_name="Ben", date_of_birth=dt.date(2018, 5, 1))
    parent = PersonFactory(given_name="Cleo", date_of_birth=dt.date(1990, 5, 12))
    MembershipFactory(family=family, person=child)
    MembershipFactory(family=family, person=sibling)
    MembershipFactory(family=family, person=parent, role="parent_carer")
    long_ago = today - dt.timedelta(days=400)
    InvolvementFactory(family=family, practitioner=people["worker"], started_on=long_ago)
    InvolvementFactory(
        family=family,
        practitioner=people["partner"],
        person=child,
        role=InvolvementRole.DSL,
        started_on=long_ago,
    )
    u = {who: fresh(p.user) for who, p in people.items()}
    referral = today - dt.timedelta(days=20)

    # Casework (issue 5)
    episode = casework_actions.episode_open(
        by=u["worker"],
        family=family,
        child=child,
        kind="EH",
        data={"referral_date": referral, "allocated_to": people["worker"]},
    )
    closed = casework_actions.episode_open(
        by=u["worker"], family=family, child=sibling, kind="EH", data={"referral_date": referral}
    )
    casework_actions.episode_transition(
        by=u["worker"],
        episode=closed,
        event="close",
        expected_version=closed.version,
        data={"closed_on": today - dt.timedelta(days=1), "eh_closure_reason": "needs_met"},
    )
    cin = casework_actions.episode_open(
        by=u["manager"],
        family=family,
        child=sibling,
        kind="CIN",
        data={"referral_date": referral, "referral_source": "2A", "primary_need": "N1"},
    )
    for event, data in (
        ("start_assessment", {"assessment_started_on": referral + dt.timedelta(days=1)}),
        (
            "authorise_assessment",
            {
                "assessment_authorised_on": today - dt.timedelta(days=2),
                "assessment_factors": ["4B"],
            },
        ),
    ):
        cin = casework_actions.episode_transition(
            by=u["manager"], episode=cin, event=event, expected_version=cin.version, data=data
        )
    note = casework_actions.case_note_add(
        by=u["worker"], family=family, kind="visit", occurred_on=today, text="Home visit"
    )
    assessment = casework_actions.assessment_start(by=u["worker"], family=family, kind="eha")
    plan = casework_actions.plan_create(
        by=u["worker"], family=family, data={"family_words": "Ada gets to school every day"}
    )
    plan_action = casework_actions.plan_action_add(
        by=u["worker"],
        plan=plan,
        text="Breakfast club",
        owner_organisation=people["partner"].organisation,
    )
    step_up = casework_actions.step_up(
        by=u["worker"],
        family=family,
        children=[child],
        reason="Bruising seen at school",
        lead_view="Risk is rising",
    )
    step_down = casework_actions.step_down_propose(
        by=u["manager"],
        family=family,
        episodes=[cin],
        agreed_at="cin_review",
        agreed_on=today,
        receiving_lead=people["worker"],
        family_consent_on=today,
        family_consent_by=parent,
        handover_note="Ben is settled; early help can carry on the plan.",
    )

    # Front door (issue 4): the partner raises concerns; the front door works the contacts.
    draft = draft_concern(u["partner"], family=family, people=[child])
    sent = send_concern(u["partner"], family=family, people=[child])
    contact = sent.contact
    contact = frontdoor_actions.contact_start_screening(
        by=u["front_door"], contact=contact, expected_version=contact.version
    )
    info_request = frontdoor_actions.info_request_send(
        by=u["front_door"],
        contact=contact,
        expected_version=contact.version,
        organisation=people["partner"].organisation,
        question="When did you last see Ada?",
    )
    decided = send_concern(u["partner"], family=family, people=[child]).contact
    decided = frontdoor_actions.contact_start_screening(
        by=u["front_door"], contact=decided, expected_version=decided.version
    )
    nfa = decide(decided, u["front_door"], level=1, outcome="nfa", feedback_to_referrer="Watch.")
    dissent = frontdoor_actions.dissent_raise(
        by=u["partner"], decision=nfa, reason="He has told us his stepdad hits him."
    )
    screening = send_concern(u["partner"], family=family, people=[child]).contact
    screening = frontdoor_actions.contact_start_screening(
        by=u["front_door"], contact=screening, expected_version=screening.version
    )
    stepped = Contact.objects.get(family=family, referrer=u["worker"])  # the step-up's contact
    stepped = frontdoor_actions.contact_start_screening(
        by=u["front_door"], contact=stepped, expected_version=stepped.version
    )
    pending = decide(stepped, u["front_door"])  # level 2: waits for a manager's sign-off
    consultation = frontdoor_actions.consultation_request(
        by=u["partner"],
        mode="phone",
        is_anonymous=False,
        family=family,
        social_worker=embedded,
        question="Is this neglect?",
    )
    # Three agencies' smaller worries: the early-warning rule surfaces the family to the
    # locality's early-help team (the routing rules name "North early help team").
    signals = (
        (OrganisationType.POLICE, "domestic_abuse_notification"),
        (OrganisationType.HEALTH_VISITING, "health_concern"),
        (OrganisationType.HOUSING, "housing_arrears"),
    )
    for days, (org_type, kind) in enumerate(signals, start=1):
        frontdoor_actions.signal_record(
            by="Test feed",
            family=family,
            kind=kind,
            organisation=OrganisationFactory(org_type=org_type),
            occurred_at=timezone.now() - dt.timedelta(days=days),
            summary="worry",
        )
    warning = EarlyWarning.objects.get(family=family)
    assert warning.team_id == people["manager"].team_id
    return {
        "family": family,
        "child": child,
        "episode": episode,
        "closed_episode": closed,
        "cin_episode": cin,  # assessed: factor 4B (a parent's mental health)
        "note": note,
        "assessment": assessment,
        "plan_action": plan_action,
        "step_up": step_up,
        "step_down": step_down,
        "draft_concern": draft,
        "concern": sent,
        "contact": contact,
        "screening_contact": screening,
        "info_request": info_request,
        "decision": nfa,
        "pending_decision": pending,
        "dissent": dissent,
        "consultation": consultation,
        "warning": warning,
    }


# --- What each URL is asked for, and who should get it ----------------------------------------
# URL name -> the key of the object it is asked for (see _build_family and build_cast).
OBJECT_OF = {
    "casework:episode": "episode",
    "casework:episode-step": "episode",  # the "close" step of an open early help episode
    "casework:episode-allocate": "episode",
    "outcomes:outcome-check": "closed_episode",  # closed with needs met: a six-month check
    "casework:absence-cancel": "absence",
    "casework:note-edit": "note",
    "casework:assessment": "assessment",
    "casework:assessment-autosave": "assessment",
    "casework:assessment-draft-discard": "assessment",
    "casework:assessment-authorise": "assessment",
    "casework:action-status": "plan_action",
    "casework:step-up": "step_up",
    "casework:step-down": "step_down",
    "frontdoor:concern": "concern",  # sent
    "frontdoor:concern-who": "draft_concern",
    "frontdoor:concern-what": "draft_concern",
    "frontdoor:concern-check": "draft_concern",
    "frontdoor:concern-delete": "draft_concern",
    "frontdoor:dissent-raise": "decision",  # an NFA the referrer has been told about
    "frontdoor:info-request": "info_request",
    "frontdoor:consultation": "consultation",
    "frontdoor:consultation-outcome": "consultation",
    "frontdoor:consultation-cancel": "consultation",
    "frontdoor:slot-cancel": "slot",
    "frontdoor:contact": "contact",  # awaiting the partner's answer
    "frontdoor:contact-screen": "contact",
    "frontdoor:contact-rag": "contact",
    "frontdoor:contact-link": "contact",
    "frontdoor:info-request-new": "contact",
    "frontdoor:contact-resume": "contact",
    "frontdoor:contact-decide": "screening_contact",
    "frontdoor:decision-sign-off": "pending_decision",  # level 2, waiting for sign-off
    "frontdoor:dissent": "dissent",
    "frontdoor:early-warning": "warning",
    "linkage:run": "link_run",
    "linkage:review": "review_item",
}
# Objects that belong to no family (an absence, a duty slot, a linkage run): no sealed variant.
NOT_FAMILY = {"absence", "slot", "link_run"}

PARTNER_SEES_SECTION = VIEWERS - {"partner"}  # a section not shared with the partner's agency

# The expected answer on the open family. On the sealed family every signed-in principal gets
# a 404 (its access list names only the administrator, who has no case role) except those in
# SEALED_STILL; a GET of a POST-only URL is still a 405.
EXPECTED: dict[str, dict[str, int]] = {
    # Casework (issue 5): the family's record. Break-glass gives sight, never changes.
    "casework:episode": expect(VIEWERS),  # partners too: the family page lists episodes
    "casework:episode-step": expect(EDITORS),
    "casework:episode-allocate": expect({"manager"}),  # the manager of the episode's team
    # The check lists the needs found at assessment: the assessment section.
    "outcomes:outcome-check": expect(PARTNER_SEES_SECTION),
    "casework:absence-cancel": POST_ONLY,
    "casework:note-edit": expect({"worker"}),  # its author corrects it
    "casework:assessment": expect(PARTNER_SEES_SECTION),  # adults' own needs
    "casework:assessment-autosave": POST_ONLY,
    "casework:assessment-draft-discard": POST_ONLY,
    "casework:assessment-authorise": POST_ONLY,
    "casework:action-status": POST_ONLY,
    # The step-up carries the assessment, the plan and the chronology.
    "casework:step-up": expect(PARTNER_SEES_SECTION),
    # The step-down shows the handover note and the plan carried over (the receiving lead,
    # here the worker, sees it too).
    "casework:step-down": expect(PARTNER_SEES_SECTION),
    # Front door (issue 4): a referrer sees their own concerns and what became of them.
    "frontdoor:concern": expect({"partner"}),
    "frontdoor:concern-who": expect({"partner"}),
    "frontdoor:concern-what": expect({"partner"}),
    "frontdoor:concern-check": expect({"partner"}),
    "frontdoor:concern-delete": POST_ONLY,
    "frontdoor:dissent-raise": expect({"partner"}),  # the referrer, once told
    "frontdoor:info-request": expect({"partner", "front_door"}),  # the agency asked
    "frontdoor:consultation": expect({"partner"}),  # who asked (and the social worker)
    "frontdoor:consultation-outcome": expect(set()),  # the embedded social worker only
    "frontdoor:consultation-cancel": expect({"partner"}),
    "frontdoor:slot-cancel": POST_ONLY,
    "frontdoor:contact": expect({"front_door"}),  # not routed anywhere yet
    "frontdoor:contact-screen": POST_ONLY,
    "frontdoor:contact-rag": POST_ONLY,
    "frontdoor:contact-link": POST_ONLY,
    "frontdoor:info-request-new": expect({"front_door"}),
    "frontdoor:contact-resume": POST_ONLY,
    "frontdoor:contact-decide": expect({"front_door"}),
    "frontdoor:decision-sign-off": expect(set()),  # front-door managers; none in the cast
    "frontdoor:dissent": expect({"partner", "front_door"}),  # who raised it, the front door
    "frontdoor:early-warning": expect({"manager"}),  # surfaced to the manager's team
    # Linking partner data: data officers and administrators (identities, not case content).
    "linkage:run": expect({"admin"}),
    "linkage:review": expect({"admin"}),
}
# On the sealed family, those on its access list still see it: the administrator, who keeps
# the register clean, sees a possible match with a sealed family's child.
SEALED_STILL: dict[str, set[str]] = {"linkage:review": {"admin"}}

# Cells where the product differs from what the issues require: bug -> (reason, cells).
# Each cell's correct answer is the one in EXPECTED (or the sealed rule); test_known_bugs
# asserts it and is expected to fail until the bug is fixed.
# Cells where the product differed from what the issues require, each with its correct answer
# (checked by test_known_bugs as a strict xfail until fixed). The six found when this file was
# written (sealed families' front-door records seen by referrers and the front door; partners
# seeing the outcome check, step-up, step-down and the factors at assessment) are fixed.
BUGS: dict[str, tuple[str, set[tuple[str, str, str, str]]]] = {}
KNOWN_BUG_CELLS = {cell for _, cells in BUGS.values() for cell in cells}


def expected_status(name: str, variant: str, who: str) -> int:
    open_family = EXPECTED[name]
    if variant == "open" or who == "anon" or open_family is POST_ONLY:
        return open_family[who]
    return open_family[who] if who in SEALED_STILL.get(name, set()) else 404


def _variants(name: str) -> tuple[str, ...]:
    return ("open",) if OBJECT_OF[name] in NOT_FAMILY else ("open", "sealed")


def _path(pattern: str, obj) -> str:
    return "/" + pattern.replace("<int:pk>", str(obj.pk)).replace("<str:event>", "close")


class Clients:
    """One signed-in test client per principal (signing in once, not once per request)."""

    def __init__(self, people):
        from django.test import Client

        self.by_who = {}
        for who in WHO:
            c = Client()
            if who != "anon":
                c.force_login(people[who].user)
            self.by_who[who] = c

    def get(self, who, path) -> int:
        return self.by_who[who].get(path).status_code

    def post(self, who, path, data) -> int:
        return self.by_who[who].post(path, data).status_code


def _cells(names, cells_filter=None, method="GET"):
    for name, pattern in names.items():
        for variant in _variants(name):
            for who in WHO:
                if cells_filter is None or (name, variant, who, method) in cells_filter:
                    yield name, pattern, variant, who


# --- Tests ----------------------------------------------------------------------------------


def test_every_object_url_of_the_matrix_is_covered_here():
    """Every URL the main matrix can only ask for with a missing id has a real object here, so
    a new object URL cannot slip through with nothing but "missing is a 404"."""
    names = object_url_names()
    assert names, "no object URLs found: has the URLconf or OBJECT_PREFIXES changed?"
    assert not set(names) - set(OBJECT_OF), (
        f"object URLs with no real object here: {sorted(set(names) - set(OBJECT_OF))}"
    )
    assert not set(names) - set(EXPECTED)
    stale = (set(OBJECT_OF) | set(EXPECTED)) - set(names)
    assert not stale, f"entries here for URLs that no longer exist: {sorted(stale)}"
    # The same list, taken from the main matrix itself: the URLs its _path asks for with the
    # missing id 999999 (so a prefix added there but not here is caught too).
    stub = SimpleNamespace(pk=1)
    objs = dict.fromkeys(("family", "person", "involvement", "consent"), stub)
    extra = {"notice": stub, "glass": stub, "notification_pk": 1, "sar": stub}
    asked_missing = {
        name for name, pattern in url_names() if "999999" in matrix_path(pattern, objs, extra)
    }
    assert asked_missing == set(names), sorted(asked_missing ^ set(names))
    known = {name for name, _, _, _ in KNOWN_BUG_CELLS}
    assert known <= set(names), f"bugs listed for unknown URLs: {sorted(known - set(names))}"


@pytest.mark.django_db
def test_authorisation_over_real_objects():
    people, objects = build_cast()
    clients = Clients(people)
    failures = []
    for name, pattern, variant, who in _cells(object_url_names()):
        if (name, variant, who, "GET") in KNOWN_BUG_CELLS:
            continue  # asserted, with its correct answer, by test_known_bugs
        path = _path(pattern, objects[variant][OBJECT_OF[name]])
        status = clients.get(who, path)
        wanted = expected_status(name, variant, who)
        if status != wanted:
            failures.append(f"{name} [{variant}] as {who}: {status}, expected {wanted} ({path})")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "bug",
    [
        pytest.param(bug, marks=pytest.mark.xfail(strict=True, raises=AssertionError, reason=why))
        for bug, (why, _) in BUGS.items()
    ],
)
def test_known_bugs(bug):
    people, objects = build_cast()
    clients = Clients(people)
    failures = []
    cells = BUGS[bug][1]
    for name, pattern, variant, who in _cells(object_url_names(), cells):
        path = _path(pattern, objects[variant][OBJECT_OF[name]])
        status = clients.get(who, path)
        wanted = expected_status(name, variant, who)
        if status != wanted:
            failures.append(f"{name} [{variant}] as {who}: {status}, expected {wanted} ({path})")
    for name, pattern, variant, who in _cells(object_url_names(), cells, "POST"):
        failures += _post_refused(clients, who, name, pattern, objects[variant])
    assert not failures, "\n".join(failures)


# --- POSTs to POST-only URLs --------------------------------------------------------------


def _post_data(name: str, objs: dict) -> dict:
    """What a permitted caller would send, so a wrongly permitted POST would change something."""
    obj = objs[OBJECT_OF[name]]
    version = getattr(obj, "version", 0)
    return {
        "casework:assessment-autosave": {"strengths": "Typed by someone else", "base_version": 1},
        "casework:assessment-authorise": {"version": version},
        "casework:action-status": {"status": "done"},
        "frontdoor:contact-screen": {"version": version, "rag": "red"},
        "frontdoor:contact-rag": {"version": version, "rag": "red"},
        "frontdoor:contact-link": {"version": version, "family": objs["family"].pk},
        "frontdoor:contact-resume": {"version": version},
    }.get(name, {})


def _snapshot(name: str, objs: dict):
    from casework.models import FormDraft

    obj = objs[OBJECT_OF[name]]
    row = type(obj).objects.filter(pk=obj.pk).values().first()
    return row, FormDraft.objects.count()


def _post_refused(clients, who, name, pattern, objs) -> list[str]:
    """POST as `who`: a 404, and the object (and the drafts table) unchanged."""
    path = _path(pattern, objs[OBJECT_OF[name]])
    before = _snapshot(name, objs)
    status = clients.post(who, path, _post_data(name, objs))
    after = _snapshot(name, objs)
    problems = []
    if status != 404:
        problems.append(f"POST {name} as {who}: {status}, expected 404 ({path})")
    if after != before:
        problems.append(f"POST {name} as {who} changed it: {before} -> {after}")
    return problems


POST_ONLY_NAMES = sorted(name for name, e in EXPECTED.items() if e is POST_ONLY)
# A POST the principal may make (their own draft): not a refusal to test.
MAY_POST = {("frontdoor:concern-delete", "open", "partner")}


@pytest.mark.django_db
def test_post_only_urls_refuse_the_stranger_and_the_partner():
    people, objects = build_cast()
    clients = Clients(people)
    names = object_url_names()
    failures = []
    for name in POST_ONLY_NAMES:
        for variant in _variants(name):
            for who in ("stranger", "partner"):
                cell = (name, variant, who)
                if cell in MAY_POST or (*cell, "POST") in KNOWN_BUG_CELLS:
                    continue
                failures += _post_refused(clients, who, name, names[name], objects[variant])
            path = _path(names[name], objects[variant][OBJECT_OF[name]])
            status = clients.post("anon", path, _post_data(name, objects[variant]))
            if status != 302:
                failures.append(f"POST {name} [{variant}] as anon: {status}, expected 302")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_a_permitted_post_does_change_the_object():
    """The control for the test above: the snapshot sees a change the worker is allowed."""
    people, objects = build_cast()
    clients = Clients(people)
    name = "casework:action-status"
    objs = objects["open"]
    before = _snapshot(name, objs)
    path = _path(object_url_names()[name], objs[OBJECT_OF[name]])
    assert clients.post("worker", path, _post_data(name, objs)) == 302
    assert _snapshot(name, objs) != before


@pytest.mark.django_db
def test_the_receiving_lead_of_a_sealed_familys_step_down_sees_nothing_of_it():
    """Fixed here: the practitioner asked to lead saw a sealed family's step-down (and its
    name in their caseload) though not on its access list. Predicate and filter agree."""
    from access import policy
    from casework.models import StepDown

    people, objects = build_cast()
    worker = fresh(people["worker"].user)
    for variant, visible in (("open", True), ("sealed", False)):
        step_down = objects[variant]["step_down"]
        assert step_down.receiving_lead_id == people["worker"].pk
        assert policy.can_view_step_down(worker, step_down) is visible
        listed = StepDown.objects.filter(policy.step_down_visibility_q(worker), pk=step_down.pk)
        assert listed.exists() is visible
    page = Clients(people).by_who["worker"].get("/caseload/")
    assert page.status_code == 200
    text = page.content.decode()
    assert objects["open"]["family"].name in text
    assert objects["sealed"]["family"].name not in text


@pytest.mark.django_db
def test_a_partner_does_not_see_the_factors_at_assessment_on_the_episode_page():
    """Issue 6: not the adults' mental-health history (factor 4B) unless the assessment is
    shared with the partner's agency."""
    people, objects = build_cast()
    clients = Clients(people)
    episode = objects["open"]["cin_episode"]
    worker_page = clients.by_who["worker"].get(f"/episodes/{episode.pk}/")
    assert "4B" in worker_page.content.decode()  # the control: it is there to be seen
    partner_page = clients.by_who["partner"].get(f"/episodes/{episode.pk}/")
    assert partner_page.status_code == 200  # partners see the family's episodes
    assert "4B" not in partner_page.content.decode()
