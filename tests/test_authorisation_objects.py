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
the apps' policy modules. POST-only URLs: a GET is 405 (302 for anon), and a POST by the
stranger and by the partner is a 404 that changes nothing.

Where the product differs from what the issues require, the cell is listed in BUGS with the
correct expectation and checked by an xfail(strict=True) test, so fixing it makes that test
fail until the entry is removed.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from proceedings.tests.authorisation import OBJECT_URLS as PROCEEDINGS_URLS
from tests.authorisation_cast import build_cast, fresh, url_names
from tests.authorisation_cells import EDITORS, POST_ONLY, SIGNED_IN, VIEWERS, WHO, expect
from tests.test_authorisation_matrix import OBJECT_PREFIXES
from tests.test_authorisation_matrix import _path as matrix_path


def object_url_names() -> dict[str, str]:
    """URL name -> pattern for every URL the main matrix asks for with a missing id."""
    return {
        name: pattern
        for name, pattern in url_names()
        if pattern.startswith(OBJECT_PREFIXES) and "<int:pk>" in pattern
    }


# --- What each URL is asked for, and who should get it ----------------------------------------
# URL name -> the key of the object it is asked for (see _build_family and build_cast).
OBJECT_OF = {
    "casework:episode": "episode",
    "casework:episode-step": "episode",  # the "close" step of an open early help episode
    "casework:episode-allocate": "episode",
    "casework:episode-macpt": "cp_episode",
    "casework:episode-lcpp": "cp_episode",
    "casework:s47": "s47",
    "organisations:macpt": "macpt",
    "organisations:macpt-member-end": "macpt_member",
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
    "returns:run": "census_run",
    "returns:download": "census_run",
    "hubs:connection-request": "connection",
    "hubs:enrolment": "enrolment",
    "hubs:session": "session",
    "hubs:enrol": "session",
    "hubs:register": "meeting",
    "hubs:marks": "meeting",
    "hubs:finish": "meeting",
    "hubs:session-edit": "session",
    "hubs:session-cancel": "session",
    "hubs:self-referral": "self_referral",
    "sharing:non-disclosure": "non_disclosure",
    **{f"proceedings:{name}": "pre_proceedings" for name in PROCEEDINGS_URLS},
    "proceedings:offer-answer": "fgdm_offer",  # waiting for its answer
}
# Objects that belong to no family (an absence, a duty slot, a linkage run, a census run, a
# hub's session and its meeting): no sealed variant.
NOT_FAMILY = {
    "absence",
    "slot",
    "link_run",
    "census_run",
    "session",
    "meeting",
    "self_referral",
    "macpt",
    "macpt_member",
}

PARTNER_SEES_SECTION = VIEWERS - {"partner"}  # a section not shared with the partner's agency

# The expected answer on the open family. On the sealed family every signed-in principal gets
# a 404 (its access list names only the administrator, who has no case role) except those in
# SEALED_STILL; a GET of a POST-only URL is still a 405.
EXPECTED: dict[str, dict[str, int]] = {
    # Casework (issue 5): the family's record. Break-glass gives sight, never changes.
    "casework:episode": expect(VIEWERS),  # partners too: the family page lists episodes
    "casework:episode-step": expect(EDITORS),
    "casework:episode-allocate": expect({"manager"}),  # the manager of the episode's team
    # Child protection (issue 12): allocating the section 47 enquiry to a MACPT and naming the
    # lead child protection practitioner are social work duties (the cast's family worker has
    # none). The enquiry is seen by whoever sees the family's casework and by the members of
    # the MACPT it is allocated to (the police member, involved with no family); on the sealed
    # family by neither. MACPT members x every section: tests/test_authorisation_macpt.py.
    "casework:episode-macpt": expect({"manager"}),
    "casework:episode-lcpp": expect({"manager"}),
    "casework:s47": expect(VIEWERS | {"macpt"}),
    # The MACPT register: administrators and the safeguarding partnership's lead.
    "organisations:macpt": expect({"admin"}),
    "organisations:macpt-member-end": expect({"admin"}),
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
    # Statutory returns: analysts (data officers) and team managers.
    "returns:run": expect({"manager"}),
    "returns:download": POST_ONLY,
    # Family hubs (issue 13): a connection request is part of the family's record, and the
    # provider (the coordinator of the organisation that runs the service) sees the request
    # itself. Sessions are public to practitioners; enrolling starts from a family (?family=,
    # a 404 without it); registers are the facilitator's and the coordinator's.
    "hubs:connection-request": expect(VIEWERS | {"hub"}),
    "hubs:enrolment": POST_ONLY,
    "hubs:session": expect(SIGNED_IN),
    "hubs:enrol": expect(set()),
    "hubs:register": expect({"hub", "admin"}),
    "hubs:marks": POST_ONLY,
    "hubs:finish": POST_ONLY,
    # Changing or cancelling a session, and a parent's request for a place: the coordinators of
    # the hub that runs it (the cast's coordinator's team works from it) and administrators.
    "hubs:session-edit": expect({"hub", "admin"}),
    "hubs:session-cancel": expect({"hub", "admin"}),
    "hubs:self-referral": expect({"hub", "admin"}),
    # A decision not to share (issue 12, CA 2004 s16LA), withheld from the partner's school:
    # those who see the family except that school; IG officers all of them, sealed or not.
    "sharing:non-disclosure": expect((VIEWERS - {"partner"}) | {"ig"}),
    # Pre-proceedings (issue 12): part of the family's casework, seen by whoever sees it;
    # recorded by social work with the family (the manager here: the workers are family
    # workers); the letter before proceedings is theirs to download, after the password again.
    "proceedings:detail": expect(VIEWERS),
    **{
        f"proceedings:{name}": expect({"manager"})
        for name in (
            "offer-add",
            "exception",
            "network-add",
            "meeting-add",
            "timeline",
            "offer-answer",
        )
    },
    "proceedings:letter": expect(set(), otherwise=404) | {"manager": 302},
}
# On the sealed family, those on its access list still see it: the administrator, who keeps
# the register clean, sees a possible match with a sealed family's child.
SEALED_STILL: dict[str, set[str]] = {"linkage:review": {"admin"}, "sharing:non-disclosure": {"ig"}}

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
        "hubs:enrolment": {"op": "withdraw"},
        "hubs:marks": {"enrolment": objs["enrolment"].pk, "mark": "present"},
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
    from casework.models import StepDown
    from casework.policy import can_view_step_down, step_down_visibility_q

    people, objects = build_cast()
    worker = fresh(people["worker"].user)
    for variant, visible in (("open", True), ("sealed", False)):
        step_down = objects[variant]["step_down"]
        assert step_down.receiving_lead_id == people["worker"].pk
        assert can_view_step_down(worker, step_down) is visible
        listed = StepDown.objects.filter(step_down_visibility_q(worker), pk=step_down.pk)
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
    # Look for the factors row itself: a bare "4B" can turn up inside a random token (a CSRF
    # token or CSP nonce) and made this test flaky.
    assert "Factors at assessment" in worker_page.content.decode()  # the control
    assert re.search(r">[^<]*\b4B\b[^<]*</dd>", worker_page.content.decode())
    partner_page = clients.by_who["partner"].get(f"/episodes/{episode.pk}/")
    assert partner_page.status_code == 200  # partners see the family's episodes
    assert "Factors at assessment" not in partner_page.content.decode()
    assert not re.search(r">[^<]*\b4B\b[^<]*</dd>", partner_page.content.decode())
