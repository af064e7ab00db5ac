"""Threshold decisions: the continuum version kept, required rationale and codes, routing rules
and the manager's override, sign-off, feedback to the referrer, and disagreements."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from familyhub import errors
from frontdoor import actions, continua
from frontdoor import messages as msg
from frontdoor.models import (
    Contact,
    ContactStatus,
    Continuum,
    ContinuumImmutable,
    DissentStatus,
    SignOff,
)
from notices.models import Notice
from organisations.models import Involvement
from people.models import ChronologyEntry, Family

from .helpers import contact_from, decide, screened

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact(dsl_involved, smith_family, fd_worker, fd_manager, locality_teams):
    return screened(
        contact_from(dsl_involved.user, family=smith_family, people=[smith_family.jaden]),
        fd_worker,
    )


def _new_version(tmp_path, **changes) -> Continuum:
    source = continua.continuum_files()[0]
    data = json.loads(source.read_text())
    data.update(changes)
    path = tmp_path / f"continuum-demo-borough-{data['version']}.json"
    path.write_text(json.dumps(data))
    row, created = continua.load_continuum_file(Continuum, path)
    assert created
    return row


# --- The continuum of need, versioned ---------------------------------------------------------


def test_the_shipped_continuum_is_loaded_by_migration():
    continuum = Continuum.objects.in_force(timezone.localdate())
    assert continuum.version == "2025-1"
    assert continuum.level_numbers() == [1, 2, 3, 4]
    groups = [g["name"] for g in continuum.indicator_groups]
    assert groups[-1] == "Adults' own needs"
    adults = {i["code"] for i in continuum.indicator_groups[-1]["indicators"]}
    assert adults == {
        "adult-mental-health",
        "adult-substance-misuse",
        "adult-domestic-abuse",
        "adult-learning-disability",
    }
    assert continuum.requires_sign_off(2)
    assert not continuum.requires_sign_off(1)


def test_a_decision_keeps_its_continuum_version_after_a_new_one_is_loaded(
    contact, fd_worker, tmp_path, smith_family
):
    decision = decide(contact, fd_worker.user)
    old = decision.continuum
    assert decision.level_name == "Level 2: Early help (additional needs)"
    new = _new_version(
        tmp_path,
        version="2026-1",
        effective_from=(timezone.localdate() - dt.timedelta(days=1)).isoformat(),
        levels=[
            {"level": 1, "name": "Universal", "description": "-"},
            {"level": 2, "name": "Universal plus", "description": "-"},
            {"level": 3, "name": "Partnership plus", "description": "-"},
            {"level": 4, "name": "Statutory", "description": "-"},
        ],
        manager_sign_off={"required": True, "from_level": 3},
    )
    assert Continuum.objects.in_force(timezone.localdate()) == new
    decision.refresh_from_db()
    assert decision.continuum == old
    assert old.version == "2025-1"
    assert decision.level_name == "Level 2: Early help (additional needs)"  # not 'Universal plus'
    # A decision made now uses the new version (and its sign-off rule).
    other = contact_from(contact.referrer, family=smith_family, people=[smith_family.kelly])
    later = decide(screened(other, fd_worker), fd_worker.user)
    assert later.continuum == new
    assert later.level_name == "Level 2: Universal plus"
    assert later.sign_off == SignOff.NOT_REQUIRED


def test_a_loaded_version_is_never_changed_in_place(tmp_path):
    continuum = Continuum.objects.get(version="2025-1")
    continuum.title = "Edited"
    with pytest.raises(ContinuumImmutable):
        continuum.save()
    source = continua.continuum_files()[0]
    row, created = continua.load_continuum_file(Continuum, source)  # same file again: no-op
    assert not created
    assert row.pk == continuum.pk
    data = json.loads(source.read_text())
    data["title"] = "Quietly edited"
    changed = tmp_path / "continuum-demo-borough-2025-1.json"
    changed.write_text(json.dumps(data))
    with pytest.raises(errors.RuleViolation) as caught:
        continua.load_continuum_file(Continuum, changed)
    assert "never changed in place" in caught.value.message


# --- Validation ----------------------------------------------------------------------------------


def test_no_decision_without_a_rationale(contact, fd_worker):
    with pytest.raises(errors.RuleViolation) as caught:
        decide(contact, fd_worker.user, rationale="  ")
    assert caught.value.field_errors == {"rationale": [msg.RATIONALE_REQUIRED]}
    contact.refresh_from_db()
    assert contact.status == ContactStatus.SCREENING
    assert not contact.decisions.exists()


def test_a_csc_referral_needs_its_codes(contact, fd_worker):
    with pytest.raises(errors.RuleViolation) as caught:
        decide(
            contact,
            fd_worker.user,
            level=3,
            outcome="csc_referral",
            referral_source="",
            primary_need="",
        )
    assert caught.value.field_errors == {
        "referral_source": [msg.SOURCE_REQUIRED],
        "primary_need": [msg.NEED_REQUIRED],
    }
    with pytest.raises(errors.RuleViolation) as caught:
        decide(contact, fd_worker.user, level=3, outcome="csc_referral", primary_need="N99")
    assert caught.value.field_errors == {"primary_need": [msg.NEED_UNKNOWN]}


def test_early_help_needs_a_locality_and_the_level_must_exist(contact, fd_worker):
    with pytest.raises(errors.RuleViolation) as caught:
        decide(contact, fd_worker.user, locality="", level=7)
    assert caught.value.field_errors == {
        "level": [msg.LEVEL_REQUIRED],
        "locality": [msg.LOCALITY_REQUIRED],
    }


# --- Routing -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("outcome", "level", "locality", "need", "team", "rule"),
    [
        ("early_help", 2, "North", "", "North early help team", "eh-north"),
        ("early_help", 3, "West", "", "West early help team", "eh-west"),
        ("csc_referral", 3, "East", "N4", "Assessment team", "csc-assessment"),
        ("csc_referral", 3, "East", "N1", "Child protection team", "csc-abuse-neglect-cp"),
        ("csc_referral", 4, "East", "N4", "Child protection team", "csc-level-4-cp"),
        ("strategy_discussion", 4, "", "N1", "Child protection team", "strategy-cp"),
    ],
)
def test_routing_rules(locality_teams, outcome, level, locality, need, team, rule):
    found, found_team = actions.proposed_route(
        outcome=outcome, locality=locality, level=level, need=need
    )
    assert found.id == rule
    assert found_team.name == team
    assert actions.proposed_route(outcome="nfa", locality="North", level=1) == (None, None)


def test_only_a_manager_can_send_the_family_elsewhere(contact, fd_worker, locality_teams):
    with pytest.raises(errors.RuleViolation) as caught:
        decide(contact, fd_worker.user, team=locality_teams["South"], override_reason="Nearer")
    assert caught.value.field_errors == {"team": [msg.OVERRIDE_NOT_MANAGER]}


# --- Sign-off, routing and feedback ---------------------------------------------------------------


def test_level_two_waits_for_sign_off_then_routes_and_tells_the_referrer(
    contact, fd_worker, fd_manager, locality_teams, smith_family, dsl_involved
):
    decision = decide(contact, fd_worker.user)
    contact.refresh_from_db()
    assert decision.sign_off == SignOff.PENDING
    assert contact.status == ContactStatus.DECIDED
    assert decision.team == locality_teams["North"]
    assert decision.routing_rule == "eh-north"
    assert decision.routing_version == "2025-1"
    assert decision.codelist_versions == {
        "referral_source": "dfe-2024-25",
        "primary_need": "dfe-2024-25",
    }
    assert fd_manager.user.notices.filter(kind="frontdoor_sign_off").exists()
    assert not Notice.objects.filter(recipient=dsl_involved.user, kind="frontdoor_outcome")
    with pytest.raises(errors.NotPermitted):  # the practitioner cannot sign off
        actions.decision_sign_off(
            by=fd_worker.user, decision=decision, expected_version=decision.version, agree=True
        )
    actions.decision_sign_off(
        by=fd_manager.user, decision=decision, expected_version=decision.version, agree=True
    )
    decision.refresh_from_db()
    contact.refresh_from_db()
    assert decision.sign_off == SignOff.AGREED
    assert decision.signed_off_by == fd_manager.user
    assert decision.feedback_sent_at is not None
    assert contact.status == ContactStatus.CLOSED
    assert contact.routed_team == locality_teams["North"]
    assert Involvement.objects.filter(
        family=smith_family, team=locality_teams["North"], ended_on__isnull=True
    ).exists()
    assert ChronologyEntry.objects.filter(family=smith_family, kind="front_door_routed").exists()
    notice = Notice.objects.get(recipient=dsl_involved.user, kind="frontdoor_outcome")
    assert "Early help" in notice.subject
    assert "Thank you for telling us" in notice.body
    assert "North early help team" in notice.body
    assert AuditEvent.objects.filter(object_type="frontdoor.thresholddecision").count() >= 3


def test_a_manager_cannot_sign_off_their_own_decision(contact, fd_manager):
    decision = decide(contact, fd_manager.user)
    with pytest.raises(errors.NotPermitted):
        actions.decision_sign_off(
            by=fd_manager.user, decision=decision, expected_version=decision.version, agree=True
        )


def test_returned_at_sign_off_goes_back_to_screening(contact, fd_worker, fd_manager):
    decision = decide(contact, fd_worker.user)
    with pytest.raises(errors.RuleViolation):
        actions.decision_sign_off(
            by=fd_manager.user, decision=decision, expected_version=decision.version, agree=False
        )
    actions.decision_sign_off(
        by=fd_manager.user,
        decision=decision,
        expected_version=decision.version,
        agree=False,
        note="Ask the school nurse first",
    )
    contact.refresh_from_db()
    decision.refresh_from_db()
    assert decision.sign_off == SignOff.RETURNED
    assert contact.status == ContactStatus.SCREENING
    assert fd_worker.user.notices.filter(kind="frontdoor_sign_off").exists()
    second = decide(contact, fd_worker.user, level=1, outcome="universal")
    contact.refresh_from_db()
    assert second.sign_off == SignOff.NOT_REQUIRED
    assert contact.status == ContactStatus.CLOSED


def test_manager_override_at_sign_off_records_the_reason(
    contact, fd_worker, fd_manager, locality_teams, smith_family
):
    decision = decide(contact, fd_worker.user)
    with pytest.raises(errors.RuleViolation) as caught:
        actions.decision_sign_off(
            by=fd_manager.user,
            decision=decision,
            expected_version=decision.version,
            agree=True,
            team=locality_teams["South"],
        )
    assert caught.value.field_errors == {"override_reason": [msg.OVERRIDE_REASON_REQUIRED]}
    actions.decision_sign_off(
        by=fd_manager.user,
        decision=decision,
        expected_version=decision.version,
        agree=True,
        team=locality_teams["South"],
        override_reason="The family is moving to the south of the borough next week",
    )
    decision.refresh_from_db()
    assert decision.team == locality_teams["South"]
    assert decision.overridden_by == fd_manager.user
    assert decision.routing_rule == "eh-north"  # what the rules said is kept
    assert Involvement.objects.filter(family=smith_family, team=locality_teams["South"]).exists()


def test_nfa_at_level_one_takes_effect_at_once(contact, fd_worker, dsl_involved, smith_family):
    before = Involvement.objects.filter(family=smith_family).count()
    decision = decide(
        contact, fd_worker.user, level=1, outcome="nfa", feedback_to_referrer="Keep watching."
    )
    contact.refresh_from_db()
    assert decision.sign_off == SignOff.NOT_REQUIRED
    assert decision.team is None
    assert contact.status == ContactStatus.CLOSED
    assert Involvement.objects.filter(family=smith_family).count() == before
    assert Notice.objects.get(
        recipient=dsl_involved.user, kind="frontdoor_outcome"
    ).body.startswith("Keep watching.")


def test_routing_a_family_not_in_the_register_starts_a_record(
    school_dsl, fd_worker, fd_manager, locality_teams
):
    due = timezone.localdate() + dt.timedelta(days=40)
    contact = screened(
        contact_from(
            school_dsl.user,
            new_people=[
                {"given_name": "Tia", "family_name": "Brook", "date_of_birth": dt.date(2018, 1, 2)},
                {"family_name": "Brook", "date_of_birth": due, "unborn": True},
                {"given_name": "Gemma", "family_name": "Brook", "role": "adult"},
            ],
        ),
        fd_worker,
    )
    decision = decide(contact, fd_worker.user, level=3, outcome="csc_referral", locality="East")
    actions.decision_sign_off(
        by=fd_manager.user, decision=decision, expected_version=decision.version, agree=True
    )
    contact.refresh_from_db()
    family = contact.family
    assert family is not None
    assert family.name == "Brook family"
    names = sorted(m.person.full_name for m in family.memberships.select_related("person"))
    assert names == ["Gemma Brook", "Tia Brook", "Unborn baby Brook"]
    assert all(p.person_id for p in contact.people.all())
    assert Involvement.objects.filter(family=family, team=locality_teams["assessment"]).exists()
    assert Family.objects.filter(pk=family.pk, locality="East").exists()


# --- Disagreement ---------------------------------------------------------------------------------


def _final(contact, fd_worker, fd_manager):
    decision = decide(contact, fd_worker.user)
    actions.decision_sign_off(
        by=fd_manager.user, decision=decision, expected_version=decision.version, agree=True
    )
    decision.refresh_from_db()
    return decision


def test_the_referrer_disagrees_and_a_manager_resolves_it(
    contact, fd_worker, fd_manager, dsl_involved, smith_family
):
    decision = _final(contact, fd_worker, fd_manager)
    with pytest.raises(errors.NotPermitted):
        actions.dissent_raise(by=fd_worker.user, decision=decision, reason="x")
    with pytest.raises(errors.RuleViolation):
        actions.dissent_raise(by=dsl_involved.user, decision=decision, reason=" ")
    dissent = actions.dissent_raise(
        by=dsl_involved.user,
        decision=decision,
        reason="He has told us his stepdad hits him. This needs social care.",
    )
    assert fd_manager.user.notices.filter(kind="frontdoor_dissent").exists()
    with pytest.raises(errors.RuleViolation) as caught:
        actions.dissent_raise(by=dsl_involved.user, decision=decision, reason="again")
    assert caught.value.message == msg.DISSENT_ALREADY
    with pytest.raises(errors.NotPermitted):
        actions.dissent_resolve(
            by=fd_worker.user,
            dissent=dissent,
            expected_version=dissent.version,
            resolution="stands",
            note="x",
        )
    actions.dissent_resolve(
        by=fd_manager.user,
        dissent=dissent,
        expected_version=dissent.version,
        resolution="changed",
        note="You are right: we will look again today with the new disclosure.",
    )
    dissent.refresh_from_db()
    assert dissent.status == DissentStatus.RESOLVED
    assert dissent.resolved_by == fd_manager.user
    reopened = Contact.objects.get(previous_contact=contact)
    assert reopened.status == ContactStatus.RECEIVED
    assert reopened.family == smith_family
    notice = Notice.objects.filter(recipient=dsl_involved.user, kind="frontdoor_dissent").first()
    assert reopened.reference in notice.body
    kinds = set(ChronologyEntry.objects.filter(family=smith_family).values_list("kind", flat=True))
    assert {"decision_disputed", "dispute_resolved"} <= kinds


def test_no_disagreement_before_the_referrer_is_told(contact, fd_worker, dsl_involved):
    decision = decide(contact, fd_worker.user)  # waiting for sign-off
    with pytest.raises(errors.RuleViolation) as caught:
        actions.dissent_raise(by=dsl_involved.user, decision=decision, reason="Too low")
    assert caught.value.message == msg.DISSENT_NOT_FINAL
