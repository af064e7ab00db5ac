"""Issue 17: urgency travels with a step-up, read from the front-door rules data; a step-up
needs an open early help episode or a recorded reason why not."""

import datetime as dt
import json

import pytest
import time_machine

import rules
from casework import actions
from casework.models import Episode, StepUp
from familyhub import errors
from frontdoor.models import Contact
from frontdoor.queries import queue
from notices.models import Notice
from organisations.factories import OrganisationFactory, PractitionerFactory, TeamFactory
from organisations.models import OrganisationType, Role

pytestmark = pytest.mark.django_db

# A weekday after the 2026-1 front-door rules (urgent_when, urgent_decision_hours) took effect.
AFTER_2026_1 = dt.datetime(2026, 12, 8, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def front_door():
    csc = OrganisationFactory(
        name="Test Children's Social Care", org_type=OrganisationType.CHILDRENS_SOCIAL_CARE
    )
    mash = TeamFactory(name="Front door", organisation=csc)
    worker = PractitionerFactory(organisation=csc, team=mash, role=Role.FRONT_DOOR)
    manager = PractitionerFactory(organisation=csc, team=mash, role=Role.TEAM_MANAGER)
    manager.manages.add(mash)
    return worker, manager


def _step_up(worker, family, **answers):
    fields = {"immediate_risk": False, "disclosure": False, "no_episode_reason": "First visit"}
    fields.update(answers)
    return actions.step_up(
        by=worker.user,
        family=family,
        children=[family.jaden],
        reason="Jaden disclosed being hit",
        lead_view="Needs a section 47 enquiry",
        **fields,
    )


def _contact(record: StepUp) -> Contact:
    return Contact.objects.get(pk=record.frontdoor_contact_id)


def test_a_disclosure_makes_the_step_up_red_same_day_first_and_tells_the_manager(
    family_worker, smith_family, front_door
):
    fd_worker, manager = front_door
    with time_machine.travel(AFTER_2026_1, tick=False):
        settings = rules.current("front_door")
        assert settings.version == "2026-1"
        ordinary = _step_up(family_worker, smith_family)
        urgent = _step_up(family_worker, smith_family, disclosure=True)
        rows = queue(fd_worker.user)
    contact = _contact(urgent)
    assert urgent.urgent
    assert not ordinary.urgent
    assert contact.urgent
    assert contact.rag == "red"
    assert contact.due_at - contact.received_at == dt.timedelta(
        hours=settings.urgent_decision_hours
    )
    assert _contact(ordinary).due_at - _contact(ordinary).received_at > dt.timedelta(hours=4)
    assert rows[0].contact == contact  # first in the queue, although received second
    notice = Notice.objects.get(recipient=manager.user, kind="urgent_contact")
    assert contact.reference in notice.subject
    assert "2pm on 8 December 2026" in notice.subject  # 10am + 4 hours, GOV.UK time style
    assert not Notice.objects.filter(kind="urgent_contact").exclude(recipient=manager.user)


def test_immediate_risk_alone_also_makes_it_urgent(family_worker, smith_family, front_door):
    with time_machine.travel(AFTER_2026_1, tick=False):
        record = _step_up(family_worker, smith_family, immediate_risk=True)
    assert record.urgent
    assert _contact(record).rag == "red"


def _later_front_door(tmp_path, *, urgent_when, hours):
    """A later version of the front-door rules: the shipped file with other urgency rules."""
    shipped = json.loads(
        (rules.loader.DATA_DIR / "front_door" / "2026-1.json").read_text(encoding="utf-8")
    )
    shipped.update(version="2027-1", effective_from="2027-01-01")
    shipped["rules"]["urgent_when"]["value"] = urgent_when
    shipped["rules"]["urgent_decision_hours"]["value"] = hours
    folder = tmp_path / "front_door"
    folder.mkdir()
    (folder / "2027-1.json").write_text(json.dumps(shipped), encoding="utf-8")
    return tmp_path


def test_the_urgency_rule_is_read_from_the_rules_data(
    tmp_path, family_worker, smith_family, front_door
):
    """Change the data, not the code: a version where only immediate risk counts, decided
    within 2 hours."""
    later = _later_front_door(tmp_path, urgent_when=["immediate_risk"], hours=2)
    travel = time_machine.travel(dt.datetime(2027, 1, 5, 9, 0, tzinfo=dt.UTC), tick=False)
    with rules.data_added(later), travel:
        assert rules.current("front_door").version == "2027-1"
        disclosed = _step_up(family_worker, smith_family, disclosure=True)
        at_risk = _step_up(family_worker, smith_family, immediate_risk=True)
    assert not disclosed.urgent
    assert not _contact(disclosed).urgent
    assert _contact(disclosed).rag == ""
    contact = _contact(at_risk)
    assert contact.urgent
    assert contact.rules_version == "2027-1"
    assert contact.due_at - contact.received_at == dt.timedelta(hours=2)


def test_the_urgency_rules_must_name_known_questions(tmp_path):
    folder = _later_front_door(tmp_path, urgent_when=["gut_feeling"], hours=2) / "front_door"
    with pytest.raises(rules.RulesError, match="urgent_when"):
        rules.read_file(folder / "2027-1.json")


def test_a_step_up_needs_both_urgency_answers(family_worker, smith_family):
    with pytest.raises(errors.RuleViolation) as caught:
        _step_up(family_worker, smith_family, immediate_risk=None, disclosure=None)
    assert set(caught.value.field_errors) == {"immediate_risk", "disclosure"}
    assert not StepUp.objects.exists()


def test_a_step_up_without_an_open_episode_needs_a_reason(family_worker, smith_family):
    with pytest.raises(errors.RuleViolation) as caught:
        _step_up(family_worker, smith_family, no_episode_reason="  ")
    assert list(caught.value.field_errors) == ["no_episode_reason"]
    assert not StepUp.objects.exists()
    assert not Contact.objects.exists()
    record = _step_up(family_worker, smith_family, no_episode_reason="New worry on a first visit")
    assert record.no_episode_reason == "New worry on a first visit"


def test_a_step_up_with_an_open_episode_needs_no_reason(family_worker, smith_family):
    Episode.objects.create(
        family=smith_family,
        child=smith_family.jaden,
        kind="EH",
        state="planned",
        referral_date=dt.date(2026, 1, 5),
        rules_version=rules.current("timescales").version,
    )
    record = _step_up(family_worker, smith_family, no_episode_reason="")
    assert record.no_episode_reason == ""
