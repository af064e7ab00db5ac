"""The authorisation tests' cast and its objects: the matrix's principals and, for an open and
a sealed family, a real object of every kind, built through the apps' own actions
(tests/test_authorisation_objects.py asks every object URL for them)."""

from __future__ import annotations

import datetime as dt

from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from casework import actions as casework_actions
from directory.factories import DirectoryOrganisationFactory, full_service
from frontdoor import actions as frontdoor_actions
from frontdoor.models import Contact, EarlyWarning
from frontdoor.tests.helpers import decide, draft_concern, send_concern
from hubs import actions as hub_actions
from hubs.models import Meeting, SelfReferral, Session
from ig import actions as ig_actions
from linkage import actions as linkage_actions
from linkage.models import RecordStatus, ReviewItem, SourceRecord
from organisations.factories import (
    HubFactory,
    InvolvementFactory,
    OrganisationFactory,
    PractitionerFactory,
    TeamFactory,
    complete_macpt,
)
from organisations.models import InvolvementRole, OrganisationType, Role, Team
from people.factories import FamilyFactory, MembershipFactory, PersonFactory
from returns import actions as returns_actions
from returns import years as returns_years


def url_names() -> list[tuple[str, str]]:
    """Every URL pattern's full name and pattern (the matrices are generated from these)."""
    found = []

    def walk(resolver, ns=""):
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                walk(p, ns + (f"{p.namespace}:" if p.namespace else ""))
            elif isinstance(p, URLPattern):
                found.append((ns + (p.name or ""), str(p.pattern)))

    walk(get_resolver())
    return found


def fresh(user):
    """principal_for() caches on the user object; a fresh copy sees changed involvements."""
    return type(user).objects.get(pk=user.pk)


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
    # The police member of a multi-agency child protection team (CA 2004 s16EA), involved with
    # no family: each family's section 47 enquiry is allocated to the team.
    macpt, seated = complete_macpt("North MACPT")
    people["macpt"] = seated["police"]
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
    census_run = returns_actions.census_run_start(
        by=user["manager"],
        year=returns_years.parse("2025-26"),
        purpose="Cast",
        then=lambda pk: None,
    )
    objects = {}
    hub_objects = _hubs(people, today)
    for label in ("open", "sealed"):
        objects[label] = _build_family(label, people, embedded, today)
        objects[label].update(_child_protection(people, objects[label], macpt, today))
        objects[label].update(
            slot=slot,
            absence=absence,
            link_run=run,
            census_run=census_run,
            **hub_objects,
        )
        objects[label].update(_hub_records(user, objects[label], hub_objects["session"]))
        objects[label]["review_item"] = _possible_match(run, objects[label]["child"], label)
    ig_actions.family_seal(
        by=user["ig"],
        family=objects["sealed"]["family"],
        reason="Refuge",
        access_list=[people["admin"]],
    )
    ig_actions.break_glass_open(
        by=user["breakglass"],
        family=objects["open"]["family"],
        reason="Urgent: child seen at A&E with an unexplained injury",
    )
    return people, objects


def _child_protection(people, objs, macpt, today):
    """A child protection episode for the sibling (under the assessed CIN episode), its
    section 47 enquiry allocated to the MACPT the cast's police member sits on."""
    manager = fresh(people["manager"].user)
    cp = casework_actions.episode_open(
        by=manager,
        family=objs["family"],
        child=objs["cin_episode"].child,
        kind="CP",
        data={"strategy_discussion_on": today - dt.timedelta(days=1)},
    )
    cp = casework_actions.episode_transition(
        by=manager,
        episode=cp,
        event="start_s47",
        expected_version=cp.version,
        data={"s47_started_on": today},
    )
    s47 = casework_actions.s47_allocate(by=manager, episode=cp, team=macpt)
    member = macpt.members.get(seat="police")
    return {"cp_episode": cp, "s47": s47, "macpt": macpt, "macpt_member": member}


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


def _family_with_people(label, people, today):
    """The family: a child, her brother and their mother, with the worker and the school's
    safeguarding lead involved for a long time."""
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

    return family, child, sibling, parent


def _casework(u, people, family, child, sibling, parent, today):
    """Casework (issue 5): episodes open, closed and assessed, a note, an assessment, a plan
    with an action, a step-up and a step-down waiting for its lead."""
    referral = today - dt.timedelta(days=20)
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
    step_up, step_down = _steps(u, people, family, child, parent, cin, today)
    return {
        "episode": episode,
        "closed_episode": closed,
        "cin_episode": cin,  # assessed: factor 4B (a parent's mental health)
        "note": note,
        "assessment": assessment,
        "plan_action": plan_action,
        "step_up": step_up,
        "step_down": step_down,
    }


