"""Step-up sends the front door a contact that carries the plan: the family does not tell
their story again."""

import pytest

from casework import actions
from frontdoor.models import Contact

pytestmark = pytest.mark.django_db


def test_step_up_creates_a_front_door_contact_carrying_the_plan(family_worker, smith_family):
    plan = actions.plan_create(
        by=family_worker.user,
        family=smith_family,
        data={"family_words": "Jaden gets to school every day"},
    )
    actions.plan_action_add(by=family_worker.user, plan=plan, text="Morning routine chart")
    actions.step_up(
        by=family_worker.user,
        family=smith_family,
        children=[smith_family.jaden],
        reason="Bruising seen at school",
        lead_view="Risk is rising",
        immediate_risk=False,
        disclosure=False,
        no_episode_reason="A new worry found on a first visit",
    )
    contact = Contact.objects.get(family=smith_family)
    assert contact.kind == "referral"
    assert "Jaden gets to school every day" in contact.worries
    assert "Morning routine chart" in contact.worries
    assert "Lead practitioner's view: Risk is rising" in contact.worries
    assert contact.due_at > contact.received_at  # on the one-working-day clock
    assert [p.person for p in contact.people.all()] == [smith_family.jaden]


def test_the_front_door_teams_involvement_on_step_up_is_audited(family_worker, smith_family):
    from audit.models import AuditEvent, Verb
    from organisations.factories import PractitionerFactory, TeamFactory
    from organisations.models import Involvement, Role

    front_door = PractitionerFactory(team=TeamFactory(name="Front door"), role=Role.FRONT_DOOR)
    actions.step_up(
        by=family_worker.user,
        family=smith_family,
        children=[smith_family.jaden],
        reason="Bruising seen at school",
        lead_view="Risk is rising",
        immediate_risk=False,
        disclosure=False,
        no_episode_reason="A new worry found on a first visit",
    )
    involvement = Involvement.objects.get(family=smith_family, team=front_door.team)
    assert involvement.notes == "Front door: step-up contact"
    event = AuditEvent.objects.get(
        verb=Verb.CREATE, object_type="organisations.involvement", object_id=str(involvement.pk)
    )
    assert event.family_id == smith_family.pk
    assert event.actor_id == family_worker.user.pk