def _steps(u, people, family, child, parent, cin, today):
    """A step-up to the front door, and a step-down from the CIN episode waiting for its lead."""
    step_up = casework_actions.step_up(
        by=u["worker"],
        family=family,
        children=[child],
        reason="Bruising seen at school",
        lead_view="Risk is rising",
        immediate_risk=False,
        disclosure=False,
        no_episode_reason="A new worry found on a first visit",
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
    return step_up, step_down


def _front_door(u, people, family, child, embedded):
    """Front door (issue 4): the partner raises concerns; the front door works the contacts."""
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
    return {
        "draft_concern": draft,
        "concern": sent,
        "contact": contact,
        "screening_contact": screening,
        "info_request": info_request,
        "decision": nfa,
        "pending_decision": pending,
        "dissent": dissent,
        "consultation": consultation,
    }


def _early_warning(family, people):
    """Three agencies' smaller worries: the early-warning rule surfaces the family to the
    locality's early-help team (the routing rules name "North early help team")."""
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
    return warning


def _hubs(people, today):
    """A hub run by the cast's hub coordinator's organisation (their team works from it), its
    service, a session and a parent's request for a place from the public page."""
    hub = HubFactory(organisation=people["hub"].organisation)
    Team.objects.filter(pk=people["hub"].team_id).update(hub=hub)
    provider = DirectoryOrganisationFactory(organisation=people["hub"].organisation)
    service = full_service(hub=hub, organisation=provider, minimum_age=None, maximum_age=None)
    location = service.at_locations.get().location
    location.hub = hub
    location.save()
    session = Session.objects.create(service=service, title="Course", venue=location, capacity=5)
    meeting = Meeting.objects.create(
        session=session, number=1, on=today, starts_at=dt.time(10), ends_at=dt.time(12)
    )
    referral = SelfReferral.objects.create(
        session=session, parent_name="Pat Example", phone="07700 900000", consent_text="Agreed"
    )
    return {"hub": hub, "session": session, "meeting": meeting, "self_referral": referral}


def _hub_records(u, objs, session):
    """The family's connection request to the hub's service and its child's enrolment."""
    family, child = objs["family"], objs["child"]
    connection = hub_actions.connection_request_send(
        by=u["worker"], family=family, service=session.service, message="Help", family_agreed=True
    )
    enrolment = hub_actions.enrol(by=u["worker"], session=session, family=family, person=child)
    return {"connection": connection, "enrolment": enrolment}


def _build_family(label, people, embedded, today):
    """One family with a real object of every kind, built through the apps' actions."""
    family, child, sibling, parent = _family_with_people(label, people, today)
    u = {who: fresh(p.user) for who, p in people.items()}
    return {
        "family": family,
        "child": child,
        **_casework(u, people, family, child, sibling, parent, today),
        **_front_door(u, people, family, child, embedded),
        "warning": _early_warning(family, people),
        "non_disclosure": _non_disclosure(u, people, family, child, today),
        **_pre_proceedings(u, family, sibling, parent, today),
    }


def _pre_proceedings(u, family, child, parent, today):
    """A child's pre-proceedings (issue 12), begun by the manager (social work) for the child
    with an open child in need episode, and the offer of a meeting to the child's mother (a
    parent with parental responsibility), waiting for her answer."""
    from people.models import Relationship
    from proceedings import actions as proceedings_actions

    Relationship.objects.create(
        from_person=parent, to_person=child, kind="parent", parental_responsibility=True
    )
    record = proceedings_actions.pre_proceedings_begin(
        by=u["manager"],
        family=family,
        child=child,
        started_on=today - dt.timedelta(days=1),
        decided_by="Head of service, legal planning meeting",
    )
    offer = proceedings_actions.fgdm_offer_record(
        by=u["manager"], proceedings=record, person=parent, offered_on=today, method="letter"
    )
    return {"pre_proceedings": record, "fgdm_offer": offer}


def _non_disclosure(u, people, family, child, today):
    """The worker decides not to share something with the partner's school (CA 2004 s16LA)."""
    from sharing.actions import nondisclosure as actions_nondisclosure

    return actions_nondisclosure.non_disclosure_record(
        by=u["worker"],
        family=family,
        child=child,
        sections=["adult_needs"],
        withheld="A parent's own health (synthetic)",
        recipient=people["partner"].organisation,
        recipient_role="Designated safeguarding lead",
        detriment_reasoning="Sharing would end the parent's engagement (synthetic)",
        review_on=today + dt.timedelta(days=60),
    )


def api_post(key: str, path: str, body: dict) -> dict:
    """A partner system's POST through the API (the matrix's API client cells)."""
    from django.test import Client

    response = Client().post(
        path,
        body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}", "Idempotency-Key": path},
    )
    assert response.status_code == 201, response.content
    return response.json()
